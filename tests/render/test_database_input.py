"""`newsfacts render` reads a database that `extract --out sqlite:///...` wrote: one page per stored record."""

from __future__ import annotations

import json
import re

from pipeline.render.report import run_render

from .synthetic import write_corpus
from .test_pages import Dom


def _rows(out) -> list[dict]:
    index = (out / "index.html").read_text(encoding="utf-8")
    return json.loads(re.search(r'<script id="data" type="application/json">(.*?)</script>', index, re.S).group(1))


def test_records_of_a_sqlite_database_become_pages(tmp_path):
    from pipeline.db.writer import DatabaseSink
    from pipeline.io import Rendered

    articles, records = write_corpus(tmp_path / "in", 4, errors_every=3)
    url = f"sqlite:///{tmp_path / 'x.db'}"
    with DatabaseSink(url) as sink:
        for line in records.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            sink.write(Rendered(record["id"], record["source"], "error" in record, line))
    summary = run_render([url], out=tmp_path / "report")
    rows = _rows(tmp_path / "report")
    assert [r["id"] for r in rows] == sorted(json.loads(line)["id"] for line in records.read_text().splitlines())
    assert summary.articles == 4 and summary.errors == 1
    first = json.loads(records.read_text().splitlines()[0])
    page = (tmp_path / "report" / rows[0]["page"]).read_text(encoding="utf-8")
    mentions = sum(len(e["mentions"]) for e in first["organizations"] + first["places"]) + len(first["amounts"]) + len(first["dates"])
    assert len(Dom(page).marks()) == mentions > 0


def test_a_missing_database_is_an_error_row_naming_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'none.db'}"
    summary = run_render([url], out=tmp_path / "report")
    [row] = _rows(tmp_path / "report")
    assert summary.errors == 1 and row["status"] == "error: unreadable"
    assert not (tmp_path / "none.db").exists()
    assert "none.db" in (tmp_path / "report" / row["page"]).read_text(encoding="utf-8")
