"""Reading output records back out of a newsfacts database (for `newsfacts render`), in article id order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from pipeline.db import DatabaseError
from pipeline.db import schema
from pipeline.db.engine import open_engine, parse
from pipeline.db.migrations import stored_version

# Records fetched from the server at a time: a report over millions of rows streams.
FETCH_ROWS = 500


def iter_records(url: str) -> Iterator[dict[str, Any]]:
    """Every stored record (results and error records), as the JSON `extract` wrote; never creates a database."""
    parsed = parse(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database).is_file():
        raise DatabaseError(f"there is no SQLite database {parsed.database}")
    engine, name = open_engine(url)
    try:
        with engine.connect() as conn:
            version = stored_version(conn)
            if version is None:
                raise DatabaseError("holds no newsfacts tables")
            if version > schema.SCHEMA_VERSION:
                raise DatabaseError(f"has schema version {version}, newer than this newsfacts knows ({schema.SCHEMA_VERSION})")
            articles = schema.metadata.tables["articles"]
            query = select(articles.c.record).order_by(articles.c.id).execution_options(yield_per=FETCH_ROWS)
            for (record,) in conn.execute(query):
                yield record
    except DatabaseError as exc:
        raise DatabaseError(f"the {name} {exc}") from None
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read the {name}: {str(exc.orig or exc).strip().splitlines()[0]}") from None
    finally:
        engine.dispose()
