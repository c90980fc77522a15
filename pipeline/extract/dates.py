"""Date mentions of an article body: recognized by the patterns of date_patterns.json, resolved against `published`."""

from __future__ import annotations

import datetime as dt
import json
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

from pipeline.models import DateKind, DateMention, Granularity
from pipeline.normalize import calendar as cal
from pipeline.normalize.calendar import Direction, Period

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
NO_REFERENCE_WARNING = "no publication date: {count} relative date(s) kept without a value"

# Prepositions and hedges that SPEC §3 keeps outside a DATE span; used to trim spaCy's DATE hints.
_LEADING_WORDS = re.compile(
    r"^(?:(?:in|on|by|since|from|between|until|till|through|during|over|within|for|as\s+of|of|at|"
    r"about|almost|nearly|around|approximately|roughly|some|more\s+than|less\s+than|up\s+to|at\s+least|"
    r"just|only|than)\s+)+",
    re.IGNORECASE,
)
_RANGE_JOINER = re.compile(r"\s*(?:-|–|—|to|through|thru|until|till|and)\s*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[A-Z\"“(])|;\s|\n")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_FRAGMENT_WORDS = frozenset({"on", "in", "at", "by", "for", "from", "to", "the", "of", "during", "until", "through"})


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


@dataclass(frozen=True)
class Candidate:
    """One pattern match: where it is, which pattern, and its named groups (lower-cased)."""

    start: int
    end: int
    pattern: str
    groups: dict[str, str]


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


class _NeedsReference(Exception):
    """Raised inside resolution when a relative expression meets an article without a publication date."""


def _alternation(words: Sequence[str]) -> str:
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


def _placeholders(words: Words) -> dict[str, str]:
    full = [m for m in words.months if len(m) > 4 or m in ("june", "july", "may")]
    abbreviations = [m for m in words.months if m not in full]
    weekday_full = [w for w in words.weekdays if w.endswith("day")]
    weekday_short = [w for w in words.weekdays if w not in weekday_full]
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    units = "one|two|three|four|five|six|seven|eight|nine"
    number_words = _alternation([w for w in words.numbers if w != "recent"])
    year = r"(?:1[89]|20)\d\d"
    return {
        "MONTH": rf"(?P<month>{_alternation(full)}|(?:{_alternation(abbreviations)})\.?)",
        "WEEKDAY": rf"(?P<weekday>{_alternation(weekday_full)}|(?:{_alternation(weekday_short)})\.?)",
        "DAY": r"(?P<day>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?",
        "Y": rf"(?P<year>{year})(?!\d)",
        "YEARISH": (
            rf"(?:(?:(?P<fiscal>fiscal)\s+(?:year\s+)?|(?P<fy>FY)\s*'?)(?P<fyear>{year}|\d\d)(?!\d)"
            rf"|(?P<year>{year})(?!\d)|'(?P<ayy>\d\d)(?!\d)"
            r"|(?P<ryear>this|last|next|past|the\s+current|the\s+previous|the\s+prior|the\s+coming"
            r"|the\s+following|the\s+same)\s+(?P<ryfiscal>fiscal\s+)?year)"
        ),
        "NUM": rf"(?P<num>\d{{1,3}}(?:\.\d+)?|(?:{tens})(?:-(?:{units}))?|{number_words})",
        "UNIT": rf"(?P<unit>{_alternation(list(words.units))})s?",
        "ORD": rf"(?P<ord>{_alternation(list(words.ordinals))})",
        "SEASON": rf"(?P<season>{_alternation(list(words.seasons))})",
        "PART": rf"(?P<part>{_alternation(list(words.parts))})(?:\s*-\s*|\s+)",
    }


# Every pattern starts where a word starts (and not right after a number); the scan visits only these positions,
# each with its first two tokens: a letter run or one other character, then the next letter run or digit.
_MATCH_START = r"(?<![\w$€£¥])(?<!\d[.,/:-])"
_WORD_STARTS = re.compile(_MATCH_START + r"(?:[^\W\d_]+|.)", re.DOTALL)
_NEXT_TOKEN = re.compile(r"[\W_]*([^\W\d_]+|\d)?")
_ANY = ""  # a token with non-ASCII letters or digits: every pattern it may belong to is tried there


