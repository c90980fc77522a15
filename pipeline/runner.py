"""Batch runs of `newsfacts extract`: streaming, worker processes, resume, progress and the summary."""

from __future__ import annotations

import gc
import json
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from pipeline.io import Article, InputError, Item, Rendered, Sink, iter_articles, render
from pipeline.models import Record

if TYPE_CHECKING:
    import datetime as dt

    from rich.console import Console

# Articles handed to a worker process at a time, and how many such batches may be in flight per worker:
# enough to keep every core busy, few enough that memory stays flat on archives of any size.
WORKER_BATCH = 16
IN_FLIGHT_PER_WORKER = 2


@dataclass
class Summary:
    articles: int = 0
    errors: int = 0
    skipped: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        rate = self.articles / self.seconds if self.seconds else 0.0
        skipped = f", {self.skipped} unchanged skipped (--resume)" if self.skipped else ""
        return (
            f"newsfacts: {self.articles} article(s), {self.errors} error record(s){skipped}"
            f" in {self.seconds:.1f}s ({rate:.1f} articles/s)"
        )


def _records_in_process(items: Iterable[Item]) -> Iterator[Record]:
    from pipeline.core import load_tables, process
    from pipeline.nlp import load_nlp

    nlp = None
    iterator = iter(items)
    # Load the model only once an article needs it, so a run of nothing but bad inputs stays fast.
    while batch := list(islice(iterator, WORKER_BATCH)):
        if nlp is None and any(isinstance(item, Article) for item in batch):
            nlp = load_nlp()
            load_tables()
            # The model and data tables live for the whole run: keeping them out of the garbage collector's
            # generations stops every collection from rescanning them (it made long articles cost more than
            # linear time).
            gc.freeze()
        if nlp is None:
            yield from (item.record() for item in batch if isinstance(item, InputError))
        else:
            yield from process(batch, nlp, batch_size=WORKER_BATCH)


def _worker_init() -> None:
    from pipeline.core import load_tables
    from pipeline.nlp import load_nlp

    load_nlp()
    load_tables()


def _worker_run(batch: list[Item], indent: int | None) -> list[Rendered]:
    # Records are rendered to JSON in the worker: strings cross the process boundary faster than models.
    return [render(record, indent=indent) for record in _records_in_process(batch)]


def _rendered_in_pool(items: Iterable[Item], workers: int, indent: int | None) -> Iterator[Rendered]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    iterator = iter(items)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init) as pool:
        pending: deque = deque()
        while True:
            while len(pending) < workers * IN_FLIGHT_PER_WORKER:
                batch = list(islice(iterator, WORKER_BATCH))
                if not batch:
                    break
                pending.append(pool.submit(_worker_run, batch, indent))
            if not pending:
                return
            yield from pending.popleft().result()


def rendered(items: Iterable[Item], *, workers: int = 1, indent: int | None = None) -> Iterator[Rendered]:
    """Rendered records in input order; byte-identical whatever the number of workers."""
    if workers <= 1:
        return (render(record, indent=indent) for record in _records_in_process(items))
    return _rendered_in_pool(items, workers, indent)


def open_sink(out: str):
    """The sink `out` names: a database URL (pipeline/db), else a folder, a .jsonl file or stdout."""
    from pipeline.db import is_database_url

    if is_database_url(out):
        from pipeline.db.writer import DatabaseSink

        return DatabaseSink(out)
    return Sink(out)


def _unchanged(sink: Sink, article: Article) -> bool:
    """True when the output folder (or database) already holds this article's result for the same text."""
    import hashlib

    if sink.kind == "database":
        return sink.unchanged(article)

    path = sink.path_for(article.id)
    try:
        existing = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    return existing.get("id") == article.id and existing.get("text_sha256") == digest


def run_extract(
    inputs: Sequence[str],
    *,
    out: str,
    published: dt.date | None = None,
    workers: int = 1,
    resume: bool = False,
    console: Console | None = None,
    progress: bool = False,
) -> Summary:
    """Extract every input article into `out`; every input yields exactly one record (or is resumed)."""
    summary = Summary()
    started = time.perf_counter()
    with open_sink(out) as sink:

        def pending(items: Iterable[Item]) -> Iterator[Item]:
            for item in items:
                if resume and sink.kind in ("dir", "database") and isinstance(item, Article) and _unchanged(sink, item):
                    summary.skipped += 1
                    continue
                yield item

        stream = rendered(pending(iter_articles(inputs, published=published)), workers=workers, indent=sink.indent)
        with _progress(console, enabled=progress) as advance:
            for record in stream:
                written = sink.write(record)
                summary.articles += 1
                summary.errors += written.failed
                advance(summary)
    summary.seconds = time.perf_counter() - started
    return summary


class _progress:
    """A rich progress line on stderr (articles, rate, errors), or nothing."""

    def __init__(self, console: Console | None, *, enabled: bool) -> None:
        self.console = console
        self.enabled = enabled and console is not None
        self._bar = None

    def __enter__(self):
        if not self.enabled:
            return lambda summary: None
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._bar = Progress(
            SpinnerColumn(),
            TextColumn("{task.completed} articles"),
            TextColumn("{task.fields[rate]:.1f}/s"),
            TextColumn("[red]{task.fields[errors]} errors"),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )
        self._bar.start()
        task = self._bar.add_task("extract", total=None, rate=0.0, errors=0)
        started = time.perf_counter()

        def advance(summary: Summary) -> None:
            elapsed = time.perf_counter() - started
            self._bar.update(task, completed=summary.articles, errors=summary.errors, rate=summary.articles / elapsed if elapsed else 0.0)

        return advance

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
