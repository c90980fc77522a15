"""The database sink of `newsfacts extract --out sqlite:///... | postgresql://...`: one transaction per article.

An article's rows are written in one transaction keyed by its id: a record identical to the stored one
(same `record_sha256`) changes nothing, so a re-run of the same batch leaves every row as it was; a
different one (edited text, new rules) replaces all the article's rows. A killed run leaves each article
either fully written or absent, and `--resume` skips those stored for the same text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from contextlib import contextmanager
from importlib import metadata as importlib_metadata
from typing import TYPE_CHECKING

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from pipeline.db import DatabaseError, schema
from pipeline.db.engine import open_engine
from pipeline.db.migrations import upgrade
from pipeline.db.rows import ArticleRows, article_rows
from pipeline.io import Rendered, render
from pipeline.models import ErrorInfo, ErrorRecord

if TYPE_CHECKING:
    from pipeline.io import Article


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
        except IntegrityError:
            raise  # a record that does not fit: `write` stores it as an error record instead
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
        """Store one record; returns what was stored (an error record for a clashing id or a record that does not fit)."""
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
        try:
            self._store(key, rendered)
        except IntegrityError as exc:
            rendered = self._error(rendered, "invalid_output", f"the record does not fit the database: {_reason(exc)}")
            self._store(key, rendered)
        return rendered

    @staticmethod
    def _error(rendered: Rendered, type: str, message: str) -> Rendered:
        record = ErrorRecord(id=rendered.id, source=rendered.source, error=ErrorInfo(type=type, message=message))
        return render(record, indent=None)

    def _store(self, key: str, rendered: Rendered) -> None:
        digest = hashlib.sha256(rendered.json.encode("utf-8")).hexdigest()
        with self._errors("write to"), self.engine.begin() as conn:
            stored = conn.execute(select(schema.articles.c.record_sha256).where(schema.articles.c.id == key)).scalar()
            if stored == digest:
                return
            if stored is not None:
                _delete_article(conn, key)
            rows = article_rows(
                json.loads(rendered.json), key=key, record_sha256=digest,
                extracted_at=dt.datetime.now(dt.timezone.utc), newsfacts_version=self._version,
            )
            _insert_article(conn, rows)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> DatabaseSink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _delete_article(conn: Connection, key: str) -> None:
    for table in schema.CHILD_TABLES:
        conn.execute(delete(table).where(table.c.article_id == key))
    conn.execute(delete(schema.articles).where(schema.articles.c.id == key))


def _insert_article(conn: Connection, rows: ArticleRows) -> None:
    conn.execute(insert(schema.articles), [rows.article])
    for table in reversed(schema.CHILD_TABLES):
        if rows.children.get(table.name):
            conn.execute(insert(table), rows.children[table.name])
