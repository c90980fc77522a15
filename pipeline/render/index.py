"""The report's index.html: one row per article (error records included), streamed to disk as pages are written."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import IO, Any

from pipeline.render.marks import LABELS, Review
from pipeline.render.pages import legend
from pipeline.render.theme import asset, csp, page_template

PAGE_SIZE = 100

BASE_COLUMNS = [
    {"key": "id", "title": "article"},
    {"key": "published", "title": "published"},
    *({"key": label, "title": label, "num": True} for label in LABELS),
    {"key": "warnings", "title": "warnings", "num": True},
    {"key": "status", "title": "status"},
]
REVIEW_COLUMNS = {
    "eval": [{"key": key, "title": key, "num": True} for key in ("errors", "fp", "fn", "value")],
    "diff": [{"key": key, "title": key, "num": True} for key in ("changes", "added", "removed", "changed")],
}


def script_json(value: Any) -> str:
    """JSON safe inside a <script type="application/json"> block: no `</script>`, `<!--` or `]]>` can form."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _counts(record: dict[str, Any]) -> dict[str, int]:
    return {
        "ORG": sum(len(o.get("mentions", [])) for o in record.get("organizations", [])),
        "MONEY": len(record.get("amounts", [])),
        "DATE": len(record.get("dates", [])),
        "PLACE": sum(len(p.get("mentions", [])) for p in record.get("places", [])),
    }


def index_row(record: dict[str, Any], page: str, *, has_body: bool, mode: str, review: Review | None) -> dict[str, Any]:
    error = record.get("error")
    warnings = [str(w) for w in record.get("warnings") or []]
    if isinstance(error, dict):
        status = f"error: {error.get('type')}"
    else:
        status = "ok" if has_body else "no body"
    if review is not None and review.summary:
        status = f"{review.summary}; {status}"
    row: dict[str, Any] = {
        "id": str(record.get("id")),
        "page": page,
        "source": str(record.get("source")),
        "published": record.get("published"),
        **({label: None for label in LABELS} if error else _counts(record)),
        "warnings": len(warnings),
        "warning_text": "\n".join(warnings)[:2000],
        "status": status,
        "error": str(error.get("message")) if isinstance(error, dict) else None,
        "failed": bool(error),
    }
    if mode in REVIEW_COLUMNS:
        notes = review.notes() if review is not None else []
        kinds = [c["key"] for c in REVIEW_COLUMNS[mode][1:]]
        row.update({kind: sum(n.kind == kind for n in notes) for kind in kinds})
        row[REVIEW_COLUMNS[mode][0]["key"]] = len(notes) + bool(review is not None and review.summary)
    row["search"] = " ".join([row["id"], row["source"], status, row["error"] or "", row["warning_text"]]).lower()
    return row


class IndexWriter:
    """Rows go to a temporary file as they come; index.html is put together from it at the end (memory stays flat)."""

    def __init__(self, out: Path, *, mode: str, title: str) -> None:
        self.out = out
        self.mode = mode
        self.title = title
        self.rows = 0
        self.failed = 0
        self._tmp_path = out / ".index-rows.tmp"
        self._tmp: IO[str] = self._tmp_path.open("w", encoding="utf-8")

    def add(self, row: dict[str, Any]) -> None:
        self._tmp.write(("," if self.rows else "") + script_json(row) + "\n")
        self.rows += 1
        self.failed += row["failed"]

    def _chunks(self) -> Iterator[str]:
        with self._tmp_path.open("r", encoding="utf-8") as rows:
            yield "["
            yield from rows
            yield "]"

    def close(self, summary: str) -> Path:
        self._tmp.close()
        columns = BASE_COLUMNS + REVIEW_COLUMNS.get(self.mode, [])
        sort = {"key": columns[len(BASE_COLUMNS)]["key"], "dir": "desc"} if self.mode in REVIEW_COLUMNS else {"key": "id", "dir": "asc"}
        script = asset("index.js")
        kinds = {"eval": ("fp", "fn", "value"), "diff": ("added", "removed", "changed")}.get(self.mode, ())
        page = page_template("index.html").substitute(
            csp=csp(script),
            title=escape(self.title),
            css=asset("page.css"),
            heading=escape(self.title),
            summary=escape(summary),
            legend=legend(kinds) if kinds else "",
            columns=script_json({"columns": columns, "page_size": PAGE_SIZE, "sort": sort}),
            rows="\0ROWS\0",
            script=script,
        )
        head, tail = page.split("\0ROWS\0")
        target = self.out / "index.html"
        tmp = self.out / ".index.html.tmp"
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write(head)
            for chunk in self._chunks():
                handle.write(chunk)
            handle.write(tail)
        tmp.replace(target)
        self._tmp_path.unlink(missing_ok=True)
        return target

    def abort(self) -> None:
        self._tmp.close()
        self._tmp_path.unlink(missing_ok=True)


def prepare(out: Path) -> Path:
    """The report folder and its articles/ folder, emptied of the pages of an earlier report."""
    pages = out / "articles"
    pages.mkdir(parents=True, exist_ok=True)
    with os.scandir(pages) as found:  # one entry at a time: a folder of 10,000 pages is never listed whole
        for old in found:
            if old.name.endswith(".html") and old.is_file():
                os.unlink(old.path)
    return pages

