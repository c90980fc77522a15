"""Context that makes a name a firm: words before it (`analysts at X`), after it (`X said in a statement`, `X is
advising`), an apposition (`X, a Munich maker`), a list with other firms, a job and a person after it."""

from __future__ import annotations

from pipeline.extract.orgs.gazetteer import load_org_data
from pipeline.extract.orgs.tokens import POSSESSIVES, joined, name_word
from pipeline.extract.view import DocView
from pipeline.normalize.geo import is_well_known_place, resolve_place

APPOSITION_STOPS = frozenset({"of", "for", "based", "that", "which", "who", "with", "in", "from", "to", "and", "set", "at", "on", "by"})


def cue_before(doc: DocView, start: int) -> bool:
    """`analysts at X`, `reported by X`, `a loan from X`: the words before say an organization follows."""
    data = load_org_data()
    if start == 0 or doc.lowers[start - 1] not in data.cue_before_ends:
        return False
    return any(start >= n and tuple(doc.lowers[start - n : start]) in data.cues_before for n in (1, 2, 3))


def cue_after(doc: DocView, end: int, *, person: bool = False) -> bool:
    """`X said in a statement`, `X is advising`, `X reported`; also across a partner (`X and Y advised`).
    A name spaCy calls a person takes only the adviser verbs: people speak in statements and represent countries too."""
    data = load_org_data()
    ents = doc.ent_at()
    if end + 1 < len(doc) and doc.lowers[end] in ("and", ","):
        # `X and Y advised`, `X and law firm Y advised`
        partner = end + 1
        while partner < min(len(doc), end + 3) and (doc.lowers[partner] in data.org_nouns or doc.lowers[partner] == "law"):
            partner += 1
        if ents.get(partner, (0, ""))[1] == "ORG":
            end = ents[partner][0]
    if end >= len(doc) or doc.lowers[end] not in data.cue_after_starts:
        return False
    for cue in data.cues_after:
        if tuple(doc.lowers[end : end + len(cue)]) == cue:
            return not (person and cue in data.cues_after_not_for_people)
    return False


def apposition(doc: DocView, end: int, *, institutions_only: bool = False) -> str | None:
    """`X, a Munich maker of ...` -> "org"; `X, a once-monthly injection` or `X, its treatment` -> "product":
    the head noun of an apposition right after a name (its last organization or product noun before a
    preposition or a comma: `a drug developer based in` is a developer), or None."""
    data = load_org_data()
    if end + 2 >= len(doc) or doc.words[end] != ",":
        return None
    first = end + 2
    if doc.lowers[end + 1] not in ("a", "an", "the", "its", "their"):
        # `X, New Zealand's health ministry`: a place's possessive stands for the article.
        owner = next((j for j in range(end + 2, min(len(doc), end + 5)) if doc.words[j] in POSSESSIVES), None)
        if owner is None or not is_well_known_place(doc.span_text(end + 1, owner)):
            return None
        first = owner + 1
    nouns = data.institution_nouns if institutions_only else data.org_nouns
    head = None
    for j in range(first, min(len(doc), first + 6)):
        word = doc.lowers[j]
        if (doc.is_punct[j] and word != "-") or word in APPOSITION_STOPS:
            break
        if word in data.product_nouns:
            head = "product"
        elif word in nouns:
            head = "org"
    return head


def apposition_head(doc: DocView, first: int) -> str | None:
    """The last word of an apposition's noun phrase starting at token `first`, before a preposition, a relative word
    or a punctuation mark (`a Polish maker of fertilizers` -> maker; `an agency official disagreed.` -> disagreed)."""
    for j in range(first, min(len(doc), first + 7)):
        if (doc.is_punct[j] and doc.words[j] != "-") or doc.lowers[j] in APPOSITION_STOPS:
            last = j - 1
            # `a Haifa start-up listed on`: a participle after the noun is not its head.
            while last > first and doc.is_lower[last] and doc.lowers[last].endswith(("ed", "ing")):
                last -= 1
            if last < first:
                return None
            if last - 2 >= first and doc.words[last - 1] == "-" and joined(doc, last) and joined(doc, last - 1):
                return doc.span_text(last - 2, last + 1).lower()  # `start-up`
            return doc.lowers[last]
    return None


def in_org_list(doc: DocView, start: int, end: int) -> bool:
    """`include Lake Bleu, Yuanfeng Capital Markets and ...`: a name listed next to one spaCy calls an organization
    (and that is no known place: `Baja California and Sinaloa` lists states, whatever spaCy calls the second)."""
    ents = doc.ent_at()
    if end + 1 < len(doc) and doc.lowers[end] in (",", "and"):
        after_end, label = ents.get(end + 1, (0, ""))
        if label == "ORG" and resolve_place(doc.span_text(end + 1, after_end)) is None:
            return True
    if start > 1 and doc.lowers[start - 1] in (",", "and"):
        before_start, label = doc.ent_ending_at().get(start - 2, (0, ""))
        return label == "ORG" and resolve_place(doc.span_text(before_start, start - 1)) is None
    return False


def role_then_person(doc: DocView, end: int) -> bool:
    """`Biovac chief executive Morena Makhoana`, `Goodbody analyst Ciara Walsh`: a job at a firm and a person's name
    right after a name make that name the firm (`corporate_roles`: no mayor or minister, whom a place has too)."""
    data = load_org_data()
    for j in range(end, min(len(doc) - 1, end + 3)):
        if not doc.is_lower[j] and doc.words[j] != "-":
            return False
        if doc.lowers[j] in data.corporate_roles:
            return name_word(doc, j + 1) and doc.is_alpha[j + 1] and doc.words[j + 1] not in data.not_name_starts
    return False


def has_org_context(doc: DocView, start: int, end: int, label: str) -> bool:
    """Words around a name that spaCy labeled something else say it is an organization: `Goodwin Procter advised
    Quillon, and Cooley represented the lead investors.` (a cue after it), `Kim & Chang`, `X, the arbitration service`."""
    if role_then_person(doc, end) and not is_well_known_place(doc.span_text(start, end)):
        return True
    if "&" in doc.words[start + 1 : end - 1]:
        # `Kim & Chang`: people are not written with an ampersand, firms named after them are.
        return True
    if cue_before(doc, start) or cue_after(doc, end, person=label == "PERSON"):
        return True
    if label == "PERSON":
        # `Manatū Hauora, New Zealand's health ministry`: only a noun that never describes a person.
        return apposition(doc, end, institutions_only=True) == "org"
    # Only an unknown "place" (a known one of two words or more) is read from its neighbours: a person, a nationality,
    # a people before a title (`the ANC and Zulu Chief Buthelezi`) or a town listed with a firm stays what it is.
    return apposition(doc, end) == "org" or (
        label in ("GPE", "LOC")
        and (end - start > 1 or (resolve_place(doc.span_text(start, end)) is None and not (end < len(doc) and name_word(doc, end))))
        and in_org_list(doc, start, end)
    )


def after_org_noun(doc: DocView, start: int) -> bool:
    """Introduced by a noun that says organization (`consulting firm X`, `the drugmaker X`)."""
    data = load_org_data()
    return start > 0 and doc.lowers[start - 1] in data.org_nouns


def after_person_at(doc: DocView, i: int) -> bool:
    """`Analyst Mariana Ortiz at Actinver`: a name after a person's name and `at` is where the person works."""
    if i < 3 or doc.lowers[i - 1] != "at":
        return False
    person = doc.ent_ending_at().get(i - 2)
    return person is not None and person[1] == "PERSON"
