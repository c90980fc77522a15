"""Deal terms of SPEC §7: what each amount is (its role), who pays whom, and which deal it belongs to.

`extract_deal_terms` is the one entry point: it reads the article's amounts and organizations (already extracted)
and returns the amounts with `role`, `payer`, `payee` and `deal` set, and the article's `deals`. The sentence is
read as words, with each organization mention and each amount one token (words.py); the role comes from cue words
around the amount (roles.py) and from weights learned on the dev split's hand labels that vote with it
(learned.py), the parties from the verb that governs it (parties.py), the deals
from lists, conversions and shared parties (grouping.py). Organization and amount ids are given by the caller."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.extract.deals.descriptions import resolve_descriptions
from pipeline.extract.deals.grouping import Terms, group_deals, headline_of
from pipeline.extract.deals.learned import learned_role
from pipeline.extract.deals.party_vote import Article as PartyArticle, vote_parties
from pipeline.extract.deals.parties import (
    PAYEE_FIRST_ROLES, Frame, Verb, antecedent, bought_of, frame_of, governing_verb, lead_ahead, lender_after, nominal_frame, objects_after,
    paragraph_frame, place_subject, possessor_before, subject_of,
)
from pipeline.extract.deals.roles import is_compared, is_conversion, is_listed, read_role
from pipeline.extract.deals.words import (
    matches_at,
    AMOUNT, ORG, DealWords, Sentence, Token, find_phrase, load_deal_words, phrase, reading_ranges, sentences_of, tokens_of,
)
from pipeline.models import Amount, Deal, Organization, Place, Role

LICENSING_ROLES = frozenset({"upfront", "milestones", "royalties", "total_deal_value"})
RECEIVING_MARKERS = frozenset({"owe", "owes", "owed", "pay", "pays", "to", "compensate"})
DEAL_ROLES = frozenset({"upfront", "milestones", "royalties", "equity_investment", "total_deal_value", "acquisition_price", "price_per_share"})


def _entities(organizations: Sequence[Organization], amounts: Sequence[Amount], data: DealWords) -> list[tuple[int, int, str, int]]:
    # An exchange, a regulator or a newspaper is never a party: its mentions are read as plain words.
    entities = [(m.start, m.end, ORG, i) for i, org in enumerate(organizations) if not _named(org, data.bystanders) for m in org.mentions]
    entities += [(a.start, a.end, AMOUNT, i) for i, a in enumerate(amounts)]
    # An amount wins over an organization it overlaps (sorted first at the same start).
    return sorted(entities, key=lambda e: (e[0], e[2] != AMOUNT, -e[1]))


def _named(org: Organization, words: tuple[tuple[str, ...], ...]) -> bool:
    """Whether the organization's name or one of its mentions holds one of the phrases."""
    return any(find_phrase(phrase(text), words) != -1 for text in {org.name, *(m.text for m in org.mentions)})


@dataclass
class Reading:
    """What the sentence says around one amount: its governing verb's frame and its subject."""

    frame: Frame
    subject: int | None  # the acting organization, resolved through pronouns to an earlier one
    verb: Verb | None
    named_other: bool = False  # the subject slot holds a noun that is no organization (`the Asian giant has raised`)


def read_around(sentence: Sentence, at: int, role: str, earlier: Sequence[Sentence], before: Sequence[Sentence], topic: int | None, data: DealWords) -> Reading:
    possessor = possessor_before(sentence, at, data)
    verb = None if possessor is not None else governing_verb(sentence, at, data)
    if verb is None:
        frame = nominal_frame(sentence, at, role, data, actor=possessor)
        subject = possessor if possessor is not None else (frame.payee if role in PAYEE_FIRST_ROLES else frame.payer)
        if subject is None and subject_of(sentence, at, data)[1]:
            subject = antecedent(sentence, 0, earlier, before, topic)
        return Reading(frame, subject, None)
    frame = frame_of(sentence, verb, data)
    subject, open_subject = subject_of(sentence, verb.start, data)
    named_other = subject is None and not open_subject
    if subject is None and open_subject:
        subject = antecedent(sentence, verb.start, earlier, before, topic)
        if subject is not None:
            subject_pays = verb.cls in ("payer", "award", "neutral") and not verb.passive
            if subject not in (frame.payer, frame.payee):
                frame = Frame(subject, frame.payee, verb) if subject_pays else Frame(frame.payer, subject, verb)
    return Reading(frame, subject, verb, named_other)


