"""The seed article of SPEC §4 against its gold labels: everything found, correctly valued, nothing extra."""

from __future__ import annotations

import pytest

from pipeline.evaluate import read_gold, run_pipeline, score

from .conftest import SEED_GOLD


@pytest.fixture(scope="module")
def report(nlp):
    articles = read_gold(SEED_GOLD)
    return score(articles, run_pipeline(articles))


@pytest.mark.parametrize("label", ["ORG", "MONEY", "DATE", "PLACE"])
def test_every_gold_span_found_nothing_extra(report, label):
    misses = [
        f"{m.kind}: {(m.gold or m.pred).text!r} at {(m.gold or m.pred).start}"
        for m in report.mistakes
        if (m.gold or m.pred).label == label
    ]
    assert misses == []


def test_document_entity_sets(report):
    scores = report.scores()
    assert scores["doc"]["ORG"]["f1"] == 1.0 and scores["doc"]["PLACE"]["f1"] == 1.0


def test_every_seed_amount_gets_its_labeled_role_payer_and_payee(report):
    wrong = [f"{m.kind}: {m.gold.text!r}" for m in report.mistakes if m.kind.startswith("wrong ") and m.kind != "wrong value"]
    assert wrong == []
    assert report.scores()["deal_terms"] == {"role_accuracy": 1.0, "payer_accuracy": 1.0, "payee_accuracy": 1.0, "n": 6}
