"""Tests of organization extraction: gazetteer, entity-ruler shapes, boundary rules, filters and grouping (SPEC §3 ORG)."""

from __future__ import annotations

import gc
import json
import time
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from pipeline.extract.orgs import extract_organizations
from pipeline.extract.orgs.boundaries import complete_name, trim_span
from pipeline.extract.orgs.gazetteer import canonical_name, load_gazetteer, load_org_data
from pipeline.extract.orgs.generic import is_event, is_generic, is_nationality_phrase, is_numbered_term
from pipeline.extract.orgs.grouping import defines_abbreviation, group_mentions, is_acronym, is_short_form, short_forms
from pipeline.extract.orgs.people import is_person
from pipeline.extract.orgs.products import looks_like_inn
from pipeline.extract.orgs.tokens import OrgMention
from pipeline.extract.ruler import add_entity_rules
from pipeline.extract.view import DocView

CASES = Path(__file__).resolve().parents[1] / "cases"


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (CASES / name).read_text(encoding="utf-8").splitlines() if line.strip()]


POSITIVE = _rows("orgs.jsonl")
NEGATIVE = _rows("orgs_negative.jsonl")


def _summary(found) -> list[dict]:
    return [{"name": o.name, "canonical": o.canonical, "mentions": [m.text for m in o.mentions]} for o in found]


# ---------------------------------------------------------------- with the model (one shared pipeline)


def _case_id(case: dict) -> str:
    # The rule first, so `pytest -k <rule>` runs that rule's cases.
    return f"{case['rule']}-{case['id']}"


@pytest.mark.parametrize("case", POSITIVE, ids=[_case_id(c) for c in POSITIVE])
def test_organization_cases(nlp, case):
    doc = nlp(case["text"])
    found = extract_organizations(doc)
    for org in found:
        for m in org.mentions:
            assert case["text"][m.start : m.end] == m.text
    assert _summary(found) == case["expected"]


@pytest.mark.parametrize("case", NEGATIVE, ids=[_case_id(c) for c in NEGATIVE])
def test_text_without_organizations(nlp, case):
    assert extract_organizations(nlp(case["text"])) == []


def _rule_functions() -> set[str]:
    """The functions defined in the modules of pipeline/extract/orgs/: the rules a case may name."""
    import importlib
    import inspect
    import pkgutil

    import pipeline.extract.orgs as package

    def defined_in(module) -> set[str]:
        # lru_cache-wrapped rules (`canonical_name`) are callables that keep their module, not plain functions.
        return {
            name
            for name, f in inspect.getmembers(module, callable)
            if not inspect.isclass(f) and getattr(f, "__module__", None) == module.__name__
        }

    names = defined_in(package)
    for module_info in pkgutil.iter_modules(package.__path__):
        names |= defined_in(importlib.import_module(f"{package.__name__}.{module_info.name}"))
    return names


def test_every_case_names_an_existing_rule():
    rules = _rule_functions()
    assert [(c["id"], c.get("rule")) for c in POSITIVE + NEGATIVE if c.get("rule") not in rules] == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_arbitrary_text_never_crashes(nlp, text):
    for org in extract_organizations(nlp(text)):
        assert org.mentions and all(text[m.start : m.end] == m.text for m in org.mentions)


def test_bug_capitalized_words_around_names_do_not_join_them(nlp):
    found = extract_organizations(nlp("Despite Quellara Therapeutics and Bank of America, the deal closed."))
    assert [o.name for o in found] == ["Quellara Therapeutics", "Bank of America"]


# ---------------------------------------------------------------- the entity ruler alone (no statistical model)


