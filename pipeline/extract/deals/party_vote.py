"""Who pays whom, as learned from the hand-labeled dev split: a ranking perceptron over the article's organizations
(and `nobody`) for each amount's payer and payee slot (pipeline/data/party_model.json, written by training.py).

The party rules (parties.py) read the verb that governs an amount; where the sentence does not say (`The deal
includes $40 million upfront`, a party named two sentences back, an investor in a round-up) they leave the slot
open or fill it from the paragraph, and on articles written later, in other words, they were right about three
times in four. The weights rank every candidate by where it stands (in the amount's sentence before or after it, how
far, after which preposition, first in the sentence; in the paragraph; elsewhere), by what it is (the article's
main organization, a public body, how often and how early it is named), by what the rules gave the other amounts
(the same slot, the other slot, the nearest earlier amount's party) and by whether the rules picked it, each also
for the amount's role. Without the model file, the rules' parties stand."""

from __future__ import annotations

import bisect
import functools
import json
from collections import Counter
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from pathlib import Path

from pipeline.extract.deals.grouping import Terms
from pipeline.extract.deals.words import AMOUNT, ORG, Sentence

PARTY_MODEL_FILE = Path(__file__).resolve().parents[2] / "data" / "party_model.json"
SLOTS = ("payer", "payee")
PREPOSITIONS = frozenset({"to", "from", "with", "by", "in", "into", "of", "for", "at", "on", "led", "and", ","})
AFTER_WORDS = PREPOSITIONS | {"will", "has", "said", "is", "agreed", "would", "also"}
PLACED = ("same_", "para", "near", "article", "topic")  # where a candidate stands; crossed with the rules' pick
Candidates = list[tuple[int | None, list[str]]]

# While set (training), each slot's candidates and the rules' pick are handed to it and the rules' parties are kept.
OBSERVE_PARTIES: ContextVar[Callable[[int, str, Candidates, int | None], None] | None] = ContextVar("observe_parties", default=None)


class PartyModelError(ValueError):
    """pipeline/data/party_model.json is unreadable or names a feature's weight badly."""


WINDOW = 6  # sentences before the amount's whose organizations are candidates
NEIGHBOURS = 5  # amounts either side whose parties are candidates


class Article:
    """What the candidates' features read of one article: where each amount and organization stands, and the parties
    the rules gave. Candidates for an amount are bounded, so a long article costs in proportion to its length: the
    organizations of its sentence and the WINDOW before, the article's main one, and the parties the rules gave it and
    the NEIGHBOURS amounts either side."""

    def __init__(self, sentences: Sequence[Sentence], terms: Sequence[Terms | None], mentions: Sequence[int], excluded: frozenset[int], public: frozenset[int], topic: int | None) -> None:
        self.sentences, self.terms, self.mentions, self.public, self.topic = sentences, terms, mentions, public, topic
        self.excluded = excluded
        self.rank = {c: r for r, c in enumerate(c for c in range(len(mentions)) if c not in excluded)}  # by first mention
        self.at: dict[int, tuple[int, int]] = {}
        self.where: dict[int, list[tuple[int, int]]] = {}  # (sentence, token) of each mention, in order
        self.orgs_of: list[frozenset[int]] = []
        self.first_org: list[int] = []  # token index of each sentence's first organization (-1: none)
        self.placed: dict[int, list[tuple[int, list[str]]]] = {}  # amount -> its candidates' slot-free features, found once
        for n, sentence in enumerate(sentences):
            for k, token in enumerate(sentence.tokens):
                if token.kind == AMOUNT:
                    self.at.setdefault(token.ref, (n, k))
                elif token.kind == ORG:
                    self.where.setdefault(token.ref, []).append((n, k))
            self.orgs_of.append(frozenset(t.ref for t in sentence.tokens if t.kind == ORG))
            self.first_org.append(next((k for k, t in enumerate(sentence.tokens) if t.kind == ORG), -1))
        self.named = {slot: Counter(getattr(t, slot) for t in terms if t is not None and getattr(t, slot) is not None) for slot in SLOTS}
        self.nearest: dict[str, list[int | None]] = {}  # the slot's party of the nearest earlier amount that has one
        for slot in SLOTS:
            last, found = None, []
            for t in terms:
                found.append(last)
                if t is not None and getattr(t, slot) is not None:
                    last = getattr(t, slot)
            self.nearest[slot] = found

    def candidate_orgs(self, i: int, n: int) -> list[int]:
        found = set().union(*self.orgs_of[max(0, n - WINDOW) : n + 1])
        for t in self.terms[max(0, i - NEIGHBOURS) : i + NEIGHBOURS + 1]:
            if t is not None:
                found.update(c for c in (t.payer, t.payee) if c is not None)
        found.update(c for c in (self.topic, self.nearest["payer"][i], self.nearest["payee"][i]) if c is not None)
        return sorted(c for c in found if c not in self.excluded)


