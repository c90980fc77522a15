"""A database as an output of `newsfacts extract` (SQLite file or PostgreSQL server): schema, migrations, writer."""

from __future__ import annotations

DATABASE_PREFIXES = ("sqlite:///", "postgresql://", "postgresql+psycopg://", "postgres://")


class DatabaseError(Exception):
    """A database that cannot be opened, upgraded or written; its message is one line naming the database."""


def is_database_url(out: str) -> bool:
    """True when an `--out` value names a database rather than a folder or a JSON Lines file."""
    return out.startswith(DATABASE_PREFIXES)
