"""The hand-labeled gold set: JSONL in step with its markup, offsets and attributes well-formed, big enough."""

from __future__ import annotations

import collections
import datetime as dt
import importlib.util
import re

import pytest

from pipeline.evaluate import read_gold

from .conftest import GOLD_DIR, SEED_GOLD


def _build_module():
    spec = importlib.util.spec_from_file_location("gold_build", GOLD_DIR / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_articles():
    return [a for split in ("dev", "test") for a in read_gold(GOLD_DIR / f"{split}.jsonl")]


def test_jsonl_is_built_from_the_markup():
    for split, text in _build_module().build().items():
        assert (GOLD_DIR / f"{split}.jsonl").read_text(encoding="utf-8") == text, "run `python3 tests/gold/build.py`"


def test_size_of_the_gold_set():
    articles = gold_articles()
    labels = collections.Counter(s.label for a in articles for s in a.spans)
    assert len(articles) >= 40
    assert sum(labels.values()) >= 1000
    assert min(labels[label] for label in ("ORG", "MONEY", "DATE", "PLACE")) >= 150, labels


def test_dev_and_test_are_disjoint():
    dev = {a.id for a in read_gold(GOLD_DIR / "dev.jsonl")}
    test = {a.id for a in read_gold(GOLD_DIR / "test.jsonl")}
    assert dev and test and not dev & test


@pytest.mark.parametrize("article", gold_articles() + read_gold(SEED_GOLD), ids=lambda a: a.id)
def test_spans_well_formed(article):
    assert article.published is not None
    by_label = collections.defaultdict(list)
    for span in [*article.spans, *article.optional]:
        assert article.text[span.start : span.end] == span.text
        assert span.text == span.text.strip(), f"{span.text!r} has outer spaces"
        by_label[span.label].append(span)
    for label, spans in by_label.items():
        spans.sort(key=lambda s: s.start)
        for a, b in zip(spans, spans[1:]):
            assert a.end <= b.start, f"overlapping {label} spans {a.text!r} and {b.text!r}"
    for span in article.spans:
        attrs = span.attrs
        if span.label == "DATE":
            if attrs["kind"] != "duration":
                start, end = dt.date.fromisoformat(attrs["start_date"]), dt.date.fromisoformat(attrs["end_date"])
                assert start <= end, span.text
            else:
                assert re.fullmatch(r"P\d+(\.\d+)?[YMWD]", attrs["value"]), attrs["value"]
            assert not re.match(r"(?i)(in|on|by|since|from|between|until|through|during|over|within|for) ", span.text)
        elif span.label == "MONEY":
            assert not re.match(r"(?i)(about|approximately|up to|more than|over|at least|nearly|between) ", span.text)
            if attrs["modifier"] == "range":
                assert attrs.get("value") is None and attrs["low"] < attrs["high"]
            else:
                assert attrs["value"] > 0
        elif span.label in ("ORG", "PLACE"):
            assert not span.text.lower().startswith("the "), span.text
            # A possessive stays outside (SPEC §3), unless the 's is the name's own: the article writes it inside a
            # longer name too (`Dr. Reddy's` of `Dr. Reddy's Laboratories`).
            if re.search(r"['’]s$", span.text):
                assert re.search(re.escape(span.text) + r" [A-Z]", article.text), span.text


@pytest.mark.parametrize("article", gold_articles() + read_gold(SEED_GOLD), ids=lambda a: a.id)
def test_payer_and_payee_are_org_mentions_of_the_article(article):
    names = {span.text for span in article.spans if span.label == "ORG"}
    for span in article.spans:
        for party in ("payer", "payee"):
            name = span.attrs.get(party)
            assert name is None or name in names, f"{span.text!r}: {party} {name!r} is none of the article's ORG mentions"


def test_every_money_span_has_a_role():
    missing = [(a.id, s.text) for a in gold_articles() + read_gold(SEED_GOLD) for s in a.spans if s.label == "MONEY" and "role" not in s.attrs]
    assert missing == []
