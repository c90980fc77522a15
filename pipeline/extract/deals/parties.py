"""Who pays whom (SPEC §7): the organizations around the verb that governs an amount, read over the token view.

The verb's class (pipeline/data/deal_words.json `verbs`) says whether its subject pays (`X will pay`, `X agreed
to acquire Y`) or receives (`Y will receive $N from X`, `Y raised $N in a round led by X`), and the preposition
before each organization after it says what that one does (`to` receives a payment, `from` and `led by` pay a
receiver). Without a verb, a possessive or the sentence's first organization acts (`X's $N investment in Y`).
A slot the sentence leaves open is filled from the deal of an earlier sentence of the paragraph."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.extract.deals.words import AMOUNT, ORG, DealWords, Phrase, Sentence, find_phrase, matches_at

PREPOSITIONS = frozenset({"to", "from", "with", "by", "in", "into", "of", "for", "at", "on", "than"})
PRONOUNS = (("it",), ("they",), ("the", "company"), ("the", "group"), ("the", "firm"), ("the", "biotech"),
            ("the", "drugmaker"), ("the", "startup"), ("the", "companies"), ("its",), ("the", "buyer"))
RELATIVES = frozenset({"which", "who", "whose", "whom"})
PAYEE_FIRST_ROLES = frozenset({"financing", "offering", "government_funding"})


@dataclass(frozen=True)
class Verb:
    start: int
    end: int
    cls: str
    passive: bool


@dataclass(frozen=True)
class Frame:
    payer: int | None  # organization index
    payee: int | None
    verb: Verb | None


def _verb_ending_at(words: Sequence[str], end: int, data: DealWords) -> tuple[int, str] | None:
    for cls, phrases in data.verbs.items():
        for p in phrases:
            if matches_at(words, end - len(p), p):
                return end - len(p), cls
    return None


def governing_verb(sentence: Sentence, at: int, data: DealWords) -> Verb | None:
    """The nearest verb of data.verbs before token `at` (else just after it, for `$N will be paid by X`)."""
    words = sentence.words
    for end in range(at, 0, -1):
        found = _verb_ending_at(words, end, data)
        if found:
            start, cls = found
            return Verb(start, end, cls, _is_passive(words, start, data))
    for end in range(at + 2, min(len(words), at + 6) + 1):
        found = _verb_ending_at(words, end, data)
        if found:
            start, cls = found
            return Verb(start, end, cls, _is_passive(words, start, data))
    return None


def _is_passive(words: Sequence[str], start: int, data: DealWords) -> bool:
    return any(matches_at(words, start - len(aux), aux) for aux in data.passive_aux) and words[start].endswith(("ed", "ld", "nt", "ght", "id", "ck"))


def subject_of(sentence: Sentence, before: int, data: DealWords) -> tuple[int | None, bool]:
    """(organization, open): the organization acting as subject before token `before`, and whether the subject
    slot is open to an earlier sentence (a pronoun, `the company`, or nothing before the verb)."""
    tokens, words = sentence.tokens, sentence.words
    j = before - 1
    while j >= 0:
        token = tokens[j]
        if token.kind == ORG and not (j > 0 and words[j - 1] in PREPOSITIONS):
            return token.ref, False
        if words[j] in RELATIVES and j >= 2 and words[j - 1] == "," and tokens[j - 2].kind == ORG:
            return tokens[j - 2].ref, False  # `X, which was sold to Y`: the relative pronoun is X
        if words[j] in data.clause_breaks or words[j] == ";":
            return None, any(matches_at(words, k, p) for k in range(j + 1, before) for p in PRONOUNS)
        j -= 1
    opening = [w for w in words[:before] if w not in data.skippable and w not in (",", "also", "will", "has", "had", "would")]
    return None, (not opening or any(matches_at(words, k, p) for k in range(before) for p in PRONOUNS))


def objects_after(sentence: Sentence, start: int, data: DealWords) -> list[tuple[str, int]]:
    """(preposition or 'direct', organization) of each organization after token `start`, up to a clause break."""
    tokens, words = sentence.tokens, sentence.words
    found: list[tuple[str, int]] = []
    for k in range(start, len(tokens)):
        if k > start and (words[k] in data.clause_breaks or words[k] in (";",)):
            break
        if tokens[k].kind != ORG:
            continue
        found.append((_preposition(words, tokens, start, k, data), tokens[k].ref))
    return found


def _preposition(words: Sequence[str], tokens, start: int, k: int, data: DealWords) -> str:
    for lead in data.lead_cues:
        if len(lead) > 1 and matches_at(words, k - len(lead), lead):
            return "by"
    j = k - 1
    while j >= start and (words[j] in data.skippable or words[j] in ("’s", "'s", "-") or tokens[j].kind == ORG and words[j + 1] in ("’s", "'s")):
        if words[j] in PREPOSITIONS and words[j] not in ("of", "in"):
            break
        j -= 1
    if j < start:
        return "direct"
    if words[j] == "from" and find_phrase(words, data.no_lead_cues, j + 1, k) != -1:
        return "group"
    return words[j] if words[j] in PREPOSITIONS else "other"


def _first(objects: Sequence[tuple[str, int]], preps: Sequence[str]) -> int | None:
    for prep in preps:
        for p, ref in objects:
            if p == prep:
                return ref
    return None


def frame_of(sentence: Sentence, verb: Verb, data: DealWords) -> Frame:
    """Payer and payee the verb's subject and objects name, whatever the amount."""
    subject, _ = subject_of(sentence, verb.start, data)
    objects = objects_after(sentence, verb.end, data)
    cls = verb.cls
    if cls == "seller" and _first(objects, ("to",)) is None and _first(objects, ("from",)) is not None:
        cls = "payer"  # `licensed rights from Y`
    if cls == "payer":
        if verb.passive:
            return Frame(_first(objects, ("by",)), subject, verb)
        return Frame(subject, _first(objects, ("to", "direct", "of", "in", "into", "from", "with")), verb)
    if cls == "payee":
        return Frame(_first(objects, ("by", "from", "with")), subject, verb)
    if cls == "seller":
        return Frame(_first(objects, ("to", "by")), subject, verb)
    if cls == "award":
        return Frame(subject, _first(objects, ("direct", "to")), verb)
    return Frame(subject, _first(objects, ("with", "to", "direct", "and")), verb)