@dataclass(frozen=True)
class DatePatterns:
    """The compiled patterns in data order, and the patterns a match may start with, by its first two tokens."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    # first token -> (second token -> patterns, patterns for any other second token)
    by_tokens: dict[str, tuple[dict[str, tuple[int, ...]], tuple[int, ...]]]
    always: tuple[int, ...]  # patterns whose start could not be worked out: tried at every word start

    def __iter__(self):
        return iter(self.patterns)

    def __len__(self) -> int:
        return len(self.patterns)


@lru_cache(maxsize=1)
def load_patterns() -> DatePatterns:
    """Compile every template of date_patterns.json; a bad template fails here, naming its pattern."""
    raw = json.loads((DATA_DIR / "date_patterns.json").read_text(encoding="utf-8"))
    holes = _placeholders(load_words())
    compiled = []
    for name, spec in raw["patterns"].items():
        template = spec["regex"]
        try:
            body = re.sub(r"\{([A-Z]+)\}", lambda m: holes[m.group(1)], template)
            # Word-like edges on both sides, and no number glued to the match (1.2025, 2025.5, 3/3/2025/7).
            pattern = re.compile(rf"{_MATCH_START}(?:{body})(?!\w)(?![.,/:]\d)(?!-\d)", re.IGNORECASE)
        except (KeyError, re.error) as exc:
            raise ValueError(f"date_patterns.json: pattern {name!r} does not compile: {exc}") from exc
        compiled.append((name, pattern))
    starts = [first_tokens(pattern) for _, pattern in compiled]
    always = tuple(rank for rank, pairs in enumerate(starts) if pairs is None)
    known = [(rank, pairs) for rank, pairs in enumerate(starts) if pairs is not None]
    by_tokens = {}
    for first in {pair[0] for _, pairs in known for pair in pairs}:
        seconds = {pair[1] for _, pairs in known for pair in pairs if pair[0] == first} - {None}
        with_first = [(rank, {second for f, second in pairs if f == first}) for rank, pairs in known]
        any_second = tuple(sorted({*always, *(rank for rank, sec in with_first if None in sec)}))
        by_second = {
            second: tuple(sorted({*any_second, *(rank for rank, sec in with_first if second in sec)}))
            for second in seconds
        }
        by_second[_ANY] = tuple(sorted({*always, *(rank for rank, sec in with_first if sec)}))
        by_tokens[first] = (by_second, any_second)
    by_tokens[_ANY] = ({}, tuple(range(len(compiled))))
    return DatePatterns(tuple(compiled), by_tokens, always)


class _Unknown(Exception):
    """A pattern part from which first_tokens cannot tell how a match starts."""


Tokens = tuple[str, ...]


def first_tokens(pattern: re.Pattern[str]) -> frozenset[tuple[str, str | None]] | None:
    """The (first, second) tokens a match of `pattern` can start with; None when its structure does not tell
    (the pattern is then tried at every word start). The first token is a whole lower-case ASCII letter run or one
    other character (a digit, a quote); the second, after any punctuation and spaces, a letter run or a digit, or
    None for any.

    Read from Python's own parse of the pattern, so it follows the templates and word lists as they change.
    """
    try:
        from re import _constants as sre, _parser as parser
    except ImportError:  # another Python's internals: every pattern is tried everywhere, slower but the same
        return None

    def unknown(tokens: Tokens) -> set[tuple[str, str | None]]:
        if not tokens:
            raise _Unknown
        return {(tokens[0], None)}

    def char(code: int, tokens: Tokens, current: str, rest: list, seen: frozenset) -> set:
        lowered = chr(code).lower()
        if lowered.isalpha():
            # A text token with other letters is tried against every pattern it may start anyway.
            return walk(rest, tokens, current + lowered, seen) if lowered.isascii() and len(lowered) == 1 else set()
        if current:
            tokens += (current,)
        if len(tokens) == 2:
            return {tokens}
        if lowered.isalnum():
            return walk(rest, tokens + (lowered,), "", seen) if lowered.isascii() and len(tokens) < 2 else set()
        if not tokens:
            if lowered.isspace():
                raise _Unknown  # a space is not a word start
            tokens = (lowered,)
        return walk(rest, tokens, "", seen)  # punctuation and spaces between the first and second token

    def walk(items: list, tokens: Tokens, current: str, seen: frozenset) -> set:
        if len(tokens) == 2:
            return {tokens}
        if len(seen) > 100 or len(current) > 40:
            return unknown(tokens)
        if not items:
            tokens += (current,) if current else ()
            return {tokens} if len(tokens) == 2 else unknown(tokens)
        (op, av), rest = items[0], items[1:]
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            return walk(rest, tokens, current, seen)
        if op is sre.SUBPATTERN:
            return walk(list(av[-1]) + rest, tokens, current, seen)
        if op is sre.BRANCH:
            return set().union(*(walk(list(alt) + rest, tokens, current, seen) for alt in av[1]))
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, high, body = av
            state = (id(body), low, tokens, current)
            if state in seen:
                return set()  # another turn that read nothing new: the first turn's paths cover it
            seen = seen | {state}
            out = walk(rest, tokens, current, seen) if low == 0 else set()
            if high != 0:
                again = (op, (max(low - 1, 0), high if high == sre.MAXREPEAT else high - 1, body))
                out |= walk([*body, again, *rest], tokens, current, seen)
            return out
        if op is sre.LITERAL:
            return char(av, tokens, current, rest, seen)
        if op is sre.IN:
            out: set = set()
            for kind, value in av:
                if kind is sre.LITERAL:
                    out |= char(value, tokens, current, rest, seen)
                elif kind is sre.RANGE and value[1] - value[0] < 200:
                    for code in range(value[0], value[1] + 1):
                        out |= char(code, tokens, current, rest, seen)
                elif kind is sre.CATEGORY and value is sre.CATEGORY_DIGIT:
                    for digit in "0123456789":
                        out |= char(ord(digit), tokens, current, rest, seen)
                elif kind is sre.CATEGORY and value is sre.CATEGORY_SPACE:
                    out |= char(ord(" "), tokens, current, rest, seen)
                else:
                    return unknown(tokens + ((current,) if current else ()))  # may hold any letter
            return out
        return unknown(tokens + ((current,) if current else ()))

    try:
        return frozenset(walk(list(parser.parse(pattern.pattern, pattern.flags).data), (), "", frozenset()))
    except (_Unknown, RecursionError):
        return None


def _token_key(token: str | None) -> str:
    """The key of a text token in DatePatterns.by_tokens (see first_tokens)."""
    if token is not None and (token.isascii() or len(token) == 1 and not token.isalnum()):
        return token.lower()
    return _ANY


def find_date_candidates(text: str) -> list[Candidate]:
    """Every pattern match, longest first (an earlier pattern wins a tie); they may overlap.

    Each pattern's matches are those of its `finditer` (left to right, not overlapping each other), found by
    trying it only at the word starts whose first token it can begin with."""
    patterns = load_patterns()
    free_from = [0] * len(patterns)  # where each pattern's previous match ended
    found: list[tuple[int, int, Candidate]] = []
    for word in _WORD_STARTS.finditer(text):
        starting = patterns.by_tokens.get(_token_key(word.group()))
        if starting is None:
            ranks = patterns.always
        else:
            by_second, any_second = starting
            if by_second:
                second = _NEXT_TOKEN.match(text, word.end()).group(1)
                ranks = by_second.get(_token_key(second), any_second)
            else:
                ranks = any_second
        start = word.start()
        for rank in ranks:
            if start < free_from[rank]:
                continue
            name, pattern = patterns.patterns[rank]
            match = pattern.match(text, start)
            if match is None:
                continue
            free_from[rank] = match.end()
            groups = {k: v.lower() for k, v in match.groupdict().items() if v is not None}
            groups.update({f"raw_{k}": v for k, v in match.groupdict().items() if v is not None})
            found.append((match.end() - match.start(), rank, Candidate(match.start(), match.end(), name, groups)))
    found.sort(key=lambda f: (-f[0], f[1], f[2].start))
    return [candidate for _, _, candidate in found]


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


_CLAUSE_BREAK = re.compile(r"\b(?:and|but|while|whereas)\b|[;:]")
_REDUCED_RELATIVE = re.compile(r"\s+(?:for|by|before|on|in|at|under|with|from|to)\b")
_PLURAL_BEFORE = re.compile(r"\b[a-z]{2,}[^s'’]s\s+$")  # a plural noun (not -ss: process, business)
_PASSIVE_BEFORE = re.compile(r"\b(?:be|been|being)\s+$", re.IGNORECASE)
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'’")


@lru_cache(maxsize=None)
def _cue(word: str) -> str | None:
    """What a word says about tense: "future", "past", "-ed" (a past participle unless passive) or None."""
    words = load_words()
    lowered = word.lower().replace("’", "'")
    if lowered in words.future_cues or lowered.endswith("'ll"):
        return "future"
    if lowered in words.past_cues:
        return "past"
    if len(lowered) > 4 and lowered.endswith("ed") and word[0].islower():
        return "-ed"
    return None


@lru_cache(maxsize=2)
def _cues_of(text: str) -> tuple[list[int], list[tuple[int, int, str]]]:
    """The tense cue words of a whole text, (start, end, cue), and their starts: found once per article, so each
    mention's clause is a bisection rather than a walk over its words."""
    cues = [(m.start(), m.end(), cue) for m in _WORD.finditer(text) if (cue := _cue(m.group()))]
    return [c[0] for c in cues], cues