def parties_of(
    sentence: Sentence, at: int, role: str, earlier: Sequence[Sentence], before: Sequence[Sentence], topic: int | None, data: DealWords,
    public: frozenset[int] = frozenset(),
) -> tuple[int | None, int | None]:
    """(payer, payee) organization indices of the amount at token `at`, by what its role lets take part."""
    if role in data.no_party_roles or _market_statistic(sentence, data):
        return None, None
    words = sentence.words
    reading = read_around(sentence, at, role, earlier, before, topic, data)
    payer, payee = reading.frame.payer, reading.frame.payee
    if role == "price_per_share":
        if find_phrase(words, data.issue_cues) != -1:
            return None, reading.subject  # an issue price: the issuer receives
        if _share_sale(words, at, data):
            return None, reading.subject if reading.subject is not None else topic  # `sold 8 million shares at $15`
        if find_phrase(words, data.offer_cues) == -1 or find_phrase(words, data.trading_cues, max(0, at - 6), at) != -1:
            return None, None  # a trading price, a closing price or a price target
    elif role == "offering":
        return None, reading.subject
    elif role == "financing":
        payer, payee = _financing_parties(sentence, at, reading, payer, payee, data)
    elif role == "government_funding":
        payer, payee = _funding_parties(sentence, at, reading, payer, payee, topic, data, public)
    elif role == "investment":
        payer, payee = (payer if payer is not None else reading.subject), _object_in(sentence, at, data)
    elif role in data.party_verbs_needed:
        verb = reading.verb
        if verb is None or _verb_words(sentence, verb) not in data.paying_verbs or _clause_break_between(sentence, verb.end, at, data):
            payer, payee = (_payout_payer(sentence, at, reading, topic, data) if role == "other" else None), None
        elif role == "cost" and payee is None:
            payee = _claimant(sentence, at, payer, data)
    if not reading.named_other and topic not in (payer, payee):
        # `It will use the money to retire €180 million of notes`: the company the article is about
        if role in ("financing", "offering") and payee is None:
            payee = topic
        elif role == "investment" and payer is None:
            payer = topic
    if role == "acquisition_price" and payee is None:
        payee = bought_of(sentence, payer, data)
    if role in DEAL_ROLES and (payer is None or payee is None):
        payer, payee = _fill_from(paragraph_frame([*before, *earlier], data), payer, payee)
    if role in LICENSING_ROLES and payee is None and payer is not None:
        payee = topic  # `Westbrook paid a $75 million milestone`: to the company the article is about
    return payer, (None if payee == payer else payee)


SOURCE_FILLERS = frozenset({"the", "data", "provider", "research", "firm", "consultancy", "analysts", "at"})


def _market_statistic(sentence: Sentence, data: DealWords) -> bool:
    """A figure a source reports for a whole market (`Venture funding in Europe fell to €2.9bn, according to
    PitchBook`): the sentence names no organization but its source, and no pronoun stands for one."""
    words, tokens = sentence.words, sentence.tokens
    if find_phrase(words, data.source_cues) == -1 or find_phrase(words, data.pronouns) != -1:
        return False
    for k, token in enumerate(tokens):
        if token.kind == ORG:
            j = k - 1
            while j > 0 and words[j] in SOURCE_FILLERS:  # `according to data provider PitchBook`
                j -= 1
            if not any(matches_at(words, j - len(cue) + 1, cue) for cue in data.source_cues):
                return False
    return True


FUNDED_ROLES = frozenset({"investment", "other", "total_deal_value", "financing", "market_value", "acquisition_price"})
PUBLIC_REACH = 6  # words after the amount within which `from X` names who gives it
LOAN_WORDS = (("loan",), ("loans",), ("credit",), ("bond",), ("bonds",), ("debt",), ("lend",), ("lends",), ("lent",), ("facility",))


