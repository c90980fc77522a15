"""Calendar arithmetic for dates: periods with TIMEX3 values and inclusive day bounds, shifted and picked against a reference day."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable, Literal

# past/future come from the sentence's tense; nearest is for a sentence with no tense cue at all.
Direction = Literal["past", "future", "nearest"]
DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Period:
    """A calendar point of some granularity: its TIMEX3 value and the inclusive days it covers."""

    granularity: str
    value: str
    start: dt.date
    end: dt.date


@lru_cache(maxsize=1)
def calendar_words() -> dict:
    """The season and part-of-period tables of date_words.json, checked once."""
    words = json.loads((DATA_DIR / "date_words.json").read_text(encoding="utf-8"))
    for code, (first, count) in words["season_months"].items():
        if not (1 <= first <= 12 and 1 <= count <= 12):
            raise ValueError(f"date_words.json: bad season_months entry {code!r}")
    for part, bounds in words["part_bounds"].items():
        if set(bounds) != {"year", "month"}:
            raise ValueError(f"date_words.json: part_bounds[{part!r}] needs year and month bounds")
    return words


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def day_period(day: dt.date) -> Period:
    return Period("day", day.isoformat(), day, day)


def month_period(year: int, month: int) -> Period:
    start = dt.date(year, month, 1)
    return Period("month", f"{year:04d}-{month:02d}", start, dt.date(year, month, _last_day(year, month)))


def year_period(year: int) -> Period:
    return Period("year", f"{year:04d}", dt.date(year, 1, 1), dt.date(year, 12, 31))


def quarter_period(year: int, quarter: int) -> Period:
    first = 3 * (quarter - 1) + 1
    end = dt.date(year, first + 2, _last_day(year, first + 2))
    return Period("quarter", f"{year:04d}-Q{quarter}", dt.date(year, first, 1), end)


def half_period(year: int, half: int) -> Period:
    first = 6 * (half - 1) + 1
    end = dt.date(year, first + 5, _last_day(year, first + 5))
    return Period("half", f"{year:04d}-H{half}", dt.date(year, first, 1), end)


def season_period(year: int, code: str) -> Period:
    """SPEC §3: northern meteorological seasons; winter YYYY runs from December YYYY into February YYYY+1."""
    first, count = calendar_words()["season_months"][code]
    last_month_index = first + count - 2  # zero-based month index of the season's last month
    end_year, end_month = year + last_month_index // 12, last_month_index % 12 + 1
    end = dt.date(end_year, end_month, _last_day(end_year, end_month))
    return Period("season", f"{year:04d}-{code}", dt.date(year, first, 1), end)


def week_period(iso_year: int, week: int) -> Period:
    start = dt.date.fromisocalendar(iso_year, week, 1)
    return Period("week", f"{iso_year:04d}-W{week:02d}", start, start + dt.timedelta(days=6))


def week_of(day: dt.date) -> Period:
    iso_year, week, _ = day.isocalendar()
    return week_period(iso_year, week)


def decade_period(first_year: int) -> Period:
    first_year -= first_year % 10
    return Period("decade", f"{first_year // 10:03d}X", dt.date(first_year, 1, 1), dt.date(first_year + 9, 12, 31))


def period_containing(day: dt.date, granularity: str) -> Period:
    """The period of `granularity` (day ... decade) that contains `day`."""
    if granularity == "day":
        return day_period(day)
    if granularity == "week":
        return week_of(day)
    if granularity == "month":
        return month_period(day.year, day.month)
    if granularity == "quarter":
        return quarter_period(day.year, (day.month - 1) // 3 + 1)
    if granularity == "half":
        return half_period(day.year, 1 if day.month <= 6 else 2)
    if granularity == "decade":
        return decade_period(day.year)
    return year_period(day.year)


def shift(period: Period, steps: int) -> Period:
    """The period `steps` units after (negative: before) `period`, at the same granularity."""
    g = period.granularity
    if g in ("day", "week"):
        days = steps * (1 if g == "day" else 7)
        return period_containing(period.start + dt.timedelta(days=days), g)
    months = {"month": 1, "quarter": 3, "half": 6, "season": 12, "year": 12, "decade": 120}[g]
    index = period.start.year * 12 + period.start.month - 1 + steps * months
    start = dt.date(index // 12, index % 12 + 1, 1)
    if g == "season":
        return season_period(start.year, period.value[-2:])
    return period_containing(start, g)


def narrow(period: Period, part: str) -> Period:
    """SPEC §3 part-of-period: early/mid/late narrow a year or month's days while the value stays the period."""
    bounds = calendar_words()["part_bounds"][part]
    if period.granularity == "year":
        first, last = bounds["year"]
        year = period.start.year
        return replace(period, start=dt.date(year, first, 1), end=dt.date(year, last, _last_day(year, last)))
    if period.granularity == "month":
        first, last = bounds["month"]
        year, month = period.start.year, period.start.month
        return replace(period, start=dt.date(year, month, first), end=dt.date(year, month, last or _last_day(year, month)))
    return period


