"""Deal terms of SPEC §7: what each amount is (its role), who pays whom, and which deal it belongs to.

`extract_deal_terms` is the one entry point: it reads the article's amounts and organizations (already extracted)
and returns the amounts with `role`, `payer`, `payee` and `deal` set, and the article's `deals`. Rules only: the
sentence is read as words, with each organization mention and each amount one token (words.py); the role comes
from cue words around the amount (roles.py), the parties from the verb that governs it (parties.py), the deals
from lists, conversions and shared parties (grouping.py). Organization and amount ids are given by the caller."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.extract.deals.grouping import Terms, group_deals, headline_of
from pipeline.extract.deals.parties import Frame, antecedent, governing_verb, frame_of, nominal_frame, paragraph_frame, subject_of
from pipeline.extract.deals.roles import is_compared, is_conversion, is_listed, role_of
from pipeline.extract.deals.words import AMOUNT, ORG, DealWords, Sentence, find_phrase, load_deal_words, sentences_of, tokens_of
from pipeline.models import Amount, Deal, Organization, Role

DEAL_ROLES = frozenset({"upfront", "milestones", "royalties", "equity_investment", "total_deal_value", "acquisition_price", "price_per_share"})


def _entities(organizations: Sequence[Organization], amounts: Sequence[Amount]) -> list[tuple[int, int, str, int]]:
    entities = [(m.start, m.end, ORG, i) for i, org in enumerate(organizations) for m in org.mentions]
    entities += [(a.start, a.end, AMOUNT, i) for i, a in enumerate(amounts)]
    # An amount wins over an organization it overlaps (sorted first at the same start).
    return sorted(entities, key=lambda e: (e[0], e[2] != AMOUNT, -e[1]))


def parties_of(sentence: Sentence, at: int, role: str, earlier: Sequence[Sentence], before: Sequence[Sentence], data: DealWords) -> tuple[int | None, int | None]:
    """(payer, payee) organization indices of the amount at token `at`."""
    if role in data.no_party_roles:
        return None, None
    if role == "price_per_share" and find_phrase(sentence.words, data.offer_cues) == -1:
        return None, None  # a trading price
    verb = governing_verb(sentence, at, data)
    if role in data.party_verbs_needed and (verb is None or verb.cls not in ("payer", "payee") or at - verb.end > 4):
        return None, None
    if verb is not None:
        frame = frame_of(sentence, verb, data)
        subject, open_subject = subject_of(sentence, verb.start, data)
        subject_pays = verb.cls in ("payer", "award", "neutral") and not verb.passive and frame.payer == subject
    else:
        frame = nominal_frame(sentence, at, role, data)
        subject, open_subject = frame.payer, False
        subject_pays = True
    payer, payee = frame.payer, frame.payee
    if subject is None and open_subject:
        named = antecedent(earlier, before)
        if named is not None and named not in (payer, payee):
            payer, payee = (named, payee) if subject_pays else (payer, named)
    if role in DEAL_ROLES and (payer is None or payee is None):
        payer, payee = _fill_from(paragraph_frame(earlier, data), payer, payee)
    if role == "offering":
        payer = None
    return payer, (None if payee == payer else payee)


def _fill_from(frame: Frame | None, payer: int | None, payee: int | None) -> tuple[int | None, int | None]:
    if frame is None:
        return payer, payee
    if payer is None and payee is None:
        return frame.payer, frame.payee
    if payer is None:
        return (frame.payer if frame.payer != payee else frame.payee), payee
    return payer, (frame.payee if frame.payee != payer else frame.payer)


def _read_article(text: str, organizations: Sequence[Organization], amounts: Sequence[Amount], data: DealWords) -> list[Terms]:
    tokens = tokens_of(text, _entities(organizations, amounts))
    sentences = sentences_of(text, tokens, data.abbreviations)
    currencies = [a.currency for a in amounts]
    terms: list[Terms | None] = [None] * len(amounts)
    for n, sentence in enumerate(sentences):
        places = [k for k, t in enumerate(sentence.tokens) if t.kind == AMOUNT]
        if not places:
            continue
        earlier = [s for s in sentences[:n] if s.paragraph == sentence.paragraph]
        before = sentences[max(0, n - len(earlier) - 3) : n - len(earlier)]
        previous = None
        for at in places:
            ref = sentence.tokens[at].ref
            if previous is not None and is_conversion(sentence, previous, at, currencies, data):
                source = terms[sentence.tokens[previous].ref]
                terms[ref] = Terms(source.role, source.payer, source.payee, converts=sentence.tokens[previous].ref)
            else:
                prev_terms = terms[sentence.tokens[previous].ref] if previous is not None else None
                if prev_terms is not None and is_compared(sentence, previous, at, currencies, data):
                    role = prev_terms.role
                else:
                    role = role_of(sentence, at, earlier, currencies, data)
                payer, payee = parties_of(sentence, at, role, earlier, before, data)
                listed = sentence.tokens[previous].ref if previous is not None and is_listed(sentence, previous, at, data) else None
                terms[ref] = Terms(role, payer, payee, listed_with=listed)
            previous = at
    return [t if t is not None else Terms(data.default_role) for t in terms]


def extract_deal_terms(text: str, organizations: Sequence[Organization], amounts: Sequence[Amount]) -> tuple[list[Amount], list[Deal]]:
    """The amounts with their SPEC §7 terms, and the article's deals. Organizations and amounts carry their ids."""
    data = load_deal_words()
    terms = _read_article(text, organizations, amounts, data)
    org_id = [org.id for org in organizations]
    groups = group_deals(terms, data)
    deal_of: dict[int, str] = {}
    deals: list[Deal] = []
    for number, group in enumerate(groups, 1):
        deal_id = f"deal-{number}"
        headline = headline_of(group, terms, data)
        deals.append(Deal(
            id=deal_id, kind=group.kind, parties=[org_id[p] for p in group.parties],
            amounts=[amounts[i].id for i in group.members], headline=None if headline is None else amounts[headline].id,
        ))
        deal_of.update((i, deal_id) for i in group.members)
    updated = [
        amount.model_copy(update={
            "role": Role(t.role),
            "payer": None if t.payer is None else org_id[t.payer],
            "payee": None if t.payee is None else org_id[t.payee],
            "deal": deal_of.get(i),
        })
        for i, (amount, t) in enumerate(zip(amounts, terms))
    ]
    return updated, deals
