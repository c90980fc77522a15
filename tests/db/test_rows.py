"""Records as rows without a database: the checks made before writing, and how --out URLs are read."""

from __future__ import annotations

import copy

import pytest

from pipeline.db import DatabaseError, is_database_url
from pipeline.db.engine import describe, parse
from pipeline.db.rows import article_rows, problem

from . import records as gold

SEED_ID = "000_18d6ab6d74ca80e2"


def rows_of(record: dict):
    return article_rows(record, key=record["id"], record_sha256="x", extracted_at=None, newsfacts_version="t")


@pytest.fixture(scope="module")
def seed() -> dict:
    return next(r for r in gold.all_records() if r["id"] == SEED_ID)


def test_the_labeled_seed_fits(seed):
    assert problem(rows_of(seed)) is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r["amounts"][0].update(payee="org-99"), "amount-1's payee 'org-99'"),
        (lambda r: r["amounts"][2].update(deal="deal-9"), "amount-3's deal 'deal-9'"),
        (lambda r: r["deals"][1]["parties"].append("org-42"), "deal-2's party 'org-42'"),
        (lambda r: r["deals"][2].update(headline="amount-77"), "deal-3's headline 'amount-77'"),
        (lambda r: r["organizations"][1].update(id="org-1"), "two organizations rows"),
        (lambda r: r["dates"][1].update(id="date-1"), "two dates rows"),
    ],
    ids=["payee", "deal", "party", "headline", "org-id-twice", "date-id-twice"],
)
def test_a_record_that_breaks_a_key_or_reference_is_named(seed, change, message):
    broken = copy.deepcopy(seed)
    change(broken)
    assert message in (problem(rows_of(broken)) or "")


def test_a_party_named_twice_is_one_party(seed):
    twice = copy.deepcopy(seed)
    twice["deals"][1]["parties"].append(twice["deals"][1]["parties"][0])
    rows = rows_of(twice)
    assert problem(rows) is None
    assert len([p for p in rows.children["deal_parties"] if p["deal_id"] == "deal-2"]) == 2


def test_usd_value_of_a_dollar_amount_is_its_value(seed):
    amounts = {row["text"]: row for row in rows_of(seed).children["amounts"]}
    assert amounts["$480 million"]["usd_value"] == 480_000_000
    assert amounts["710 billion won"]["usd_value"] == seed["amounts"][0]["usd_value"]


@pytest.mark.parametrize(
    ("out", "database"),
    [("sqlite:///output/newsfacts.db", True), ("postgresql://u@h:5432/db", True), ("postgres://u@h/db", True),
     ("output", False), ("out.jsonl", False), ("-", False), ("sqlite.jsonl", False), ("mysql://u@h/db", True)],
)
def test_which_outs_are_databases(out, database):
    assert is_database_url(out) is database


def test_urls_are_read_with_psycopg_and_named_without_password():
    url = parse("postgresql://alice:s3cret@db.example:5433/news")
    assert url.drivername == "postgresql+psycopg"
    assert describe(url) == "PostgreSQL database postgresql://alice:***@db.example:5433/news"
    assert describe(parse("sqlite:///output/newsfacts.db")) == "SQLite database output/newsfacts.db"


@pytest.mark.parametrize("out", ["sqlite://", "sqlite:///:memory:", "postgresql+nosuch://x", "mysql://u@h/db"])
def test_urls_that_name_no_usable_database_are_refused(out):
    with pytest.raises(DatabaseError):
        parse(out)


def test_an_unusable_database_url_is_a_usage_error():
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(app, ["extract", "seeds", "--out", "mysql://u@h/db"])
    assert result.exit_code == 2 and "unsupported database 'mysql'" in result.output
