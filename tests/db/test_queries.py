"""The README's queries (pipeline/db/queries.sql) on the seed and gold articles, on SQLite and PostgreSQL.

The database is filled with records built from the hand labels (tests/db/records.py); each query's rows
are compared with the answer computed from the same labels in Python.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine

from pipeline.db.engine import parse
from pipeline.db.queries import query
from pipeline.db.writer import DatabaseSink

from . import records as gold


@pytest.fixture
def filled(db_url):
    labeled = gold.all_records()
    with DatabaseSink(db_url) as sink:
        for item in gold.rendered(labeled):
            sink.write(item)
    engine = create_engine(parse(db_url))
    yield engine, labeled
    engine.dispose()


def run(engine, name: str, **params) -> list:
    with engine.connect() as conn:
        return conn.execute(query(name), params).all()


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_big_amounts_by_payer(filled, year):
    engine, labeled = filled
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    rows = run(engine, "big_amounts_by_payer", min_usd=100e6, year_start=start, next_year_start=end)
    expected = gold.expected_big_amounts(labeled, min_usd=100e6, start=start, end=end)
    assert sorted((r.payer, r.article_id, r.amount_id) for r in rows) == expected
    assert all(r.usd_value > 100e6 for r in rows)
    assert [r.payer for r in rows] == sorted(r.payer for r in rows)


def test_big_amounts_of_the_seed_year_are_the_labeled_payers(filled):
    engine, _ = filled
    rows = run(engine, "big_amounts_by_payer", min_usd=100e6, year_start=dt.date(2026, 1, 1), next_year_start=dt.date(2027, 1, 1))
    seed = sorted((r.payer, r.text) for r in rows if r.article_id == "000_18d6ab6d74ca80e2")
    # The seed's labels: Roche invests 710 billion won (about $480 million); GSK pays up to $265 million in
    # milestones ($20 million upfront is under the threshold); Lilly's deal is worth more than $2.6 billion.
    assert seed == [("GSK", "$265 million"), ("Lilly", "$2.6 billion"), ("Roche", "$480 million"), ("Roche", "710 billion won")]


@pytest.mark.parametrize("week_start", ["2026-01-19", "2026-02-23", "2024-08-05"])
def test_most_mentioned_organizations_of_a_week(filled, week_start):
    engine, labeled = filled
    start = dt.date.fromisoformat(week_start)
    end = start + dt.timedelta(days=7)
    rows = run(engine, "most_mentioned_organizations", week_start=start, week_end=end, limit=1000)
    expected = gold.expected_mentioned(labeled, start=start, end=end)
    assert expected, "the week should hold labeled articles"
    assert {r.organization: r.articles for r in rows} == expected
    assert [r.articles for r in rows] == sorted((r.articles for r in rows), reverse=True)
    top = run(engine, "most_mentioned_organizations", week_start=start, week_end=end, limit=3)
    assert [r.articles for r in top] == [r.articles for r in rows[:3]]


def test_deals_with_a_korean_party(filled):
    engine, labeled = filled
    rows = run(engine, "deals_with_party_from", country="KR")
    assert sorted((r.article_id, r.deal_id, r.party) for r in rows) == gold.expected_deals_from(labeled, "KR")
    assert {(r.party, r.kind, r.headline) for r in rows} == {("Alteogen", "licensing", None), ("ABL Bio", "licensing", "$2.6 billion")}


def test_failed_articles(filled):
    engine, labeled = filled
    rows = run(engine, "failed_articles")
    assert [(r.id, r.error_type) for r in rows] == gold.expected_failed(labeled)
    assert all(r.error_message and r.source for r in rows)