@pytest.fixture(scope="module")
def ruler_only():
    blank = spacy.blank("en")
    add_entity_rules(blank)
    return blank


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pfizer and Merck KGaA sued.", ["Pfizer", "Merck KGaA"]),
        ("We met Quellara Therapeutics today.", ["Quellara Therapeutics"]),
        ("The Tarvon Bio team grew.", ["Tarvon Bio"]),
        ("Orsolo Pharma Co., Ltd. agreed.", ["Orsolo Pharma Co., Ltd."]),
        ("Brevant Holdings Inc. agreed.", ["Brevant Holdings Inc."]),
        ("It was the University of Lagos and Bank of America.", ["University of Lagos", "Bank of America"]),
        ("The Ministry of Food and Drug Safety said so.", ["Ministry of Food and Drug Safety"]),
        ("Despite Biotech gains, Chinese Biotech lagged.", []),
        ("Big Pharma spends.", []),
        ("Lilly and Novo were quiet.", []),
    ],
    ids=["gazetteer", "therapeutics", "bio-after-the", "co-ltd", "holdings-inc", "of-names", "of-and", "sentence-words", "big-pharma", "weak-aliases-not-forced"],
)
def test_ruler_patterns(ruler_only, text, expected):
    assert [e.text for e in ruler_only(text).ents] == expected


def test_ruler_is_added_once():
    blank = spacy.blank("en")
    add_entity_rules(blank)
    add_entity_rules(blank)
    assert blank.pipe_names == ["org_ruler"]


# ---------------------------------------------------------------- pure rules


ENGLISH_VOCAB = spacy.blank("en").vocab


def _doc(words: list[str]) -> DocView:
    return DocView(Doc(ENGLISH_VOCAB, words=words))


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["the", "Carlyle", "Group"], "Carlyle Group"),
        (["The", "Carlyle", "Group"], "Carlyle Group"),
        (["Pfizer", "\u2019s"], "Pfizer"),
        (["Amgen", "'s"], "Amgen"),
        (["Big", "Pharma", "dollars"], "Big Pharma"),
        (["bluebird", "bio"], "bluebird bio"),
        (["Bank", "of"], "Bank"),
        (["Orsolo", ","], "Orsolo"),
        (["the"], None),
        (["schizophrenia", "drug", "Seralta"], "Seralta"),
    ],
    ids=["lower-the", "upper-the", "curly-possessive", "straight-possessive", "trailing-common-word", "lowercase-name-word", "dangling-connector", "trailing-comma", "only-the", "leading-context-words"],
)
def test_trim_span(words, expected):
    doc = _doc(words)
    bounds = trim_span(doc, 0, len(doc))
    assert (doc.span_text(*bounds) if bounds else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lilly", "Eli Lilly and Company"),
        ("Eli Lilly", "Eli Lilly and Company"),
        ("GSK", "GSK plc"),
        ("GlaxoSmithKline", "GSK plc"),
        ("J&J", "Johnson & Johnson"),
        ("Johnson & Johnson", "Johnson & Johnson"),
        ("McKinsey", "McKinsey & Company"),
        ("Fierce Biotech", "Fierce Biotech"),
        ("FDA", "U.S. Food and Drug Administration"),
        ("MFDS", "Ministry of Food and Drug Safety"),
        ("CDSCO", "Central Drugs Standard Control Organisation"),
        ("Health Canada", "Health Canada"),
        ("Merck KGaA", "Merck KGaA"),
        ("Merck", "Merck & Co., Inc."),
        ("Alteogen Inc.", "Alteogen Inc."),
        ("Roche\u2019s", None),
        ("Quellara Therapeutics", None),
    ],
)
def test_canonical_names(text, expected):
    assert canonical_name(text) == expected


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        ("Alteogen", "Alteogen Inc.", True),
        ("Hanbit", "Hanbit Biologics", True),
        ("Bristol Myers", "Bristol Myers Squibb", True),
        ("Biologics", "Hanbit Biologics", False),
        ("of", "Bank of America", False),
        ("Hanbit Biologics", "Hanbit Biologics", False),
        ("Tarvon", "Orsolo Bio", False),
    ],
)
def test_short_forms(short, long, expected):
    assert is_short_form(short, long) is expected


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        ("BMS", "Bristol Myers Squibb", True),
        ("BMS", "Bristol-Myers Squibb", True),
        ("NMD", "Northwind Medical Devices Inc.", True),
        ("BoA", "Bank of America", True),
        ("MFDS", "Ministry of Food and Drug Safety", True),
        ("ABC", "Bristol Myers Squibb", False),
        ("B", "Bristol", False),
        ("Bms", "Bristol Myers Squibb", False),
    ],
)
def test_acronyms(short, long, expected):
    assert is_acronym(short, long) is expected