def public_funding(sentence: Sentence, at: int, role: str, public: frozenset[int], places: Sequence[tuple[int, int]], data: DealWords) -> tuple[str, bool]:
    """`CEPI has spent $2 billion`, `$12 million from BARDA`, `South Korea will pour $820 million into`: money a public
    body, a country, state or city pays or pledges is government funding, unless it is a loan (a loan from a public
    bank stays financing). With the role, whether a place is what pays (no organization is the payer then), also for
    an amount already read as government funding."""
    if role not in FUNDED_ROLES and role != "government_funding" or find_phrase(sentence.words, LOAN_WORDS, max(0, at - 4), min(len(sentence.words), at + 5)) != -1:
        return role, False
    giver = lender_after(sentence, at, data, reach=PUBLIC_REACH)
    if giver is None:
        verb = governing_verb(sentence, at, data)
        if verb is not None and verb.cls in ("payer", "award") and not verb.passive and verb.end <= at:
            giver = subject_of(sentence, verb.start, data)[0]
            if giver is None and place_subject(sentence, verb, at, places, data):
                return "government_funding", True
    if role == "government_funding":
        return role, False
    if giver is None or giver not in public:
        giver = _public_party_before(sentence, at, public, data)
    return ("government_funding" if giver is not None and giver in public else role), False


def _public_party_before(sentence: Sentence, at: int, public: frozenset[int], data: DealWords) -> int | None:
    """A public body that a contract or award before the amount is made with, in its clause (`a contract with the
    Ministry of Health for 18 million doses worth R$2 billion`, `an award from BARDA valued at $40 million`)."""
    words, tokens = sentence.words, sentence.tokens
    for k in range(at - 1, -1, -1):
        if words[k] in (",", ";") or words[k] in data.clause_breaks or tokens[k].kind == AMOUNT:
            return None
        j = k - 2 if k > 0 and words[k - 1] == "the" else k - 1
        if tokens[k].kind == ORG and tokens[k].ref in public and j >= 0 and words[j] in ("with", "from", "by"):
            return tokens[k].ref
    return None


def _share_sale(words: Sequence[str], at: int, data: DealWords) -> bool:
    """Whether a share sale's verb and `shares` stand shortly before the per-share price, in its clause."""
    lo = max([max(0, at - data.share_sale_reach), *(j + 1 for j in range(max(0, at - data.share_sale_reach), at) if words[j] in (";", ".", ":"))])
    if "shares" not in words[lo:at] or find_phrase(words, data.share_sale_verbs, lo, at) == -1:
        return False
    # `shares` is a trading cue itself: another one (`closed at`) makes the price a market price
    return find_phrase(words, data.trading_cues, lo, at) in (-1, words.index("shares", lo))


def _financing_parties(sentence: Sentence, at: int, reading: Reading, payer: int | None, payee: int | None, data: DealWords) -> tuple[int | None, int | None]:
    """The lender or lead investor named after the amount pays; the company raising receives."""
    lender = lender_after(sentence, at, data)
    if lender is not None:
        return lender, (reading.subject if reading.subject != lender else payee)
    verb = reading.verb
    if verb is not None and verb.cls in ("payer", "neutral") and _verb_words(sentence, verb) not in data.lender_verbs:
        return None, reading.subject  # `X will fund the purchase with a $N loan`, `X closed a $50 million round`
    return payer, payee


def _funding_parties(
    sentence: Sentence, at: int, reading: Reading, payer: int | None, payee: int | None, topic: int | None, data: DealWords, public: frozenset[int]
) -> tuple[int | None, int | None]:
    """The public body pays (`a grant from X`, `X will provide grants`, `The Ministry of X approved $N in incentives for
    Y`); the recipient, when the sentence does not name it, is the article's main organization (`the state offered
    incentives worth $45 million`)."""
    lender = lender_after(sentence, at, data)
    verb = reading.verb
    if lender is not None:
        payer, payee = lender, (reading.subject if reading.subject != lender else payee)
    elif verb is not None and verb.cls in ("payer", "award") and not verb.passive:
        payer, payee = reading.subject, payee
    if payee in public and payer not in public:
        # a public body never receives government funding: in the amount's clause it pays (`The Ministry of X
        # approved $N in incentives for Y`), outside it, it only reports (`..., the ministry said`)
        named = [k for k, t in enumerate(sentence.tokens) if t.ref == payee]
        payer, payee = (payee, payer) if any(_same_clause(sentence, k, at, data) for k in named) else (payer, None)
    if payer is None:
        payer = _public_near(sentence, at, payee, public, data)
    if payee is None:
        payee = _recipient_after(sentence, at, data)
    return payer, (payee if payee is not None or topic == payer else topic)


