"""The learned role weights (pipeline/extract/deals/learned.py, training.py): trained on the dev split only, up to date
with it and with deal_words.json, and the perceptron and the vote doing what their docstrings say."""

from __future__ import annotations

import json

import pytest

from pipeline.extract.deals import learned, training
from pipeline.extract.deals.words import DEAL_WORDS_FILE, WORD, Sentence, Token

from .conftest import ROOT, assert_unreadable

MODEL = json.loads(learned.ROLE_MODEL_FILE.read_text(encoding="utf-8"))


def test_the_model_is_trained_on_the_dev_split_only_and_is_up_to_date():
    dev = ROOT / "tests" / "gold" / "dev.jsonl"
    assert list(MODEL["trained_on"]) == ["tests/gold/dev.jsonl"], "train on dev only: the test split stays held out"
    assert MODEL["trained_on"]["tests/gold/dev.jsonl"] == training.digest(dev), "dev gold changed: run `make role-model`"
    assert MODEL["deal_words"] == training.digest(DEAL_WORDS_FILE), "deal_words.json changed: run `make role-model`"
    written = (MODEL["bonus_by_cue"], MODEL["epochs"])
    assert written == ([list(tier) for tier in training.BONUS_BY_CUE], training.EPOCHS)


def _toy():
    # two roles told apart by the word after the amount; the bias and a shared word carry no signal
    up = [["bias", "a0=upfron", "bw=paid"], ["bias", "a0=upfron", "bw=will"]]
    ms = [["bias", "a0=milest", "bw=paid"], ["bias", "a0=milest", "bw=will"]]
    return [(f, "upfront") for f in up] * 3 + [(f, "milestones") for f in ms] * 3


def test_the_perceptron_learns_a_separable_set_the_same_way_every_time():
    weights = training.train(_toy(), epochs=4, seeds=(1, 2))
    assert weights == training.train(_toy(), epochs=4, seeds=(1, 2))
    model = learned.RoleModel(weights, 0.0)
    assert model.role(["bias", "a0=upfron", "bw=said"], "other") == "upfront"
    assert model.role(["bias", "a0=milest", "bw=said"], "other") == "milestones"


def test_features_seen_once_get_no_weight():
    data = _toy() + [(["bias", "a0=royalt"], "royalties")]
    assert "a0=royalt" not in training.train(data, epochs=4, seeds=(1,))


def _sentence(text: str) -> Sentence:
    tokens, pos = [], 0
    for word in text.split():
        tokens.append(Token(WORD, word.lower(), pos, pos + len(word), 0))
        pos += len(word) + 1
    return Sentence(tokens, 0)


def test_a_clear_cue_needs_more_votes_to_be_overruled_than_a_context_cue(monkeypatch):
    model = learned.RoleModel({"a0=upfron": {"upfront": 5.0}}, [(1.5, 6.0), (float("inf"), 2.0)])
    monkeypatch.setattr(learned, "load_role_model", lambda: model)
    sentence = _sentence("it pays X upfront")
    assert learned.learned_role(sentence, 2, "other", 0.5, 1e6) == "other"  # a cue of its clause scored 0.5: 6 beats 5
    assert learned.learned_role(sentence, 2, "other", 10.2, 1e6) == "upfront"  # a context cue: outvoted 5 to 2
    strong = learned.RoleModel({"a0=upfron": {"upfront": 9.0}}, [(1.5, 6.0), (float("inf"), 2.0)])
    assert strong.role(["a0=upfron"], "other", 0.5) == "upfront"  # strong evidence outvotes even a clear cue
    assert learned.RoleModel({"a0=upfron": {"upfront": 1.0}}, 2.0).role(["a0=upfron"], "other") == "other"


def test_the_bonus_is_the_first_tier_the_cue_score_is_under_and_the_last_for_no_cue():
    model = learned.RoleModel({}, [(1.5, 16.0), (10.0, 8.0), (30.0, 17.0), (float("inf"), 5.0)])
    assert [model.bonus(cue) for cue in (0.0, 1.49, 1.5, 9.99, 10.85, 30.0, 61.2, float("inf"))] == [16, 16, 8, 8, 17, 5, 5, 5]


def test_the_sentence_naming_a_public_body_or_a_government_is_a_feature():
    sentence = _sentence("the ministry pays X")
    assert {"public=True", "gov_word=True"} <= set(learned.features(sentence, 3, 1e6, True, True))
    assert {"public=False", "gov_word=False"} <= set(learned.features(sentence, 3, 1e6))


def test_without_a_model_or_while_training_the_rule_role_stands(monkeypatch):
    sentence = _sentence("it pays X upfront")
    monkeypatch.setattr(learned, "load_role_model", lambda: None)
    assert learned.learned_role(sentence, 2, "other", 10.0, 1e6) == "other"
    seen = []
    token = learned.OBSERVE.set(lambda ref, found, role: seen.append((ref, role, found)))
    try:
        assert learned.learned_role(sentence, 2, "cost", 10.0, 1e6) == "cost"
    finally:
        learned.OBSERVE.reset(token)
    assert seen and seen[0][:2] == (0, "cost") and "a0=upfron" in seen[0][2]


def test_an_unreadable_model_file_is_a_clear_error(tmp_path, monkeypatch):
    bad = tmp_path / "role_model.json"
    bad.write_text('{"weights": {"bias": {"upfront": "many"}}, "bonus_by_cue": [[null, 1]]}', encoding="utf-8")
    assert_unreadable(monkeypatch, learned, "ROLE_MODEL_FILE", bad, learned.load_role_model, learned.RoleModelError, "role_model.json")


def test_training_names_a_missing_gold_file(capsys):
    with pytest.raises(SystemExit):
        training.main(["no/such/gold.jsonl"])
    assert "no such gold file" in capsys.readouterr().err


def test_scores_name_only_the_roles_some_feature_weighs_and_sum_repeats():
    model = learned.RoleModel({"a": {"upfront": 1.5, "royalties": -2.0}, "b": {"upfront": 0.25}, "c": {"royalties": -1.0}}, 0.0)
    assert model.scores(["a", "b", "unseen", "a"]) == {"upfront": 3.25, "royalties": -4.0}
    assert model.scores(["unseen"]) == {}
    assert model.role(["a"], "cost", cue=0.0) == "upfront"
    # `c` weighs royalties only: the rule role stands though negative, no role `c` never named wins at 0
    assert model.role(["c"], "royalties", cue=0.0) == "royalties"
