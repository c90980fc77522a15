"""Two dates joined into one range (SPEC §3): `between 2019 and 2024`, `2024-2026`, `March to May 2026`."""

from __future__ import annotations

import re

from pipeline.extract.dates.values import Resolved
from pipeline.models import DateKind
from pipeline.normalize import calendar as cal

_RANGE_JOINER = re.compile(r"\s*(?:-|–|—|to|through|thru|until|till|and)\s*", re.IGNORECASE)


def join_ranges(text: str, resolved: list[Resolved]) -> list[Resolved]:
    """SPEC §3: a range is ONE date: '2019 and 2024' after 'between', '2024-2026', 'March to May'."""
    out: list[Resolved] = []
    for item in resolved:
        if out:
            first = out[-1]
            gap = text[first.end : item.start]
            joiner = _RANGE_JOINER.fullmatch(gap)
            both_points = first.kind is DateKind.date and item.kind is DateKind.date and first.period and item.period
            if joiner and both_points and first.granularity == item.granularity:
                word = gap.strip().lower()
                led_by = re.search(r"\b(between|from)\s+$", text[max(0, first.start - 12) : first.start], re.IGNORECASE)
                if word != "and" or (led_by and led_by.group(1).lower() == "between"):
                    joined = _range(text, first, item)
                    if joined is not None:
                        out[-1] = joined
                        continue
        out.append(item)
    return out


def _range(text: str, first: Resolved, last: Resolved) -> Resolved | None:
    a, b = first.period, last.period
    assert a is not None and b is not None
    if first.regen:
        # A yearless start takes the year of the end ("March to May 2026"; "ran from November to February").
        a = first.regen(b.start.year)
        if a.start > b.start:
            a = first.regen(b.start.year - 1)
    elif last.regen and b.end < a.start:
        b = last.regen(a.start.year)
        if b.end < a.start:
            b = last.regen(a.start.year + 1)
    if b.end < a.start:
        return None
    return Resolved(
        first.start, last.end, DateKind.range, f"{a.value}/{b.value}",
        cal.Period(a.granularity, "", a.start, b.end), a.granularity, first.relative or last.relative,
    )