def _recipient_after(sentence: Sentence, at: int, data: DealWords) -> int | None:
    """The organization the money is `for`, right after the amount's own words in its clause (`cleared €920 million
    of state aid for Lausitz Zellwerk`)."""
    tokens, words = sentence.tokens, sentence.words
    for j in range(at + 1, len(tokens) - 1):
        if words[j] in (",", ";", ".") or words[j] in data.clause_breaks:
            return None
        if words[j] == "for" and tokens[j + 1].kind == ORG:
            return tokens[j + 1].ref
    return None


def _public_near(sentence: Sentence, at: int, payee: int | None, public: frozenset[int], data: DealWords) -> int | None:
    """The public body nearest the amount in its clause (`Wolters won 42 million zlotys of state aid from Poland's
    investment agency PAIH`); not one across a comma or clause break (`South Korea will pour $N into vaccines, the
    ministry said`: a country pays)."""
    found = [(abs(k - at), t.ref) for k, t in enumerate(sentence.tokens) if t.ref in public and t.ref != payee and _same_clause(sentence, k, at, data)]
    return min(found)[1] if found else None


def _same_clause(sentence: Sentence, k: int, at: int, data: DealWords) -> bool:
    """Whether the organization at token k stands in the amount's clause: no comma or clause break between them."""
    if sentence.tokens[k].kind != ORG:
        return False
    return not any(w in (",", ";") or w in data.clause_breaks for w in sentence.words[min(k, at) : max(k, at)])


def _claimant(sentence: Sentence, at: int, payer: int | None, data: DealWords) -> int | None:
    """Who a settlement or damages go to: the organization after a claim word after the amount (`agreed to pay $410
    million to settle claims by Westfield Cooperative`), in its clause."""
    words, tokens = sentence.words, sentence.tokens
    for k in range(at + 1, len(tokens)):
        if words[k] in (";", ".") or tokens[k].kind == AMOUNT:
            return None
        if tokens[k].kind == ORG and tokens[k].ref != payer and any(matches_at(words, k - len(cue), cue) for cue in data.claimant_cues):
            return tokens[k].ref
    return None


def _payout_payer(sentence: Sentence, at: int, reading: Reading, topic: int | None, data: DealWords) -> int | None:
    """Who pays a dividend, a buyback or wages: the paying subject, else the article's main organization; an amount
    that is no payout (assets a fund manages) has no payer."""
    words = sentence.words
    if find_phrase(words, data.payout_words, max(0, at - 10), min(len(words), at + 6)) == -1:
        return None
    verb = reading.verb
    if reading.subject is not None and verb is not None and verb.cls == "payer":
        return reading.subject
    return topic


def _verb_words(sentence: Sentence, verb: Verb) -> tuple[str, ...]:
    return tuple(sentence.words[verb.start : verb.end])


def _clause_break_between(sentence: Sentence, start: int, end: int, data: DealWords) -> bool:
    return any(w in data.clause_breaks for w in sentence.words[start:end])


def _object_in(sentence: Sentence, at: int, data: DealWords) -> int | None:
    """The organization an investment goes into (`$N in Y`), named after the amount in its clause."""
    for prep, ref in objects_after(sentence, at + 1, data):
        if prep in ("in", "into"):
            return ref
    return None


def _fill_from(frame: Frame | None, payer: int | None, payee: int | None) -> tuple[int | None, int | None]:
    if frame is None:
        return payer, payee
    if payer is None and payee is None:
        return frame.payer, frame.payee
    if payer is None:
        return (frame.payer if frame.payer != payee else frame.payee), payee
    return payer, (frame.payee if frame.payee != payer else frame.payer)


