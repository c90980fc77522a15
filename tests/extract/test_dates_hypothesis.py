"""Property tests: date extraction never crashes, hangs or breaks the span contract on arbitrary text."""

from __future__ import annotations

import datetime as dt
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.dates import Candidate, extract_dates, find_date_candidates, load_patterns

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
    # A pattern whose start first_tokens cannot read is tried at every word start: correct, but slow.
    assert load_patterns().always == ()


NEWS_PARAGRAPH = (
    "Roche said on Wednesday it would pay $2.6 billion upfront, after revenue rose 12% in the second quarter "
    "of 2025. The deal, first reported by Reuters in March, is expected to close by the end of 2026, and "
    "analysts expect sales to double over the next five years, as they did between 2019 and 2024.\n\n"
)


def test_cost_grows_linearly_with_article_length() -> None:
    # Regression of issue 7: every candidate was checked against every date kept before it (quadratic).
    def cost(size: int) -> float:
        text = (NEWS_PARAGRAPH * (size // len(NEWS_PARAGRAPH) + 1))[:size]
        began = time.perf_counter()
        extract_dates(text, published=dt.date(2026, 3, 5))
        return time.perf_counter() - began

    cost(10_000)  # data files load on first use
    assert cost(1_000_000) < 6 * cost(250_000)