def _position(article: Article, c: int, n: int, at: int) -> list[str]:
    """Where candidate c stands against the amount at token `at` of sentence n."""
    sentence = article.sentences[n]
    where = article.where.get(c, [])
    lo, hi = bisect.bisect_left(where, (n, -1)), bisect.bisect_left(where, (n + 1, -1))
    if lo == hi:
        if lo == 0:
            return ["article"]
        m = where[lo - 1][0]  # its last mention before the amount's sentence
        return ["para" if article.sentences[m].paragraph == sentence.paragraph else "near" if m >= n - 3 else "article"]
    here = [k for _, k in where[lo:hi]]
    k = min(here, key=lambda k: abs(k - at))
    distance, side = abs(k - at), "before" if k < at else "after"
    words = sentence.words
    before = words[k - 1] if k > 0 and words[k - 1] in PREPOSITIONS else "word"
    after = words[k + 1] if k + 1 < len(words) and words[k + 1] in AFTER_WORDS else "word"
    first = min(here) == article.first_org[n]
    return [
        f"same_{side}", f"same_{side}_d{1 if distance <= 3 else 2 if distance <= 8 else 3}", f"prev={before}",
        f"{side}_prev={before}", f"next={after}", f"first_in_sentence={first}",
    ]


Found = list[tuple[int | None, list[str], bool]]  # (candidate, its features before naming, whether the rules picked it)


def _found(article: Article, i: int, slot: str) -> tuple[str, Found]:
    """Amount i's role and each candidate for its slot with its features as found (not yet named by slot and role)."""
    n, at = article.at[i]
    terms = article.terms[i]
    other_slot = SLOTS[slot == "payer"]
    rule, other = getattr(terms, slot), getattr(terms, other_slot)
    same, opposite = article.named[slot], article.named[other_slot]
    nearest = article.nearest[slot][i]
    nobody = ["none", f"none|orgs={min(len(article.orgs_of[n]), 3)}", f"none|other={other is not None}"]
    if terms.place_pays:
        nobody.append("none|place_pays")  # the rules read a country, state or city as the payer
    out: Found = [(None, nobody, rule is None)]
    for c, placed in _placed(article, i, n, at):
        found = placed + [f for f, holds in (
            ("is_other_slot", c == other), ("same_slot_elsewhere", same[c] - (c == rule) > 0),
            ("other_slot_elsewhere", opposite[c] - (c == other) > 0), ("prev_amount_same_slot", c == nearest),
        ) if holds]
        out.append((c, found, c == rule))
    return terms.role, out


def _named(slot: str, role: str, found: list[str], picked: bool) -> list[str]:
    """The features the weights are keyed by: each for the slot and for the slot and role; the rules' pick crossed."""
    if picked:
        found = [*found, "rule_pick"]
    out = [f"{slot}|{f}" for f in found] + [f"{slot}|{role}|{f}" for f in found]
    return out + [f"rule&{f}" for f in found if f.startswith(PLACED)] if picked else out


def candidates(article: Article, i: int, slot: str) -> Candidates:
    """(organization or None, features) of every candidate for amount i's slot; empty when the amount is not read."""
    if i not in article.at:
        return []
    role, found = _found(article, i, slot)
    return [(c, _named(slot, role, features, picked)) for c, features, picked in found]


def _placed(article: Article, i: int, n: int, at: int) -> list[tuple[int, list[str]]]:
    """Amount i's candidates with what does not depend on the slot: where each stands and what it is."""
    if i not in article.placed:
        article.placed[i] = [
            (c, _position(article, c, n, at) + [f for f, holds in (("topic", c == article.topic), ("public", c in article.public)) if holds]
             + [f"order={min(article.rank[c], 3)}", f"mentions={min(article.mentions[c], 4)}"])
            for c in article.candidate_orgs(i, n)
        ]
    return article.placed[i]


