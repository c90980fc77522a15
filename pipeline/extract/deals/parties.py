"""Who pays whom (SPEC §7): the organizations around the verb that governs an amount, read over the token view.

The verb's class (pipeline/data/deal_words.json `verbs`) says whether its subject pays (`X will pay`, `X agreed
to acquire Y`) or receives (`Y will receive $N from X`, `Y raised $N in a round led by X`), and the preposition
before each organization after it says what that one does (`to` receives a payment, `from` and `led by` pay a
receiver). Without a verb, a possessive or the sentence's first organization acts (`X's $N investment in Y`).
A slot the sentence leaves open is filled from the deal of an earlier sentence of the paragraph."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.extract.deals.words import AMOUNT, ORG, WORD, DealWords, Sentence, find_phrase, matches_at

PREPOSITIONS = frozenset({"to", "from", "with", "by", "in", "into", "of", "for", "at", "on", "than", "per"})
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


DETERMINERS = frozenset({"a", "an", "the", "its", "their", "his", "her", "our", "this", "that", "’s", "'s"})


def _verb_ending_at(sentence: Sentence, end: int, data: DealWords) -> tuple[int, str] | None:
    """(start, class) of the longest verb phrase of data.verbs ending at word `end` (`agreed to pay` before `pay`),
    not after a determiner (`its lead therapy`, `a bid`: there the word is a noun); found once per sentence and end."""
    cache = sentence.verb_ends
    if end not in cache:
        words = sentence.words
        cache[end] = None
        found = sorted(data.verb_index.ending(words, end), key=lambda item: -len(item[0]))
        for p, cls in found:
            start = end - len(p)
            if not (start > 0 and words[start - 1] in DETERMINERS):
                if cls == "seller" and (p, "award") in found and find_phrase(words, data.licence_words) == -1:
                    cls = "award"  # `The agency granted $6 million to Y` gives money; `X granted Y exclusive rights` licenses
                cache[end] = (start, cls)
                break
    return cache[end]


def governing_verb(sentence: Sentence, at: int, data: DealWords) -> Verb | None:
    """The nearest verb of data.verbs before token `at` (else just after it, for `$N will be paid by X`)."""
    words = sentence.words
    for end in range(at, 0, -1):
        found = _verb_ending_at(sentence, end, data)
        if found:
            start, cls = found
            return Verb(start, end, cls, _is_passive(words, start, data))
    for end in range(at + 2, min(len(words), at + 6) + 1):
        found = _verb_ending_at(sentence, end, data)
        if found:
            start, cls = found
            return Verb(start, end, cls, _is_passive(words, start, data))
    return None


def _is_passive(words: Sequence[str], start: int, data: DealWords) -> bool:
    return any(matches_at(words, start - len(aux), aux) for aux in data.passive_aux) and words[start].endswith(("ed", "ld", "nt", "ght", "id", "ck"))


def _governed_by_preposition(words: Sequence[str], j: int) -> bool:
    """Whether the organization at token j follows a preposition (`on the Frankfurt Stock Exchange`, `from X`)."""
    k = j - 1
    while k >= 0 and words[k] in ("the", "a", "an", "its"):
        k -= 1
    return k >= 0 and words[k] in PREPOSITIONS


def _first_of_list(sentence: Sentence, j: int) -> int:
    """The first organization of a list ending at token j (`Atlas Venture and Perceptive Advisors`)."""
    tokens, words = sentence.tokens, sentence.words
    while j >= 2 and words[j - 1] in ("and", ",") and tokens[j - 2].kind == ORG:
        j -= 2
    return j


APPOSITION_OPENERS = frozenset({"a", "an", "the", "based", "listed", "backed", "owned", "founded", "led", "controlled", "headquartered"})


def relative_clauses(words: Sequence[str], data: DealWords) -> bytearray:
    """1 on the tokens of each `, which/who/whose ... ,` clause and each apposition (`, backed by X and Y,`,
    `, a unit of X,`): an organization inside is no subject of the main verb."""
    inside = bytearray(len(words))
    for j in range(1, len(words)):
        if words[j - 1] == "," and (words[j] in RELATIVES or words[j] in APPOSITION_OPENERS):
            end = next((k for k in range(j + 1, len(words)) if words[k] in (",", ";")), None)
            if end is not None:
                inside[j:end + 1] = b"\x01" * (end + 1 - j)
    return inside


def subject_of(sentence: Sentence, before: int, data: DealWords) -> tuple[int | None, bool]:
    """(organization, open): the organization acting as subject before token `before`, and whether the subject
    slot is open to another organization (a pronoun, `the company`, a relative pronoun, or nothing before the verb)."""
    tokens, words = sentence.tokens, sentence.words
    inside = relative_clauses(words, data)
    verb_inside = before < len(words) and inside[before]
    j = before - 1
    pronoun = False
    while j >= 0:
        token = tokens[j]
        if token.kind == ORG and not _governed_by_preposition(words, j) and (verb_inside or not inside[j]):
            first = _first_of_list(sentence, j)
            if not _governed_by_preposition(words, first):
                return tokens[first].ref, False
        if words[j] in RELATIVES | {"that"} and j >= 1:
            found = _apposition_before(sentence, j, data)
            if found is not None:
                return found, False
            if all(w in data.skippable or w in ("has", "had", "have", "will", "would", "could", "also", "had") for w in words[j + 1 : before]):
                pronoun = True  # `its plant, which received a loan`: the subject is open
        if words[j] in data.clause_breaks or words[j] == ";":
            pronoun = pronoun or find_phrase(words, data.pronouns, j + 1, before) != -1
            if not pronoun:
                return None, False
            # `X said on Monday that it will invest`: the pronoun is the organization before the break
        j -= 1
    if pronoun:
        return None, True
    opening = [w for w in words[:before] if w not in data.skippable and w not in (",", "also", "will", "has", "had", "would")]
    return None, (not opening or find_phrase(words, data.pronouns, 0, before) != -1)


def _apposition_before(sentence: Sentence, j: int, data: DealWords) -> int | None:
    """The organization a relative pronoun at token j refers to: `X, which paid`, `X of Copenhagen, which paid`,
    `X, an Oslo-based group that launched ...,`."""
    tokens, words = sentence.tokens, sentence.words
    if words[j] == "that" and words[j - 1] not in data.skippable:
        return None
    for k in range(j - 1, max(-1, j - 8), -1):
        if tokens[k].kind == ORG:
            return tokens[k].ref if words[j] != "that" or "," in words[k + 1 : j] else None
        if words[k] in data.clause_breaks or tokens[k].kind == AMOUNT:
            return None
    return None


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
    """The preposition nearest before the organization at token k since `start` (the verb's end): `to`, `from`, `led by`
    (as `by`), ...; `direct` when none stands between (`agreed to buy São Paulo-based digital bank Fintera`); `group`
    for investors named without a lead (`from investors including X`); `other` when another organization or amount is
    in between first."""
    for lead in data.lead_cues:
        if len(lead) > 1 and matches_at(words, k - len(lead), lead):
            return "by"
    for j in range(k - 1, start - 1, -1):
        if words[j] in PREPOSITIONS:
            if words[j] == "from" and find_phrase(words, data.no_lead_cues, j + 1, k) != -1:
                return "group"
            return words[j]
        if tokens[j].kind == AMOUNT or words[j] in (",", ";", "(") and not _apposition_comma(words, j, k):
            return "other"
        if tokens[j].kind == ORG and words[j + 1] not in ("’s", "'s", "and", ","):
            return "other"
    return "direct"


def _apposition_comma(words: Sequence[str], j: int, k: int) -> bool:
    """A comma inside a place name between a verb and its object (`a plant in Wilson, North Carolina, from X`)."""
    return words[j] == "," and k - j <= 6


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
    elif cls == "payer" and sentence.words[verb.start].startswith("licen") and _first(objects, ("to",)) is not None and _first(objects, ("from",)) is None:
        cls = "seller"  # `would license its drug to Y`
    if cls in ("payer", "award") and verb.passive:
        return Frame(_first(objects, ("by",)), subject, verb)  # `was paid by X`, `Y was awarded a grant by X`
    if cls == "payer":
        return Frame(subject, _first(objects, ("to", "direct", "per", "of", "in", "into", "from", "with", "for")), verb)
    if cls == "payee":
        return Frame(_first(objects, ("by", "from", "with")), subject, verb)
    if cls == "seller":
        buyer = _first(objects, ("to", "by"))
        return Frame(buyer if buyer is not None else _licensee(sentence, verb, data), subject, verb)
    if cls == "award":
        return Frame(subject, _first(objects, ("direct", "to")), verb)
    return Frame(subject, _first(objects, ("with", "to", "direct", "and")), verb)


def _licensee(sentence: Sentence, verb: Verb, data: DealWords) -> int | None:
    """The organization right after a licensor's verb that rights are given to (`X granted Y exclusive rights`)."""
    tokens, words = sentence.tokens, sentence.words
    k = verb.end
    if k < len(tokens) and tokens[k].kind == ORG and find_phrase(words, data.licence_words, k + 1, min(len(words), k + 4)) != -1:
        return tokens[k].ref
    return None


def nominal_frame(sentence: Sentence, at: int, role: str, data: DealWords, actor: int | None = None) -> Frame:
    """No verb: `X's $N investment in Y`, `GSK's alliance with Alteogen ... for $20 million`."""
    tokens, words = sentence.tokens, sentence.words
    for j in range(len(tokens) - 1):
        if actor is None and tokens[j].kind == ORG and words[j + 1] in ("’s", "'s", "'", "’") and j < at:
            actor = tokens[j].ref
    if actor is None:
        actor, _ = subject_of(sentence, at, data)
    objects = [(p, r) for p, r in objects_after(sentence, 0, data) if r != actor]
    other = _first(objects, ("with", "in", "into", "of", "to", "from", "by"))
    if role in PAYEE_FIRST_ROLES:
        return Frame(_first(objects, ("by", "from", "with")), actor, None)
    return Frame(actor, other, None)


def possessor_before(sentence: Sentence, at: int, data: DealWords) -> int | None:
    """The organization whose possessive stands right before the amount (`Kessler-Brandt Holdings' planned €2.3 billion`)."""
    tokens, words = sentence.tokens, sentence.words
    for k in range(at - 1, max(-1, at - 5), -1):
        if words[k] in ("’s", "'s", "'", "’") and k >= 1 and tokens[k - 1].kind == ORG:
            return tokens[k - 1].ref
        if tokens[k].kind != WORD or words[k] in (",", ";", "."):
            return None
    return None


def lender_after(sentence: Sentence, at: int, data: DealWords, reach: int | None = None) -> int | None:
    """The lead investor or lender named after the amount, before the next amount (`loan from X`, `led by X`)."""
    tokens, words = sentence.tokens, sentence.words
    for k in range(at + 1, len(tokens) if reach is None else min(len(tokens), at + 1 + reach)):
        if tokens[k].kind == AMOUNT and words[k - 1] in ("(", "about", "approximately", "roughly", "or"):
            continue  # its conversion (`AED 1.5 billion (US$408 million) loan with X`)
        if tokens[k].kind == AMOUNT or words[k] in (";", "."):
            return None
        if tokens[k].kind != ORG:
            continue
        j = k - 1
        while j > at and words[j] in ("the", "a", "an"):
            j -= 1
        if any(matches_at(words, j - len(cue) + 1, cue) for cue in data.lead_cues):
            return tokens[k].ref
    return None


def bought_of(sentence: Sentence, payer: int | None, data: DealWords) -> int | None:
    """What a purchase noun's `of` names (`closed its $4.8 billion purchase of KRAS specialist Y`): the organization
    after `<noun> of`, past descriptive words (data.skippable, or up to three others), if it is not the buyer."""
    tokens, words = sentence.tokens, sentence.words
    for j in range(len(words) - 2):
        if words[j] in data.acquisition_nouns and words[j + 1] == "of":
            k = j + 2
            while k < len(words) and tokens[k].kind == WORD and words[k] not in (",", ";", ".") and (words[k] in data.skippable or k - j <= 4):
                k += 1
            if k < len(words) and tokens[k].kind == ORG and tokens[k].ref != payer:
                return tokens[k].ref
    return None


def lead_ahead(sentence: Sentence, following: Sequence[Sentence], payee: int | None, data: DealWords) -> int | None:
    """The lead a following sentence names for a financing its own sentence gives none (`X raised $40 million. The
    round was led by Y`): up to data.lead_ahead_reach sentences of the paragraph or the next (when it is read), before
    any amount."""
    for later in following[: data.lead_ahead_reach]:
        if later.paragraph - sentence.paragraph > 2:  # a blank line makes the next paragraph two breaks on
            return None
        tokens, words = later.tokens, later.words
        for k, token in enumerate(tokens):
            if token.kind == AMOUNT:
                return None  # a new figure: what follows is about it
            if token.kind != ORG or token.ref == payee:
                continue
            j = k
            while j > 0 and words[j - 1] in ("the", "a", "an"):
                j -= 1
            if any(matches_at(words, j - len(cue), cue) for cue in data.lead_ahead_cues):
                return token.ref
    return None


AUXILIARIES = frozenset({"will", "would", "shall", "could", "can", "may", "might", "must", "has", "have", "had", "is", "are", "was", "were", "be", "been", "also", "already", "now", "agreed", "to", "plans", "says"})


def place_subject(sentence: Sentence, verb: Verb, at: int, places: Sequence[tuple[int, int]], data: DealWords) -> bool:
    """Whether the subject right before the verb is a country, state or city, or a government that is no organization
    (`South Korea will pour`, `the province of Ontario is chipping in`, `the city government has promised`): a place
    mention (character spans `places`) or a data.government_words word, with only auxiliaries between it and the verb
    (not `The Toronto company will invest`), and the amount close after the verb."""
    tokens, words = sentence.tokens, sentence.words
    if at - verb.end > 3:
        return False
    j = verb.start - 1
    while j >= 0 and words[j] in AUXILIARIES:
        j -= 1
    return j >= 0 and tokens[j].kind == WORD and (
        words[j] in data.government_words or any(lo <= tokens[j].start and tokens[j].end <= hi for lo, hi in places)
    )


def paragraph_frame(earlier: Sequence[Sentence], data: DealWords) -> Frame | None:
    """The deal of the nearest earlier sentence of the paragraph that names an organization and a deal verb."""
    for sentence in reversed(earlier):
        orgs = [t for t in sentence.tokens if t.kind == ORG]
        if not orgs:
            continue
        for i in range(len(sentence.tokens)):
            found = _verb_ending_at(sentence, i + 1, data)
            if found and found[1] != "award":
                start, cls = found
                frame = frame_of(sentence, Verb(start, i + 1, cls, _is_passive(sentence.words, start, data)), data)
                if frame.payer is not None or frame.payee is not None:
                    return frame
        if find_phrase(sentence.words, data.deal_nouns) != -1:
            return Frame(orgs[0].ref, next((t.ref for t in orgs if t.ref != orgs[0].ref), None), None)
    return None


def antecedent(sentence: Sentence, before: int, earlier: Sequence[Sentence], article_before: Sequence[Sentence], topic: int | None) -> int | None:
    """What a pronoun subject stands for: the organization before it in its sentence (`X said that it will`), else
    the article's main organization (measured on the dev articles: better than the last sentence's first one), else
    the first organization of the nearest earlier sentence that has one."""
    for j in range(before - 1, -1, -1):
        if sentence.tokens[j].kind == ORG:
            return sentence.tokens[j].ref
    if topic is not None:
        return topic
    for previous in [*reversed(earlier), *reversed(article_before)]:
        for token in previous.tokens:
            if token.kind == ORG:
                return token.ref
    return None
