"""Schema versions: a version-1 database (made by the previous newsfacts) is upgraded in place; a newer one is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, inspect, select, text, update

from pipeline.db import DatabaseError, schema
from pipeline.db.engine import parse
from pipeline.db.migrations import _v1_metadata, stored_version, upgrade
from pipeline.db.writer import DatabaseSink

from . import records as gold
from .dump import dump

SEED_ID = "000_18d6ab6d74ca80e2"


def shape(url: str) -> dict:
    """Tables, their columns (name, nullable, reflected type), primary keys, foreign keys and indexes, by columns."""
    engine = create_engine(parse(url))
    try:
        with engine.connect() as conn:
            inspector = inspect(conn)
            return {
                table: {
                    "columns": [(c["name"], c["nullable"], type(c["type"]).__name__) for c in inspector.get_columns(table)],
                    "pk": inspector.get_pk_constraint(table)["constrained_columns"],
                    "fks": sorted((tuple(fk["constrained_columns"]), fk["referred_table"], tuple(fk["referred_columns"]))
                                  for fk in inspector.get_foreign_keys(table)),
                    "indexes": sorted((ix["name"], tuple(ix["column_names"])) for ix in inspector.get_indexes(table)),
                }
                for table in sorted(inspector.get_table_names())
            }
    finally:
        engine.dispose()


def make_v1(url: str) -> None:
    """A database as newsfacts with schema version 1 left it: one article with an organization and an amount."""
    engine = create_engine(parse(url))
    tables = _v1_metadata().tables
    with engine.begin() as conn:
        assert upgrade(conn, target=1) == 0
        conn.execute(tables["articles"].insert(), [{
            "id": SEED_ID, "source": "seeds/seed.txt", "published": dt.date(2026, 3, 5), "text_sha256": "a" * 64,
            "text_length": 10, "schema_version": "1.0", "extracted_at": dt.datetime(2026, 3, 6, tzinfo=dt.timezone.utc),
            "newsfacts_version": "0.0.9", "error_type": None, "error_message": None, "record_sha256": "b" * 64,
            "record": {"id": SEED_ID},
        }])
        conn.execute(tables["organizations"].insert(), [{"article_id": SEED_ID, "entity_id": "org-1", "name": "Roche", "canonical": None}])
        conn.execute(tables["amounts"].insert(), [{
            "article_id": SEED_ID, "amount_id": "amount-1", "text": "$480 million", "start": 61, "end": 73, "value": 480e6,
            "currency": "USD", "modifier": "exact", "low": None, "high": None, "usd_value": 480e6, "usd_rate_date": None,
        }])
    engine.dispose()


def version(url: str) -> int | None:
    engine = create_engine(parse(url))
    with engine.connect() as conn:
        found = stored_version(conn)
    engine.dispose()
    return found


def test_a_version_1_database_is_upgraded_to_the_current_schema(make_db, db_url):
    make_v1(db_url)
    assert version(db_url) == 1
    DatabaseSink(db_url).close()
    assert version(db_url) == schema.SCHEMA_VERSION
    engine_kind = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    fresh_url = make_db(engine_kind)
    DatabaseSink(fresh_url).close()
    assert shape(db_url) == shape(fresh_url)
    tables = dump(db_url)
    assert tables["articles"][0][0] == SEED_ID and tables["organizations"][0][:4] == (SEED_ID, "org-1", "Roche", None)
    (amount,) = tables["amounts"]
    assert amount[:3] == (SEED_ID, "amount-1", "$480 million") and amount[-4:] == (None, None, None, None)


def test_an_upgraded_database_takes_new_records(db_url):
    make_v1(db_url)
    with DatabaseSink(db_url) as sink:
        for item in gold.rendered(gold.all_records()[:3]):
            sink.write(item)
    tables = dump(db_url)
    assert len(tables["articles"]) == 3 and tables["deals"]


def test_a_database_newer_than_the_code_is_refused(db_url):
    DatabaseSink(db_url).close()
    engine = create_engine(parse(db_url))
    with engine.begin() as conn:
        conn.execute(update(schema.meta).values(value=str(schema.SCHEMA_VERSION + 1)))
    engine.dispose()
    with pytest.raises(DatabaseError, match=r"schema version 3, newer than this newsfacts knows \(2\)"):
        DatabaseSink(db_url)


def test_a_database_of_other_tables_is_refused(db_url):
    engine = create_engine(parse(db_url))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE customers (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="not a newsfacts database"):
        DatabaseSink(db_url)
    engine = create_engine(parse(db_url))
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) == {"customers"}
        assert conn.execute(select(text("1"))).scalar() == 1
    engine.dispose()