def _sentences(
    text: str, organizations: Sequence[Organization], amounts: Sequence[Amount], public: frozenset[int], bystanders: frozenset[int], data: DealWords
) -> list[Sentence]:
    """The sentences of the paragraphs the rules read, as tokens, descriptions resolved."""
    entities = _entities(organizations, amounts, data)
    starts = [e[0] for e in entities]  # sorted: each range's entities are one slice, however many ranges
    tokens: list[Token] = []
    for lo, hi in reading_ranges(text, [(a.start, a.end) for a in amounts]):
        inside = [e for e in entities[bisect.bisect_left(starts, lo) : bisect.bisect_right(starts, hi)] if e[1] <= hi]
        tokens += tokens_of(text, inside, lo, hi)
    return sentences_of(text, resolve_descriptions(tokens, organizations, public, bystanders, data), data.abbreviations)


# Earlier sentences of the amount's paragraph the rules read (cues, the subject a pronoun stands for, the deal a
# `The deal ...` sentence continues): a news paragraph has a handful (at most 6 in the gold), and an article with no
# line breaks, one paragraph of thousands of sentences, must not cost each amount all the sentences before it.
PARAGRAPH_REACH = 12


def _read_article(text: str, organizations: Sequence[Organization], amounts: Sequence[Amount], place_spans: Sequence[tuple[int, int]], data: DealWords) -> list[Terms]:
    public = frozenset(i for i, org in enumerate(organizations) if _named(org, data.public_bodies))
    bystanders = frozenset(i for i, org in enumerate(organizations) if _named(org, data.bystanders))
    sentences = _sentences(text, organizations, amounts, public, bystanders, data)
    currencies = [a.currency for a in amounts]
    values = [a.value if a.value is not None else a.high for a in amounts]
    # The article's main organization, the one most often named: what `it` and `the company` most often stand for.
    # A regulator or ministry named often is rarely the `it` of a deal sentence.
    no_topic = public | bystanders
    topic = max((i for i in range(len(organizations)) if i not in no_topic), key=lambda i: (len(organizations[i].mentions), -i), default=None)
    terms: list[Terms | None] = [None] * len(amounts)
    paragraph_start = 0  # sentences come in paragraph order: the first sentence of the current paragraph
    for n, sentence in enumerate(sentences):
        if sentence.paragraph != sentences[paragraph_start].paragraph:
            paragraph_start = n
        places = [k for k, t in enumerate(sentence.tokens) if t.kind == AMOUNT]
        if not places:
            continue
        earlier = sentences[max(paragraph_start, n - PARAGRAPH_REACH) : n]
        before = sentences[max(0, n - len(earlier) - 3) : n - len(earlier)]
        previous = None
        # what the learned vote reads besides the words: a public body or a government word in the sentence
        named_public = any(t.kind == ORG and t.ref in public for t in sentence.tokens)
        government = not data.government_words.isdisjoint(sentence.words)
        for at in places:
            ref = sentence.tokens[at].ref
            if previous is not None and is_conversion(sentence, previous, at, currencies, data):
                source = terms[sentence.tokens[previous].ref]
                terms[ref] = Terms(source.role, source.payer, source.payee, converts=sentence.tokens[previous].ref)
            elif previous is not None and (gapped := _gapped(sentence, previous, at, terms[sentence.tokens[previous].ref])) is not None:
                terms[ref] = gapped
            else:
                prev_terms = terms[sentence.tokens[previous].ref] if previous is not None else None
                if prev_terms is not None and is_compared(sentence, previous, at, prev_terms.role, currencies, data):
                    role, place_pays = prev_terms.role, prev_terms.place_pays
                else:
                    role, cue = read_role(sentence, at, earlier, currencies, data, values)
                    role, place_pays = public_funding(sentence, at, learned_role(sentence, at, role, cue, values[ref], named_public, government), public, place_spans, data)
                payer, payee = parties_of(sentence, at, role, earlier, before, topic, data, public)
                if role == "financing" and payer is None and (prev_terms is None or prev_terms.role != "financing"):
                    # the lead a later sentence names is the first financing's (`closed its fund at $N, above its $M target`)
                    payer = lead_ahead(sentence, sentences[n + 1 : n + 1 + data.lead_ahead_reach], payee, data)
                if role == "equity_investment" and payee is None and prev_terms is not None and prev_terms.role in ("financing", "offering"):
                    payee = prev_terms.payee  # `a $200 million placement, and Y has agreed to take $60 million of it`
                listed = sentence.tokens[previous].ref if previous is not None and is_listed(sentence, previous, at, data) else None
                if listed is not None and role not in data.no_party_roles and data.deal_kinds.get(role) == data.deal_kinds.get(terms[listed].role):
                    # `took $5 million from X ... and would receive a further $20 million`: the parties carry over
                    payer = payer if payer is not None else terms[listed].payer
                    payee = payee if payee is not None else terms[listed].payee
                terms[ref] = _terms(sentence, at, role, payer, payee, listed, data, place_pays)
            previous = at
    _buyer_borrows(terms)
    _fees_between_sides(terms)
    _sides_named(terms)
    _one_direction(terms)
    _carry_parties(terms, data)
    read = [t if t is not None else Terms(data.default_role) for t in terms]
    vote_parties(PartyArticle(sentences, read, [len(org.mentions) for org in organizations], bystanders, public, topic))
    return read


