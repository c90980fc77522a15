"""spaCy DATE spans the patterns missed, kept only when dateparser gives them a value."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.extract.dates.tense import sentence_tense
from pipeline.extract.dates.values import Resolved
from pipeline.extract.dates.words import load_words
from pipeline.models import DateKind
from pipeline.normalize import calendar as cal

# Prepositions and hedges that SPEC §3 keeps outside a DATE span; used to trim spaCy's DATE hints.
_LEADING_WORDS = re.compile(
    r"^(?:(?:in|on|by|since|from|between|until|till|through|during|over|within|for|as\s+of|of|at|"
    r"about|almost|nearly|around|approximately|roughly|some|more\s+than|less\s+than|up\s+to|at\s+least|"
    r"just|only|than)\s+)+",
    re.IGNORECASE,
)


def from_hint(text: str, start: int, end: int, published: dt.date | None) -> Resolved | None:
    """A spaCy DATE span our patterns missed: trimmed per SPEC §3, kept only when dateparser gives it a value."""
    words = load_words()
    span = text[start:end]
    trimmed = _LEADING_WORDS.sub("", span)
    start += len(span) - len(trimmed)
    trimmed = trimmed.rstrip(" ,.;:")
    end = start + len(trimmed)
    lowered = re.sub(r"\s+", " ", trimmed.lower())
    if published is None or not trimmed or lowered in words.vague or re.search(r"\b(?:old|age[sd]?)\b", lowered):
        return None
    named_calendar_word = any(w in words.months or w in words.weekdays for w in re.findall(r"[a-z]+", lowered))
    if not named_calendar_word and not re.search(r"\d{4}|\d[./-]\d", lowered):
        return None  # a bare number ("Raymond Roth, 48,") is an age or a count, whatever dateparser makes of it
    if any(not 1800 <= int(year) <= 2099 for year in re.findall(r"(?<!\d)\d{4}(?!\d)", lowered)):
        return None  # `the code 4591`: a four-digit number outside the years news writes is a code or a count
    from dateparser.date import DateDataParser

    direction = sentence_tense(text, start, end) or "past"
    parser = DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime.combine(published, dt.time()),
            "PREFER_DATES_FROM": direction,
            "PREFER_DAY_OF_MONTH": "first",
            "STRICT_PARSING": False,
        },
    )
    data = parser.get_date_data(trimmed)
    if data is None or data.date_obj is None:
        return None
    day = data.date_obj.date()
    period = {
        "day": cal.day_period,
        "week": cal.week_of,
        "month": lambda d: cal.month_period(d.year, d.month),
        "year": lambda d: cal.year_period(d.year),
    }.get(data.period or "", None)
    if period is None:
        return None
    result = period(day)
    relative = not re.search(r"\b(?:1[89]|20)\d\d\b", lowered)
    return Resolved(start, end, DateKind.date, result.value, result, result.granularity, relative)
