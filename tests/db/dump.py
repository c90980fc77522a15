"""Every row of every newsfacts table, ordered by primary key: what "identical contents" compares."""

from __future__ import annotations

from sqlalchemy import create_engine, select

from pipeline.db import schema
from pipeline.db.engine import parse


def dump(url: str, *, skip: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Table name -> its rows; `skip` names columns (table.column) left out, such as articles.extracted_at."""
    engine = create_engine(parse(url))
    tables = {}
    try:
        with engine.connect() as conn:
            for table in schema.metadata.sorted_tables:
                columns = [c for c in table.columns if f"{table.name}.{c.name}" not in skip]
                order = list(table.primary_key.columns)
                tables[table.name] = [tuple(row) for row in conn.execute(select(*columns).order_by(*order))]
    finally:
        engine.dispose()
    return tables


def counts(url: str) -> dict[str, int]:
    return {name: len(rows) for name, rows in dump(url).items()}
