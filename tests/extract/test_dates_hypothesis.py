"""Property tests: date extraction never crashes, hangs or breaks the span contract on arbitrary text."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.dates import Candidate, extract_dates, find_date_candidates, load_patterns
from tests.timing import least_seconds

# Date-shaped fragments glued together reach the resolver far more often than uniform random text.
FRAGMENTS = st.sampled_from([
    "March", "May", "3", "31", "2025", "'25", "FY", "Q3", "H2", "3Q", "the", "of", "-", "–", "/", ",", ".", " ",
    "early", "mid-", "late", "end of", "last", "next", "this", "year", "years", "quarter", "half", "summer",
    "between", "and", "to", "from", "ago", "five", "a", "several", "2030s", "Wednesday", "fiscal", "old",
    "February 30", "29", "9999", "0000", "\n", "said", "will", "$", "%",
])
PUBLISHED = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))


def _check(text: str, published: dt.date | None, hints: list[tuple[int, int]]) -> None:
    mentions, warnings = extract_dates(text, published=published, hints=hints)
    previous_end = 0
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.start >= previous_end
        previous_end = mention.end
    assert len(warnings) <= 1


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300), published=PUBLISHED)
def test_arbitrary_text_never_crashes(text: str, published: dt.date | None) -> None:
    _check(text, published, [])


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(FRAGMENTS, max_size=40), published=PUBLISHED, data=st.data())
def test_date_shaped_text_never_crashes(parts: list[str], published: dt.date | None, data) -> None:
    text = " ".join(parts)
    hints = data.draw(st.lists(st.tuples(st.integers(-5, len(text) + 5), st.integers(-5, len(text) + 5)), max_size=4))
    _check(text, published, hints)


def test_long_hostile_input_is_fast() -> None:
    # Repeated near-misses are where a backtracking pattern would blow up.
    hostile = ("the first half of the end of " * 400) + ("March 3- " * 400) + ("1" * 5000) + (" a " * 3000)
    started = time.perf_counter()
    extract_dates(hostile, published=dt.date(2026, 3, 5))
    assert time.perf_counter() - started < 10


def _candidates_of_every_pattern(text: str) -> list[Candidate]:
    """find_date_candidates without its first-token shortcut: each pattern's own finditer over the whole text."""
    found = []
    for rank, (name, pattern) in enumerate(load_patterns()):
        for match in pattern.finditer(text):
            groups = {k: v.lower() for k, v in match.groupdict().items() if v is not None}
            groups.update({f"raw_{k}": v for k, v in match.groupdict().items() if v is not None})
            found.append((match.end() - match.start(), rank, Candidate(match.start(), match.end(), name, groups)))
    found.sort(key=lambda f: (-f[0], f[1], f[2].start))
    return [candidate for _, _, candidate in found]


@settings(max_examples=400, deadline=None)
@given(parts=st.lists(st.one_of(FRAGMENTS, st.sampled_from(["'90s", "FY25", "1Q", "’", "é", "Séptember", "K", "_"])),
                      max_size=40),
       glue=st.sampled_from([" ", "", "-", ", "]))
def test_first_token_shortcut_finds_what_every_pattern_finds(parts: list[str], glue: str) -> None:
    text = glue.join(parts)
    assert find_date_candidates(text) == _candidates_of_every_pattern(text)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_first_token_shortcut_on_arbitrary_text(text: str) -> None:
    assert find_date_candidates(text) == _candidates_of_every_pattern(text)


def test_every_pattern_has_known_first_tokens() -> None:
    # A pattern without a `starts` list in date_patterns.json is tried at every word start: correct, but slow.
    assert load_patterns().always == ()


# One way to begin for each `starts` entry of date_patterns.json (and the examples of its notes).
STARTS_EXAMPLES = [
    "2025-03-03", "2025-W10", "3/3/2025", "March 3-5, 2025", "Wednesday, March 4", "last March 3", "the 3rd of March",
    "3 March 2025", "early December 2012", "the end of March 2025", "late last July", "previous July", "last Friday",
    "coming Monday", "tomorrow", "the previous year", "upcoming quarter", "the same month", "later this month",
    "four years ago", "a week ago", "twenty-one days ago", "the next five years", "the first two years", "a 10-year period",
    "several days", "the 18 months", "the past few months", "recent weeks", "Q4 of fiscal 2025", "fiscal Q3", "3Q 2025",
    "the second fiscal quarter", "the fiscal third quarter", "third-quarter", "1st quarter", "H1 2026", "1H25",
    "fiscal H2", "the first half of 2026", "first-half", "this summer", "the fall of 2024", "mid-summer", "the 20th century",
    "19th century", "the '90s", "the mid-1990s", "mid-1990s", "the 2030s", "1980s", "'80s", "2024-2026", "fiscal 2024/25",
    "FY 2024-25", "the end of the year", "the middle of this month", "year-end", "fiscal 2025", "FY25", "'25",
    "mid-2026", "the end of 2025", "the current fiscal year", "the following year",
]


@pytest.mark.parametrize("text", STARTS_EXAMPLES)
def test_starts_table_finds_what_every_pattern_finds(text: str) -> None:
    expected = _candidates_of_every_pattern(f"It happened {text} here.")
    assert expected and find_date_candidates(f"It happened {text} here.") == expected


NEWS_PARAGRAPH = (
    "Roche said on Wednesday it would pay $2.6 billion upfront, after revenue rose 12% in the second quarter "
    "of 2025. The deal, first reported by Reuters in March, is expected to close by the end of 2026, and "
    "analysts expect sales to double over the next five years, as they did between 2019 and 2024.\n\n"
)


def test_cost_grows_linearly_with_article_length() -> None:
    # Regression of issue 7: every candidate was checked against every date kept before it (quadratic).
    def cost(size: int) -> float:
        text = (NEWS_PARAGRAPH * (size // len(NEWS_PARAGRAPH) + 1))[:size]
        return least_seconds(lambda: extract_dates(text, published=dt.date(2026, 3, 5)))

    cost(10_000)  # data files load on first use
    # 4x the text: linear work takes about 4x (up to 5.5x measured, as the heap outgrows the caches), quadratic 16x
    assert cost(1_000_000) < 8 * cost(250_000)
