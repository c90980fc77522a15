"""Writing a review report (pages and index) for `newsfacts render`, `eval --html` and `diff --html`."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.io import safe_filename
from pipeline.render.index import IndexWriter, index_row, prepare
from pipeline.render.marks import Note, Review
from pipeline.render.pages import article_page
from pipeline.render.sources import BodyLookup, Entry, iter_entries

if TYPE_CHECKING:
    from pipeline.diff import DiffResult
    from pipeline.evaluate import Mistake, Report, Span

# evaluate.Mistake.kind -> the note kind of the pages (short names accepted as they are).
MISTAKE_KINDS = {
    "false positive": "fp", "false negative": "fn", "wrong value": "value", "fp": "fp", "fn": "fn", "value": "value",
    # SPEC §7: a relaxed-matched amount whose role, payer or payee differs from the gold.
    "wrong role": "terms", "wrong payer": "terms", "wrong payee": "terms",
}
DEAL_TERMS = ("role", "payer", "payee")


@dataclass
class RenderSummary:
    articles: int = 0
    errors: int = 0
    seconds: float = 0.0
    index: Path | None = None

    def line(self) -> str:
        return f"newsfacts: {self.articles} page(s), {self.errors} error record(s) in {self.seconds:.1f}s; open {self.index}"


class ReportWriter:
    """Pages under OUT/articles/ and OUT/index.html; one page and one index row per record, written as they come."""

    def __init__(self, out: Path, *, mode: str, title: str) -> None:
        self.pages = prepare(out)
        self.index = IndexWriter(out, mode=mode, title=title)
        self.mode = mode
        self.summary = RenderSummary()
        self._started = time.perf_counter()

    def page_name(self, article_id: str) -> str:
        # As the folder output does, an id that is no safe file name gets a sanitized name with a hash; two
        # records with one id get `~2`, `~3` (the folder was emptied of earlier reports' pages).
        name = safe_filename(article_id)
        copy, candidate = 1, name
        while (self.pages / f"{candidate}.html").exists():
            copy += 1
            candidate = f"{name}~{copy}"
        return f"{candidate}.html"

    def add(self, entry: Entry, review: Review | None = None) -> None:
        record = entry.record
        name = self.page_name(str(record.get("id")))
        (self.pages / name).write_text(article_page(record, entry.text, note=entry.note, review=review), encoding="utf-8")
        self.index.add(index_row(record, f"articles/{name}", has_body=entry.text is not None, mode=self.mode, review=review))
        self.summary.articles += 1
        self.summary.errors += entry.failed

    def close(self, described: str = "") -> RenderSummary:
        self.summary.seconds = time.perf_counter() - self._started
        text = f"{self.summary.articles} article(s), {self.summary.errors} error record(s)" + (f"; {described}" if described else "")
        self.summary.index = self.index.close(text)
        return self.summary


def run_render(inputs: Sequence[str], *, out: Path, published: dt.date | None = None) -> RenderSummary:
    """`newsfacts render`: a page per article or output record, and the index."""
    writer = ReportWriter(out, mode="render", title="newsfacts review")
    try:
        for entry in iter_entries(inputs, published=published):
            writer.add(entry)
    except BaseException:
        writer.index.abort()
        raise
    return writer.close()


# ---- eval --html ----------------------------------------------------------------------------------


def _values(span: Span) -> str:
    return " ".join(
        f"{k}={v}" for k, v in span.attrs.items()
        if v is not None and k not in ("name", "text", "label") and not k.endswith("_mentions")
    )


def _terms(mistake: Mistake) -> str:
    term = mistake.kind.removeprefix("wrong ")
    gold, pred = mistake.gold.attrs.get(term), mistake.pred.attrs.get(term)
    names = mistake.pred.attrs.get(f"{term}_mentions") or ()
    shown = f"{pred} ({names[0]})" if pred and names else pred
    return f"{term}: gold {gold or 'none'}\npredicted {shown or 'none'}"


def mistake_note(mistake: Mistake) -> Note:
    kind = MISTAKE_KINDS[mistake.kind]
    gold, pred = mistake.gold, mistake.pred
    span = pred if pred is not None else gold
    assert span is not None
    detail = {
        "fp": f"predicted {_values(span)}".strip(),
        "fn": f"gold {_values(span)}".strip(),
        "value": f"gold {_values(gold)}\npredicted {_values(pred)}" if gold and pred else "",
        "terms": _terms(mistake) if gold and pred else "",
    }[kind]
    return Note(
        kind, span.label, span.start, span.end, span.text, detail,
        gold=(gold.start, gold.end) if gold else None, pred=(pred.start, pred.end) if pred else None,
    )


def eval_review(mistakes: Iterable[Mistake]) -> Review:
    marks: dict[tuple[str, int, int], Note] = {}
    extra: list[Note] = []
    for mistake in mistakes:
        note = mistake_note(mistake)
        key = (note.label, note.start, note.end)
        # A missed span has no highlight of its own; a second mistake on one amount (a wrong value and a wrong
        # payer) rides on the highlight the first one marks.
        if note.kind == "fn" or key in marks:
            extra.append(note)
        else:
            marks[key] = note
    return Review(("fp", "fn", "value", "terms"), marks, tuple(extra))


def evaluate_to_html(paths: Iterable[Path], *, labels: Sequence[str], out: Path) -> Report:
    """`newsfacts eval --html`: the scores of evaluate_files, and a report marking every mistake."""
    from pipeline.evaluate import gold_paths, read_gold, run_pipeline, score

    articles = [article for path in gold_paths(paths) for article in read_gold(path)]
    records = run_pipeline(articles)
    report = score(articles, records, labels=labels)
    by_article: dict[int, list[Mistake]] = {}
    for mistake in report.mistakes:
        by_article.setdefault(id(mistake.article), []).append(mistake)
    writer = ReportWriter(out, mode="eval", title="newsfacts eval review")
    for article, record in zip(articles, records, strict=True):
        writer.add(Entry(record, article.text), eval_review(by_article.get(id(article), [])))
    writer.close(f"{len(report.mistakes)} mistake(s) against the gold; relaxed micro F1 {report.micro_f1():.4f}")
    return report


# ---- diff --html ----------------------------------------------------------------------------------


def diff_review(article: Any) -> Review:
    marks: dict[tuple[str, int, int], Note] = {}
    for span in article.added:
        marks[(span.label, span.start, span.end)] = Note("added", span.label, span.start, span.end, span.text, "not in OLD")
    for old, new, fields in article.changed:
        detail = "\n".join(f"{name}: {old.attrs.get(name)!r} → {new.attrs.get(name)!r}" for name in fields)
        marks[(new.label, new.start, new.end)] = Note("changed", new.label, new.start, new.end, new.text, detail)
    extra = tuple(Note("removed", s.label, s.start, s.end, s.text, "not in NEW") for s in article.removed)
    return Review(("added", "removed", "changed"), marks, extra, article.status)


def diff_to_html(old: Path, new: Path, *, out: Path) -> DiffResult:
    """`newsfacts diff --html`: the diff of diff_outputs, and a report of NEW marking what changed since OLD."""
    from pipeline.diff import DiffResult, diff_record, load_records

    before, after = load_records(old), load_records(new)
    ids = sorted(before.keys() | after.keys())
    lookup = BodyLookup()
    writer = ReportWriter(out, mode="diff", title="newsfacts diff review")
    articles = []
    for article_id in ids:
        article = diff_record(article_id, before.get(article_id), after.get(article_id))
        articles.append(article)
        record = after.get(article_id) or before[article_id]
        text, note = (None, None) if "error" in record else lookup.body(record)
        writer.add(Entry(record, text, note), diff_review(article))
    lookup.close()
    result = DiffResult(articles, len(ids))
    writer.close(f"OLD {old} → NEW {new}; {sum(not a.empty for a in articles)} article(s) differ")
    return result