@pytest.mark.parametrize(("word", "expected"), [("pembrolizumab", True), ("osimertinib", True), ("semaglutide", True), ("Keytruda", False), ("market", False)])
def test_inn_names(word, expected):
    assert looks_like_inn(word) is expected


@pytest.mark.parametrize(("text", "expected"), [("Big Pharma", True), ("the company", True), ("wall street", True), ("Roche", False)])
def test_generic_phrases(text, expected):
    assert is_generic(text) is expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["DKK", "300"], True),
        (["NOK"], True),
        (["MXN", "56.80"], True),
        (["Phase", "3"], True),
        (["Series", "B"], True),
        (["Part", "IV"], True),
        (["Phase", "Holdings"], False),
        (["Tarvon", "Bio"], False),
    ],
)
def test_numbered_terms(words, expected):
    assert is_numbered_term(_doc(words), 0, len(words)) is expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [(["Canadian", "Pharmaceutical"], True), (["Korean", "Biotech"], True), (["Korean", "Air"], False), (["Tarvon", "Pharma"], False)],
)
def test_nationality_phrases(words, expected):
    assert is_nationality_phrase(_doc(words), 0, len(words)) is expected


@pytest.mark.parametrize(
    ("words", "spaces", "bounds", "expected"),
    [
        (["Nordhavn", "Biotech", "A", "/", "S", "said"], [True, True, False, False, True, False], (0, 2), "Nordhavn Biotech A/S"),
        (["Kessler", "Chemie", "AG", "said"], None, (0, 2), "Kessler Chemie AG"),
        (["Vesta", "Capital", "Markets", "Inc.", "said"], None, (0, 2), "Vesta Capital Markets Inc."),
        (["Vesta", "Bank", "of", "Oslo"], None, (0, 1), "Vesta"),
        (["loan", "from", "the", "Danish", "Export", "Bank"], None, (4, 6), "Danish Export Bank"),
        (["the", "Brazilian", "Institute", "of", "Oncology"], None, (2, 5), "Brazilian Institute of Oncology"),
        (["Danish", "Export", "Bank"], None, (1, 3), "Export Bank"),
        (["the", "Danish", "Novo", "said"], None, (2, 3), "Novo"),
        (["Tarvon", "Bio", ",", "Inc."], None, (0, 2), "Tarvon Bio"),
        (["from", "the", "Energy", "and", "Water", "Agency"], None, (4, 6), "Energy and Water Agency"),
        (["from", "the", "Trade", "and", "Industry", "Commission"], None, (4, 6), "Trade and Industry Commission"),
        (["Pfizer", "and", "Orsolo", "Pharma"], None, (2, 4), "Orsolo Pharma"),
        (["the", "Trade", "and", "Industry", "talks"], None, (3, 4), "Industry"),
    ],
    ids=[
        "slash-suffix-of-three-tokens", "suffix-after-name", "heads-then-suffix", "head-starting-an-of-name-stays-out",
        "adjective-after-the", "adjective-before-of-name", "adjective-needs-the", "adjective-needs-an-organization-shape",
        "suffix-needs-one-space", "field-and-field-agency", "field-and-field-commission", "two-companies-without-the",
        "and-needs-an-organization-shape",
    ],
)
def test_complete_name(words, spaces, bounds, expected):
    doc = DocView(Doc(ENGLISH_VOCAB, words=words, spaces=spaces))
    assert doc.span_text(*complete_name(doc, *bounds)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ObesityWeek", True), ("London Tech Week", True), ("Web Summit", True), ("Summit", False),
     ("Summit Therapeutics", False), ("WTO", False), ("Weekly Herald", False)],
)
def test_event_names(text, expected):
    assert is_event(text) is expected


