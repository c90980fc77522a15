"""Tests of place extraction and normalization: aliases, kinds, country codes, grouping and exclusions (SPEC §3 PLACE)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from pipeline.extract.places import extract_places
from pipeline.models import Mention, Organization
from pipeline.normalize.geo import fold, is_known_country_or_state, is_not_place, resolve_place

CASES = Path(__file__).resolve().parents[1] / "cases"
ENGLISH_VOCAB = spacy.blank("en").vocab


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (CASES / name).read_text(encoding="utf-8").splitlines() if line.strip()]


POSITIVE = _rows("places.jsonl")
NEGATIVE = _rows("places_negative.jsonl")
NAMES = _rows("place_names.jsonl")


def _summary(places) -> list[dict]:
    return [
        {"name": p.name, "kind": p.kind.value, "country_code": p.country_code, "mentions": [m.text for m in p.mentions]}
        for p in places
    ]


# ---------------------------------------------------------------- with the model (one shared pipeline)


def _extract(nlp, text: str):
    from pipeline.extract.orgs import extract_organizations

    doc = nlp(text)
    return extract_places(doc, organizations=extract_organizations(doc))


@pytest.mark.parametrize("case", POSITIVE, ids=[c["id"] for c in POSITIVE])
def test_place_cases(nlp, case):
    found = _extract(nlp, case["text"])
    for place in found:
        for m in place.mentions:
            assert case["text"][m.start : m.end] == m.text
    assert _summary(found) == case["expected"]


@pytest.mark.parametrize("case", NEGATIVE, ids=[c["id"] for c in NEGATIVE])
def test_text_without_places(nlp, case):
    assert _extract(nlp, case["text"]) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_arbitrary_text_never_crashes(nlp, text):
    for place in _extract(nlp, text):
        assert all(text[m.start : m.end] == m.text for m in place.mentions)


# ---------------------------------------------------------------- hand-built docs (no statistical model)


def _doc(words: list[str], ents: list[str], spaces: list[bool] | None = None) -> Doc:
    return Doc(ENGLISH_VOCAB, words=words, spaces=spaces, ents=ents)


def test_city_and_state_in_one_entity_are_two_places():
    doc = _doc(["in", "Cambridge", ",", "Massachusetts", "today"], ["O", "B-GPE", "I-GPE", "I-GPE", "O"], [True, False, True, True, False])
    assert _summary(extract_places(doc)) == [
        {"name": "Cambridge", "kind": "city", "country_code": "US", "mentions": ["Cambridge"]},
        {"name": "Massachusetts", "kind": "state", "country_code": "US", "mentions": ["Massachusetts"]},
    ]


def test_city_without_context_is_the_most_populous():
    doc = _doc(["in", "Cambridge", "today"], ["O", "B-GPE", "O"])
    assert _summary(extract_places(doc))[0]["country_code"] == "GB"


def test_place_inside_an_organization_is_skipped():
    doc = _doc(["Bank", "of", "Korea", "and", "Korea"], ["O", "O", "B-GPE", "O", "B-GPE"])
    org = Organization(name="Bank of Korea", canonical=None, mentions=[Mention(text="Bank of Korea", start=0, end=13)])
    places = extract_places(doc, organizations=[org])
    assert [(m.text, m.start) for p in places for m in p.mentions] == [("Korea", 18)]


def test_unlabeled_repeat_of_a_place_is_found():
    doc = _doc(["Korea", "grew", ".", "Korea", "won"], ["B-GPE", "O", "O", "O", "O"], [True, False, True, True, False])
    assert _summary(extract_places(doc)) == [
        {"name": "South Korea", "kind": "country", "country_code": "KR", "mentions": ["Korea", "Korea"]}
    ]


def test_country_mislabeled_as_org_is_a_place():
    doc = _doc(["Germany", "signed"], ["B-ORG", "O"])
    assert _summary(extract_places(doc)) == [{"name": "Germany", "kind": "country", "country_code": "DE", "mentions": ["Germany"]}]


def test_unknown_gpe_is_kind_other_and_loc_is_region():
    doc = _doc(["in", "Zorvania", "and", "Blue", "Ridge", "Flats"], ["O", "B-GPE", "O", "B-LOC", "I-LOC", "I-LOC"])
    assert _summary(extract_places(doc)) == [
        {"name": "Zorvania", "kind": "other", "country_code": None, "mentions": ["Zorvania"]},
        {"name": "Blue Ridge Flats", "kind": "region", "country_code": None, "mentions": ["Blue Ridge Flats"]},
    ]


def test_nationality_tagged_gpe_is_dropped():
    doc = _doc(["Korean", "firms"], ["B-GPE", "O"])
    assert extract_places(doc) == []


def test_leading_the_is_not_in_the_span():
    doc = _doc(["in", "the", "Middle", "East"], ["O", "B-LOC", "I-LOC", "I-LOC"])
    assert [m.text for p in extract_places(doc) for m in p.mentions] == ["Middle East"]


def test_word_before_that_completes_a_known_name_is_taken_in():
    doc = _doc(["in", "North", "Korea"], ["O", "O", "B-GPE"])
    assert _summary(extract_places(doc)) == [{"name": "North Korea", "kind": "country", "country_code": "KP", "mentions": ["North Korea"]}]


# ---------------------------------------------------------------- the normalizer


@pytest.mark.parametrize("row", NAMES, ids=[r["text"] for r in NAMES])
def test_resolve_place(row):
    info = resolve_place(row["text"])
    assert info is not None
    assert (info.name, info.kind.value, info.country_code) == (row["name"], row["kind"], row["country_code"])


@pytest.mark.parametrize("text", ["Korean", "Asian", "Chinese", "American", "Nowhereville Flats", "", "IPO", "DKK", "Dkk"])
def test_resolve_nothing(text):
    assert resolve_place(text) is None


def test_city_restricted_to_a_state():
    info = resolve_place("Cambridge", country_code="US", admin1="MA")
    assert (info.kind.value, info.country_code, info.admin1) == ("city", "US", "MA")


@pytest.mark.parametrize(("text", "expected"), [("Korean", True), ("South Korean", True), ("Korea", False)])
def test_nationality_adjectives(text, expected):
    assert is_not_place(text) is expected


@pytest.mark.parametrize(("text", "expected"), [("Germany", True), ("Texas", True), ("U.S.", True), ("Boston", False), ("Europe", False)])
def test_known_country_or_state(text, expected):
    assert is_known_country_or_state(text) is expected


def test_unlabeled_country_is_found_and_city_needs_a_cue():
    doc = _doc(["Germany", "and", "Lyon", "grew", "in", "Paris"], ["O"] * 6)
    assert [(m.text, m.start) for p in extract_places(doc) for m in p.mentions] == [("Germany", 0), ("Paris", 25)]


def test_unknown_one_word_gpe_needs_a_cue():
    doc = _doc(["Zorvexa", "sold", "well", "in", "Qarnel", "and", "sales", "of", "Glucavir"], ["B-GPE", "O", "O", "O", "B-GPE", "O", "O", "O", "B-GPE"])
    assert [m.text for p in extract_places(doc) for m in p.mentions] == ["Qarnel"]


@pytest.mark.parametrize(("text", "expected"), [("US", True), ("Us", False), ("Germany", True), ("germany", False), ("Lyon", False)])
def test_major_place(text, expected):
    from pipeline.normalize.geo import is_major_place

    assert is_major_place(text) is expected


def test_fold():
    assert fold("the  Zürich\u2019s") == "zurich's"


def test_trailing_common_word_is_not_part_of_the_place():
    # `Songdo district`: the span is the name alone (SPEC §3); the kind of a district is not what this checks.
    doc = _doc(["a", "plant", "in", "Songdo", "district", "."], ["O", "O", "O", "B-GPE", "I-GPE", "O"])
    assert [m.text for p in extract_places(doc) for m in p.mentions] == ["Songdo"]
