"""The role of an amount (SPEC §7) from cue words around it in its sentence, and from its neighbouring amounts.

A cue is scored by its distance in words from the amount plus its penalty (pipeline/data/deal_words.json):
cues written right after the amount (`$20 million upfront`) or before it in its clause (`revenue of`) beat the
words of the whole sentence (`acquire ... for $N`), which beat those of the paragraph's earlier sentences.
A price-move verb (`rose 4% to`) is a share price or a result, by the noun it reports on."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from pipeline.extract.deals.parties import relative_clauses
from pipeline.extract.deals.words import AMOUNT, MOVE, DealWords, Phrase, PhraseIndex, Sentence, find_phrase, matches_at, phrase_index

NOUN_MARKERS = frozenset({"a", "an", "the", "its", "their", "this", "that", "’s", "'s"})  # after them a verb form is a noun
STOPS = frozenset({".", ";", "!", "?", ":"})
# words after `and` that keep describing the amount (`$48 million in upfront and research payments`)
AND_CONTINUES = frozenset({"research", "development", "regulatory", "commercial", "sales", "milestone", "milestones", "royalty", "royalties", "equity", "option", "other"})


def _after_candidates(words: Sequence[str], at: int, hi: int, data: DealWords) -> list[tuple[float, str]]:
    found = []
    for j in range(at + 1, min(hi, at + 1 + data.after_reach)):
        if words[j] in STOPS or words[j] in (",", "while", "but") or words[j] == "and" and j + 1 < hi and words[j + 1] not in AND_CONTINUES:
            break  # `save $210 million and fund training grants`: the words after `and` are another clause's
        for _, cue in data.after_index.starting(words, j, hi):
            found.append((j - at - 1 + cue.penalty, cue.role))
    return found


def hedge_start(words: Sequence[str], at: int, lo: int, data: DealWords) -> int:
    """Where the amount's hedge words begin (`up to`, `as much as`, `about`): they stand between a cue and the amount."""
    found = phrase_index(data.hedges).ending(words, at, lo)
    return at - max(len(h) for h, _ in found) if found else at


def _before_candidates(words: Sequence[str], at: int, lo: int, data: DealWords) -> list[tuple[float, str]]:
    found = []
    at = hedge_start(words, at, lo, data)
    label = at - 1 if at > lo and words[at - 1] == ":" else None  # `Net income: $138 million`: the label is its cue
    for end in range(at, max(lo, at - data.before_reach - 1), -1):
        if end < at and words[end] in STOPS and end != label:
            break
        for _, cue in data.before_index.ending(words, end, lo):
            found.append((at - end + cue.penalty + 0.01, cue.role))  # an after cue wins a tie
    return found


def _context_candidates(sentence: Sentence, at: int, penalty: float, data: DealWords) -> list[tuple[float, str]]:
    if sentence.context_cues is None:
        words = sentence.words
        sentence.context_cues = [(j, cue) for j in range(len(words)) for _, cue in data.context_index.starting(words, j)]
    return [(abs(j - at) / 100 + penalty + cue.penalty, cue.role) for j, cue in sentence.context_cues]


def read_role(sentence: Sentence, at: int, earlier: Sequence[Sentence], currencies: Sequence[str | None], data: DealWords, values: Sequence[float | None] = ()) -> tuple[str, float]:
    """The role of the amount at token `at` of `sentence`, with the score of the cue that gave it (its distance in
    words plus its penalty; context cues score data.context_penalty and more; infinity when no cue did and the verb
    or the default role decided). `earlier` are the paragraph's sentences before it, `values` the amounts' values (a
    price move with no noun before it is a share price when the figure is small)."""
    words = sentence.words
    kinds = [t.kind for t in sentence.tokens]
    lo = max((i + 1 for i in range(at) if kinds[i] == AMOUNT), default=0)
    following = [i for i in range(at + 1, len(words)) if kinds[i] == AMOUNT] + [len(words)]
    after_at, hi = at, following[0]
    if hi < len(words) and is_conversion(sentence, at, hi, currencies, data):
        # `¥18 billion ($117 million) upfront`: the words after the conversion describe both
        after_at = hi + 1 if hi + 1 < len(words) and words[hi + 1] in (")", "]", "—", "–", ",") else hi
        hi = following[1]
    local = _after_candidates(words, after_at, hi, data) + _before_candidates(words, at, lo, data)
    context = _context_candidates(sentence, at, data.context_penalty, data)
    for distance, previous in enumerate(reversed(earlier), 1):
        context += _context_candidates(previous, len(previous.tokens), data.paragraph_penalty * distance, data)
    for score, role in sorted(local + context):
        if role == MOVE:
            ref = sentence.tokens[at].ref
            role = _moved(words, at, data, values[ref] if ref < len(values) else None)
        if role is not None:
            return refine(role, words, lo, at, data), score
    return refine(_verb_role(words, at, data), words, lo, at, data), float("inf")


