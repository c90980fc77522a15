"""The deal-term word lists (pipeline/data/deal_words.json), checked when they load, and the token view the rules read."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")

DEAL_WORDS_FILE = Path(__file__).resolve().parents[2] / "data" / "deal_words.json"
ROLE_NAMES = frozenset({
    "upfront", "milestones", "royalties", "equity_investment", "total_deal_value", "acquisition_price",
    "price_per_share", "financing", "offering", "financial_result", "investment", "government_funding",
    "market_value", "cost", "other",
})
MOVE = "@move"  # a price move (rose 4% to): a share price, or a result, by the nearer noun before it
VERB_CLASSES = ("payer", "payee", "seller", "neutral", "award")
# `U.S.` and `e.g.` keep their full stops, so that a stop no longer ends the sentence or the cue window.
WORD_RE = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:[.'’&-]\w+)*|['’]s\b|[^\w\s]")
# A cue word may end in '*'; '_' stands for any one word, '<org>' and '<amount>' for an organization or an amount.
CUE_WORD_RE = re.compile(r"<org>|<amount>|(?:[A-Za-z]\.){2,}|\w+(?:[.'’&-]\w+)*(?:-?\*)?|['’]s\b|[^\w\s]")

Phrase = tuple[str, ...]


class DealWordsError(ValueError):
    """A deal_words.json that the rules cannot use; the message names the field."""


@dataclass(frozen=True)
class Cue:
    role: str
    words: Phrase
    penalty: float


class Refinement(NamedTuple):
    """A role changed to `target` when a `when` phrase is within `reach` words before the amount or `reach_after`
    after it, and no `unless` phrase within `unless_reach` before it or `reach_after` after it."""

    source: str
    target: str
    when: tuple[Phrase, ...]
    reach: int
    reach_after: int
    unless: tuple[Phrase, ...]
    unless_reach: int


@dataclass(frozen=True)
class DealWords:
    abbreviations: frozenset[str]
    after: tuple[Cue, ...]
    before: tuple[Cue, ...]
    context: tuple[Cue, ...]
    after_reach: int
    before_reach: int
    context_penalty: float
    paragraph_penalty: float
    default_role: str
    verb_roles: tuple[tuple[str, Phrase], ...]
    refinements: tuple[Refinement, ...]
    per_share_results: tuple[Phrase, ...]
    hedges: tuple[Phrase, ...]
    comparison_links: frozenset[Phrase]
    move_nouns: tuple[tuple[str, Phrase], ...]
    public_bodies: tuple[Phrase, ...]
    bystanders: tuple[Phrase, ...]
    acquisition_financing_cues: tuple[Phrase, ...]
    description_heads: frozenset[str]
    public_heads: frozenset[str]
    description_reach: int
    share_price_below: float
    claimant_cues: tuple[Phrase, ...]
    fee_cues: tuple[Phrase, ...]
    source_cues: tuple[Phrase, ...]
    buyer_words: tuple[Phrase, ...]
    seller_words: tuple[Phrase, ...]
    licence_words: tuple[Phrase, ...]
    government_words: frozenset[str]
    move_words: frozenset[str]
    refinement_reach: int
    conversion_links: frozenset[Phrase]
    list_links: frozenset[Phrase]
    verbs: dict[str, tuple[Phrase, ...]]
    passive_aux: tuple[Phrase, ...]
    clause_breaks: frozenset[str]
    skippable: frozenset[str]
    no_party_roles: frozenset[str]
    party_verbs_needed: frozenset[str]
    offer_cues: tuple[Phrase, ...]
    lead_cues: tuple[Phrase, ...]
    no_lead_cues: tuple[Phrase, ...]
    lead_ahead_cues: tuple[Phrase, ...]
    lead_ahead_reach: int
    deal_nouns: tuple[Phrase, ...]
    acquisition_nouns: frozenset[str]
    continuation_openers: tuple[Phrase, ...]
    deal_kinds: dict[str, str]
    pronouns: tuple[Phrase, ...]
    issue_cues: tuple[Phrase, ...]
    share_sale_verbs: tuple[Phrase, ...]
    share_sale_reach: int
    lender_verbs: frozenset[Phrase]
    paying_verbs: frozenset[Phrase]
    payout_words: tuple[Phrase, ...]
    trading_cues: tuple[Phrase, ...]
    headline_roles: frozenset[str]
    after_index: PhraseIndex[Cue] = field(init=False, repr=False)
    before_index: PhraseIndex[Cue] = field(init=False, repr=False)
    context_index: PhraseIndex[Cue] = field(init=False, repr=False)
    verb_index: PhraseIndex[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # frozen: the indexes are set once, here, from the lists above
        object.__setattr__(self, "after_index", PhraseIndex((cue.words, cue) for cue in self.after))
        object.__setattr__(self, "before_index", PhraseIndex((cue.words, cue) for cue in self.before))
        object.__setattr__(self, "context_index", PhraseIndex((cue.words, cue) for cue in self.context))
        object.__setattr__(self, "verb_index", PhraseIndex((p, cls) for cls, phrases in self.verbs.items() for p in phrases))


def phrase(text: str) -> Phrase:
    return tuple(word.lower() for word in CUE_WORD_RE.findall(text))


def _phrases(raw: dict, key: str) -> tuple[Phrase, ...]:
    values = raw.get(key)
    if not isinstance(values, list) or not all(isinstance(v, str) and phrase(v) for v in values):
        raise DealWordsError(f"{DEAL_WORDS_FILE.name}: '{key}' must be a list of non-empty strings")
    return tuple(phrase(v) for v in values)


VOWELS = frozenset("aeiou")


def _inflections(base: str) -> set[str]:
    """The regular finite forms of a verb's base form: third person and past (`pledge`: pledges, pledged; `commit`:
    commits, committed; `ally`: allies, allied). Not the gerund: `putting the value at`, `building a plant`, `funding
    from X` head a phrase of their own, so an `-ing` form governs an amount only where the list names it."""
    if base.endswith("y") and len(base) > 2 and base[-2] not in VOWELS:
        return {base[:-1] + "ies", base[:-1] + "ied"}
    third = base + ("es" if base.endswith(("s", "sh", "ch", "x", "z", "o")) else "s")
    if base.endswith("e"):
        return {third, base + "d"}
    forms = {third, base + "ed"}
    if len(base) >= 3 and base[-1] not in VOWELS | {"w", "x", "y"} and base[-2] in VOWELS and base[-3] not in VOWELS:
        forms.add(base + base[-1] + "ed")  # a final consonant doubled (commit, plan)
    return forms


def _is_base(word: str, listed: set[str]) -> bool:
    """Whether a listed verb is written in its base form: not a participle, and no `-s` form of a listed base."""
    if word.endswith(("ed", "ing")) or "-" in word:
        return False
    return not (word.endswith("s") and (word[:-1] in listed or word[:-2] in listed or word[:-3] + "y" in listed))


def verb_forms(phrases: Sequence[Phrase], taken: set[Phrase]) -> tuple[Phrase, ...]:
    """The listed verb phrases with the regular inflections of their first word (a lemma class: `pledge` covers
    pledges, pledged and pledging), except forms another list names (`licensed` is a seller's, `license` a payer's)."""
    listed = {p[0] for p in phrases} | {p[0] for p in taken}
    found = list(phrases)
    for p in phrases:
        if not _is_base(p[0], listed):
            continue
        for form in sorted(_inflections(p[0])):
            candidate = (form, *p[1:])
            if candidate not in taken and candidate not in found:
                found.append(candidate)
    return tuple(found)


def _cues(raw: dict) -> tuple[tuple[Cue, ...], tuple[Cue, ...], tuple[Cue, ...]]:
    found: dict[str, list[Cue]] = {"after": [], "before": [], "context": []}
    for entry in raw["roles"]:
        role = entry.get("role")
        if role not in ROLE_NAMES and role != MOVE:
            raise DealWordsError(f"{DEAL_WORDS_FILE.name}: unknown role {role!r} in 'roles'")
        penalty = float(entry.get("penalty", 0.0))
        for side in found:
            if side in entry:
                found[side].extend(Cue(role, words, penalty) for words in _phrases(entry, side))
    return tuple(found["after"]), tuple(found["before"]), tuple(found["context"])


@functools.lru_cache(maxsize=1)
def load_deal_words() -> DealWords:
    """The word lists, checked: a missing field, an unknown role or an empty phrase fails here, not while extracting."""
    try:
        return _build(json.loads(DEAL_WORDS_FILE.read_text(encoding="utf-8")))
    except (OSError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise DealWordsError(f"{DEAL_WORDS_FILE.name}: cannot read: {type(exc).__name__} {exc}") from None


def _refinements(raw: dict) -> tuple[Refinement, ...]:
    def reach(r: dict) -> int:
        return int(r.get("reach", raw["refinement_reach"]))

    refinements = tuple(
        Refinement(
            r["from"], r["to"], _phrases(r, "when"), reach(r), 0 if r.get("before_only") else int(r.get("reach_after", reach(r))),
            _phrases(r, "unless") if "unless" in r else (), int(r.get("unless_reach", reach(r))),
        )
        for r in raw["refinements"]
    )
    for source, target, *_ in refinements:
        if {source, target} - ROLE_NAMES:
            raise DealWordsError(f"{DEAL_WORDS_FILE.name}: refinement {source!r} -> {target!r} names an unknown role")
    if set(raw["deal_kinds"]) - ROLE_NAMES or raw["default_role"] not in ROLE_NAMES or set(raw["verb_roles"]) - ROLE_NAMES:
        raise DealWordsError(f"{DEAL_WORDS_FILE.name}: 'deal_kinds', 'default_role' or 'verb_roles' names an unknown role")
    return refinements


def _verb_classes(raw: dict) -> dict[str, tuple[Phrase, ...]]:
    listed = {name: _phrases(raw["verbs"], name) for name in VERB_CLASSES}
    taken = {p for phrases in listed.values() for p in phrases}
    return {name: verb_forms(phrases, taken) for name, phrases in listed.items()}


def _reference_words(raw: dict) -> dict:
    """The words that say which organization a mention stands for, or that it is none of the parties."""
    return {
        "bystanders": _phrases(raw, "bystanders"),
        "acquisition_financing_cues": _phrases(raw, "acquisition_financing_cues"),
        "description_heads": frozenset(raw["description_heads"]),
        "public_heads": frozenset(raw["public_heads"]),
        "description_reach": int(raw["description_reach"]),
        "share_price_below": float(raw["share_price_below"]),
        "claimant_cues": _phrases(raw, "claimant_cues"),
        "fee_cues": _phrases(raw, "fee_cues"),
        "source_cues": _phrases(raw, "source_cues"),
        "buyer_words": _phrases(raw, "buyer_words"),
        "seller_words": _phrases(raw, "seller_words"),
        "licence_words": _phrases(raw, "licence_words"),
    }


def _build(raw: dict) -> DealWords:
    after, before, context = _cues(raw)
    refinements = _refinements(raw)
    verbs = _verb_classes(raw)
    kinds = dict(raw["deal_kinds"])
    return DealWords(
        abbreviations=frozenset(raw["abbreviations"]),
        after=after, before=before, context=context,
        after_reach=int(raw["after_reach"]), before_reach=int(raw["before_reach"]),
        context_penalty=float(raw["context_penalty"]), paragraph_penalty=float(raw["paragraph_penalty"]),
        default_role=raw["default_role"],
        verb_roles=tuple((role, verb) for role, verbs in raw["verb_roles"].items() for verb in _phrases(raw["verb_roles"], role)),
        refinements=refinements,
        per_share_results=_phrases(raw, "per_share_results"),
        hedges=tuple(sorted(_phrases(raw, "hedges"), key=len, reverse=True)),
        comparison_links=frozenset(_phrases(raw, "comparison_links")),
        move_nouns=tuple((role, noun) for role, nouns in raw["move_nouns"].items() for noun in _phrases(raw["move_nouns"], role)),
        public_bodies=_phrases(raw, "public_bodies"),
        **_reference_words(raw),
        government_words=frozenset(w for p in _phrases(raw, "government_words") for w in p),
        move_words=frozenset(cue.words[0] for cue in before if cue.role == MOVE and len(cue.words) == 1),
        refinement_reach=int(raw["refinement_reach"]),
        conversion_links=frozenset(_phrases(raw, "conversion_links")),
        list_links=frozenset(_phrases(raw, "list_links")),
        verbs=verbs,
        passive_aux=_phrases(raw, "passive_aux"),
        clause_breaks=frozenset(w for p in _phrases(raw, "clause_breaks") for w in p),
        skippable=frozenset(raw["skippable"]),
        no_party_roles=frozenset(raw["no_party_roles"]),
        party_verbs_needed=frozenset(raw["party_verbs_needed"]),
        offer_cues=_phrases(raw, "offer_cues"),
        lead_cues=_phrases(raw, "lead_cues"),
        no_lead_cues=_phrases(raw, "no_lead_cues"),
        lead_ahead_cues=_phrases(raw, "lead_ahead_cues"),
        lead_ahead_reach=int(raw["lead_ahead_reach"]),
        deal_nouns=_phrases(raw, "deal_nouns"),
        acquisition_nouns=frozenset(w for p in _phrases(raw, "acquisition_nouns") for w in p),
        continuation_openers=_phrases(raw, "continuation_openers"),
        deal_kinds=kinds,
        pronouns=_phrases(raw, "pronouns"),
        issue_cues=_phrases(raw, "issue_cues"),
        share_sale_verbs=_phrases(raw, "share_sale_verbs"),
        share_sale_reach=int(raw["share_sale_reach"]),
        lender_verbs=frozenset(verb_forms(_phrases(raw, "lender_verbs"), set())),
        paying_verbs=frozenset(verb_forms(_phrases(raw, "paying_verbs"), set())),
        payout_words=_phrases(raw, "payout_words"),
        trading_cues=_phrases(raw, "trading_cues"),
        headline_roles=frozenset(raw["headline_roles"]),
    )


def word_matches(pattern: str, word: str) -> bool:
    if pattern == word or pattern == "_":
        return True
    return pattern[-1] == "*" and len(pattern) > 1 and word.startswith(pattern[:-1])


def matches_at(words: Sequence[str], at: int, cue: Phrase) -> bool:
    """Whether `cue` is written at words[at:]."""
    if at < 0 or at + len(cue) > len(words):
        return False
    for k, pattern in enumerate(cue):
        word = words[at + k]
        if pattern != word and not word_matches(pattern, word):
            return False
    return True


def _loose(pattern: str) -> bool:
    return pattern == "_" or pattern.endswith("*")


def _anchor(words: Phrase) -> tuple[int, str | None]:
    """(k, word) of the first exact word of a phrase (`cost` of `cost _`), or (0, None) when every word is loose."""
    return next(((k, w) for k, w in enumerate(words) if not _loose(w)), (0, None))


def _stem_key(pattern: str) -> str | None:
    """The first three letters a `prefix*` pattern's words begin with, or None when it is shorter (or `_`)."""
    return pattern[:3] if pattern.endswith("*") and len(pattern) > 3 else None


