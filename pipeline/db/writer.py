"""The database sink of `newsfacts extract --out sqlite:///... | postgresql://...`: articles written atomically.

An article's rows are written in one transaction keyed by its id (shared with the other articles of its
batch): a record identical to the stored one (same `record_sha256`) changes nothing, so a re-run of the same batch leaves every row as it was; a
different one (edited text, new rules) replaces all the article's rows. A killed run leaves each article
either fully written or absent, and `--resume` skips those stored for the same text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from contextlib import contextmanager
from importlib import metadata as importlib_metadata
from typing import TYPE_CHECKING

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.exc import SQLAlchemyError

from pipeline.db import DatabaseError, schema
from pipeline.db.engine import RawJSON, open_engine
from pipeline.db.migrations import upgrade
from pipeline.db.rows import ArticleRows, article_rows, problem
from pipeline.io import Rendered, render
from pipeline.models import ErrorInfo, ErrorRecord

if TYPE_CHECKING:
    from pipeline.io import Article

# Articles are queued and committed together, at most this many or this old: one commit per article cost
# SQLite more than the 5% budget over JSONL. A batch is one transaction, so each article is still all or nothing.
BATCH_ARTICLES = 64
BATCH_SECONDS = 1.0


def _reason(exc: SQLAlchemyError) -> str:
    """The driver's own message, first line (no SQL, no traceback, no password)."""
    original = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(original).strip().splitlines() if line.strip()]
    return lines[0] if lines else type(original).__name__


def _version() -> str:
    try:
        return importlib_metadata.version("newsfacts")
    except importlib_metadata.PackageNotFoundError:
        return "unknown"


class DatabaseSink:
    """Records into a newsfacts database, created or upgraded on opening (see `pipeline.db.migrations`)."""

    kind = "database"
    indent = None

    def __init__(self, out: str) -> None:
        self.out = out
        self.engine, self.name = open_engine(out)
        self._seen: set[str] = set()
        self._pending: list[ArticleRows] = []
        self._opened = 0.0
        self._version = _version()
        with self._errors("open"):
            with self.engine.begin() as conn:
                upgrade(conn)

    @contextmanager
    def _errors(self, doing: str):
        try:
            yield
        except DatabaseError as exc:
            raise DatabaseError(f"the {self.name} {exc}") from None
        except SQLAlchemyError as exc:
            raise DatabaseError(f"cannot {doing} the {self.name}: {_reason(exc)}") from None

    def unchanged(self, article: Article) -> bool:
        """True when the database holds this article's result (not an error) for the same text."""
        digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        query = select(schema.articles.c.text_sha256, schema.articles.c.error_type).where(schema.articles.c.id == article.id)
        with self._errors("read"), self.engine.connect() as conn:
            row = conn.execute(query).first()
        return row is not None and row.error_type is None and row.text_sha256 == digest

    def write(self, rendered: Rendered) -> Rendered:
        """Queue one record; returns what will be stored (an error record for a clashing id or a record that does not fit)."""
        key = rendered.id
        if key in self._seen:
            # Two inputs with one id in one run: the later one is stored as an error under `id~N`, as a folder does.
            copy = 2
            while f"{key}~{copy}" in self._seen:
                copy += 1
            message = f"an earlier input of this run has the same id {rendered.id!r}; rename one of them"
            rendered = self._error(rendered, "duplicate_id", message)
            key = f"{key}~{copy}"
        self._seen.add(key)
        rows = self._rows(key, rendered)
        trouble = problem(rows)
        if trouble:
            rendered = self._error(rendered, "invalid_output", f"the record does not fit the database: {trouble}")
            rows = self._rows(key, rendered)
        if not self._pending:
            self._opened = time.monotonic()
        self._pending.append(rows)
        if len(self._pending) >= BATCH_ARTICLES or time.monotonic() - self._opened >= BATCH_SECONDS:
            self.flush()
        return rendered

    def _rows(self, key: str, rendered: Rendered) -> ArticleRows:
        rows = article_rows(
            json.loads(rendered.json), key=key, record_sha256=hashlib.sha256(rendered.json.encode("utf-8")).hexdigest(),
            extracted_at=dt.datetime.now(dt.timezone.utc), newsfacts_version=self._version,
        )
        rows.article["record"] = RawJSON(rendered.json)
        return rows

    @staticmethod
    def _error(rendered: Rendered, type: str, message: str) -> Rendered:
        record = ErrorRecord(id=rendered.id, source=rendered.source, error=ErrorInfo(type=type, message=message))
        return render(record, indent=None)

    def flush(self) -> None:
        """Store the queued articles in one transaction: each is then wholly there, or (after a crash) wholly absent."""
        batch, self._pending = self._pending, []
        if not batch:
            return
        articles = schema.articles
        with self._errors("write to"), self.engine.begin() as conn:
            keys = [rows.article["id"] for rows in batch]
            stored = dict(conn.execute(select(articles.c.id, articles.c.record_sha256).where(articles.c.id.in_(keys))).all())
            # A record identical to the stored one changes nothing (its extracted_at included).
            fresh = [rows for rows in batch if stored.get(rows.article["id"]) != rows.article["record_sha256"]]
            replaced = [rows.article["id"] for rows in fresh if rows.article["id"] in stored]
            if replaced:
                _delete_articles(conn, replaced)
            if fresh:
                _insert_articles(conn, fresh)

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.engine.dispose()

    def __enter__(self) -> DatabaseSink:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:
            # The run failed: queued articles stay absent (a --resume redoes them) rather than half a batch.
            self.engine.dispose()


def _delete_articles(conn: Connection, keys: list[str]) -> None:
    for table in schema.CHILD_TABLES:
        conn.execute(delete(table).where(table.c.article_id.in_(keys)))
    conn.execute(delete(schema.articles).where(schema.articles.c.id.in_(keys)))


def _insert_articles(conn: Connection, batch: list[ArticleRows]) -> None:
    conn.execute(insert(schema.articles), [rows.article for rows in batch])
    for table in reversed(schema.CHILD_TABLES):
        values = [row for rows in batch for row in rows.children.get(table.name, [])]
        if values:
            conn.execute(insert(table), values)