def _verb_role(words: Sequence[str], at: int, data: DealWords) -> str:
    """An amount no cue describes takes the role of the deal its verb makes (`offloading its stake to Y for $N`), the
    nearest of data.verb_roles before it in its clause; else the default role."""
    for end in range(at, max(0, at - data.before_reach - 1), -1):
        if end < at and (words[end] in STOPS or words[end] in data.clause_breaks):
            break
        for role, verb in data.verb_roles:
            start = end - len(verb)
            if matches_at(words, start, verb) and not (start > 0 and words[start - 1] in NOUN_MARKERS):
                return role
    return data.default_role


def _moved(words: Sequence[str], at: int, data: DealWords, value: float | None = None) -> str | None:
    """`shares rose 4% to $41.15` is a share price, `revenue rose 11% to $1.84 billion` a result: the nearer noun
    decides, not one inside a relative clause or apposition (`Shares of X, which trade on the AIM market, jumped 14%
    to 87.5 pence`). With no such noun (`Thornbury fell 14 pence to 212 pence`), a figure under data.share_price_below
    is a share price."""
    inside = relative_clauses(words, data)
    index = _move_index(data.move_nouns)
    for j in range(at - 1, -1, -1):
        found = [] if inside[j] else index.starting(words, j)
        if found:
            return min(rank for _, rank in found)[1]  # the first listed noun written there
    return "price_per_share" if value is not None and value < data.share_price_below else None


@functools.lru_cache(maxsize=8)
def _move_index(nouns: tuple[tuple[str, Phrase], ...]) -> PhraseIndex[tuple[int, str]]:
    return PhraseIndex((noun, (k, role)) for k, (role, noun) in enumerate(nouns))


def refine(role: str, words: Sequence[str], lo: int, at: int, data: DealWords) -> str:
    """A role the clause's other words change: a round raised in an IPO is an offering; earnings a share are a result."""
    for r in data.refinements:
        if role != r.source:
            continue
        lo_word, hi_word = _clause_bounds(words, at, r.reach, r.reach_after)
        if find_phrase(words, r.when, lo_word, hi_word) != -1:
            lo_word, hi_word = _clause_bounds(words, at, r.unless_reach, r.reach_after)
            if not (r.unless and find_phrase(words, r.unless, lo_word, hi_word) != -1):
                role = r.target
    if role == "price_per_share" and find_phrase(words, data.per_share_results, max(lo, at - data.before_reach), at) != -1:
        role = "financial_result"
    return role


def _clause_bounds(words: Sequence[str], at: int, before: int, after: int) -> tuple[int, int]:
    """The words within reach of the amount, not across a semicolon (`is weighing a listing; it raised $210 million`)."""
    lo = max(0, at - before)
    hi = min(len(words), at + after)
    lo = max([lo, *(j + 1 for j in range(lo, at) if words[j] == ";")])
    hi = min([hi, *(j for j in range(at, hi) if words[j] == ";")])
    return lo, hi


def is_conversion(sentence: Sentence, first: int, second: int, currencies: Sequence[str | None], data: DealWords) -> bool:
    """Whether the amount at token `second` restates the one at `first` in another currency (`710 billion won—or
    approximately $480 million`, `€185 million (£161 million)`)."""
    between = tuple(w for w in sentence.words[first + 1 : second] if w not in (",",))
    if not between or between[0] in ("(", "["):
        return len(between) <= 4
    first_ref, second_ref = sentence.tokens[first].ref, sentence.tokens[second].ref
    return between in data.conversion_links and currencies[first_ref] != currencies[second_ref]


def is_compared(sentence: Sentence, first: int, second: int, first_role: str, currencies: Sequence[str | None], data: DealWords) -> bool:
    """Whether the amount at token `second` is the same kind of figure as the one at `first`: a comparison (`revenue of
    $412 million, up from $287 million`), the end of a change (`from $10 to $12`), or a restatement in the same currency
    (`C$1.84 billion, or C$2.07 a share`)."""
    words = sentence.words
    between = tuple(w for w in words[first + 1 : hedge_start(words, second, first + 1, data)] if w != ",")
    # a link after at most four words of the first amount's own (`$2.10 a share, down from $2.60`)
    if any(between[k:] in data.comparison_links for k in range(min(5, len(between)))):
        return True
    if between == ("to",) and first > 0 and (words[first - 1] in ("from", "by") or words[first - 1] in data.move_words):
        return True
    first_ref, second_ref = sentence.tokens[first].ref, sentence.tokens[second].ref
    # `C$1.84 billion, or C$2.07 a share` restates a result; `$3.4B, or $38.50 per share` is the deal's price a share
    return between == ("or",) and currencies[first_ref] == currencies[second_ref] and first_role == "financial_result"


def is_listed(sentence: Sentence, first: int, second: int, data: DealWords) -> bool:
    """Whether two amounts are joined as parts of one deal (`$20 million upfront and up to $265 million in milestones`):
    a list word between them, with at most the first amount's role words before it."""
    words = sentence.words[first + 1 : second]
    if any(w in STOPS for w in words) or len(words) > 8:
        return False
    return any(matches_at(words, j, link) for j in range(len(words)) for link in data.list_links)
