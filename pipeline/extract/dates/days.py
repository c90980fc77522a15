"""Resolvers of days, months and weekdays: `2025-03-03`, `3/3/2025`, `yesterday`, `March 3, 2025`, `March 3-5`,
`last March`, `on Friday`."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.extract.dates.values import Match, Resolved, reference, relative_year, two_digit_year, yearless
from pipeline.models import DateKind
from pipeline.normalize import calendar as cal


def iso_day(m: Match) -> Resolved | None:
    """`The deal closed on 2025-03-03.`"""
    g = m.g
    return m.point(cal.day_period(dt.date(int(g["year"]), int(g["mnum"]), int(g["day"]))), False)


def iso_week(m: Match) -> Resolved | None:
    """`Deliveries start in 2025-W10.`"""
    return m.point(cal.week_period(int(m.g["year"]), int(m.g["week"])), False)


def numeric_day(m: Match) -> Resolved | None:
    """`The filing is dated 3/4/2025.`: month first (US news style) unless the first number is over 12."""
    g = m.g
    first, second = int(g["n1"]), int(g["n2"])
    month, day = (first, second) if first <= 12 else (second, first)
    year = int(g["ny"]) if len(g["ny"]) == 4 else two_digit_year(g["ny"])
    return m.point(cal.day_period(dt.date(year, month, day)), False)


def deictic(m: Match) -> Resolved | None:
    """`The company said yesterday that sales rose.`"""
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1}[m.g["deictic"]]
    return m.point(cal.day_period(reference(m.published) + dt.timedelta(days=offset)), True)


def month_date(m: Match) -> Resolved | None:
    """`The deal closed on March 3, 2025.`, `It ran March 3-5.`, `Sales fell in May.`: a month with or without its
    day; an ambiguous month word (`may`, `march`) only capitalized and not inside a name (`Theresa May`)."""
    g, words = m.g, m.words
    month_word = g["month"].rstrip(".")
    if month_word in words.ambiguous and "day" not in g and "year" not in g and "ryear" not in g:
        raw = g["raw_month"]
        if not raw[0].isupper() or re.search(r"[A-Z][\w.]*\s+$", m.before) and not re.search(r"[.!?]\s+$", m.before):
            return None
    month = words.months[month_word]
    if "day" not in g:
        make = lambda y: cal.month_period(y, month)  # noqa: E731
        period, relative = yearless(make, g, m.published, m.direction, "mrel")
        return m.point(period, relative, make if relative and "mrel" not in g else None)
    day = int(g["day"])
    if "day2" in g:
        return day_range(m, month, day)
    named = relative_year(g, m.published)
    if named is not None:
        return m.point(cal.day_period(dt.date(named[0], month, day)), named[1])
    period = cal.pick_month_day(month, day, reference(m.published), m.direction)
    return m.point(period, True, lambda y: cal.day_period(dt.date(y, month, day)))


def day_range(m: Match, month: int, day: int) -> Resolved | None:
    """`The conference runs March 3-5, 2025.`: one range of days in one month."""
    g = m.g
    named = relative_year(g, m.published)
    if named is None:
        start_period = cal.pick_month_day(month, day, reference(m.published), m.direction)
        year, relative = start_period.start.year, True
    else:
        year, relative = named
    first, last = dt.date(year, month, day), dt.date(year, month, int(g["day2"]))
    if last <= first:
        return None
    return Resolved(
        m.c.start, m.c.end, DateKind.range, f"{first.isoformat()}/{last.isoformat()}",
        cal.Period("day", "", first, last), "day", relative,
    )


def weekday(m: Match) -> Resolved | None:
    """`The FAA on Friday announced the rule.`: the weekday equal to the publication day is that day; otherwise the
    tense picks the past or next one (`next Tuesday`, `last Monday`)."""
    g, words = m.g, m.words
    word = g["weekday"].rstrip(".")
    if word in words.ambiguous and not g["raw_weekday"][0].isupper():
        return None
    if word in words.ambiguous and re.match(r"\s+[A-Z][a-z]", m.after) and m.next_word not in words.months:
        return None  # `Sun Pharmaceutical Industries`, `Sat Nav`: a name, not an abbreviated weekday
    today = reference(m.published)
    rel = g.get("wrel")
    if rel in ("last", "past"):
        day = cal.pick_weekday(words.weekdays[word], today - dt.timedelta(days=1), "past")
    elif rel in ("next", "coming", "this"):
        day = cal.pick_weekday(words.weekdays[word], today, "future")
    elif words.weekdays[word] == today.isoweekday():
        # News names its own publication day by weekday ("The FAA on Friday announced"), whatever the tense.
        day = cal.day_period(today)
    else:
        day = cal.pick_weekday(words.weekdays[word], today, m.direction)
    return m.point(day, True)