def _distance(period: Period, reference: dt.date) -> int:
    if period.start <= reference <= period.end:
        return 0
    return min(abs((period.start - reference).days), abs((period.end - reference).days))


def pick_by_year(make: Callable[[int], Period], reference: dt.date, direction: Direction) -> Period:
    """A yearless period (a month, a quarter, a season): the most recent one begun on or before `reference`
    when the sentence looks back, the first one not yet over when it looks ahead (SPEC §3), else the nearest."""
    if direction == "nearest":
        years = (reference.year - 1, reference.year, reference.year + 1)
        return min((make(y) for y in years), key=lambda p: (_distance(p, reference), p.start > reference))
    for year in (reference.year + 1, reference.year, reference.year - 1, reference.year - 2):
        candidate = make(year)
        if direction == "past" and candidate.start <= reference:
            return candidate
    for year in (reference.year - 1, reference.year, reference.year + 1):
        candidate = make(year)
        if candidate.end >= reference:
            return candidate
    return make(reference.year)


def pick_weekday(weekday: int, reference: dt.date, direction: Direction) -> Period:
    """A weekday named alone: on or before `reference` in a past-tense report or without a tense cue (news
    names past days far more than coming ones), else the next one after it."""
    delta = (reference.isoweekday() - weekday) % 7
    if direction in ("past", "nearest"):
        return day_period(reference - dt.timedelta(days=delta))
    return day_period(reference + dt.timedelta(days=(7 - delta) % 7 or 7))


def pick_month_day(month: int, day: int, reference: dt.date, direction: Direction) -> Period:
    """A month and day without a year, resolved like a weekday; 29 February falls back to the nearest leap year."""

    if direction == "nearest":
        options = [pick_month_day(month, day, reference, "past"), pick_month_day(month, day, reference, "future")]
        return min(options, key=lambda p: (abs((p.start - reference).days), p.start > reference))

    def make(year: int) -> Period:
        if month == 2 and day == 29 and not calendar.isleap(year):
            year += 4 - year % 4 if direction == "future" else -(year % 4)
        return day_period(dt.date(year, month, day))

    if direction == "past":
        for year in (reference.year, reference.year - 1, reference.year - 4):
            candidate = make(year)
            if candidate.start <= reference:
                return candidate
    for year in (reference.year, reference.year + 1, reference.year + 4):
        candidate = make(year)
        if candidate.start >= reference:
            return candidate
    return make(reference.year)


def duration_value(count: float | None, letter: str) -> str:
    """TIMEX3 duration: P5Y, P18M, PT24H, PXY for a vague count; a half year is written in months."""
    if count is None:
        return f"PT{'X'}H" if letter == "H" else f"PX{letter}"
    if letter == "Y" and not float(count).is_integer():
        count, letter = count * 12, "M"
    number = str(int(count)) if float(count).is_integer() else f"{count:g}"
    return f"PT{number}H" if letter == "H" else f"P{number}{letter}"
