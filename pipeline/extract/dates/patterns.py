"""The date recognizer: the templates of date_patterns.json compiled once, and every match of them in a text, each
pattern tried only at the word starts its `starts` table lists."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.dates.words import DATA_DIR, Words, load_words, placeholders

# Every pattern starts where a word starts (and not right after a number); the scan visits only these positions,
# each with its first two tokens: a letter run or one other character, then the next letter run or digit.
_MATCH_START = r"(?<![\w$€£¥])(?<!\d[.,/:-])"
_WORD_STARTS = re.compile(_MATCH_START + r"(?:[^\W\d_]+|.)", re.DOTALL)
_FIRST_TOKEN = re.compile(r"[^\W\d_]+|.", re.DOTALL)
_NEXT_TOKEN = re.compile(r"[\W_]*([^\W\d_]+|\d)?")
_ANY = ""  # a token with non-ASCII letters or digits, or none: every pattern it may belong to is tried there
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
    """The compiled patterns in data order, and the patterns a match may start with, by its first two tokens."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    # first token -> (second token -> patterns, patterns for any other second token)
    by_tokens: dict[str, tuple[dict[str, tuple[int, ...]], tuple[int, ...]]]
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
        "Y": ("18", "19", "20"),
        "YEARISH": (
            "fiscal", "fy", "'", "18", "19", "20", "this", "last", "next", "past",
            "the current", "the previous", "the prior", "the coming", "the following", "the same",
        ),
    }


def start_pairs(starts: list[str], expansions: dict[str, tuple[str, ...]], where: str) -> frozenset[tuple[str, str | None]]:
    """The (first, second) token keys (see token_key) a match may begin with, from a pattern's `starts` list with its
    placeholders expanded; the second is None where any may follow (`{WEEKDAY}`, then a comma or a month)."""
    pairs = set()
    for item in starts:
        phrases = [""]
        for element in item.split():
            if element.startswith("{"):
                name = element.strip("{}")
                if name not in expansions:
                    raise ValueError(f"date_patterns.json: pattern {where!r} starts with unknown placeholder {element}")
                choices = expansions[name]
            else:
                choices = (element,)
            phrases = [f"{before} {choice}".strip() for before in phrases for choice in choices]
        for phrase in phrases:
            first = _FIRST_TOKEN.match(phrase)
            second = _NEXT_TOKEN.match(phrase, first.end()).group(1)
            pairs.add((token_key(first.group()), token_key(second) if second else None))
    return frozenset(pairs)


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
        starts.append(start_pairs(spec["starts"], expansions, name) if spec.get("starts") else None)
    always = tuple(rank for rank, pairs in enumerate(starts) if pairs is None)
    return DatePatterns(tuple(compiled), _index_by_tokens(starts, always), always)


def _index_by_tokens(
    starts: list[frozenset[tuple[str, str | None]] | None], always: tuple[int, ...]
) -> dict[str, tuple[dict[str, tuple[int, ...]], tuple[int, ...]]]:
    """First token -> (second token -> ranks of the patterns that may start so, ranks for any other second token)."""
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
    by_tokens[_ANY] = ({}, tuple(range(len(starts))))
    return by_tokens



def token_key(token: str | None) -> str:
    """The key of a text token in DatePatterns.by_tokens: lower-cased ASCII or punctuation, else _ANY."""
    if token is not None and (token.isascii() or len(token) == 1 and not token.isalnum()):
        return token.lower()
    return _ANY


def find_date_candidates(text: str) -> list[Candidate]:
    """Every pattern match, longest first (an earlier pattern wins a tie); they may overlap.

    Each pattern's matches are those of its `finditer` (left to right, not overlapping each other), found by
    trying it only at the word starts whose first two tokens it can begin with."""
    patterns = load_patterns()
    free_from = [0] * len(patterns)  # where each pattern's previous match ended
    found: list[tuple[int, int, Candidate]] = []
    for word in _WORD_STARTS.finditer(text):
        starting = patterns.by_tokens.get(token_key(word.group()))
        if starting is None:
            ranks = patterns.always
        else:
            by_second, any_second = starting
            if by_second:
                second = _NEXT_TOKEN.match(text, word.end()).group(1)
                ranks = by_second.get(token_key(second), any_second)
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
