"""Opening the database an `--out` URL names: a SQLite file or a PostgreSQL server (psycopg 3), with clear errors."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from pipeline.db import DatabaseError

POSTGRES_EXTRA = "pip install 'newsfacts[postgres]'"


class RawJSON(str):
    """JSON text that is already serialized (a rendered record): stored as it is, not encoded a second time."""


def _json_serializer(value: object) -> str:
    return str(value) if isinstance(value, RawJSON) else json.dumps(value, ensure_ascii=False)

CONNECT_TIMEOUT_SECONDS = 10


def describe(url: URL) -> str:
    """How an error names the database: the file of a SQLite URL, the URL without password of a server."""
    if url.get_backend_name() == "sqlite":
        return f"SQLite database {url.database}"
    return f"PostgreSQL database {url.set(drivername='postgresql').render_as_string(hide_password=True)}"


def parse(out: str) -> URL:
    try:
        url = make_url(out)
    except ArgumentError:
        raise DatabaseError(f"{out!r} is not a database URL (sqlite:///PATH.db or postgresql://USER@HOST:PORT/DB)") from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise DatabaseError("a SQLite --out needs a file: sqlite:///PATH.db")
        return url
    if backend in ("postgresql", "postgres"):
        if url.get_driver_name() not in ("psycopg", "psycopg2") and "+" in url.drivername:
            raise DatabaseError(f"newsfacts writes PostgreSQL through psycopg 3: use postgresql://USER@HOST:PORT/DB, not {url.drivername}://")
        return url.set(drivername="postgresql+psycopg")
    raise DatabaseError(f"unsupported database {backend!r}: use sqlite:///PATH.db or postgresql://USER@HOST:PORT/DB")


def _sqlite_engine(url: URL) -> Engine:
    path = Path(url.database)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"cannot create the folder of the {describe(url)}: {exc.strerror or exc}") from None
    engine = create_engine(url, json_serializer=_json_serializer)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's BEGIN below open every transaction (pysqlite's own handling skips DDL), enforce the
        # foreign keys, and use a write-ahead log: a commit is then atomic and survives a killed process
        # without an fsync per article (synchronous=NORMAL).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=30000"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _postgres_engine(url: URL) -> Engine:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise DatabaseError(f"--out postgresql:// needs the PostgreSQL driver psycopg 3: {POSTGRES_EXTRA}") from None
    return create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS}, json_serializer=_json_serializer)


def open_engine(out: str) -> tuple[Engine, str]:
    """The engine for `out` and the name errors give the database; nothing is connected yet."""
    url = parse(out)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url), describe(url)
    return _postgres_engine(url), describe(url)