class PhraseIndex(Generic[T]):
    """Phrases with a value, looked up by their first (or last) two words: a sentence is matched against hundreds of
    cues, and trying each cue at each word would cost more than the rest of the pipeline."""

    def __init__(self, items: Iterable[tuple[Phrase, T]]) -> None:
        self.items = tuple(items)
        self._first: dict[object, list[tuple[Phrase, T]]] = {}
        self._last: dict[object, list[tuple[Phrase, T]]] = {}
        self._first_loose: list[tuple[Phrase, T]] = []
        self._last_loose: list[tuple[Phrase, T]] = []
        for item in self.items:
            words = item[0]
            self._file(item, words, self._first, self._first_loose)
            self._file(item, words[::-1], self._last, self._last_loose)
        # first words (and stems of `prefix*` first words) of the phrases: a word not among them starts none
        self.heads = frozenset(k if isinstance(k, str) else k[1] if k[0] == "*" else k[0] for k in self._first)
        self.tails = frozenset(k if isinstance(k, str) else k[1] if k[0] == "*" else k[0] for k in self._last)
        self.has_loose = bool(self._first_loose)
        # each loose phrase with its first exact word from the start (or the end) and how far in it stands: a phrase
        # like `cost _` can only be written where `cost` stands one word before the end, so it is tried only there
        self._first_anchored = [(item, *_anchor(item[0])) for item in self._first_loose]
        self._last_anchored = [(item, *_anchor(item[0][::-1])) for item in self._last_loose]

    @staticmethod
    def _file(item: tuple[Phrase, T], words: Phrase, exact: dict, loose: list) -> None:
        if _loose(words[0]):
            if _stem_key(words[0]) is None:
                loose.append(item)
            else:
                exact.setdefault(("*", _stem_key(words[0])), []).append(item)
        elif len(words) > 1 and not _loose(words[1]):
            exact.setdefault((words[0], words[1]), []).append(item)
        else:
            exact.setdefault(words[0], []).append(item)

    def _candidates(self, exact: dict, loose: list, word: str, following: str | None):
        groups = [exact.get(word), exact.get(("*", word[:3])), loose]
        if following is not None:
            groups.append(exact.get((word, following)))
        return [item for group in groups if group for item in group]

    def starting(self, words: Sequence[str], at: int, hi: int | None = None) -> list[tuple[Phrase, T]]:
        """The phrases written at words[at:] (ending at or before hi)."""
        hi = len(words) if hi is None else hi
        if at >= hi:
            return []
        word = words[at]
        loose = [item for item, k, anchor in self._first_anchored if anchor is None or at + k < hi and words[at + k] == anchor]
        if word in self.heads or word[:3] in self.heads:
            following = words[at + 1] if at + 1 < hi else None
            candidates = self._candidates(self._first, loose, word, following)
        elif loose:
            candidates = loose  # a word no phrase begins with: only the `_` and short `x*` ones may
        else:
            return []
        return [item for item in candidates if at + len(item[0]) <= hi and matches_at(words, at, item[0])]

    def ending(self, words: Sequence[str], end: int, lo: int = 0) -> list[tuple[Phrase, T]]:
        """The phrases written ending at words[end - 1] (starting at or after lo)."""
        if end <= lo:
            return []
        word = words[end - 1]
        loose = [item for item, k, anchor in self._last_anchored if anchor is None or end - 1 - k >= lo and words[end - 1 - k] == anchor]
        if word in self.tails or word[:3] in self.tails:
            previous = words[end - 2] if end - 2 >= lo else None
            candidates = self._candidates(self._last, loose, word, previous)
        elif loose:
            candidates = loose
        else:
            return []
        return [item for item in candidates if end - len(item[0]) >= lo and matches_at(words, end - len(item[0]), item[0])]


