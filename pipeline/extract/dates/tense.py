"""Past or future from the words of a date's clause (SPEC §3's cheap tense rule): `will`, `expects` ... against `said`,
`was` and other -ed verbs."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from pipeline.extract.dates.words import load_words
from pipeline.normalize.calendar import Direction

_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[A-Z\"“(])|;\s|\n")


_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


_FRAGMENT_WORDS = frozenset({"on", "in", "at", "by", "for", "from", "to", "the", "of", "during", "until", "through"})


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