def _gapped(sentence: Sentence, previous: int, at: int, before: Terms) -> Terms | None:
    """`Varden was ordered to pay €612 million, Oskarsson Kemi €301 million and Trellis €187 million`: an amount
    right after an organization that follows the previous amount with only a comma or `and` between repeats the
    previous one's clause for that organization: its role, with the organization on the side the previous one's
    named party took (the one written before it in the sentence)."""
    tokens = sentence.tokens
    between = sentence.words[previous + 1 : at - 1]
    if at - 1 <= previous or tokens[at - 1].kind != ORG or between not in ([","], ["and"], [",", "and"]):
        return None
    named = [t.ref for t in tokens[:previous] if t.kind == ORG]
    org = tokens[at - 1].ref
    if before.payer is not None and before.payer in named:
        return Terms(before.role, org, before.payee if before.payee != org else None, repeats=True)
    if before.payee is not None and before.payee in named:
        return Terms(before.role, before.payer if before.payer != org else None, org, repeats=True)
    return None


def _terms(sentence: Sentence, at: int, role: str, payer: int | None, payee: int | None, listed: int | None, data: DealWords, place_pays: bool = False) -> Terms:
    """The amount's terms as read, with what the article-wide passes need: a purchase's financing, a fee between sides,
    whether a place pays (the party vote's `nobody` candidate knows it)."""
    funds_purchase = role == "financing" and find_phrase(sentence.words, data.acquisition_financing_cues) != -1
    fee = role == "cost" and find_phrase(sentence.words, data.fee_cues) != -1
    side = _side_named(sentence, at, data, whole_clause=fee)
    return Terms(role, payer, None if payee == payer else payee, listed_with=listed, funds_purchase=funds_purchase, side=side, fee=fee, place_pays=place_pays)


def _side_named(sentence: Sentence, at: int, data: DealWords, whole_clause: bool = False) -> str | None:
    """`payer` when a buyer's word (`the buyer`, `the licensee`) is written before the amount in its clause (or, with
    `whole_clause`, anywhere in it: `a reverse fee of £40 million is payable by the buyer`), `payee` for a seller's
    (`the licensor`, `the target`), else None."""
    words = sentence.words
    lo = max([0, *(j + 1 for j in range(at) if words[j] in (";", ".") or words[j] in data.clause_breaks)])
    hi = min([len(words), *(j for j in range(at, len(words)) if words[j] in (";", ".") or words[j] in data.clause_breaks)]) if whole_clause else at
    buyer, seller = find_phrase(words, data.buyer_words, lo, hi), find_phrase(words, data.seller_words, lo, hi)
    if buyer == seller == -1:
        return None
    named = min(p for p in (buyer, seller) if p != -1)  # the first named: `the target ... will owe the buyer`
    side = "payer" if named == buyer else "payee"
    if whole_clause and named > 0 and words[named - 1] in RECEIVING_MARKERS:
        side = "payee" if side == "payer" else "payer"  # `it would owe the buyer a termination fee`: the buyer receives
    return side


def _fees_between_sides(terms: list[Terms | None]) -> None:
    """`Were Northstar to walk away, it would pay a break fee of C$130 million`, `A reverse fee of £40 million is
    payable by the buyer`: a fee one side of the article's first acquisition owes goes to the other side. The side
    is the one its clause names first (`the target ... will owe the buyer`), else the fee's payer when one is read."""
    deal = next((t for t in terms if t is not None and t.role in ("acquisition_price", "price_per_share") and t.payer is not None and t.payee is not None), None)
    if deal is None:
        return
    for t in terms:
        if t is None or not t.fee or t.payee is not None:
            continue
        side = t.side or ("payer" if t.payer == deal.payer else "payee" if t.payer == deal.payee else None)
        if side is not None:
            t.payer, t.payee = (deal.payer, deal.payee) if side == "payer" else (deal.payee, deal.payer)