@functools.lru_cache(maxsize=256)
def phrase_index(cues: tuple[Phrase, ...]) -> PhraseIndex[None]:
    return PhraseIndex((cue, None) for cue in cues)


def find_phrase(words: Sequence[str], cues: tuple[Phrase, ...], lo: int = 0, hi: int | None = None) -> int:
    """Index of the first word in words[lo:hi] where one of `cues` starts (and ends before hi), or -1."""
    hi = len(words) if hi is None else hi
    index = phrase_index(tuple(cues))
    heads = index.heads
    for at in range(lo, hi):
        word = words[at]
        if (word in heads or word[:3] in heads or index.has_loose) and index.starting(words, at, hi):
            return at
    return -1


# ---------------------------------------------------------------- the token view


ORG, AMOUNT, WORD = "org", "amount", "word"


@dataclass(slots=True)
class Token:
    kind: str  # ORG, AMOUNT or WORD
    lower: str  # the word in lower case; for ORG and AMOUNT the entity's placeholder
    start: int
    end: int
    ref: int = -1  # index of the organization or amount
    paragraph: int = 0


@dataclass
class Sentence:
    tokens: list[Token]
    paragraph: int
    context_cues: list[tuple[int, Cue]] | None = None  # (word index, cue) of its context cues, found once
    verb_ends: dict[int, tuple[int, str] | None] = field(default_factory=dict)  # end -> (start, class) of a verb, found once
    words: list[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.words = [t.lower for t in self.tokens]


def tokens_of(text: str, entities: Sequence[tuple[int, int, str, int]], lo: int = 0, hi: int | None = None) -> list[Token]:
    """The words of text[lo:hi], each organization mention and each amount one token; `entities` are (start, end, kind,
    ref), sorted by start, inside lo:hi. A word the entity overlaps is dropped; an organization overlapping an amount too.
    Paragraph numbers count the line breaks from the start of the body (read line by line: no word spans one)."""
    hi = len(text) if hi is None else hi
    tokens: list[Token] = []
    append, words = tokens.append, WORD_RE.finditer
    pos = lo
    paragraph = text.count("\n", 0, lo)
    for start, end, kind, ref in [*entities, (hi, hi, "", -1)]:
        if start < pos:
            continue
        line = pos
        while True:
            stop = text.find("\n", line, start)
            for m in words(text, line, start if stop == -1 else stop):
                append(Token(WORD, m.group().lower(), m.start(), m.end(), -1, paragraph))
            if stop == -1:
                break
            paragraph += 1
            line = stop + 1
        if not kind:
            break
        append(Token(kind, f"<{kind}>", start, end, ref, paragraph))
        pos = end
    return tokens


def reading_ranges(text: str, amounts: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The character ranges the deal rules read: each paragraph that holds an amount, with the paragraph before it
    (where the parties of `Under the terms, ...` may be named); the rest of a long article is never tokenized."""
    ranges: list[tuple[int, int]] = []
    for start, _ in amounts:
        begin = text.rfind("\n", 0, start) + 1
        before = begin
        while before > 0 and not text[before:begin].strip():  # back over blank lines to the previous paragraph
            before = text.rfind("\n", 0, before - 1) + 1
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        if ranges and before <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(end, ranges[-1][1]))
        else:
            ranges.append((before, end))
    return ranges


def sentences_of(text: str, tokens: Sequence[Token], abbreviations: frozenset[str]) -> list[Sentence]:
    """Sentences of the token stream: a paragraph break, or . ! ? before a capitalised word (not after Inc. or U.S.)."""
    found: list[Sentence] = []
    current: list[Token] = []
    for i, token in enumerate(tokens):
        if current and token.paragraph != current[-1].paragraph:
            found.append(Sentence(current, current[0].paragraph))
            current = []
        current.append(token)
        if token.lower in (".", "!", "?") and i + 1 < len(tokens) and tokens[i + 1].paragraph == token.paragraph:
            nxt = tokens[i + 1]
            prev = tokens[i - 1] if i else None
            after_abbreviation = prev is not None and prev.end == token.start and prev.kind == WORD and (
                prev.lower in abbreviations or (len(prev.lower) == 1 and prev.lower.isalpha())
            )
            starts_new = nxt.kind != WORD or text[nxt.start : nxt.start + 1].isupper() or nxt.lower[:1] in "\"“‘("
            if starts_new and not after_abbreviation:
                found.append(Sentence(current, current[0].paragraph))
                current = []
    if current:
        found.append(Sentence(current, current[0].paragraph))
    return found
