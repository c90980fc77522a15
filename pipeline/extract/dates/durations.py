"""Resolver of lengths of time (`five years`, `the next five years`, `18 months`, `a 10-year period`, `several days`),
and the rates, ages and fractions that look like them."""

from __future__ import annotations

import re

from pipeline.extract.dates.values import Match, Resolved, number
from pipeline.models import DateKind
from pipeline.normalize import calendar as cal

# "to June 30", "ended March 31, 2025", "ending in December", "through 2024": the end that names a period.
PERIOD_BY_END = re.compile(r"\s+(?:to|ended|ending|through)\s+(?:in\s+)?(?:[A-Z][a-z]{2,8}\.?(?:\s+\d|\b)|\d)")


# A number and up to three words right before `a year` ("420 million Swedish kronor a year").
AMOUNT_BEFORE = re.compile(r"\d\s+(?:[A-Za-z]+\s+){1,3}$")


def duration(m: Match) -> Resolved | None:
    """`The trial will last 18 months.` -> P18M; not a frequency (`every two years`), a rate (`8% a year`), an age
    (`aged 54 years`), a fraction (`three quarters of patients`) or a period named by its end."""
    text, c, g, words, prev_word, after = m.text, m.c, m.g, m.words, m.prev_word, m.after
    unit = g["unit"]
    if unit.endswith("s"):
        unit = unit[:-1]
    letter, granularity, size = words.units[unit]
    tail = after.lower()
    if any(re.match(rf"\s*-?\s*{re.escape(w)}\b", tail) for w in words.reject_after):
        return None
    if prev_word in ("every", "each", "per", "aged", "age", "ages") or re.search(r"\d|^(?:million|billion|times|percent|%)$", prev_word):
        # "every two years" is a frequency; "$5 million a year" and "8% a year" rates; "aged 54 years" an age.
        return None
    if g.get("num") in ("a", "an") and prev_word.endswith("s") and prev_word not in words.article_periods_after:
        return None  # "100 million doses a year" is a rate; "takes a year", "started a month earlier" are lengths
    if g.get("num") in ("a", "an") and AMOUNT_BEFORE.search(text, max(0, c.start - 40), c.start):
        return None  # "420 million Swedish kronor a year": a quantity per period
    if unit == "quarter" and re.match(r"\s+of\b", tail):
        return None  # "three quarters of patients" is a fraction
    if text[c.start : c.start + 4].lower() == "the " and PERIOD_BY_END.match(after):
        return None  # "the nine months to September 30": a period named by its end is labeled by that date (SPEC §3)
    start = c.start
    if "art" in g and "dtail" not in g:
        # The article belongs to the noun after an adjective ("a four-week phase-out"), to the period itself
        # only when the period word follows ("a 10-year period").
        start += len(re.match(r"\w+\s*", text[c.start : c.end]).group())
    count = None if "vague" in g else number(words, g["num"])
    if count is not None:
        if "halfpre" in g or "halfpost" in g:
            count += 0.5
        count *= size
    if count is None and granularity == "decade":
        letter = "DE"
    return Resolved(start, c.end, DateKind.duration, cal.duration_value(count, letter), None, granularity, False)
