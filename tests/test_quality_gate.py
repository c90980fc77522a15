"""CI gate: the pipeline's scores on the gold set stay at or above the floors in tests/gold/floors.json."""

from __future__ import annotations

import json

import pytest

from pipeline.evaluate import read_gold, run_pipeline, score

from .conftest import GOLD_DIR

FLOORS = json.loads((GOLD_DIR / "floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=["dev", "test"])
def split_scores(request, nlp):
    articles = read_gold(GOLD_DIR / f"{request.param}.jsonl")
    return request.param, score(articles, run_pipeline(articles)).scores()


def test_scores_at_or_above_floors(split_scores):
    split, scores = split_scores
    floors = FLOORS[split]
    assert scores["micro"]["relaxed"]["f1"] >= floors["micro_relaxed_f1"]
    for label, floor in floors["relaxed_f1"].items():
        assert scores["labels"][label]["relaxed"]["f1"] >= floor, label
    for label, floor in floors["value_accuracy"].items():
        assert (scores["labels"][label]["value_accuracy"] or 0.0) >= floor, label
    for label, floor in floors.get("doc_f1", {}).items():
        assert scores["doc"][label]["f1"] >= floor, f"document-level {label}"
    for name, floor in floors.get("deal_terms", {}).items():
        assert (scores["deal_terms"][name] or 0.0) >= floor, f"deal terms {name}"