def nominal_frame(sentence: Sentence, at: int, role: str, data: DealWords) -> Frame:
    """No verb: `X's $N investment in Y`, `GSK's alliance with Alteogen ... for $20 million`."""
    tokens, words = sentence.tokens, sentence.words
    actor = None
    for j in range(len(tokens) - 1):
        if tokens[j].kind == ORG and words[j + 1] in ("’s", "'s") and (j < at or actor is None):
            actor = tokens[j].ref
    if actor is None:
        actor, _ = subject_of(sentence, at, data)
    objects = [(p, r) for p, r in objects_after(sentence, 0, data) if r != actor]
    other = _first(objects, ("with", "in", "into", "of", "to", "from", "by"))
    if role in PAYEE_FIRST_ROLES:
        return Frame(_first(objects, ("by", "from", "with")), actor, None)
    return Frame(actor, other, None)


def paragraph_frame(earlier: Sequence[Sentence], data: DealWords) -> Frame | None:
    """The deal of the nearest earlier sentence of the paragraph that names an organization and a deal verb."""
    for sentence in reversed(earlier):
        orgs = [t for t in sentence.tokens if t.kind == ORG]
        if not orgs:
            continue
        for i in range(len(sentence.tokens)):
            found = _verb_ending_at(sentence.words, i + 1, data)
            if found and found[1] != "award":
                start, cls = found
                frame = frame_of(sentence, Verb(start, i + 1, cls, _is_passive(sentence.words, start, data)), data)
                if frame.payer is not None or frame.payee is not None:
                    return frame
        return Frame(orgs[0].ref, next((t.ref for t in orgs if t.ref != orgs[0].ref), None), None)
    return None


def antecedent(earlier: Sequence[Sentence], before: Sequence[Sentence]) -> int | None:
    """The first organization of the nearest earlier sentence that has one (the paragraph's, then the article's)."""
    for sentence in [*reversed(earlier), *reversed(before)]:
        for token in sentence.tokens:
            if token.kind == ORG:
                return token.ref
    return None
