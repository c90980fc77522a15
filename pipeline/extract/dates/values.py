"""What every date resolver shares: the resolved record, the match being resolved with its context, and the
readings of its groups (numbers, two-digit years, the year a YEARISH group names, a yearless period's year)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

from pipeline.extract.dates.patterns import Candidate
from pipeline.extract.dates.words import Words, load_words
from pipeline.models import DateKind
from pipeline.normalize import calendar as cal
from pipeline.normalize.calendar import Direction, Period


@dataclass(frozen=True)
class Resolved:
    """A recognized date before it becomes a DateMention; `regen` rebuilds a yearless period in a given year."""

    start: int
    end: int
    kind: DateKind
    value: str | None
    period: Period | None
    granularity: str | None
    relative: bool
    regen: Callable[[int], Period] | None = None


class NeedsReference(Exception):
    """Raised inside resolution when a relative expression meets an article without a publication date."""


@dataclass(frozen=True)
class Match:
    """One candidate being resolved, with the text around it that the resolvers read."""

    text: str
    c: Candidate
    published: dt.date | None
    direction: Direction
    words: Words
    before: str  # up to 30 characters before the match
    after: str  # up to 30 characters after it
    prev_word: str
    next_word: str

    @classmethod
    def of(cls, text: str, c: Candidate, published: dt.date | None, direction: Direction) -> Match:
        before = text[max(0, c.start - 30) : c.start]
        after = text[c.end : c.end + 30]
        prev_word = (re.findall(r"[\w#$€£¥%]+(?=[\s.]*$)", before) or [""])[-1].lower()
        next_word = (re.findall(r"^\s*([\w%]+)", after) or [""])[0].lower()
        return cls(text, c, published, direction, load_words(), before, after, prev_word, next_word)

    @property
    def g(self) -> dict[str, str]:
        return self.c.groups

    def point(self, period: Period, relative: bool, regen: Callable[[int], Period] | None = None) -> Resolved:
        """A single date over the match, narrowed by its part-of-period words (`early March`)."""
        part = part_of(self.g)
        if part:
            period = cal.narrow(period, part)
        return Resolved(self.c.start, self.c.end, DateKind.date, period.value, period, period.granularity, relative, regen)


def number(words: Words, token: str) -> float | None:
    token = re.sub(r"\s+", " ", token)
    if token in words.numbers:
        return words.numbers[token]
    if "-" in token:
        tens, ones = token.split("-", 1)
        return float((words.numbers.get(tens) or 0) + (words.numbers.get(ones) or 0))
    return float(token)


def two_digit_year(yy: str) -> int:
    # '25 and FY25 are this century; '90 and FY99 the last one (news rarely names a year past 2049 in two digits).
    n = int(yy.lstrip("'"))
    return 2000 + n if n < 50 else 1900 + n


def reference(published: dt.date | None) -> dt.date:
    if published is None:
        raise NeedsReference
    return published


def relative_year(g: dict[str, str], published: dt.date | None) -> tuple[int, bool] | None:
    """The year a YEARISH group names, and whether it came from `published`; None when no year is named."""
    if "fyear" in g:
        fyear = g["fyear"]
        return (int(fyear) if len(fyear) == 4 else two_digit_year(fyear)), False
    if "year" in g:
        return int(g["year"]), False
    if "ayy" in g:
        return two_digit_year(g["ayy"]), False
    if "tyy" in g:
        tyy = g["tyy"].lstrip("'")
        return (int(tyy) if len(tyy) == 4 else two_digit_year(tyy)), False
    if "ryear" in g:
        word = g["ryear"].split()[-1]
        return reference(published).year + load_words().relative_offsets[word], True
    return None


def yearless(
    make: Callable[[int], Period], g: dict[str, str], published: dt.date | None, direction: Direction, rel_key: str
) -> tuple[Period, bool]:
    """Resolve a month/quarter/half/season with or without a year, honoring last/next/this before it."""
    named = relative_year(g, published)
    if named is not None:
        return make(named[0]), named[1]
    today = reference(published)
    rel = g.get(rel_key)
    if rel in ("last", "past", "previous"):
        current = cal.pick_by_year(make, today, "past")
        return (current if current.end < today else cal.pick_by_year(make, current.start - dt.timedelta(days=1), "past")), True
    if rel in ("next", "coming"):
        current = cal.pick_by_year(make, today, "future")
        return (current if current.start > today else cal.pick_by_year(make, current.end + dt.timedelta(days=1), "future")), True
    if rel == "this":
        this = make(today.year)
        return this, True
    return cal.pick_by_year(make, today, direction), True


def part_of(g: dict[str, str]) -> str | None:
    """The part-of-period name (`early`, `late`, `h1` ...) of a match's PART or decade-part group, or None."""
    part = g.get("part") or g.get("dpart")
    return load_words().parts[re.sub(r"\s+", " ", part)] if part else None
