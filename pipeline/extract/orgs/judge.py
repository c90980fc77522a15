"""The judge: whether one spaCy entity, trimmed and completed, is an organization (a mention), certainly not one
(VETOED), or one with no evidence either way (None)."""

from __future__ import annotations

from pipeline.extract.orgs.boundaries import complete_name, longer_name, trim_span
from pipeline.extract.orgs.cues import after_org_noun, has_org_context, in_org_list
from pipeline.extract.orgs.gazetteer import load_org_data
from pipeline.extract.orgs.generic import (
    is_event,
    is_generic,
    is_nationality_phrase,
    is_numbered_term,
    is_trial_or_index,
)
from pipeline.extract.orgs.people import is_person
from pipeline.extract.orgs.products import all_brands, is_product
from pipeline.extract.orgs.shapes import has_capital_or_brand, has_org_shape
from pipeline.extract.orgs.tokens import MONEY_LIKE, OrgMention, mention_of
from pipeline.extract.orgs.towns import (
    address_before_noun,
    after_locative,
    before_based,
    small_place_org_cue,
    used_as_place,
)
from pipeline.extract.view import DocView
from pipeline.normalize.geo import is_not_place, is_well_known_place, resolve_place

# Labels spaCy gives to organization names it gets wrong; a name in them needs evidence before it becomes an ORG.
MISLABELS = frozenset({"PERSON", "GPE", "NORP", "PRODUCT", "FAC", "WORK_OF_ART", "LOC", "EVENT", "LAW"})


VETOED = "vetoed"


def judge_entity(
    doc: DocView,
    start: int,
    end: int,
    label: str,
    *,
    strong_canonicals: frozenset[str] = frozenset(),
    products: frozenset[str] = frozenset(),
    company_towns: frozenset[str] = frozenset(),
    towns_as_places: frozenset[str] = frozenset(),
) -> OrgMention | str | None:
    """The ORG mention one spaCy entity is after trimming and filters; VETOED when a filter says it is no ORG
    (generic, product, person, place), None when there is just no evidence that it is one."""
    data = load_org_data()
    bounds = trim_span(doc, start, end)
    if bounds is None:
        return VETOED
    start, end = complete_name(doc, *bounds)
    mention = mention_of(doc, start, end)
    text = mention.text
    if not any(ch.isalpha() for ch in text) or MONEY_LIKE.search(text):
        return VETOED
    if doc.words[start] == "Chief" and any(doc.lowers[k] in ("officer", "executive") for k in range(start + 1, min(len(doc), end + 1))):
        return VETOED  # `Chief Financial Officer Laura Binns`: a title
    if end < len(doc) and doc.words[end].isdigit() and is_trial_or_index(doc, start, end):
        return VETOED
    if text in data.weak_aliases:
        # `Roche Diagnostics and Abbott`: listed with an organization, a weak alias is the organization too.
        # So is one with an organization's context (`Cooley represented the investors`): the gazetteer says it names a firm.
        if label == "ORG" or mention.canonical in strong_canonicals or in_org_list(doc, start, end):
            return mention
        return mention if has_org_context(doc, start, end, "ORG") else None
    if mention.canonical is not None:
        return longer_name(doc, mention)
    if is_generic(text) or is_not_place(text) or is_numbered_term(doc, start, end) or is_nationality_phrase(doc, start, end):
        return VETOED
    if text in company_towns:
        return VETOED if used_as_place(doc, start, end, None) else mention
    if (before_based(doc, end) or address_before_noun(doc, start, end)) and resolve_place(text) is not None:
        return VETOED  # `Oxford-based Thornbury Biosciences`, `the Erlangen maker of`: the town the company is based in
    if (text in products or all_brands(text, data.brands)) and not has_org_shape(doc, start, end):
        return VETOED  # a drug, vaccine or device brand (pipeline/data/products.json), a person, a product named in the article
    if is_trial_or_index(doc, start, end) or not has_capital_or_brand(doc, start, end):
        return VETOED
    if is_person(doc, start, end) or (is_product(doc, start, end) and not has_org_shape(doc, start, end)):
        return VETOED
    if is_event(text):
        return VETOED
    if label == "ORG":
        # A bare country or big city read as ORG is the place itself, and so is a town after `in`;
        # pipeline/extract/places.py takes them back.
        if has_org_shape(doc, start, end):
            return mention
        if is_well_known_place(text):
            return VETOED
        if resolve_place(text) is not None and after_locative(doc, start) and not has_org_context(doc, start, end, label):
            return VETOED
        if text in towns_as_places and not (has_org_context(doc, start, end, label) or small_place_org_cue(doc, end)):
            return VETOED  # `based in Zermatt, Switzerland` ... `Zermatt has 5,800 residents`
        return mention
    if label in MISLABELS:
        if has_org_shape(doc, start, end):
            return mention
        place_like = label in ("GPE", "LOC")
        if after_org_noun(doc, start) and not place_like:
            return mention
        # An unknown "place" with organization context (`Acas, the conciliation service`) is the organization;
        # so is a town's name that acts like a company (`Tarnow, a fertilizer maker`, `Kurobe's shares`), unless a
        # locative word says the town is meant (`in Tarnow`). A country, state or large city stays the place.
        if place_like and resolve_place(text) is not None:
            if not is_well_known_place(text) and not after_locative(doc, start) and (
                has_org_context(doc, start, end, label) or small_place_org_cue(doc, end)
            ):
                return mention
        elif has_org_context(doc, start, end, label):
            return mention
    return None
