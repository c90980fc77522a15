"""Where a name starts and ends: trimming the words spaCy took in (`the`, possessives, an amount or a city after it)
and completing the words it left out (legal suffixes, head words, nationality adjectives, `for`/`of` continuations)."""

from __future__ import annotations

from pipeline.extract.orgs.gazetteer import canonical_name, load_org_data
from pipeline.extract.orgs.shapes import has_org_shape
from pipeline.extract.orgs.tokens import (
    MONEY_LIKE,
    POSSESSIVES,
    OrgMention,
    joined,
    lead_head_name,
    mention_of,
    name_back,
    name_forward,
    name_word,
    spaced,
)
from pipeline.extract.view import DocView
from pipeline.normalize.geo import is_not_place, is_well_known_place, resolve_place


def trim_span(doc: DocView, start: int, end: int) -> tuple[int, int] | None:
    """Token bounds of a name after SPEC §3 boundary rules: no leading `the`, no possessive, no trailing common word."""
    data = load_org_data()
    while start < end and (doc.lowers[start] == "the" or doc.is_punct[start] or doc.is_space[start]):
        start += 1
    # `Denmark's Skovgaard Pension`: a place's possessive before a name is not part of it.
    for i in range(start + 1, min(end - 1, start + 4)):
        if doc.words[i] in POSSESSIVES and is_well_known_place(doc.span_text(start, i)) and canonical_name(doc.span_text(start, end)) is None:
            start = i + 1
            break
    # `schizophrenia drug Seralta`: lower-case words before a capitalized one are context, not name (`bluebird bio` stays).
    while start < end - 1 and doc.is_lower[start] and any(word[:1].isupper() for word in doc.words[start + 1 : end]):
        start += 1
    for k in range(start + 1, end - 1):
        # `Fintera for R$4.8 billion`, `B3 in São Paulo`: spaCy ran on past the name into an amount or its city.
        if doc.is_lower[k] and (
            not doc.words[k + 1][:1].isalpha()
            or MONEY_LIKE.search(doc.words[k + 1])
            or (doc.lowers[k] in ("in", "at") and is_well_known_place(doc.span_text(k + 1, end)))
        ):
            end = k
            break
    if "(" in doc.words[start:end] and ")" not in doc.words[start:end]:
        # `the Hospital for Sick Children (SickKids`: spaCy ran into the bracket of an abbreviation.
        end = start + doc.words[start:end].index("(")
    changed = True
    while changed and start < end:
        changed = False
        last = doc.words[end - 1]
        if last in POSSESSIVES or doc.is_space[end - 1] or (doc.is_punct[end - 1] and last != "."):
            end -= 1
            changed = True
        elif last == "." and end - 1 > start and not doc.words[end - 2].endswith("."):
            # A sentence's full stop, not the dot of `Inc.` (spaCy keeps that inside the token).
            end -= 1
            changed = True
        elif (
            doc.is_lower[end - 1]
            and end - 1 > start
            and doc.lowers[end - 1] not in data.lowercase_name_words
            and canonical_name(doc.span_text(start, end)) is None
        ):
            end -= 1
            changed = True
    while start < end and doc.lowers[end - 1] in data.name_connectors:
        end -= 1
    return (start, end) if start < end else None


def complete_name(doc: DocView, start: int, end: int) -> tuple[int, int]:
    """Token bounds of a name with the words spaCy often leaves outside it: trailing organization words
    (`DNB` + `Markets`, `X Biotechnology` + `Center`), a legal suffix written after it (`Fjordvik Pharma` + `A/S`, SPEC §3), and a
    nationality or place adjective between `the` and an organization-shaped name (`the European Investment Bank`),
    and a first word joined by `and` between `the` and such a name (`the Energy and Water Agency`). The rules run in this order."""
    end = end_before_place_of(doc, start, end)
    end = name_after_lone_head(doc, start, end)
    end = body_name_after_connector(doc, start, end)
    end = trailing_name_words(doc, end)
    end = legal_suffix_after(doc, end)
    start = start_before_hyphen_or_ampersand(doc, start, end)
    start = word_before_head(doc, start)
    start = nationality_or_field_before(doc, start, end)
    return start, end


