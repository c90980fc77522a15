"""The word tables of date_words.json (months, weekdays, numbers, units, tense cues ...), checked once, and the
placeholders ({MONTH}, {YEARISH} ...) the templates of date_patterns.json are written with."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from pipeline.models import Granularity

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class Words:
    """The validated word tables of date_words.json."""

    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int | None]
    ordinals: dict[str, int]
    seasons: dict[str, str]
    units: dict[str, tuple[str, str | None, int]]
    parts: dict[str, str]
    relative_offsets: dict[str, int]
    ambiguous: frozenset[str]
    future_cues: frozenset[str]
    past_cues: frozenset[str]
    reject_after: tuple[str, ...]
    reject_before: frozenset[str]
    count_nouns: frozenset[str]
    vague: frozenset[str]
    article_periods_after: frozenset[str]


def alternation(words: Sequence[str]) -> str:
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@lru_cache(maxsize=1)
def load_words() -> Words:
    raw = json.loads((DATA_DIR / "date_words.json").read_text(encoding="utf-8"))
    for table in ("months", "weekdays"):
        bad = [w for w, n in raw[table].items() if not isinstance(n, int) or w != w.lower()]
        if bad:
            raise ValueError(f"date_words.json: bad {table} entries {bad}")
    parts = {re.sub(r"\s+", " ", k): v for k, v in raw["parts"].items()}
    if set(parts.values()) - set(raw["part_bounds"]):
        raise ValueError("date_words.json: a part maps to a name missing from part_bounds")
    units = {k: (v[0], v[1], v[2]) for k, v in raw["units"].items()}
    if any(g is not None and g not in Granularity.__members__ for _, g, _ in units.values()):
        raise ValueError("date_words.json: a unit names an unknown granularity")
    return Words(
        months=raw["months"],
        weekdays=raw["weekdays"],
        numbers={re.sub(r"\s+", " ", k): v for k, v in raw["numbers"].items()},
        ordinals=raw["ordinals"],
        seasons=raw["seasons"],
        units=units,
        parts=parts,
        relative_offsets=raw["relative_offsets"],
        ambiguous=frozenset(raw["ambiguous_words"]),
        future_cues=frozenset(w.replace("’", "'") for w in raw["future_cues"]),
        past_cues=frozenset(raw["past_cues"]),
        reject_after=tuple(raw["reject_after"]),
        reject_before=frozenset(raw["reject_before"]),
        count_nouns=frozenset(raw["count_nouns"]),
        vague=frozenset(raw["vague"]),
        article_periods_after=frozenset(raw["article_periods_after"]),
    )


def placeholders(words: Words) -> dict[str, str]:
    full = [m for m in words.months if len(m) > 4 or m in ("june", "july", "may")]
    abbreviations = [m for m in words.months if m not in full]
    weekday_full = [w for w in words.weekdays if w.endswith("day")]
    weekday_short = [w for w in words.weekdays if w not in weekday_full]
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    units = "one|two|three|four|five|six|seven|eight|nine"
    number_words = alternation([w for w in words.numbers if w != "recent"])
    year = r"(?:1[89]|20)\d\d"
    return {
        "MONTH": rf"(?P<month>{alternation(full)}|(?:{alternation(abbreviations)})\.?)",
        "WEEKDAY": rf"(?P<weekday>{alternation(weekday_full)}|(?:{alternation(weekday_short)})\.?)",
        "DAY": r"(?P<day>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?",
        "Y": rf"(?P<year>{year})(?!\d)",
        "YEARISH": (
            rf"(?:(?:(?P<fiscal>fiscal)\s+(?:year\s+)?|(?P<fy>FY)\s*'?)(?P<fyear>{year}|\d\d)(?!\d)"
            rf"|(?P<year>{year})(?!\d)|'(?P<ayy>\d\d)(?!\d)"
            r"|(?P<ryear>this|last|next|past|the\s+current|the\s+previous|the\s+prior|the\s+coming"
            r"|the\s+following|the\s+same)\s+(?P<ryfiscal>fiscal\s+)?year)"
        ),
        "NUM": rf"(?P<num>\d{{1,3}}(?:\.\d+)?|(?:{tens})(?:-(?:{units}))?|{number_words})",
        "UNIT": rf"(?P<unit>{alternation(list(words.units))})s?",
        "ORD": rf"(?P<ord>{alternation(list(words.ordinals))})",
        "SEASON": rf"(?P<season>{alternation(list(words.seasons))})",
        "PART": rf"(?P<part>{alternation(list(words.parts))})(?:\s*-\s*|\s+)",
    }
