"""The learned party weights (pipeline/extract/deals/party_vote.py, training.py): trained on the dev split only, up to
date with it, with deal_words.json and with the role weights, and the ranking and the vote doing what their
docstrings say."""

from __future__ import annotations

import pytest

import json

from pipeline.extract.deals import party_vote, training
from pipeline.extract.deals.grouping import Terms
from pipeline.extract.deals.learned import ROLE_MODEL_FILE
from pipeline.extract.deals.words import AMOUNT, ORG, WORD, DEAL_WORDS_FILE, Sentence, Token

from .conftest import ROOT, assert_unreadable

MODEL = json.loads(party_vote.PARTY_MODEL_FILE.read_text(encoding="utf-8"))


def test_the_model_is_trained_on_the_dev_split_only_and_is_up_to_date():
    dev = ROOT / "tests" / "gold" / "dev.jsonl"
    assert list(MODEL["trained_on"]) == ["tests/gold/dev.jsonl"], "train on dev only: the test split stays held out"
    assert MODEL["trained_on"]["tests/gold/dev.jsonl"] == training.digest(dev), "dev gold changed: run `make role-model`"
    assert MODEL["deal_words"] == training.digest(DEAL_WORDS_FILE), "deal_words.json changed: run `make role-model`"
    assert MODEL["role_model"] == training.digest(ROLE_MODEL_FILE), "role weights changed: run `make role-model`"
    assert (MODEL["rule_bonus"], MODEL["epochs"]) == (training.PARTY_RULE_BONUS, training.EPOCHS)


def _article(text: str, terms: list[Terms]) -> party_vote.Article:
    """One sentence; `Org1` ... `OrgN` are organizations 0..N-1 and `$` the amounts, in order."""
    tokens, orgs, amounts = [], 0, 0
    for pos, word in enumerate(text.split()):
        if word.startswith("Org"):
            tokens.append(Token(ORG, "<org>", pos, pos + 1, int(word[3:]) - 1))
            orgs = max(orgs, int(word[3:]))
        elif word == "$":
            tokens.append(Token(AMOUNT, "<amount>", pos, pos + 1, amounts))
            amounts += 1
        else:
            tokens.append(Token(WORD, word.lower(), pos, pos + 1))
    return party_vote.Article([Sentence(tokens, 0)], terms, [1] * orgs, frozenset(), frozenset(), None)


def test_candidates_are_nobody_then_the_organizations_with_where_they_stand():
    article = _article("Org1 will pay Org2 $ upfront", [Terms("upfront", 0, 1)])
    found = dict(party_vote.candidates(article, 0, "payer"))
    assert list(found) == [None, 0, 1]
    assert "payer|same_before" in found[0] and "payer|rule_pick" in found[0] and "payer|first_in_sentence=True" in found[0]
    assert "payer|upfront|is_other_slot" in found[1] and "payer|rule_pick" not in found[1]
    assert "payer|none|other=True" in found[None]


def test_the_pair_never_puts_one_organization_on_both_sides_and_the_rules_win_a_tie():
    model = party_vote.PartyModel({"payer|a": 5.0, "payee|a": 4.0, "payee|b": 3.0}, rule_bonus=1.0)
    payers = [(None, []), (0, ["payer|a"]), (1, [])]
    payees = [(None, []), (0, ["payee|a"]), (1, ["payee|b"])]
    assert model.pair(payers, payees, (None, None)) == (0, 1)  # 5 + 3, not 0 on both sides
    assert model.pair([(None, []), (0, [])], [(None, []), (1, [])], (0, 1)) == (0, 1)  # the bonus decides
    assert model.pair([(None, []), (0, [])], [(None, []), (1, [])], (None, None)) == (None, None)


def test_the_ranking_perceptron_learns_a_separable_set_the_same_way_every_time():
    # the payer is the organization after `from`, whatever the order
    data = [([(None, ["none"]), (0, ["prev=from"]), (1, ["prev=word"])], 1), ([(None, ["none"]), (0, ["prev=word"]), (1, ["prev=from"])], 2)] * 3
    weights = training.train_parties(data, epochs=4, seeds=(1, 2))
    assert weights == training.train_parties(data, epochs=4, seeds=(1, 2))
    model = party_vote.PartyModel(weights)
    assert model.pair([(None, ["none"]), (5, ["prev=from"]), (6, ["prev=word"])], [(None, [])], (None, None))[0] == 5


def test_without_a_model_or_while_training_the_rules_parties_stand(monkeypatch):
    terms = [Terms("upfront", 0, 1)]
    monkeypatch.setattr(party_vote, "load_party_model", lambda: None)
    party_vote.vote_parties(_article("Org1 will pay Org2 $ upfront", terms))
    assert (terms[0].payer, terms[0].payee) == (0, 1)
    seen = []
    token = party_vote.OBSERVE_PARTIES.set(lambda i, slot, found, rule: seen.append((i, slot, rule)))
    try:
        party_vote.vote_parties(_article("Org1 will pay Org2 $ upfront", terms))
    finally:
        party_vote.OBSERVE_PARTIES.reset(token)
    assert seen == [(0, "payer", 0), (0, "payee", 1)] and (terms[0].payer, terms[0].payee) == (0, 1)


def test_the_vote_sets_the_parties_and_a_conversion_takes_its_sources(monkeypatch):
    model = party_vote.PartyModel({"payer|prev=from": 9.0, "payee|same_before": 3.0})
    monkeypatch.setattr(party_vote, "load_party_model", lambda: model)
    terms = [Terms("financing", None, None), Terms("financing", None, None, converts=0)]
    party_vote.vote_parties(_article("Org1 raised $ ( $ ) from Org2", terms))
    assert [(t.payer, t.payee) for t in terms] == [(1, 0), (1, 0)]


def test_an_unreadable_model_file_is_a_clear_error(tmp_path, monkeypatch):
    bad = tmp_path / "party_model.json"
    bad.write_text('{"weights": {"payer|none": "many"}, "rule_bonus": 1}', encoding="utf-8")
    assert_unreadable(monkeypatch, party_vote, "PARTY_MODEL_FILE", bad, party_vote.load_party_model, party_vote.PartyModelError, "party_model.json")


def test_scoring_found_features_equals_scoring_their_named_forms():
    article = _article("Org1 will pay Org2 $ upfront after Org3", [Terms("upfront", 0, None)])
    features = {f for slot in ("payer", "payee") for _, named in party_vote.candidates(article, 0, slot) for f in named}
    # a weight per named feature, none the same, so that any feature counted wrongly changes a sum
    model = party_vote.PartyModel({f: (k + 1) / 7 for k, f in enumerate(sorted(features))}, rule_bonus=2.0)
    for slot, rule in (("payer", 0), ("payee", None)):
        role, found = party_vote._found(article, 0, slot)
        expected = model.scores(party_vote.candidates(article, 0, slot), rule)
        assert model.found_scores(slot, role, found) == pytest.approx(expected)
        assert model.found_scores(slot, role, found) == pytest.approx(expected)  # from the cache the second time