def end_before_place_of(doc: DocView, start: int, end: int) -> int:
    """`Backers include the Peng Family Office of Singapore.`: after a complete name, `of X` is where it sits."""
    closed = load_org_data().closed_before_of
    for k in range(start + 2, end - 1):
        if doc.lowers[k] == "of" and tuple(doc.words[k - 2 : k]) in closed:
            return k
    return end


def name_after_lone_head(doc: DocView, start: int, end: int) -> int:
    """`He was treated at Hospital Israelita Albert Einstein.`, `Banco do Brasil lent more.`: a lone head or group word
    the model took alone is the start of a name."""
    data = load_org_data()
    if end - start == 1 and doc.words[start] in data.of_heads and spaced(doc, end) and name_word(doc, end):
        return name_forward(doc, end, limit=4)
    if end - start == 1 and (doc.words[start] in data.group_words or doc.words[start] in data.lead_heads):
        return max(end, lead_head_name(doc, start))
    return end


def body_name_after_connector(doc: DocView, start: int, end: int) -> int:
    """`It needs approval from the Administrative Council for Economic Defense.`, `the U.S. Court of Appeals for the
    Federal Circuit`: the model stopped at the connector of a body's name (`of` + a place is where the body sits:
    `the Bernasconi Family Office of Lugano`)."""
    data = load_org_data()
    if not (
        end + 1 < len(doc)
        and any(word in data.of_heads for word in doc.words[start:end])
        and doc.lowers[end] in ("for", "of")
        and tuple(doc.words[end - 2 : end]) not in data.closed_before_of
        and spaced(doc, end)
    ):
        return end
    first = end + 2 if doc.lowers[end + 1] == "the" and end + 2 < len(doc) else end + 1
    if name_word(doc, first):
        after = name_forward(doc, first, limit=4)
        if resolve_place(doc.span_text(first, after)) is None:
            return after
    return end


def trailing_name_words(doc: DocView, end: int) -> int:
    """`Analysts at Vesta Capital Markets raised their targets.`, `the Ohio Gene Therapy Center`: organization words
    after the name the model ended early (not one opening `X of Y`)."""
    trailing = load_org_data().trailing_words
    while spaced(doc, end) and doc.words[end] in trailing and not (end + 1 < len(doc) and doc.lowers[end + 1] == "of"):
        end += 1
    return end


def legal_suffix_after(doc: DocView, end: int) -> int:
    """`Shares of Nordhavn Biotech A/S rose.`: a legal suffix written after the name is part of it (SPEC §3). A suffix
    can be several tokens (`A/S` is `A`, `/`, `S`), so the text is compared, not the tokens."""
    data = load_org_data()
    if spaced(doc, end) and doc.words[end] in data.legal_suffix_prefixes:
        end += next((n for n in (3, 2, 1) if end + n <= len(doc) and doc.span_text(end, end + n) in data.legal_suffixes), 0)
    return end


def start_before_hyphen_or_ampersand(doc: DocView, start: int, end: int) -> int:
    """`Regulators cleared Kessler-Brandt Holdings' purchase.`, `the pan-Canadian Pharmaceutical Alliance`: spaCy split the
    name at its hyphen; `Osler, Hoskin & Harcourt LLP advised.`, `Toyo Trust & Banking Co`: the names before the ampersand of
    a firm's name, commas and all."""
    data = load_org_data()
    if (
        joined(doc, start - 1)
        and joined(doc, start)
        and doc.words[start - 1] == "-"
        and doc.is_alpha[start - 2]
        and (doc.words[start - 2][:1].isupper() or (len(doc.words[start - 2]) <= 4 and doc.words[start][:1].isupper()))
    ):
        return start - 2
    if (
        start > 1
        and doc.words[start - 1] == "&"
        and doc.words[start - 2][:1].isupper()
        and doc.is_alpha[start - 2]
        and (doc.words[end - 1] in data.legal_suffixes or doc.words[end - 1] in data.name_heads)
    ):
        start = name_back(doc, start - 1, limit=3)
        while start > 1 and doc.words[start - 1] == "," and doc.words[start - 2][:1].isupper() and doc.is_alpha[start - 2]:
            start -= 2
    return start


