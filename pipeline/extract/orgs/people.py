"""People are not organizations: a name after a title or before a role (`Commissioner Jane Doe`, `Jane Doe, chief
executive of X`), and the full names and surnames of the people an article names."""

from __future__ import annotations

from pipeline.extract.orgs.cues import APPOSITION_STOPS, has_org_context
from pipeline.extract.orgs.gazetteer import canonical_name, load_org_data
from pipeline.extract.orgs.shapes import has_org_shape
from pipeline.extract.orgs.tokens import POSSESSIVES, joined, name_word, sentence_start
from pipeline.extract.view import DocView
from pipeline.normalize.geo import is_well_known_place


def is_person(doc: DocView, start: int, end: int) -> bool:
    """A name right after a person's title (`Commissioner Jane Doe`) or right before `said she`/`said he`."""
    titles = load_org_data().person_titles
    if start > 0 and doc.words[start - 1] in titles:
        return True
    if start > 1 and doc.words[start - 2] in titles and given_name(doc, start - 1) and (start - 1) not in doc.ent_ending_at():
        return True  # `chief executive Ana Beatriz Moura`, where spaCy left the first given name out
    # Two-word titles (`Managing partner Jane Doe`) whose last word alone would be an organization noun.
    if start > 1 and doc.lowers[start - 1] == "partner" and f"{doc.words[start - 2]} partner" in titles:
        return True
    if (
        start > 1
        and doc.words[start - 1] == "partner"
        and (doc.lowers[start - 2] in ("said", "says") or doc.words[start - 2] in POSSESSIVES or name_word(doc, start - 2))
        and end - start >= 2
    ):
        # `said partner Sofie Aarhus`, `Umoya's partner Sizwe Dlamini-Park`, `Sable Point partner Dev Raman`: a firm's
        # partner with a full name is a person; a partner company has a known name or an organization's shape, which
        # the caller checks first.
        return all(doc.is_alpha[k] or doc.words[k] == "-" for k in range(start, end)) and not has_org_shape(doc, start, end)
    if end + 1 < len(doc) and doc.lowers[end] in ("said", "says") and doc.lowers[end + 1] in ("she", "he"):
        return True
    return _has_role_after(doc, end) or _has_role_before(doc, start)


def _has_role_after(doc: DocView, end: int) -> bool:
    """`Jane Doe, chief executive of X`, `Jane Doe, Recife's chief executive,`, `Jane Doe, an analyst at X`: a comma and
    a person's role before the phrase ends (a relative word ends it: `Roche, whose chief executive said` is a company)."""
    if end + 1 >= len(doc) or doc.words[end] != ",":
        return False
    roles = load_org_data().person_roles
    for j in range(end + 1, min(len(doc), end + 7)):
        word = doc.lowers[j]
        if word in roles:
            return True
        if (doc.is_punct[j] and word != "-") or word in APPOSITION_STOPS or word in ("whose", "and", "or"):
            return False
    return False


def _has_role_before(doc: DocView, start: int) -> bool:
    """`X's chief executive, Jane Doe,` or `its chief financial officer, Jane Doe`: a role word and a comma right before."""
    return start > 1 and doc.words[start - 1] == "," and doc.lowers[start - 2] in load_org_data().person_roles


def given_name(doc: DocView, i: int) -> bool:
    """Token i can be a given name: one capitalized word that is no organization word (`Fondation`, `Bank`) or place."""
    data = load_org_data()
    word = doc.words[i]
    return (
        doc.is_alpha[i]
        and word[:1].isupper()
        and not word.isupper()
        and word not in data.lead_heads
        and word not in data.name_heads
        and word not in data.of_heads
        and word not in data.not_name_starts
        and not is_well_known_place(word)  # many given names are also some town's (Beatriz, Sofia is a capital)
    )


def surname(doc: DocView, start: int, end: int) -> str:
    """The last name of a person's name, double-barrelled ones whole (`Albuquerque-Tavares`)."""
    first = end - 1
    while first - 2 >= start and doc.words[first - 1] == "-" and joined(doc, first) and joined(doc, first - 1):
        first -= 2
    return doc.span_text(first, end)


def person_names(doc: DocView) -> frozenset[str]:
    """Full names and surnames of the people an article names (`Chief executive Beatriz Moura` ... `Moura said`),
    so that a later mention spaCy calls an organization stays a person. A person is a PERSON entity of two words or
    more, or one whose given name or title spaCy left just outside it; names with an organization's shape or cues are not."""
    names: set[str] = set()
    data = load_org_data()
    org_words = {
        doc.words[k] for start, end, label in doc.ents if label == "ORG" and " " in doc.span_text(start, end) for k in range(start, end)
    }
    for start, end, label in doc.ents:
        if not doc.words[end - 1][:1].isupper() or not doc.is_alpha[end - 1]:
            continue
        if label != "PERSON":
            # A name spaCy calls something else is a person where a title or role says so (`Partner Ingrid Solheim-Bakke`,
            # `said Luiza Albuquerque-Tavares, Recife's chief executive`).
            if label in ("ORG", "GPE", "NORP") and end - start > 1 and is_person(doc, start, end) and canonical_name(doc.span_text(start, end)) is None and not has_org_shape(doc, start, end):
                names.add(doc.span_text(start, end))
                names.add(surname(doc, start, end))
            continue
        if doc.words[end - 1] in org_words:
            continue  # `Meridian Straits` after `Meridian Straits Holdings`: the company's short name
        if start > 0 and (doc.words[start - 1] in data.lead_heads or doc.words[start - 1] in data.of_heads or doc.lowers[start - 1] in data.org_nouns):
            continue  # `Fondation Marquis-Aebi`, `the drugmaker Jihlava`: named after a person, or no person at all
        given_outside = start > 0 and (
            doc.words[start - 1] in data.person_titles
            or (given_name(doc, start - 1) and start - 1 not in doc.ent_ending_at() and not sentence_start(doc, start - 1))
        )
        if end - start < 2 and not given_outside:
            continue
        if "&" in doc.words[start:end] or has_org_shape(doc, start, end) or has_org_context(doc, start, end, label):
            continue
        names.add(doc.span_text(start, end))
        names.add(surname(doc, start, end))
    return frozenset(name for name in names if canonical_name(name) is None and not is_well_known_place(name))
