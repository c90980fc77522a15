"""Schema versions of a newsfacts database and the ordered steps that upgrade an older one to the current.

The version lives in `newsfacts_meta` (key `schema_version`). Version 1 held the 1.0 record (no deal terms);
version 2 adds what schema 1.1 (SPEC §7) brings: amounts' role, payer, payee and deal, the deals and
deal_parties tables, and the organizations' home country. A database newer than this code is refused.
Each step runs inside the caller's transaction, so an upgrade that fails leaves the database as it was
(PostgreSQL and SQLite both roll back DDL).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Double,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    inspect,
    select,
    text,
)

from pipeline.db import DatabaseError, schema

VERSION_KEY = "schema_version"


def _v1_metadata() -> MetaData:
    """The version-1 tables, frozen as they were shipped (a migration must not follow later edits of schema.py)."""
    md = MetaData(naming_convention=schema.NAMING)
    Table("newsfacts_meta", md, Column("key", String(64), primary_key=True), Column("value", Text, nullable=False))
    Table(
        "articles", md,
        Column("id", Text, primary_key=True), Column("source", Text, nullable=False), Column("published", Date),
        Column("text_sha256", String(64)), Column("text_length", Integer), Column("schema_version", String(16), nullable=False),
        Column("extracted_at", DateTime(timezone=True), nullable=False), Column("newsfacts_version", String(32), nullable=False),
        Column("error_type", Text), Column("error_message", Text), Column("record_sha256", String(64), nullable=False),
        Column("record", JSON().with_variant(schema.JSONB(), "postgresql"), nullable=False),
        Index("ix_articles_published", "published"), Index("ix_articles_error_type", "error_type"),
    )

    def child(name: str, key: str, *columns: Column, indexes: tuple[str, ...] = ()) -> None:
        Table(
            name, md, Column("article_id", Text, nullable=False), Column(key, String(32), nullable=False), *columns,
            PrimaryKeyConstraint("article_id", key, *(["start"] if name == "mentions" else []), name=f"pk_{name}"),
            ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE", name=f"fk_{name}_article_id"),
            *(Index(f"ix_{name}_{column}", column) for column in indexes),
        )

    def span() -> list[Column]:
        return [Column("text", Text, nullable=False), Column("start", Integer, nullable=False), Column("end", Integer, nullable=False)]

    child("organizations", "entity_id", Column("name", Text, nullable=False), Column("canonical", Text), indexes=("name", "canonical"))
    child("places", "entity_id", Column("name", Text, nullable=False), Column("kind", String(16), nullable=False),
          Column("country_code", String(2)), indexes=("country_code",))
    child("mentions", "entity_id", Column("label", String(8), nullable=False), *span())
    child("amounts", "amount_id", *span(), Column("value", Double), Column("currency", String(3)),
          Column("modifier", String(16), nullable=False), Column("low", Double), Column("high", Double),
          Column("usd_value", Double), Column("usd_rate_date", Date), indexes=("usd_value",))
    child("dates", "date_id", *span(), Column("kind", String(16), nullable=False), Column("value", Text),
          Column("start_date", Date), Column("end_date", Date), Column("granularity", String(16)),
          Column("relative", Boolean, nullable=False), indexes=("start_date",))
    return md


def _create_v1(conn: Connection) -> None:
    _v1_metadata().create_all(conn)


def _add_deal_terms(conn: Connection) -> None:
    """1 -> 2. When a version 3 changes these tables, freeze their version-2 definitions here first."""
    current = MetaData(naming_convention=schema.NAMING)
    schema.define(current)
    conn.execute(text("ALTER TABLE organizations ADD COLUMN country_code VARCHAR(2)"))
    Index("ix_organizations_country_code", Table("organizations", MetaData(), autoload_with=conn).c.country_code).create(conn)
    current.tables["deals"].create(conn)
    current.tables["deal_parties"].create(conn)
    # SQLite cannot add a foreign key to a table: amounts is rebuilt under a new name, filled, and renamed.
    old = Table("amounts", MetaData(), autoload_with=conn)
    rebuilt = schema._define_amounts(current, "amounts_v2")
    rebuilt.create(conn)
    names = [column.name for column in old.columns]
    conn.execute(rebuilt.insert().from_select(names, select(*(old.c[name] for name in names))))
    old.drop(conn)
    conn.execute(text("ALTER TABLE amounts_v2 RENAME TO amounts"))
    for index in schema.amount_indexes(Table("amounts", MetaData(), autoload_with=conn)):
        index.create(conn)


# (version reached, step): applied in order to a database at an older version.
MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [(1, _create_v1), (2, _add_deal_terms)]
assert MIGRATIONS[-1][0] == schema.SCHEMA_VERSION, "the last migration must reach schema.SCHEMA_VERSION"


def stored_version(conn: Connection) -> int | None:
    """The database's schema version; None for an empty database. Raises for tables that are not ours."""
    tables = set(inspect(conn).get_table_names())
    if "newsfacts_meta" not in tables:
        if tables:
            raise DatabaseError(f"holds tables ({', '.join(sorted(tables)[:5])}) but is not a newsfacts database")
        return None
    value = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == VERSION_KEY)).scalar()
    if value is None or not value.isdigit():
        raise DatabaseError(f"has a newsfacts_meta table without a valid {VERSION_KEY}")
    return int(value)


def _stamp(conn: Connection, version: int, *, insert: bool) -> None:
    if insert:
        conn.execute(schema.meta.insert().values(key=VERSION_KEY, value=str(version)))
    else:
        conn.execute(schema.meta.update().where(schema.meta.c.key == VERSION_KEY).values(value=str(version)))


def upgrade(conn: Connection, *, target: int = schema.SCHEMA_VERSION) -> int:
    """Bring the database to `target` (a fresh one is created at it); returns the version it had (0 when empty)."""
    version = stored_version(conn)
    if version is not None and version > schema.SCHEMA_VERSION:
        raise DatabaseError(
            f"has schema version {version}, newer than this newsfacts knows ({schema.SCHEMA_VERSION}); "
            "upgrade newsfacts (pip install -U newsfacts) or write to another database"
        )
    if version is None and target == schema.SCHEMA_VERSION:
        schema.metadata.create_all(conn)
        _stamp(conn, target, insert=True)
        return 0
    for reached, step in MIGRATIONS:
        if (version or 0) < reached <= target:
            step(conn)
            _stamp(conn, reached, insert=reached == 1)
    return version or 0
