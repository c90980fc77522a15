"""Table-driven tests of the date recognizer and resolver: tests/cases/dates.jsonl, plus the rules around it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pipeline.extract.dates import NO_REFERENCE_WARNING, extract_dates, load_patterns, sentence_tense
from pipeline.normalize import calendar as cal

CASES_FILE = Path(__file__).resolve().parent.parent / "cases" / "dates.jsonl"
CASES = [json.loads(line) for line in CASES_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]


def _observed(mention) -> dict:
    return {
        "text": mention.text,
        "kind": mention.kind.value,
        "value": mention.value,
        "start_date": mention.start_date.isoformat() if mention.start_date else None,
        "end_date": mention.end_date.isoformat() if mention.end_date else None,
    }


def _case_id(case: dict) -> str:
    # The rule first, so `pytest -k <rule>` runs that rule's cases.
    return f"{case['rule']}-{case['id']}"


def _functions_of_package(package) -> set[str]:
    """The functions (lru_cache-wrapped ones included) defined in a package's modules."""
    import importlib
    import inspect
    import pkgutil

    modules = [package] + [importlib.import_module(f"{package.__name__}.{m.name}") for m in pkgutil.iter_modules(package.__path__)]
    return {
        name
        for module in modules
        for name, f in inspect.getmembers(module, callable)
        if not inspect.isclass(f) and getattr(f, "__module__", None) == module.__name__
    }


def test_every_case_names_an_existing_rule():
    import pipeline.extract.dates as package

    rules = _functions_of_package(package)
    assert [(c["id"], c.get("rule")) for c in CASES if c.get("rule") not in rules] == []


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_date_case(case: dict) -> None:
    published = dt.date.fromisoformat(case["published"]) if case["published"] else None
    mentions, warnings = extract_dates(case["text"], published=published)
    assert [_observed(m) for m in mentions] == case["expected"]
    assert warnings == []
    for mention in mentions:
        assert case["text"][mention.start : mention.end] == mention.text


def test_cases_cover_enough_sentences() -> None:
    assert len(CASES) >= 200
    assert sum(1 for c in CASES if not c["expected"]) >= 30


def test_without_reference_relative_dates_are_kept_with_null_values_and_one_warning() -> None:
    text = "The company said on Wednesday that sales rose last year, and in March 2024 it bought a rival."
    mentions, warnings = extract_dates(text, published=None)
    by_text = {m.text: m for m in mentions}
    assert set(by_text) == {"Wednesday", "last year", "March 2024"}
    assert by_text["Wednesday"].value is None and by_text["Wednesday"].start_date is None
    assert by_text["last year"].relative is True
    assert by_text["March 2024"].value == "2024-03" and by_text["March 2024"].relative is False
    assert warnings == [NO_REFERENCE_WARNING.format(count=2)]


def test_absolute_dates_need_no_reference() -> None:
    mentions, warnings = extract_dates("Sales fell in the third quarter of 2025.", published=None)
    assert [(m.value, m.relative) for m in mentions] == [("2025-Q3", False)]
    assert warnings == []


def test_durations_have_no_interval() -> None:
    (mention,), _ = extract_dates("The plan covers the next five years.", published=dt.date(2026, 3, 5))
    assert (mention.kind.value, mention.value, mention.start_date, mention.end_date) == ("duration", "P5Y", None, None)
    assert mention.granularity.value == "year"


def test_hint_for_a_vague_word_or_an_age_yields_nothing() -> None:
    text = "He spoke at the time, the day before, now 54 years old."
    hints = [(text.index("the time"), text.index("the time") + 8), (text.index("the day"), text.index("the day") + 7),
             (text.index("54"), text.index("54") + 12)]
    mentions, _ = extract_dates(text, published=dt.date(2026, 3, 5), hints=hints)
    assert mentions == []


def test_hint_inside_a_recognized_date_adds_nothing() -> None:
    text = "Revenue doubled in the first half of 2026."
    start = text.index("first half")
    mentions, _ = extract_dates(text, published=dt.date(2026, 3, 5), hints=[(start, start + 10)])
    assert [m.text for m in mentions] == ["the first half of 2026"]