def _cuts_word(text: str, pos: int) -> bool:
    """Whether `pos` may fall inside a word, where reading from it would see a partial word."""
    return 0 < pos < len(text) and text[pos - 1] in _WORD_CHARS and text[pos] in _WORD_CHARS


def sentence_tense(text: str, start: int, end: int, *, default: Direction | None = "past") -> Direction | None:
    """The cheap tense rule of SPEC §3: the cue word nearest the mention in its clause decides (a cue after the
    mention counts at 1.5 times its distance, since the verb governing a date usually comes before it).
    Future cues: will, expects, plans, is set to, next ... ; past cues: said, reported, was and other -ed verbs.
    With no cue the sentence is taken as `default`: a past-tense report, the usual case in news. A "sentence" that
    is nothing but the date and a preposition (a caption, a listing, a form field) has no tense to read and is
    taken as upcoming, as calendar tools read it."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 400), start)), default=max(0, start - 400))
    next_end = _SENTENCE_END.search(text, end, min(len(text), end + 400))
    right = next_end.start() if next_end else min(len(text), end + 400)
    if _cuts_word(text, left) or _cuts_word(text, right):
        # A clause cut inside a word at the 400-character limit reads the partial word, as it always has.
        cues = [(m.start(), m.end(), cue) for m in _WORD.finditer(text, left, right) if (cue := _cue(m.group()))]
    else:
        starts, all_cues = _cues_of(text)
        cues = all_cues[bisect_left(starts, left) : bisect_left(starts, right)]
    best: tuple[float, Direction] | None = None
    for word_start, word_end, cue in cues:
        if start <= word_start < end:
            continue
        if cue == "-ed":
            # A participle after "be" is passive, not past: "is due to be published in May".
            if _PASSIVE_BEFORE.search(text[max(left, word_start - 8) : word_start]):
                continue
            # A participle right after a plural noun and before a preposition describes the noun, it is no verb:
            # "medicines selected for negotiation by February 1", "directors appointed before the meeting in May".
            if _REDUCED_RELATIVE.match(text, word_end) and _PLURAL_BEFORE.search(text, max(left, word_start - 20), word_start):
                continue
            cue = "past"
        if word_start >= end and _CLAUSE_BREAK.search(text, end, word_start):
            continue  # `approved it in August, and the company expects ...`: the next clause's verb is not this date's
        distance = start - word_end if word_end <= start else 1.5 * (word_start - end)
        if best is None or distance < best[0]:
            best = (distance, cue)
    if best:
        return best[1]
    others = any(
        m.group().lower() not in _FRAGMENT_WORDS for m in _WORD.finditer(text, left, right) if not start <= m.start() < end
    )
    return default if others else "future"


def _number(words: Words, token: str) -> float | None:
    token = re.sub(r"\s+", " ", token)
    if token in words.numbers:
        return words.numbers[token]
    if "-" in token:
        tens, ones = token.split("-", 1)
        return float((words.numbers.get(tens) or 0) + (words.numbers.get(ones) or 0))
    return float(token)


def _two_digit_year(yy: str) -> int:
    # '25 and FY25 are this century; '90 and FY99 the last one (news rarely names a year past 2049 in two digits).
    n = int(yy.lstrip("'"))
    return 2000 + n if n < 50 else 1900 + n


def _reference(published: dt.date | None) -> dt.date:
    if published is None:
        raise _NeedsReference
    return published


def _relative_year(g: dict[str, str], published: dt.date | None) -> tuple[int, bool] | None:
    """The year a YEARISH group names, and whether it came from `published`; None when no year is named."""
    if "fyear" in g:
        fyear = g["fyear"]
        return (int(fyear) if len(fyear) == 4 else _two_digit_year(fyear)), False
    if "year" in g:
        return int(g["year"]), False
    if "ayy" in g:
        return _two_digit_year(g["ayy"]), False
    if "tyy" in g:
        tyy = g["tyy"].lstrip("'")
        return (int(tyy) if len(tyy) == 4 else _two_digit_year(tyy)), False
    if "ryear" in g:
        word = g["ryear"].split()[-1]
        return _reference(published).year + load_words().relative_offsets[word], True
    return None


def _yearless(
    make: Callable[[int], Period], g: dict[str, str], published: dt.date | None, direction: Direction, rel_key: str
) -> tuple[Period, bool]:
    """Resolve a month/quarter/half/season with or without a year, honoring last/next/this before it."""
    named = _relative_year(g, published)
    if named is not None:
        return make(named[0]), named[1]
    reference = _reference(published)
    rel = g.get(rel_key)
    if rel in ("last", "past", "previous"):
        current = cal.pick_by_year(make, reference, "past")
        return (current if current.end < reference else cal.pick_by_year(make, current.start - dt.timedelta(days=1), "past")), True
    if rel in ("next", "coming"):
        current = cal.pick_by_year(make, reference, "future")
        return (current if current.start > reference else cal.pick_by_year(make, current.end + dt.timedelta(days=1), "future")), True
    if rel == "this":
        this = make(reference.year)
        return this, True
    return cal.pick_by_year(make, reference, direction), True


def _part(g: dict[str, str]) -> str | None:
    part = g.get("part") or g.get("dpart")
    return load_words().parts[re.sub(r"\s+", " ", part)] if part else None


def _resolve(text: str, c: Candidate, published: dt.date | None, direction: Direction) -> Resolved | None:
    """Turn a candidate into a value per SPEC §2; None for a match that is not a date after all."""
    words = load_words()
    g = c.groups
    name = c.pattern
    before = text[max(0, c.start - 30) : c.start]
    after = text[c.end : c.end + 30]
    prev_word = (re.findall(r"[\w#$€£¥%]+(?=[\s.]*$)", before) or [""])[-1].lower()
    next_word = (re.findall(r"^\s*([\w%]+)", after) or [""])[0].lower()

    def point(period: Period, relative: bool, regen: Callable[[int], Period] | None = None) -> Resolved:
        part = _part(g)
        if part:
            period = cal.narrow(period, part)
        return Resolved(c.start, c.end, DateKind.date, period.value, period, period.granularity, relative, regen)

    if name in ("iso_day",):
        return point(cal.day_period(dt.date(int(g["year"]), int(g["mnum"]), int(g["day"]))), False)
    if name == "iso_week":
        return point(cal.week_period(int(g["year"]), int(g["week"])), False)
    if name == "numeric_day":
        first, second = int(g["n1"]), int(g["n2"])
        month, day = (first, second) if first <= 12 else (second, first)
        year = int(g["ny"]) if len(g["ny"]) == 4 else _two_digit_year(g["ny"])
        return point(cal.day_period(dt.date(year, month, day)), False)
    if name == "deictic":
        offset = {"yesterday": -1, "today": 0, "tomorrow": 1}[g["deictic"]]
        return point(cal.day_period(_reference(published) + dt.timedelta(days=offset)), True)
    if "month" in g:
        month_word = g["month"].rstrip(".")
        if month_word in words.ambiguous and "day" not in g and "year" not in g and "ryear" not in g:
            raw = g["raw_month"]
            if not raw[0].isupper() or re.search(r"[A-Z][\w.]*\s+$", before) and not re.search(r"[.!?]\s+$", before):
                return None
        month = words.months[month_word]
        if "day" in g:
            day = int(g["day"])
            if "day2" in g:
                named = _relative_year(g, published)
                if named is None:
                    start_period = cal.pick_month_day(month, day, _reference(published), direction)
                    year, relative = start_period.start.year, True
                else:
                    year, relative = named
                first, last = dt.date(year, month, day), dt.date(year, month, int(g["day2"]))
                if last <= first:
                    return None
                return Resolved(
                    c.start, c.end, DateKind.range, f"{first.isoformat()}/{last.isoformat()}",
                    cal.Period("day", "", first, last), "day", relative,
                )
            named = _relative_year(g, published)
            if named is not None:
                return point(cal.day_period(dt.date(named[0], month, day)), named[1])
            period = cal.pick_month_day(month, day, _reference(published), direction)
            return point(period, True, lambda y: cal.day_period(dt.date(y, month, day)))
        make = lambda y: cal.month_period(y, month)  # noqa: E731
        period, relative = _yearless(make, g, published, direction, "mrel")
        return point(period, relative, make if relative and "mrel" not in g else None)
    if "weekday" in g:
        word = g["weekday"].rstrip(".")
        if word in words.ambiguous and not g["raw_weekday"][0].isupper():
            return None
        if word in words.ambiguous and re.match(r"\s+[A-Z][a-z]", after) and next_word not in words.months:
            return None  # `Sun Pharmaceutical Industries`, `Sat Nav`: a name, not an abbreviated weekday
        reference = _reference(published)
        rel = g.get("wrel")
        if rel in ("last", "past"):
            day = cal.pick_weekday(words.weekdays[word], reference - dt.timedelta(days=1), "past")
        elif rel in ("next", "coming", "this"):
            day = cal.pick_weekday(words.weekdays[word], reference, "future")
        elif words.weekdays[word] == reference.isoweekday():
            # News names its own publication day by weekday ("The FAA on Friday announced"), whatever the tense.
            day = cal.day_period(reference)
        else:
            day = cal.pick_weekday(words.weekdays[word], reference, direction)
        return point(day, True)
    if name in ("quarter_q", "quarter_nq", "quarter_word"):
        number = int(g.get("qn") or words.ordinals.get(g.get("ord", ""), 0))
        if not 1 <= number <= 4 or g.get("ord") in ("latter", "back", "front"):
            return None
        make = lambda y: cal.quarter_period(y, number)  # noqa: E731
        period, relative = _yearless(make, g, published, direction, "-")
        return point(period, relative, make if relative else None)
    if name in ("half_h", "half_word"):
        number = int(g.get("hn") or g.get("hn2") or words.ordinals.get(g.get("ord", ""), 0))
        if not 1 <= number <= 2:
            return None
        make = lambda y: cal.half_period(y, number)  # noqa: E731
        period, relative = _yearless(make, g, published, direction, "-")
        return point(period, relative, make if relative else None)
    if name == "season":
        season = g["season"]
        has_year = any(k in g for k in ("year", "fyear", "ayy", "ryear"))
        if not has_year and g.get("srel") in (None, "the") and "part" not in g:
            if not re.search(r"\b(?:in|during|over|by|since|until|through|this|last|next)\s+$", before, re.IGNORECASE):
                return None
        if season in words.ambiguous and not has_year and g.get("srel") in (None, "the") and next_word == "of":
            return None
        code = words.seasons[season]
        make = lambda y: cal.season_period(y, code)  # noqa: E731
        period, relative = _yearless(make, g, published, direction, "srel")
        return point(period, relative)
    if name == "century":
        number = int(g["century"])
        first_year = (number - 1) * 100
        period = cal.Period("century", f"{number - 1:02d}", dt.date(max(first_year, 1), 1, 1), dt.date(first_year + 99, 12, 31))
        return Resolved(c.start, c.end, DateKind.date, period.value, period, None, False)
    if name == "decade":
        decade = g["decade"]
        first_year = int(decade) if len(decade) == 4 else _two_digit_year(decade)
        return point(cal.decade_period(first_year), False)
    if name == "year_range":
        first = int(g["year"])
        second = int(g["year2"]) if len(g["year2"]) == 4 else first - first % 100 + int(g["year2"])
        if second <= first or second - first > 50 or next_word in words.count_nouns:
            return None
        return Resolved(
            c.start, c.end, DateKind.range, f"{first}/{second}",
            cal.Period("year", "", dt.date(first, 1, 1), dt.date(second, 12, 31)), "year", False,
        )
    if name == "relative_unit":
        unit = g["runit"]
        over = re.search(r"\b(?:over|for|within|during|throughout)\s+$", before, re.IGNORECASE)
        if g.get("the") and g["rel"] in ("next", "past", "last", "coming") and over:
            # "over the past year", "within the next decade": a length of time, like SPEC's "the next five years";
            # "in the last week", "the next quarter" name the period itself.
            letter, granularity, size = words.units[unit]
            return Resolved(c.start, c.end, DateKind.duration, cal.duration_value(size, letter), None, granularity, False)
        reference = _reference(published)
        current = cal.period_containing(reference, unit)
        return point(cal.shift(current, words.relative_offsets[g["rel"]]), True)
    if name == "earlier_later":
        return point(cal.period_containing(_reference(published), g["runit"]), True)
    if name == "part_unit":
        reference = _reference(published)
        current = cal.period_containing(reference, g["punit"])
        part = _part(g)
        looks_back = sentence_tense(text, c.start, c.end, default=None) == "past"
        if looks_back and part and cal.narrow(current, part).start > reference:
            # "peaked by the end of the year" in a March report: the part not yet reached is last year's.
            current = cal.shift(current, -1)
        return point(current, True)
    if name == "year_end":
        return Resolved(
            c.start, c.end, DateKind.date, *_year_end(_reference(published)), True
        )
    if name == "ago":
        count = _number(words, g["num"])
        unit = g["unit"]
        letter, granularity, size = words.units[unit]
        if count is None or granularity is None or next_word in words.reject_after:
            return None
        reference = _reference(published)
        steps = int(count * size)
        if granularity == "decade":
            granularity, steps = "year", steps * 10
        if granularity == "quarter":
            granularity, steps = "month", steps * 3
        return point(cal.shift(cal.period_containing(reference, granularity), -steps), True)
    if name in ("duration", "vague_duration"):
        return _duration(text, c, g, words, prev_word, after)
    if name == "year":
        named = _relative_year(g, published)
        if named is None:
            return None
        year, relative = named
        if not relative and "fyear" not in g:
            if prev_word in words.reject_before or next_word in words.count_nouns or re.match(r"\s*(?:%|percent)", after):
                return None
            if re.search(r"\d\s*$", before):
                return None
        return point(cal.year_period(year), relative)
    return None


def _year_end(reference: dt.date) -> tuple[str, Period, str]:
    period = cal.narrow(cal.year_period(reference.year), "late")
    return period.value, period, "year"


# "to June 30", "ended March 31, 2025", "ending in December", "through 2024": the end that names a period.
PERIOD_BY_END = re.compile(r"\s+(?:to|ended|ending|through)\s+(?:in\s+)?(?:[A-Z][a-z]{2,8}\.?(?:\s+\d|\b)|\d)")


# A number and up to three words right before `a year` ("420 million Swedish kronor a year").
AMOUNT_BEFORE = re.compile(r"\d\s+(?:[A-Za-z]+\s+){1,3}$")


def _duration(text: str, c: Candidate, g: dict[str, str], words: Words, prev_word: str, after: str) -> Resolved | None:
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
    count = None if "vague" in g else _number(words, g["num"])
    if count is not None:
        if "halfpre" in g or "halfpost" in g:
            count += 0.5
        count *= size
    if count is None and granularity == "decade":
        letter = "DE"
    return Resolved(start, c.end, DateKind.duration, cal.duration_value(count, letter), None, granularity, False)


def _to_mention(text: str, r: Resolved) -> DateMention:
    granularity = Granularity(r.granularity) if r.granularity else None
    start = r.period.start if r.period and r.kind is not DateKind.duration else None
    end = r.period.end if r.period and r.kind is not DateKind.duration else None
    return DateMention(
        text=text[r.start : r.end], start=r.start, end=r.end, kind=r.kind, value=r.value,
        start_date=start, end_date=end, granularity=granularity, relative=r.relative,
    )


def _join_ranges(text: str, resolved: list[Resolved]) -> list[Resolved]:
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


def _from_hint(text: str, start: int, end: int, published: dt.date | None) -> Resolved | None:
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
            item = _resolve(text, candidate, published, direction)
        except _NeedsReference:
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
            item = _from_hint(text, hint_start, hint_end, published)
        except (ValueError, OverflowError, KeyError, TypeError):
            item = None
        if item is not None and not resolved_spans.overlaps(item.start, item.end):
            resolved.append(item)
            resolved_spans.add(item.start, item.end)
    resolved.sort(key=lambda r: r.start)
    resolved = _join_ranges(text, resolved)
    warnings = [NO_REFERENCE_WARNING.format(count=unresolved)] if unresolved else []
    return [_to_mention(text, r) for r in resolved], warnings


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