@pytest.mark.parametrize(
    ("words", "bounds", "expected"),
    [
        (["Chief", "executive", "Anne", "Lindqvist", "said"], (2, 4), True),
        (["Lindqvist", "-", "Moreau", "said", "she", "agreed"], (0, 3), True),
        (["Tarvon", "said", "it", "agreed"], (0, 1), False),
        (["Tarvon", "said"], (0, 1), False),
        (["said", "Marisol", "Quintero", "-", "Vargas", ",", "the", "company", "'s", "chief", "executive", "."], (1, 5), True),
        (["said", "Marisol", "Quintero", "-", "Vargas", ",", "Recife", "'s", "chief", "executive", "."], (1, 5), True),
        (["Recife", "'s", "chief", "executive", ",", "Marisol", "Quintero", "-", "Vargas", ",", "said"], (5, 9), True),
        (["Partner", "Ingrid", "Solheim", "-", "Bakke", "said"], (1, 5), True),
        (["Tarvon", ",", "whose", "chief", "executive", "resigned", ",", "said"], (0, 1), False),
        (["Tarvon", ",", "a", "maker", "of", "chips", "and", "its", "chief", "executive"], (0, 1), False),
    ],
    ids=[
        "job-word-before", "said-she-after", "said-it-after", "said-at-the-end", "role-apposition-after",
        "owner-role-apposition-after", "role-and-comma-before", "capitalized-partner-title", "whose-role-is-a-company",
        "role-after-and-is-not-the-name",
    ],
)
def test_person_names(words, bounds, expected):
    assert is_person(_doc(words), *bounds) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Brevant Holdings Inc.", ["Brevant"]),
        ("Brightwater Grocers plc", ["Brightwater Grocers", "Brightwater"]),
        ("Quellara Therapeutics", ["Quellara"]),
        ("Boston Dynamics Inc.", ["Boston Dynamics"]),
        ("Suzhou Baize Biotech", ["Baize"]),
        ("Harbor Lane Stores Inc.", ["Harbor Lane Stores", "Harbor", "Harbor Lane"]),
        ("Grupo Serra Azul", ["Serra Azul"]),
        ("University Partners", []),
        ("Tarvon", []),
    ],
)
def test_short_forms_searched_for(name, expected):
    assert short_forms(name) == expected


def _m(text: str, at: int, canonical: str | None = None) -> OrgMention:
    return OrgMention(0, 1, text, at, at + len(text), canonical)


def test_grouping_short_form_acronym_and_gazetteer():
    groups = group_mentions(
        [
            _m("Orsolo Pharma Inc.", 0),
            _m("Lilly", 30, "Eli Lilly and Company"),
            _m("Orsolo", 50),
            _m("Eli Lilly", 70, "Eli Lilly and Company"),
            _m("OP", 90),
            _m("Tarvon", 100),
        ]
    )
    assert [[m.text for m in g.mentions] for g in groups] == [
        ["Orsolo Pharma Inc.", "Orsolo", "OP"],
        ["Lilly", "Eli Lilly"],
        ["Tarvon"],
    ]
    assert [g.longest for g in groups] == ["Orsolo Pharma Inc.", "Eli Lilly", "Tarvon"]


