"""A database as an output of `newsfacts extract` (SQLite file or PostgreSQL server): schema, migrations, writer."""

from __future__ import annotations

import re

# Any `scheme://` is read as a database URL, so a misspelled one is refused rather than made a folder.
URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


class DatabaseError(Exception):
    """A database that cannot be opened, upgraded or written; its message is one line naming the database."""


def is_database_url(out: str) -> bool:
    """True when an `--out` value names a database rather than a folder or a JSON Lines file."""
    return bool(URL_SCHEME.match(out))
