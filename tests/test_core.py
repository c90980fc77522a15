"""The extraction step: long articles split at boundaries and rejoined with body offsets; failures as records."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline import core
from pipeline.io import Article, InputError


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("para one.\n\npara two.\n\npara three.", 15),
        ("line one\nline two\nline three\nline four", 12),
        ("Sentence one. Sentence two. Sentence three.", 20),
        ("x" * 95, 10),  # no boundary at all: cut hard
        ("short", 100),
    ],
    ids=["paragraphs", "lines", "sentences", "no-boundary", "short"],
)
def test_split_text_keeps_every_character(text, limit):
    pieces = core.split_text(text, limit)
    assert "".join(pieces) == text
    assert all(0 < len(piece) <= limit for piece in pieces)


def test_split_prefers_paragraphs():
    text = "First paragraph here.\n\nSecond one. It has two sentences.\n\nThird."
    pieces = core.split_text(text, 40)
    assert pieces[0] == "First paragraph here.\n\n"


def test_long_article_offsets_are_body_offsets(nlp, monkeypatch):
    monkeypatch.setattr(core, "CHUNK_CHARS", 2_000)
    paragraph = "Quorvent Therapeutics opened a lab in Boston on March 3, 2025.\n\n"
    text = paragraph * 100
    doc = core.make_doc(nlp, text)
    assert doc.text == text
    places = [e for e in doc.ents if e.label_ == "GPE"]
    assert len(places) == 100
    assert all(text[e.start_char : e.end_char] == "Boston" for e in places)


def test_extractor_failure_becomes_an_error_record(nlp, monkeypatch):
    def broken(text, **kw):
        raise RuntimeError("boom")

    monkeypatch.setattr("pipeline.extract.money.extract_money", broken)
    items = [Article("a", "Roche paid $5 million.", dt.date(2025, 1, 1), "a.txt"), InputError("b", "b.txt", "empty", "m")]
    first, second = list(core.process(items, nlp))
    assert first.error.type == "internal" and "boom" in first.error.message
    assert second.error.type == "empty"


def test_dates_inside_amounts_are_dropped(nlp):
    from pipeline.extract.money import extract_money

    text = "The fund paid $2025 million for the stake."
    assert extract_money(text, published=dt.date(2025, 1, 1))  # precondition: an amount covering 2025
    record = core.extract(Article("a", text, dt.date(2025, 1, 1), "a.txt"), nlp(text))
    assert all(not (d.start < a.end and a.start < d.end) for d in record.dates for a in record.amounts)


@pytest.mark.parametrize(
    ("spans", "blockers", "kept"),
    [
        ([(0, 4), (10, 14), (20, 24)], [(12, 16)], [(0, 4), (20, 24)]),
        ([(0, 4)], [], [(0, 4)]),
        ([(5, 9)], [(0, 5), (9, 12)], [(5, 9)]),  # touching is not overlapping
        ([(5, 9)], [(0, 20)], []),
        ([(0, 30)], [(3, 4), (10, 12)], []),
    ],
)
def test_drop_overlapping(spans, blockers, kept):
    from pipeline.models import Mention

    def mentions(pairs):
        return [Mention(text="x" * (b - a), start=a, end=b) for a, b in pairs]

    result = core.drop_overlapping(mentions(spans), mentions(blockers))
    assert [(m.start, m.end) for m in result] == kept


@pytest.mark.parametrize(
    ("lengths", "groups"),
    [
        ([10, 20, 30, 40], [[10, 20, 30, 40]]),
        ([60, 50, 40, 10], [[60], [50, 40, 10]]),
        ([100, 100, 1], [[100], [100], [1]]),
        ([99, 1, 1], [[99, 1], [1]]),
        ([150, 5], [[150], [5]]),  # longer than the limit: alone (only long_articles reads longer ones)
        ([], []),
    ],
)
def test_ner_batches_keep_order_and_a_character_budget(lengths, groups):
    articles = [Article(f"a{i}", "x" * n, None, "a.txt") for i, n in enumerate(lengths)]
    batches = list(core.ner_batches(articles, 100))
    assert [[len(a.text) for a in batch] for batch in batches] == groups
    assert [a for batch in batches for a in batch] == articles


def test_ids_number_entities_and_mentions_in_order_and_deal_terms_refer_to_them(nlp):
    text = "Quillon Therapeutics will pay Hanbit Biologics $40 million upfront. Hanbit opened a plant in Seoul on March 3, 2025."
    result = core.extract(Article("a", text, dt.date(2025, 3, 5), "a.txt"), nlp(text))
    assert [o.id for o in result.organizations] == [f"org-{n}" for n in range(1, len(result.organizations) + 1)]
    assert [p.id for p in result.places] == ["place-1"] and [d.id for d in result.dates] == ["date-1"]
    (amount,) = result.amounts
    names = {o.id: o.name for o in result.organizations}
    assert (amount.id, amount.role.value, names[amount.payer], names[amount.payee]) == ("amount-1", "upfront", "Quillon Therapeutics", "Hanbit Biologics")
    assert [(d.id, d.kind.value, d.amounts) for d in result.deals] == [("deal-1", "licensing", ["amount-1"])]


LOADED_CHECK = """
import importlib, pkgutil, pipeline
from pipeline.core import load_tables
modules = [importlib.import_module(m.name) for m in pkgutil.walk_packages(pipeline.__path__, "pipeline.")
           if not m.name.startswith(("pipeline.__main__", "pipeline.db", "pipeline.dask_engine", "pipeline.render"))]
loaders = {f"{mod.__name__}.{name}": f for mod in modules for name, f in vars(mod).items()
           if (name.startswith("load_") or name == "calendar_words") and hasattr(f, "cache_info")
           and name not in ("load_nlp", "load_raw_nlp") and getattr(f, "__module__", "") == mod.__name__}
assert len(loaders) >= 10, sorted(loaders)
load_tables()
print(sorted(name for name, f in loaders.items() if f.cache_info().currsize == 0))
"""


def test_load_tables_loads_every_table():
    """Every cached table loader of the package (found by name, so a new one is checked too) has run after
    load_tables(), in a fresh process: a run loads them with the model, not during its first articles."""
    import subprocess
    import sys

    from .conftest import ROOT

    out = subprocess.run([sys.executable, "-c", LOADED_CHECK], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
