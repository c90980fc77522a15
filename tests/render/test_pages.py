"""Review pages without a browser: highlights per label, hover texts, schema 1.1 terms, escaping, page names, index rows."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from pipeline.render.pages import article_page
from pipeline.render.report import run_render
from pipeline.render.theme import theme

from .synthetic import SENTENCE, record_for, write_corpus


class Dom(HTMLParser):
    """The tags (with attributes) and the text of a page, as a browser's parser would see them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data):
        self.text.append(data)

    def marks(self, **wanted):
        return [a for t, a in self.tags if t == "mark" and "data-start" in a and all(a.get(k) == v for k, v in wanted.items())]


def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_label_colours_are_distinct_and_pass_wcag_aa():
    spec = theme()
    backgrounds = [spec["labels"][label]["background"].lower() for label in ("ORG", "MONEY", "DATE", "PLACE")]
    assert len(set(backgrounds)) == 4
    text = _luminance(spec["text"])
    for background in backgrounds:
        light, dark = sorted([_luminance(background), text], reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, background


def test_one_highlight_per_mention_with_values_on_hover():
    text = SENTENCE * 2
    record = record_for("a1", text, "x.txt")
    dom = Dom(article_page(record, text))
    # Two sentences of five mentions each, by hand: 4 ORG, 2 MONEY, 2 PLACE, 2 DATE.
    assert {label: len(dom.marks(**{"data-label": label})) for label in ("ORG", "MONEY", "DATE", "PLACE")} == {
        "ORG": 4, "MONEY": 2, "DATE": 2, "PLACE": 2,
    }
    money = dom.marks(**{"data-label": "MONEY"})[0]
    assert (money["data-start"], money["data-end"]) == ("15", "25")
    assert "USD 5,000,000 (exact)" in money["data-tip"] and "≈ USD 5,000,000" in money["data-tip"]
    assert "2025-03-03 … 2025-03-03" in dom.marks(**{"data-label": "DATE"})[0]["data-tip"]
    assert "city, country code DE" in dom.marks(**{"data-label": "PLACE"})[0]["data-tip"]
    # No schema 1.1 fields: no role line, no id column.
    assert "role:" not in money["data-tip"] and "<th>id</th>" not in article_page(record, text)
    assert [a.get("class") for t, a in dom.tags if t == "div"].count("entities") == 1  # displaCy's entity markup


def test_schema_1_1_terms_on_hover_and_in_side_table():
    text = SENTENCE
    record = record_for("a1", text, "x.txt", v11=True)
    html = article_page(record, text)
    money = Dom(html).marks(**{"data-label": "MONEY"})[0]
    assert "role: upfront" in money["data-tip"]
    assert "payer: Acme Corp (org-1); payee: Borealis (org-2)" in money["data-tip"]
    assert "deal: deal-1 (licensing)" in money["data-tip"] and money["data-ref"] == "amount-1"
    assert "<td>upfront</td><td>Acme Corp (org-1)</td><td>Borealis (org-2)</td><td>deal-1</td>" in html
    assert '<table id="deals">' in html and "<td>licensing</td>" in html


HOSTILE = [
    "<script>alert(1)</script>",
    '"onmouseover="alert(2)',
    "</body>",
    "<!--",
    "javascript:alert(3)",
    "<img src=x onerror=alert(4)>",
    "]]>{{x}}$css",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_id_meta_and_values_render_as_text(payload):
    text = f"{payload} Acme Corp paid $5 million. {payload}"
    start = text.index("Acme Corp")
    record = record_for(payload, SENTENCE, "x.txt")
    record.update(text_length=len(text), meta={"tag": payload, payload: [payload]}, warnings=[payload])
    record["organizations"] = [{"name": payload, "canonical": payload, "mentions": [{"text": "Acme Corp", "start": start, "end": start + 9}]}]
    record["places"] = record["dates"] = []
    money = text.index("$5 million")
    record["amounts"] = [{**record["amounts"][0], "start": money, "end": money + 10, "currency": payload}]
    html = article_page(record, text)
    dom = Dom(html)
    assert [t for t, _ in dom.tags].count("script") == 1
    assert [t for t, _ in dom.tags].count("body") == 1 and "img" not in [t for t, _ in dom.tags]
    assert not any(k.startswith("on") for _, attrs in dom.tags for k in attrs)
    assert not any("javascript:" in v for _, attrs in dom.tags for k, v in attrs.items() if k in ("href", "src"))
    assert "".join(dom.text).count(payload) >= 3  # twice in the body, once as the heading, more in the tables
    assert html.count("<!--") == 0 and html.rstrip().endswith("</html>")
    assert payload in dom.marks(**{"data-label": "ORG"})[0]["data-tip"]


def test_report_from_outputs_pages_index_and_error_records(tmp_path):
    articles, records = write_corpus(tmp_path / "in", 6, errors_every=3)
    lines = records.read_text(encoding="utf-8").splitlines()
    odd = record_for("../evil id<x>", SENTENCE, "missing.txt")
    lines += [json.dumps(odd), json.dumps(record_for("../evil id<x>", SENTENCE * 2, f"{articles}:1")), "{broken"]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "report"
    summary = run_render([str(records)], out=out)
    assert summary.articles == 9 and summary.errors == 3  # two error records, one broken line
    index = (out / "index.html").read_text(encoding="utf-8")
    rows = json.loads(re.search(r'<script id="data" type="application/json">(.*?)</script>', index, re.S).group(1))
    assert [r["id"] for r in rows] == ["art-00001", "art-00002", "art-00003", "art-00004", "art-00005", "art-00006", "../evil id<x>", "../evil id<x>", "records:9"]
    assert [r["status"] for r in rows][2] == "error: internal" and rows[-1]["status"] == "error: bad_json"
    assert rows[0]["ORG"] == 2 and rows[0]["MONEY"] == 1 and rows[0]["status"] == "ok"
    assert rows[6]["status"] == "no body" and rows[7]["status"] == "no body"  # missing source; another article's text
    pages = sorted(p.name for p in (out / "articles").iterdir())
    assert len(pages) == 9 and all(re.fullmatch(r"[A-Za-z0-9._~-]+\.html", p) for p in pages)
    assert rows[6]["page"] != rows[7]["page"] and rows[7]["page"].endswith("~2.html")
    evil = (out / rows[6]["page"]).read_text(encoding="utf-8")
    assert "cannot read missing.txt" in evil and "&lt;x&gt;" in evil
    assert "text_sha256 differs" in (out / rows[7]["page"]).read_text(encoding="utf-8")
    assert "boom" in (out / rows[2]["page"]).read_text(encoding="utf-8")
    # A second report into the same folder replaces the pages of the first.
    run_render([str(records)], out=out)
    assert len(list((out / "articles").iterdir())) == 9


def test_folder_of_outputs_and_stdin_records(tmp_path, monkeypatch):
    import io

    from pipeline.render.sources import iter_entries

    text = SENTENCE
    source = tmp_path / "a.txt"
    source.write_text("date 2025-03-04 " + text, encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(record_for("a", text, str(source))), encoding="utf-8")
    (folder / "b.json").write_text("not json", encoding="utf-8")
    entries = list(iter_entries([str(folder)]))
    assert [e.record["id"] for e in entries] == ["a", "b"] and entries[0].text == text and entries[1].failed
    stdin = io.BytesIO((json.dumps(record_for("s", text, str(source))) + "\n").encode())
    [entry] = list(iter_entries(["-"], stdin=stdin))
    assert entry.record["id"] == "s" and entry.text == text
