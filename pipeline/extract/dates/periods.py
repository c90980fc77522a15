"""Resolvers of periods longer than a month: quarters, halves, seasons, years, decades, centuries, year ranges, and
periods named from the publication date (`last year`, `earlier this month`, `by the end of the year`, `two years ago`)."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.extract.dates.tense import sentence_tense
from pipeline.extract.dates.values import Match, Resolved, number, part_of, reference, relative_year, two_digit_year, yearless
from pipeline.models import DateKind
from pipeline.normalize import calendar as cal


def quarter(m: Match) -> Resolved | None:
    """`Sales rose in the third quarter of 2025.`, `Q3 2025`, `3Q25`; not `the latter quarter`."""
    g = m.g
    n = int(g.get("qn") or m.words.ordinals.get(g.get("ord", ""), 0))
    if not 1 <= n <= 4 or g.get("ord") in ("latter", "back", "front"):
        return None
    make = lambda y: cal.quarter_period(y, n)  # noqa: E731
    period, relative = yearless(make, g, m.published, m.direction, "-")
    return m.point(period, relative, make if relative else None)


def half(m: Match) -> Resolved | None:
    """`Approval is expected in the second half of 2026.`, `H1 2025`."""
    g = m.g
    n = int(g.get("hn") or g.get("hn2") or m.words.ordinals.get(g.get("ord", ""), 0))
    if not 1 <= n <= 2:
        return None
    make = lambda y: cal.half_period(y, n)  # noqa: E731
    period, relative = yearless(make, g, m.published, m.direction, "-")
    return m.point(period, relative, make if relative else None)


def season(m: Match) -> Resolved | None:
    """`The trial starts in the spring.`, `summer 2025`: a bare season needs a preposition or a year before it, and an
    ambiguous one (`fall`) is no date before `of` (`the fall of the empire`)."""
    g, words = m.g, m.words
    name = g["season"]
    has_year = any(k in g for k in ("year", "fyear", "ayy", "ryear"))
    if not has_year and g.get("srel") in (None, "the") and "part" not in g:
        if not re.search(r"\b(?:in|during|over|by|since|until|through|this|last|next)\s+$", m.before, re.IGNORECASE):
            return None
    if name in words.ambiguous and not has_year and g.get("srel") in (None, "the") and m.next_word == "of":
        return None
    code = words.seasons[name]
    make = lambda y: cal.season_period(y, code)  # noqa: E731
    period, relative = yearless(make, g, m.published, m.direction, "srel")
    return m.point(period, relative)


def century(m: Match) -> Resolved | None:
    """`A law from the 19th century still applies.`"""
    n = int(m.g["century"])
    first_year = (n - 1) * 100
    period = cal.Period("century", f"{n - 1:02d}", dt.date(max(first_year, 1), 1, 1), dt.date(first_year + 99, 12, 31))
    return Resolved(m.c.start, m.c.end, DateKind.date, period.value, period, None, False)


def decade(m: Match) -> Resolved | None:
    """`Prices rose through the 1990s.`, `the early '80s`."""
    value = m.g["decade"]
    first_year = int(value) if len(value) == 4 else two_digit_year(value)
    return m.point(cal.decade_period(first_year), False)


def year_range(m: Match) -> Resolved | None:
    """`The plan covers 2024-2026.`, `2024/25`; not a count (`2019-2020 patients`) or a span over 50 years."""
    g = m.g
    first = int(g["year"])
    second = int(g["year2"]) if len(g["year2"]) == 4 else first - first % 100 + int(g["year2"])
    if second <= first or second - first > 50 or m.next_word in m.words.count_nouns:
        return None
    return Resolved(
        m.c.start, m.c.end, DateKind.range, f"{first}/{second}",
        cal.Period("year", "", dt.date(first, 1, 1), dt.date(second, 12, 31)), "year", False,
    )


def relative_unit(m: Match) -> Resolved | None:
    """`Sales fell last year.`, `in the next quarter`; after over/for/within (`over the past year`) a length of time,
    like SPEC's `the next five years`."""
    g, words = m.g, m.words
    unit = g["runit"]
    over = re.search(r"\b(?:over|for|within|during|throughout)\s+$", m.before, re.IGNORECASE)
    if g.get("the") and g["rel"] in ("next", "past", "last", "coming") and over:
        letter, granularity, size = words.units[unit]
        return Resolved(m.c.start, m.c.end, DateKind.duration, cal.duration_value(size, letter), None, granularity, False)
    current = cal.period_containing(reference(m.published), unit)
    return m.point(cal.shift(current, words.relative_offsets[g["rel"]]), True)


def earlier_later(m: Match) -> Resolved | None:
    """`The company said earlier this month that it would sell.`: the whole period."""
    return m.point(cal.period_containing(reference(m.published), m.g["runit"]), True)


def part_unit(m: Match) -> Resolved | None:
    """`Deliveries will start by the end of the year.`; `peaked by the end of the year` in a March report is last year's
    end, a part not yet reached."""
    today = reference(m.published)
    current = cal.period_containing(today, m.g["punit"])
    part = part_of(m.g)
    looks_back = sentence_tense(m.text, m.c.start, m.c.end, default=None) == "past"
    if looks_back and part and cal.narrow(current, part).start > today:
        current = cal.shift(current, -1)
    return m.point(current, True)


def year_end(m: Match) -> Resolved | None:
    """`The deal should close by year-end.`: the late part of the publication year."""
    period = cal.narrow(cal.year_period(reference(m.published).year), "late")
    return Resolved(m.c.start, m.c.end, DateKind.date, period.value, period, "year", True)


def ago(m: Match) -> Resolved | None:
    """`The company was founded two years ago.`"""
    words = m.words
    count = number(words, m.g["num"])
    letter, granularity, size = words.units[m.g["unit"]]
    if count is None or granularity is None or m.next_word in words.reject_after:
        return None
    steps = int(count * size)
    if granularity == "decade":
        granularity, steps = "year", steps * 10
    if granularity == "quarter":
        granularity, steps = "month", steps * 3
    return m.point(cal.shift(cal.period_containing(reference(m.published), granularity), -steps), True)


def year(m: Match) -> Resolved | None:
    """`Sales doubled in 2024.`, `fiscal 2025`, `next year`; not a count (`2024 patients`), a percentage or a number
    after another number."""
    g, words = m.g, m.words
    named = relative_year(g, m.published)
    if named is None:
        return None
    value, relative = named
    if not relative and "fyear" not in g:
        if m.prev_word in words.reject_before or m.next_word in words.count_nouns or re.match(r"\s*(?:%|percent)", m.after):
            return None
        if re.search(r"\d\s*$", m.before):
            return None
    return m.point(cal.year_period(value), relative)
