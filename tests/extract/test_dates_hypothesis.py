"""Property tests: date extraction never crashes, hangs or breaks the span contract on arbitrary text."""

from __future__ import annotations

import datetime as dt
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.dates import extract_dates

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