def test_hint_is_trimmed_and_resolved_by_dateparser() -> None:
    # Our patterns do not read "2 weeks from now"-style or dotted European days; spaCy's hint and dateparser do.
    text = "Shareholders vote on 14.03.2026 in Zurich."
    start = text.index("on 14")
    mentions, _ = extract_dates(text, published=dt.date(2026, 3, 5), hints=[(start, start + len("on 14.03.2026"))])
    assert [(m.text, m.value) for m in mentions] == [("14.03.2026", "2026-03-14")]


def test_hint_on_a_four_digit_code_is_no_year() -> None:
    # spaCy calls a stock code a DATE; dateparser reads any four digits as a year.
    text = "Shares of Sakuragawa, which trade under the code 4591, closed higher."
    start = text.index("4591")
    mentions, _ = extract_dates(text, published=dt.date(2026, 3, 5), hints=[(start, start + 4)])
    assert mentions == []


def test_bad_hint_offsets_are_ignored() -> None:
    assert extract_dates("In 2025.", published=dt.date(2026, 3, 5), hints=[(5, 3), (-1, 2), (0, 999)])[0][0].text == "2025"


def test_mentions_are_sorted_and_disjoint() -> None:
    text = "From 2019 to 2024 and in Q3 2025, then next year, the firm grew for five years since March 3, 2020."
    mentions, _ = extract_dates(text, published=dt.date(2026, 3, 5))
    spans = [(m.start, m.end) for m in mentions]
    assert spans == sorted(spans)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The company will report results in May.", "future"),
        ("The company reported results in May.", "past"),
        ("It said it expects results in May.", "future"),
        ("Results in May.", "past"),
    ],
    ids=["will", "reported", "expects-nearest", "no-cue"],
)
def test_sentence_tense(sentence: str, expected: str) -> None:
    start = sentence.index("May")
    assert sentence_tense(sentence, start, start + 3) == expected


def test_patterns_compile_and_every_pattern_is_named_in_the_data() -> None:
    names = [name for name, _ in load_patterns()]
    assert len(names) == len(set(names)) >= 20


@pytest.mark.parametrize(
    ("period", "value", "start", "end"),
    [
        (cal.season_period(2025, "WI"), "2025-WI", "2025-12-01", "2026-02-28"),
        (cal.half_period(2026, 2), "2026-H2", "2026-07-01", "2026-12-31"),
        (cal.week_period(2026, 1), "2026-W01", "2025-12-29", "2026-01-04"),
        (cal.decade_period(2034), "203X", "2030-01-01", "2039-12-31"),
        (cal.shift(cal.quarter_period(2026, 1), -1), "2025-Q4", "2025-10-01", "2025-12-31"),
        (cal.narrow(cal.month_period(2028, 2), "late"), "2028-02", "2028-02-21", "2028-02-29"),
    ],
    ids=["winter-crosses-year", "half", "iso-week-1", "decade", "previous-quarter", "late-leap-february"],
)
def test_calendar_periods(period: cal.Period, value: str, start: str, end: str) -> None:
    assert (period.value, period.start.isoformat(), period.end.isoformat()) == (value, start, end)


@pytest.mark.parametrize(
    ("count", "letter", "value"),
    [(5, "Y", "P5Y"), (1.5, "Y", "P18M"), (None, "W", "PXW"), (24, "H", "PT24H"), (10, "Y", "P10Y")],
)
def test_duration_values(count, letter, value) -> None:
    assert cal.duration_value(count, letter) == value


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import load_nlp

    return load_nlp()


def test_spacy_hints_on_a_news_paragraph(nlp) -> None:
    text = ("The investment, reported Wednesday by the paper, will be spread out over the next five years. "
            "The CEO, 54 years old, said annual sales rose between 2019 and 2024.")
    doc = nlp(text)
    hints = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
    mentions, _ = extract_dates(text, published=dt.date(2026, 3, 5), hints=hints)
    assert [(m.text, m.value) for m in mentions] == [
        ("Wednesday", "2026-03-04"), ("the next five years", "P5Y"), ("2019 and 2024", "2019/2024"),
    ]