class PartyModel:
    def __init__(self, weights: dict[str, float], rule_bonus: float = 0.0) -> None:
        self.weights = weights
        self.rule_bonus = rule_bonus
        self._weight: dict[tuple[str, str, str], float] = {}  # (slot, role, found feature) -> its two weights summed
        self._crossed = {f.removeprefix("rule&"): w for f, w in weights.items() if f.startswith("rule&")}

    def scores(self, found: Candidates, rule: int | None) -> list[float]:
        """Each candidate's score, the rules' pick raised by rule_bonus."""
        get = self.weights.get
        return [sum(get(f, 0.0) for f in features) + (self.rule_bonus if c == rule else 0.0) for c, features in found]

    def found_scores(self, slot: str, role: str, found: Found) -> list[float]:
        """`scores` of candidates as `_found` gives them, without naming every feature of every candidate: what a
        found feature weighs for a slot and role is looked up once per process."""
        weight, crossed = self._weight, self._crossed
        out = []
        for _, features, picked in found:
            total = 0.0
            for f in features:
                key = (slot, role, f)
                total += weight[key] if key in weight else self._weigh(key)
            if picked:
                key = (slot, role, "rule_pick")
                total += (weight[key] if key in weight else self._weigh(key)) + self.rule_bonus
                total += sum(crossed.get(f, 0.0) for f in features if f.startswith(PLACED))
            out.append(total)
        return out

    def _weigh(self, key: tuple[str, str, str]) -> float:
        slot, role, f = key
        self._weight[key] = value = self.weights.get(f"{slot}|{f}", 0.0) + self.weights.get(f"{slot}|{role}|{f}", 0.0)
        return value

    def pair(self, payers: Candidates, payees: Candidates, rules: tuple[int | None, int | None]) -> tuple[int | None, int | None]:
        """The payer and payee with the highest summed score, never one organization on both sides; the first in
        order on a tie (nobody, then by first mention)."""
        return self.pair_scored(payers, self.scores(payers, rules[0]), payees, self.scores(payees, rules[1]), rules)

    @staticmethod
    def pair_scored(payers: Sequence[tuple], payer_scores: list[float], payees: Sequence[tuple], payee_scores: list[float], rules: tuple[int | None, int | None]) -> tuple[int | None, int | None]:
        best: tuple[float, int | None, int | None] | None = None
        for (a, *_), x in zip(payers, payer_scores):
            for (b, *_), y in zip(payees, payee_scores):
                if (a is None or a != b) and (best is None or x + y > best[0]):
                    best = (x + y, a, b)
        return (best[1], best[2]) if best is not None else rules


@functools.lru_cache(maxsize=1)
def load_party_model() -> PartyModel | None:
    """The committed model, or None when the file is absent (the rules' parties then)."""
    if not PARTY_MODEL_FILE.exists():
        return None
    try:
        raw = json.loads(PARTY_MODEL_FILE.read_text(encoding="utf-8"))
        return PartyModel({str(f): float(w) for f, w in raw["weights"].items()}, float(raw["rule_bonus"]))
    except (OSError, json.JSONDecodeError, KeyError, TypeError, AttributeError, ValueError) as exc:
        raise PartyModelError(f"{PARTY_MODEL_FILE.name}: cannot read: {type(exc).__name__} {exc}") from None


def vote_parties(article: Article) -> None:
    """Each amount's payer and payee as the weights rank them, together (a conversion then takes its source's again;
    an amount that repeats the previous one's clause for the organization written before it keeps what the rules read);
    all read against the rules' parties, which stand while training or without a model."""
    observe = OBSERVE_PARTIES.get()
    model = None if observe is not None else load_party_model()
    if observe is None and model is None:
        return
    chosen: dict[int, tuple[int | None, int | None]] = {}
    for i, terms in enumerate(article.terms):
        if terms is None or terms.converts is not None or terms.repeats:
            continue  # a conversion takes its source's parties; a repeated clause names its own organization
        if i not in article.at:
            continue
        if observe is not None:
            observe(i, "payer", candidates(article, i, "payer"), terms.payer)
            observe(i, "payee", candidates(article, i, "payee"), terms.payee)
        else:
            (role, payers), (_, payees) = _found(article, i, "payer"), _found(article, i, "payee")
            payer_scores, payee_scores = model.found_scores("payer", role, payers), model.found_scores("payee", role, payees)
            chosen[i] = model.pair_scored(payers, payer_scores, payees, payee_scores, (terms.payer, terms.payee))
    for i, (payer, payee) in chosen.items():
        article.terms[i].payer, article.terms[i].payee = payer, payee
    for terms in article.terms:
        if terms is not None and terms.converts is not None:
            source = article.terms[terms.converts]
            terms.payer, terms.payee = source.payer, source.payee
