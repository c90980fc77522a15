"""Which resolver turns a pattern's match into a value (SPEC §2): one function per pattern family, in days.py,
periods.py and durations.py; this table says which."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from pipeline.extract.dates import days, durations, periods
from pipeline.extract.dates.patterns import Candidate
from pipeline.extract.dates.values import Match, Resolved
from pipeline.normalize.calendar import Direction

Resolver = Callable[[Match], "Resolved | None"]

# Patterns resolved by name before the month and weekday groups are looked at.
FIRST_BY_PATTERN: dict[str, Resolver] = {
    "iso_day": days.iso_day,
    "iso_week": days.iso_week,
    "numeric_day": days.numeric_day,
    "deictic": days.deictic,
}
BY_PATTERN: dict[str, Resolver] = {
    "quarter_q": periods.quarter,
    "quarter_nq": periods.quarter,
    "quarter_word": periods.quarter,
    "half_h": periods.half,
    "half_word": periods.half,
    "season": periods.season,
    "century": periods.century,
    "decade": periods.decade,
    "year_range": periods.year_range,
    "relative_unit": periods.relative_unit,
    "earlier_later": periods.earlier_later,
    "part_unit": periods.part_unit,
    "year_end": periods.year_end,
    "ago": periods.ago,
    "duration": durations.duration,
    "vague_duration": durations.duration,
    "year": periods.year,
}


def resolve_candidate(text: str, c: Candidate, published: dt.date | None, direction: Direction) -> Resolved | None:
    """Turn a candidate into a value per SPEC §2; None for a match that is not a date after all. A match with a month
    group is a month date and one with a weekday group a weekday, whatever its pattern."""
    resolver = FIRST_BY_PATTERN.get(c.pattern)
    if resolver is None:
        if "month" in c.groups:
            resolver = days.month_date
        elif "weekday" in c.groups:
            resolver = days.weekday
        else:
            resolver = BY_PATTERN.get(c.pattern)
    return resolver(Match.of(text, c, published, direction)) if resolver else None