def test_bad_gazetteer_line_fails_loudly(tmp_path):
    path = tmp_path / "organizations.jsonl"
    path.write_text('{"canonical": "A Corp", "aliases": ["A"]}\n{"canonical": "B Corp", "aliases": ["A"]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="organizations.jsonl:2"):
        load_gazetteer(path)
    path.write_text('{"canonical": "C Corp"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="no alias"):
        load_gazetteer(path)


def test_shipped_data_loads():
    data = load_org_data()
    assert "FDA" in data.strong_aliases and "Lilly" in data.weak_aliases


def test_every_strong_alias_is_one_whole_ruler_match(ruler_only):
    data = load_org_data()
    wrong = []
    for alias in data.strong_aliases:
        ents = [e.text for e in ruler_only(f"Yesterday {alias} said so.").ents]
        if ents != [alias] or canonical_name(alias) != data.canonical_by_alias[alias]:
            wrong.append((alias, ents))
    assert wrong == []


def test_weak_aliases_are_never_forced(ruler_only):
    data = load_org_data()
    forced = [alias for alias in data.weak_aliases if [e.text for e in ruler_only(f"Yesterday {alias} said so.").ents] == [alias]]
    assert forced == []


# ---------------------------------------------------------------- cost grows with the article's length, not faster


def _seconds(function) -> float:
    # Collector pauses land on whichever call crosses a threshold; the growth of the work itself is what is tested.
    gc.collect()
    gc.disable()
    try:
        started = time.perf_counter()
        function()
        return time.perf_counter() - started
    finally:
        gc.enable()


def _distinct_names_doc(count: int) -> Doc:
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    words, ents = [], []
    for i in range(count):
        name = "".join(syllables[(i // 70**k) % 70] for k in range(3)).capitalize()
        words += ["Shares", "of", name, "Therapeutics", "rose", "."]
        ents += ["O", "O", "B-ORG", "I-ORG", "O", "O"]
    return Doc(ENGLISH_VOCAB, words=words, ents=ents)


def test_bug_many_distinct_names_cost_linear_time():
    # Grouping once compared every pair of names: an article four times as long took sixteen times as long.
    short = _seconds(lambda: extract_organizations(_distinct_names_doc(1500)))
    long = _seconds(lambda: extract_organizations(_distinct_names_doc(6000)))
    assert long / short < 8


NEWS_PARAGRAPH = (
    "Quellara Therapeutics (QT) said on Monday it raised $40 million from Bank of America and Tarvon Bio, "
    "and will open a laboratory in Boston, Massachusetts. Shares of Quellara rose 4% in New York, while "
    "Orsolo Pharma Inc. fell after the FDA asked for more data. The University of Lagos and the Ministry of "
    "Health in Nigeria will run the trial with Orsolo in Germany and South Korea.\n\n"
)


def test_bug_long_article_costs_linear_time(nlp):
    # A 1 MB article once took minutes: per-candidate scans of the whole body made the cost grow quadratically.
    from pipeline.extract.places import extract_places

    piece = nlp(NEWS_PARAGRAPH * 120)  # about 50 kB

    def orgs_and_places(copies: int) -> float:
        doc = Doc.from_docs([piece] * copies, ensure_whitespace=False)
        return _seconds(lambda: extract_places(doc, organizations=extract_organizations(doc)))

    short, long = orgs_and_places(5), orgs_and_places(20)  # about 250 kB and 1 MB
    assert long / short < 8


def test_lone_head_word_entity_takes_the_name_after_it():
    # spaCy tags `Hospital` alone and calls the rest a person; the head word opens the hospital's name.
    doc = Doc(ENGLISH_VOCAB, words=["at", "Hospital", "Santa", "Luzia", "Norte", "today"], ents=["O", "B-ORG", "B-PERSON", "I-PERSON", "O", "O"])
    assert [o.name for o in extract_organizations(doc)] == ["Hospital Santa Luzia Norte"]


def test_bug_money_and_lower_case_leftovers_are_no_organizations():
    # `NZ$12 million` and `health` (of `health ministry`) were reported as organizations.
    doc = Doc(ENGLISH_VOCAB, words=["its", "health", "ministry", "pledged", "NZ$12", "million"], ents=["O", "B-ORG", "I-ORG", "O", "B-ORG", "O"])
    assert extract_organizations(doc) == []


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        ("INA", "Indonesia Investment Authority", True),
        ("NGX", "Nigerian Exchange", True),
        ("BMV", "Bolsa Mexicana de Valores", True),
        ("XYZ", "Indonesia Battery", False),
        ("AB", "Zeta Beta", False),
        ("Ina", "Indonesia Investment Authority", False),
    ],
    ids=["letters-inside-words", "letter-inside-last-word", "with-connector", "letters-missing", "first-letter-must-open", "not-all-caps"],
)
def test_bracketed_abbreviation_definitions(short, long, expected):
    assert defines_abbreviation(short, long) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("IgA", True), ("CD19", True), ("IL-23", True), ("HER2", True), ("VRD-114", True), ("B3", False), ("Nasdaq", False), ("G42", False)],
)
def test_biomedical_abbreviation_shapes_are_generic(text, expected):
    assert is_generic(text) is expected


def test_letter_currency_symbols_before_numbers_are_no_names():
    assert is_numbered_term(_doc(["NIS", "210"]), 0, 2)
    assert is_numbered_term(_doc(["RMB", "5"]), 0, 2)
    assert not is_numbered_term(_doc(["Tarvon", "5"]), 0, 2)


def test_no_brand_is_also_an_organization_alias():
    data = load_org_data()
    assert len(data.brands) >= 100
    assert not [brand for brand in data.brands if brand in data.canonical_by_alias]
