"""Date mentions of an article body: recognized by the patterns of date_patterns.json (patterns.py), resolved against
`published` (resolve.py and the resolvers in days.py, periods.py, durations.py), joined into ranges (ranges.py), with
spaCy's DATE spans as hints for what the patterns missed (hints.py); past or future comes from tense.py."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from typing import Sequence

from pipeline.extract.dates.hints import from_hint
from pipeline.extract.dates.patterns import Candidate, DatePatterns, find_date_candidates, load_patterns
from pipeline.extract.dates.ranges import join_ranges
from pipeline.extract.dates.resolve import resolve_candidate
from pipeline.extract.dates.tense import sentence_tense
from pipeline.extract.dates.values import NeedsReference, Resolved
from pipeline.extract.dates.words import Words, load_words
from pipeline.models import DateKind, DateMention, Granularity

__all__ = [
    "NO_REFERENCE_WARNING", "Candidate", "DatePatterns", "Words", "extract_dates", "find_date_candidates", "load_patterns",
    "load_words", "sentence_tense",
]

NO_REFERENCE_WARNING = "no publication date: {count} relative date(s) kept without a value"


def extract_dates(
    text: str, *, published: dt.date | None, hints: Sequence[tuple[int, int]] = ()
) -> tuple[list[DateMention], list[str]]:
    """Date mentions of `text` (non-overlapping, by start) and warnings; `hints` are spaCy DATE spans."""
    resolved: list[Resolved] = []
    resolved_spans = _Spans()
    taken = _Spans()  # the resolved spans and the blocked ones
    unresolved = 0
    # Longest first, and a match that fails to resolve (February 30) leaves room for a shorter one inside it.
    for candidate in find_date_candidates(text):
        if taken.overlaps(candidate.start, candidate.end):
            continue
        direction = sentence_tense(text, candidate.start, candidate.end, default="nearest")
        try:
            item = resolve_candidate(text, candidate, published, direction)
        except NeedsReference:
            item = _unresolved(text, candidate)
            unresolved += item is not None
        except (ValueError, OverflowError, KeyError):
            # An impossible day (February 30, 2025) is no date at all, not "February" plus "2025".
            taken.add(candidate.start, candidate.end)
            item = None
        if item is not None:
            resolved.append(item)
            resolved_spans.add(item.start, item.end)
            taken.add(item.start, item.end)
    for hint_start, hint_end in hints:
        if not (0 <= hint_start < hint_end <= len(text)):
            continue
        if resolved_spans.overlaps(hint_start, hint_end):
            continue
        try:
            item = from_hint(text, hint_start, hint_end, published)
        except (ValueError, OverflowError, KeyError, TypeError):
            item = None
        if item is not None and not resolved_spans.overlaps(item.start, item.end):
            resolved.append(item)
            resolved_spans.add(item.start, item.end)
    resolved.sort(key=lambda r: r.start)
    resolved = join_ranges(text, resolved)
    warnings = [NO_REFERENCE_WARNING.format(count=unresolved)] if unresolved else []
    return [_to_mention(text, r) for r in resolved], warnings


class _Spans:
    """Non-overlapping spans kept sorted, so asking whether a span overlaps one of them is a bisection."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        # Sorted and disjoint, the spans' ends are sorted too: only the last span starting before `end` can reach
        # past `start`.
        i = bisect_left(self.starts, end)
        return i > 0 and self.ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def _to_mention(text: str, r: Resolved) -> DateMention:
    granularity = Granularity(r.granularity) if r.granularity else None
    start = r.period.start if r.period and r.kind is not DateKind.duration else None
    end = r.period.end if r.period and r.kind is not DateKind.duration else None
    return DateMention(
        text=text[r.start : r.end], start=r.start, end=r.end, kind=r.kind, value=r.value,
        start_date=start, end_date=end, granularity=granularity, relative=r.relative,
    )


def _unresolved(text: str, c: Candidate) -> Resolved | None:
    """A relative expression in an article without a reference date: kept, values null (SPEC §1)."""
    g = c.groups
    if "month" in g and g["month"].rstrip(".") in load_words().ambiguous and not g["raw_month"][0].isupper():
        return None
    if "weekday" in g and g["weekday"].rstrip(".") in load_words().ambiguous and not g["raw_weekday"][0].isupper():
        return None
    if c.pattern == "season" and not any(k in g for k in ("srel", "part")):
        return None
    return Resolved(c.start, c.end, DateKind.date, None, None, None, True)
