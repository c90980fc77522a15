"""The current database schema (version 2): one row per article, one per entity, mention, amount, date and deal.

Every table but `newsfacts_meta` is keyed by the article id first, so an article's rows are found, replaced and
deleted together; entity, amount, date and deal ids are the record's (`org-1`, `amount-3`, ...) and unique only
within their article. A fresh database is created from these tables; older ones reach them through
`pipeline/db/migrations.py`.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
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
)
from sqlalchemy.dialects.postgresql import JSONB

SCHEMA_VERSION = 2

# Deterministic constraint names, so a migrated database and a fresh one carry the same names.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "pk": "pk_%(table_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s",
}

# The full record as JSON: JSONB on PostgreSQL (queryable with ->, @>), JSON text on SQLite.
RecordJSON = JSON().with_variant(JSONB(), "postgresql")
ORG_KEY = ["organizations.article_id", "organizations.entity_id"]


def _article_fk(table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE", name=f"fk_{table}_article_id")


def _span_columns() -> list[Column]:
    return [Column("text", Text, nullable=False), Column("start", Integer, nullable=False), Column("end", Integer, nullable=False)]


def define(metadata: MetaData) -> None:
    """Add the version-2 tables to `metadata` (a function, so the migration can build them in a MetaData of its own)."""
    _define_articles(metadata)
    _define_entities(metadata)
    _define_amounts(metadata, "amounts")
    _define_dates(metadata)
    _define_deals(metadata)


def _define_articles(metadata: MetaData) -> None:
    Table(
        "newsfacts_meta", metadata,
        Column("key", String(64), primary_key=True),
        Column("value", Text, nullable=False),
    )
    Table(
        "articles", metadata,
        Column("id", Text, primary_key=True),
        Column("source", Text, nullable=False),
        Column("published", Date),
        Column("text_sha256", String(64)),
        Column("text_length", Integer),
        Column("schema_version", String(16), nullable=False),
        Column("extracted_at", DateTime(timezone=True), nullable=False),
        Column("newsfacts_version", String(32), nullable=False),
        Column("error_type", Text),
        Column("error_message", Text),
        Column("record_sha256", String(64), nullable=False),
        Column("record", RecordJSON, nullable=False),
        Index("ix_articles_published", "published"),
        Index("ix_articles_error_type", "error_type"),
    )


def _define_entities(metadata: MetaData) -> None:
    Table(
        "organizations", metadata,
        Column("article_id", Text, nullable=False),
        Column("entity_id", String(32), nullable=False),
        Column("name", Text, nullable=False),
        Column("canonical", Text),
        Column("country_code", String(2)),
        PrimaryKeyConstraint("article_id", "entity_id", name="pk_organizations"),
        _article_fk("organizations"),
        Index("ix_organizations_name", "name"),
        Index("ix_organizations_canonical", "canonical"),
        Index("ix_organizations_country_code", "country_code"),
    )
    Table(
        "places", metadata,
        Column("article_id", Text, nullable=False),
        Column("entity_id", String(32), nullable=False),
        Column("name", Text, nullable=False),
        Column("kind", String(16), nullable=False),
        Column("country_code", String(2)),
        PrimaryKeyConstraint("article_id", "entity_id", name="pk_places"),
        _article_fk("places"),
        Index("ix_places_country_code", "country_code"),
    )
    Table(
        "mentions", metadata,
        Column("article_id", Text, nullable=False),
        Column("entity_id", String(32), nullable=False),
        Column("label", String(8), nullable=False),
        *_span_columns(),
        PrimaryKeyConstraint("article_id", "entity_id", "start", name="pk_mentions"),
        _article_fk("mentions"),
    )


def _define_dates(metadata: MetaData) -> None:
    Table(
        "dates", metadata,
        Column("article_id", Text, nullable=False),
        Column("date_id", String(32), nullable=False),
        *_span_columns(),
        Column("kind", String(16), nullable=False),
        Column("value", Text),
        Column("start_date", Date),
        Column("end_date", Date),
        Column("granularity", String(16)),
        Column("relative", Boolean, nullable=False),
        PrimaryKeyConstraint("article_id", "date_id", name="pk_dates"),
        _article_fk("dates"),
        Index("ix_dates_start_date", "start_date"),
    )


def _define_amounts(metadata: MetaData, name: str) -> Table:
    """The amounts table under `name` (the migration builds it under a temporary name, then renames it)."""
    return Table(
        name, metadata,
        Column("article_id", Text, nullable=False),
        Column("amount_id", String(32), nullable=False),
        *_span_columns(),
        Column("value", Double),
        Column("currency", String(3)),
        Column("modifier", String(16), nullable=False),
        Column("low", Double),
        Column("high", Double),
        Column("usd_value", Double),
        Column("usd_rate_date", Date),
        Column("role", String(32)),
        Column("payer", String(32)),
        Column("payee", String(32)),
        Column("deal", String(32)),
        PrimaryKeyConstraint("article_id", "amount_id", name=f"pk_{name}"),
        _article_fk(name),
        ForeignKeyConstraint(["article_id", "payer"], ORG_KEY, name=f"fk_{name}_payer"),
        ForeignKeyConstraint(["article_id", "payee"], ORG_KEY, name=f"fk_{name}_payee"),
        ForeignKeyConstraint(["article_id", "deal"], ["deals.article_id", "deals.deal_id"], name=f"fk_{name}_deal"),
    )


def amount_indexes(table: Table) -> list[Index]:
    """Indexes of the amounts table, created after the table so the migration can rename it first."""
    return [
        Index("ix_amounts_usd_value", table.c.usd_value),
        Index("ix_amounts_payer", table.c.article_id, table.c.payer),
        Index("ix_amounts_payee", table.c.article_id, table.c.payee),
        Index("ix_amounts_deal", table.c.article_id, table.c.deal),
    ]


def _define_deals(metadata: MetaData) -> None:
    Table(
        "deals", metadata,
        Column("article_id", Text, nullable=False),
        Column("deal_id", String(32), nullable=False),
        Column("kind", String(32), nullable=False),
        Column("headline", String(32)),
        PrimaryKeyConstraint("article_id", "deal_id", name="pk_deals"),
        # `headline` is an amount id of the same article; it has no foreign key because amounts point at
        # deals (amounts.deal), and a cycle of keys would need deferred checks on both engines.
        _article_fk("deals"),
    )
    Table(
        "deal_parties", metadata,
        Column("article_id", Text, nullable=False),
        Column("deal_id", String(32), nullable=False),
        Column("org_id", String(32), nullable=False),
        PrimaryKeyConstraint("article_id", "deal_id", "org_id", name="pk_deal_parties"),
        _article_fk("deal_parties"),
        ForeignKeyConstraint(["article_id", "deal_id"], ["deals.article_id", "deals.deal_id"], name="fk_deal_parties_deal"),
        ForeignKeyConstraint(["article_id", "org_id"], ORG_KEY, name="fk_deal_parties_org"),
        Index("ix_deal_parties_org", "article_id", "org_id"),
    )


metadata = MetaData(naming_convention=NAMING)
define(metadata)
amount_indexes(metadata.tables["amounts"])  # an Index built on a table's columns attaches itself to it

articles = metadata.tables["articles"]
organizations = metadata.tables["organizations"]
places = metadata.tables["places"]
mentions = metadata.tables["mentions"]
amounts = metadata.tables["amounts"]
dates = metadata.tables["dates"]
deals = metadata.tables["deals"]
deal_parties = metadata.tables["deal_parties"]
meta = metadata.tables["newsfacts_meta"]

# Child tables in the order an article's rows are deleted (referencing tables first) and inserted (reversed).
CHILD_TABLES = (deal_parties, amounts, deals, dates, mentions, places, organizations)
