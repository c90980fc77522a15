"""The README's example queries (queries.sql), as SQLAlchemy text() statements with typed parameters."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sqlalchemy import Date, Double, Integer, String, TextClause, bindparam, text

QUERIES = Path(__file__).with_name("queries.sql")
BLOCK = re.compile(r"^-- name: (\w+)\n(.*?)(?=^-- name: |\Z)", re.S | re.M)

# Dates are bound as dates so SQLite (ISO text) and PostgreSQL (date) compare them the same way.
PARAMETER_TYPES = {
    "min_usd": Double, "year_start": Date, "next_year_start": Date, "week_start": Date, "week_end": Date,
    "limit": Integer, "country": String,
}


@cache
def query_texts() -> dict[str, str]:
    """Query name -> its SQL as written in queries.sql (comments included)."""
    return {name: body.strip() for name, body in BLOCK.findall(QUERIES.read_text(encoding="utf-8"))}


def query(name: str) -> TextClause:
    # Comments name the parameters too; text() would take them for bind parameters.
    lines = [line for line in query_texts()[name].splitlines() if not line.lstrip().startswith("--")]
    sql = "\n".join(lines).rstrip(";")
    params = [bindparam(p, type_=kind()) for p, kind in PARAMETER_TYPES.items() if f":{p}" in sql]
    return text(sql).bindparams(*params)