def _sides_named(terms: list[Terms | None]) -> None:
    """`The buyer will pay €410 million in cash at completion`, `The licensee will hand over a signing fee of $45
    million`: a deal amount whose clause names a side by its part in the deal takes the parties of the article's
    first deal amount that named both (the lead states who buys)."""
    first = next((t for t in terms if t is not None and t.role in DEAL_ROLES and t.payer is not None and t.payee is not None), None)
    if first is None:
        return
    for t in terms:
        if t is not None and t.side is not None and t.role in DEAL_ROLES and t is not first:
            t.payer, t.payee = first.payer, first.payee


def _one_direction(terms: list[Terms | None]) -> None:
    """Two organizations of one article's deals pay one way, the way the first amount naming both says (the lead
    states the deal; later sentences lean on pronouns and descriptions): a later deal amount naming the same two the
    other way round is turned around (`Sandoz paid $12 million upfront ... and could pay as much as $85 million more`,
    the second read from the wrong side). Measured on the dev split: better than the majority of the amounts."""
    first: dict[frozenset[int], tuple[int, int]] = {}
    for t in terms:
        if t is not None and t.role in DEAL_ROLES and t.payer is not None and t.payee is not None:
            way = first.setdefault(frozenset((t.payer, t.payee)), (t.payer, t.payee))
            t.payer, t.payee = way


def _carry_parties(terms: list[Terms | None], data: DealWords) -> None:
    """A deal amount that names one party or none takes the other from the article's last amount of the same deal
    kind that named both (`Larkspur will buy Ashgrove for $1.6 billion. ... The offer works out to $14.25 a share`); a
    licensing amount without one takes an acquisition's, as CVRs do. A known party the other deal gave the opposite
    side (`It will pay $14.25 a share`, `it` read as the target) is turned around. A per-share price with no party
    stays a trading price."""
    last: dict[str, Terms] = {}
    changed: set[int] = set()
    for i, t in enumerate(terms):
        if t is None or t.role not in DEAL_ROLES or t.converts is not None:
            continue
        kind = data.deal_kinds.get(t.role, "")
        known = last.get(kind) or last.get("acquisition" if kind == "licensing" else "licensing")
        if t.payer is not None and t.payee is not None:
            last[kind] = t
        elif known is not None and not (t.role == "price_per_share" and t.payer is None and t.payee is None):
            if t.payer in (None, known.payer) and t.payee in (None, known.payee) or known.payee in (t.payer, t.payee) and None in (t.payer, t.payee):
                t.payer, t.payee = known.payer, known.payee
                changed.add(i)
    for t in terms:
        if t is not None and t.converts in changed:
            t.payer, t.payee = terms[t.converts].payer, terms[t.converts].payee


def _buyer_borrows(terms: list[Terms | None]) -> None:
    """`The buyer will fund the deal with cash and a $750 million term loan`: the financing of a purchase is received
    by the buyer, the payer of the article's first acquisition price (not the company the article is most about, often
    the target); conversions of it follow."""
    buyer = next((t.payer for t in terms if t is not None and t.role == "acquisition_price" and t.payer is not None), None)
    if buyer is None:
        return
    loans = {i for i, t in enumerate(terms) if t is not None and t.funds_purchase and t.payer != buyer}
    for i, t in enumerate(terms):
        if t is not None and (i in loans or t.converts in loans):
            t.payee = buyer


def extract_deal_terms(text: str, organizations: Sequence[Organization], amounts: Sequence[Amount], places: Sequence[Place] = ()) -> tuple[list[Amount], list[Deal]]:
    """The amounts with their SPEC §7 terms, and the article's deals. Organizations and amounts carry their ids; the
    places' mentions tell a country or city that pays (it is no organization: no payer, but government funding)."""
    data = load_deal_words()
    spans = sorted((m.start, m.end) for place in places for m in place.mentions)
    terms = _read_article(text, organizations, amounts, spans, data)
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
