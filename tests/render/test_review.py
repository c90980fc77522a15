"""`eval --html` marks exactly the mistakes `eval --errors` lists; `diff --html` marks added, removed, changed; `render` on articles."""

from __future__ import annotations

import json
import re
from collections import Counter

from typer.testing import CliRunner

from pipeline.cli import app

from ..conftest import GOLD_DIR, ROOT
from .synthetic import SENTENCE, record_for
from .test_pages import Dom

runner = CliRunner()
KINDS = {
    "false positive": "fp", "false negative": "fn", "wrong value": "value", "fp": "fp", "fn": "fn", "value": "value",
    "wrong role": "terms", "wrong payer": "terms", "wrong payee": "terms",
}
ERROR_LINE = re.compile(
    r"^- (false positive|false negative|wrong value|wrong role|wrong payer|wrong payee|fp|fn|value) in (.+?): "
    r"(?:gold )?(ORG|MONEY|DATE|PLACE) .*?\[(\d+):(\d+)\]"
)


def index_rows(folder):
    index = (folder / "index.html").read_text(encoding="utf-8")
    return json.loads(re.search(r'<script id="data" type="application/json">(.*?)</script>', index, re.S).group(1))


def listed_errors(output: str) -> Counter:
    found = Counter()
    for line in output.splitlines():
        if line.startswith("- "):
            match = ERROR_LINE.match(line)
            assert match, line
            kind, article, label, start, end = match.groups()
            found[(article, KINDS[kind], label, int(start), int(end))] += 1
    return found


def test_eval_html_marks_exactly_the_errors_listed(nlp, tmp_path):
    out = tmp_path / "report"
    result = runner.invoke(app, ["eval", str(GOLD_DIR / "test.jsonl"), "--errors", "--html", str(out)])
    assert result.exit_code == 0, result.output
    listed = listed_errors(result.stdout)
    assert sum(listed.values()) == int(re.search(r"^(\d+) mistakes$", result.stdout, re.M).group(1)) > 0
    rows = index_rows(out)
    articles = (GOLD_DIR / "test.jsonl").read_text(encoding="utf-8").count("\n")
    assert len(rows) == articles and [r["errors"] for r in rows] is not None
    in_table, in_body = Counter(), Counter()
    for row in rows:
        dom = Dom((out / row["page"]).read_text(encoding="utf-8"))
        for tag, attrs in dom.tags:
            if tag == "tr" and "data-kind" in attrs:
                kind = attrs["data-kind"]
                start, end = map(int, attrs["data-pred" if kind == "fp" else "data-gold"].split(":"))
                in_table[(row["id"], kind, attrs["data-label"], start, end)] += 1
            if tag == "mark" and "data-mark" in attrs:
                kind = attrs["data-mark"]
                start, end = map(int, attrs["data-pred" if kind == "fp" else "data-gold"].split(":"))
                in_body[(row["id"], kind, attrs["data-label"], start, end)] += 1
            for ghost in filter(None, attrs.get("data-also", "").split(";")) if tag == "mark" else ():
                kind, label, start, end = ghost.split(":")
                in_body[(row["id"], kind, label, int(start), int(end))] += 1
        assert row["errors"] == sum(v for k, v in in_table.items() if k[0] == row["id"])
    assert in_table == listed
    assert in_body == listed
    # The index opens sorted by errors, most first.
    assert '"sort":{"key":"errors","dir":"desc"}' in (out / "index.html").read_text(encoding="utf-8")


def _write(folder, record):
    folder.mkdir(exist_ok=True)
    (folder / f"{record['id']}.json").write_text(json.dumps(record), encoding="utf-8")


def test_diff_html_marks_added_removed_changed(tmp_path):
    text = SENTENCE
    source = tmp_path / "a.txt"
    source.write_text(text, encoding="utf-8")
    old = record_for("a", text, str(source))
    new = json.loads(json.dumps(old))
    removed = new["places"].pop()["mentions"][0]  # Berlin
    new["amounts"][0]["currency"] = "CAD"
    added = {"text": "March", "start": text.index("March"), "end": text.index("March") + 5}
    new["dates"] = [{**new["dates"][0], **added, "granularity": "month"}]
    _write(tmp_path / "old", old)
    _write(tmp_path / "new", new)
    _write(tmp_path / "new", {"schema_version": "1.0", "id": "b", "source": "x", "error": {"type": "empty", "message": "m"}})
    out = tmp_path / "report"
    result = runner.invoke(app, ["diff", str(tmp_path / "old"), str(tmp_path / "new"), "--html", str(out)])
    assert result.exit_code == 1 and "1 mention(s) added, 2 removed, 1 changed" in result.stdout
    rows = {r["id"]: r for r in index_rows(out)}
    assert (rows["a"]["added"], rows["a"]["removed"], rows["a"]["changed"]) == (1, 2, 1)  # the whole date span is gone
    assert rows["b"]["status"] == "only in new; error: empty" and rows["b"]["changes"] == 1
    dom = Dom((out / rows["a"]["page"]).read_text(encoding="utf-8"))
    marked = {(a["data-mark"], a["data-label"], int(a["data-start"])) for a in dom.marks() if "data-mark" in a}
    assert ("removed", "PLACE", removed["start"]) in marked
    assert ("changed", "MONEY", new["amounts"][0]["start"]) in marked
    assert ("added", "DATE", added["start"]) in marked
    money = [a for a in dom.marks() if a.get("data-mark") == "changed"][0]
    assert "currency: 'USD' → 'CAD'" in money["data-tip"]
    assert any(a.get("data-also", "").startswith("removed:DATE:") for a in dom.marks())  # the old date overlaps the new one


def test_render_articles_runs_the_pipeline(nlp, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "empty.txt").write_bytes(b"")
    seed = ROOT / "seeds" / "000_18d6ab6d74ca80e2.txt"
    out = tmp_path / "report"
    result = runner.invoke(app, ["render", str(seed), str(inputs), "--out", str(out)])
    assert result.exit_code == 1, result.output  # an error record was rendered (and listed)
    rows = index_rows(out)
    assert [(r["id"], r["status"]) for r in rows] == [("000_18d6ab6d74ca80e2", "ok"), ("empty", "error: empty")]
    extracted = runner.invoke(app, ["extract", str(seed), "--out", "-", "-q"])
    record = json.loads(extracted.stdout)
    dom = Dom((out / rows[0]["page"]).read_text(encoding="utf-8"))
    assert len(dom.marks(**{"data-label": "ORG"})) == sum(len(o["mentions"]) for o in record["organizations"]) == rows[0]["ORG"]
    assert len(dom.marks(**{"data-label": "MONEY"})) == len(record["amounts"]) == rows[0]["MONEY"]


def test_render_usage_errors(tmp_path):
    file = tmp_path / "f"
    file.write_text("x", encoding="utf-8")
    assert runner.invoke(app, ["render", "x.txt", "--out", str(file)]).exit_code == 2
    assert runner.invoke(app, ["render", "x.txt", "--published", "March"]).exit_code == 2
    assert runner.invoke(app, ["render"]).exit_code == 2