def word_before_head(doc: DocView, start: int) -> int:
    """`Lauzière Diagnostics SA agreed to acquire the chain.`, where the model began the name at its head word."""
    data = load_org_data()
    while (
        start > 0
        and doc.words[start] in data.name_heads
        and spaced(doc, start)
        and doc.is_alpha[start - 1]
        and name_word(doc, start - 1)
        and doc.words[start - 1] not in data.not_name_starts
        and start - 1 not in doc.ent_ending_at()
        and not is_not_place(doc.words[start - 1])
        and not is_well_known_place(doc.words[start - 1])
    ):
        start -= 1
    return start


def nationality_or_field_before(doc: DocView, start: int, end: int) -> int:
    """`The German Federal Cartel Office opened an inquiry.`: an office, agency or authority of a country is named with
    its nationality. `the National Markets and Competition Commission fined it`: two companies are not written `the X
    and Y Pharma`, a body named for two fields is."""
    data = load_org_data()
    before = start - 1
    if (
        before > 0
        and doc.lowers[before - 1] == "the"
        and spaced(doc, start)
        and doc.words[before][:1].isupper()
        and is_not_place(doc.words[before])
        and (has_org_shape(doc, start, end) or (end - start > 1 and doc.words[end - 1] in data.of_heads))
    ):
        return before
    if start > 2 and doc.lowers[start - 1] == "and" and spaced(doc, start) and spaced(doc, start - 1) and (has_org_shape(doc, start, end) or doc.words[end - 1] in data.of_heads):
        first = start - 1
        while first - 1 >= 0 and start - 1 - first < 3 and doc.is_alpha[first - 1] and doc.words[first - 1][:1].isupper() and doc.lowers[first - 1] != "the":
            first -= 1
        if first < start - 1 and first > 0 and doc.lowers[first - 1] == "the" and not is_well_known_place(doc.span_text(first, start - 1)):
            return first
    return start


def longer_name(doc: DocView, mention: OrgMention) -> OrgMention:
    """`HSBC Innovation Banking`, `CSL Seqirus`, `Mass General Brigham`: a known name followed by more capitalized
    words that no entity claims is a longer name (a unit or a sister company), not the known one; titles
    (`Pfizer Chief Executive ...`), sentence words and places stop it."""
    data = load_org_data()
    ents = doc.ent_at()
    end = mention.end
    while (
        end - mention.end < 2
        and spaced(doc, end)
        and name_word(doc, end)
        and doc.is_alpha[end]
        and end not in ents
        and doc.words[end] not in data.not_name_starts
        and doc.words[end] not in data.person_titles
        and doc.lowers[end] not in data.person_roles
        and doc.words[end] not in ("Chief", "Executive", "Senior", "Vice", "Managing", "General", "Group")
        and not is_well_known_place(doc.words[end])
        and canonical_name(doc.words[end]) is None
    ):
        end += 1
    if end == mention.end or (end < len(doc) and name_word(doc, end)):
        return mention
    return mention_of(doc, mention.start, end)


def with_market_place(doc: DocView, mention: OrgMention) -> OrgMention:
    """`Euronext Paris`, `Nasdaq Copenhagen`: an exchange's city right after its name is part of the market's name."""
    data = load_org_data()
    if data.type_by_canonical.get(mention.canonical or "") != "exchange" or mention.end >= len(doc):
        return mention
    after = doc.words[mention.end]
    if after[:1].isupper() and is_well_known_place(after):
        return OrgMention(mention.start, mention.end + 1, doc.span_text(mention.start, mention.end + 1),
                        mention.start_char, doc.ends[mention.end], mention.canonical)
    return mention
