"""The date recognizer: the templates of date_patterns.json compiled once, and every match of them in a text, each
pattern tried only at the word starts its `starts` table lists."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.dates.words import DATA_DIR, Words, load_words, placeholders

# Every pattern starts where a word starts (and not right after a number); the scan visits only these positions,
# each with its first token: a letter run or one other character.
_MATCH_START = r"(?<![\w$€£¥])(?<!\d[.,/:-])"
_WORD_STARTS = re.compile(_MATCH_START + r"(?:[^\W\d_]+|.)", re.DOTALL)
_FIRST_TOKEN = re.compile(r"[^\W\d_]+|.", re.DOTALL)
_ANY = ""  # a token with non-ASCII letters: every pattern is tried there
_DIGITS = tuple("0123456789")


@dataclass(frozen=True)
class Candidate:
    """One pattern match: where it is, which pattern, and its named groups (lower-cased)."""

    start: int
    end: int
    pattern: str
    groups: dict[str, str]


@dataclass(frozen=True)
class DatePatterns:
    """The compiled patterns in data order, and the patterns a match may start with, by its first token."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    by_token: dict[str, tuple[int, ...]]  # first token -> ranks of the patterns that may start with it
    always: tuple[int, ...]  # patterns with no `starts`: tried at every word start

    def __iter__(self):
        return iter(self.patterns)

    def __len__(self) -> int:
        return len(self.patterns)


def placeholder_starts(words: Words) -> dict[str, tuple[str, ...]]:
    """The phrases each `{NAME}` of a `starts` list stands for: a match of the placeholder begins like one of them."""
    tens = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
    return {
        "MONTH": tuple(words.months),
        "WEEKDAY": tuple(words.weekdays),
        "SEASON": tuple(words.seasons),
        "ORD": tuple(words.ordinals),
        "PART": tuple(words.parts),
        "UNIT": tuple(words.units),
        "NUM": (*_DIGITS, *tens, *(w for w in words.numbers if w != "recent")),
        "DAY": _DIGITS,
        "DIGIT": _DIGITS,
        "Y": ("1", "2"),  # 18xx-20xx
        "YEARISH": ("fiscal", "fy", "'", "1", "2", "this", "last", "next", "past", "the"),
    }


def first_token_keys(starts: list[str], expansions: dict[str, tuple[str, ...]], where: str) -> frozenset[str]:
    """The first-token keys (see token_key) of a pattern's `starts` list, placeholders expanded."""
    keys = set()
    for item in starts:
        if item.startswith("{"):
            name = item.strip("{}")
            if name not in expansions:
                raise ValueError(f"date_patterns.json: pattern {where!r} starts with unknown placeholder {item}")
            phrases = expansions[name]
        else:
            phrases = (item,)
        for phrase in phrases:
            keys.add(token_key(_FIRST_TOKEN.match(phrase.strip()).group()))
    return frozenset(keys)


@lru_cache(maxsize=1)
def load_patterns() -> DatePatterns:
    """Compile every template of date_patterns.json; a bad template or `starts` list fails here, naming its pattern."""
    raw = json.loads((DATA_DIR / "date_patterns.json").read_text(encoding="utf-8"))
    words = load_words()
    holes = placeholders(words)
    expansions = placeholder_starts(words)
    compiled, starts = [], []
    for name, spec in raw["patterns"].items():
        try:
            body = re.sub(r"\{([A-Z]+)\}", lambda m: holes[m.group(1)], spec["regex"])
            # Word-like edges on both sides, and no number glued to the match (1.2025, 2025.5, 3/3/2025/7).
            pattern = re.compile(rf"{_MATCH_START}(?:{body})(?!\w)(?![.,/:]\d)(?!-\d)", re.IGNORECASE)
        except (KeyError, re.error) as exc:
            raise ValueError(f"date_patterns.json: pattern {name!r} does not compile: {exc}") from exc
        compiled.append((name, pattern))
        starts.append(first_token_keys(spec["starts"], expansions, name) if spec.get("starts") else None)
    always = tuple(rank for rank, keys in enumerate(starts) if keys is None)
    by_token: dict[str, tuple[int, ...]] = {}
    for key in {key for keys in starts if keys for key in keys}:
        by_token[key] = tuple(sorted({*always, *(rank for rank, keys in enumerate(starts) if keys and key in keys)}))
    by_token[_ANY] = tuple(range(len(compiled)))
    return DatePatterns(tuple(compiled), by_token, always)


def token_key(token: str) -> str:
    """The key of a first token in DatePatterns.by_token: lower-cased ASCII, or _ANY for other letters."""
    if token.isascii() or len(token) == 1 and not token.isalnum():
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
        start = word.start()
        for rank in patterns.by_token.get(token_key(word.group()), patterns.always):
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
