"""Database fixtures: a real SQLite file per test, and a real PostgreSQL server per session (a fresh database per test)."""

from __future__ import annotations

import itertools

import pytest

from .pgserver import ServerUnavailable, start_server

ENGINES = ["sqlite", "postgresql"]
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server():
    try:
        server = start_server()
    except ServerUnavailable as exc:
        pytest.skip(f"no local PostgreSQL server could be started: {exc}")
    yield server
    server.stop()


@pytest.fixture
def make_db(request, tmp_path):
    """`make_db(engine)` -> the --out URL of a new, empty database of that engine."""

    def make(engine: str) -> str:
        number = next(_numbers)
        if engine == "sqlite":
            return f"sqlite:///{tmp_path / f'newsfacts-{number}.db'}"
        server = request.getfixturevalue("pg_server")
        return server.create_database(f"newsfacts_test_{number}")

    return make


@pytest.fixture(params=ENGINES)
def db_url(request, make_db):
    """The URL of a new, empty database, once per engine."""
    return make_db(request.param)
