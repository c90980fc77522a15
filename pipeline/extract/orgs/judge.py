"""The judge: whether one spaCy entity, trimmed and completed, is an organization (a mention), certainly not one
(VETOED), or one with no evidence either way (None)."""

from __future__ import annotations

from pipeline.extract.orgs.boundaries import complete_name, longer_name, trim_span
from pipeline.extract.orgs.cues import after_org_noun, has_org_context, in_org_list
from pipeline.extract.orgs.gazetteer import load_org_data
from pipeline.extract.orgs.generic import is_event, is_generic, is_nationality_phrase, is_numbered_term, is_trial_or_index
from pipeline.extract.orgs.people import is_person
from pipeline.extract.orgs.products import all_brands, is_product
from pipeline.extract.orgs.shapes import has_capital_or_brand, has_org_shape
from pipeline.extract.orgs.tokens import MONEY_LIKE, OrgMention, mention_of
from pipeline.extract.orgs.towns import address_before_noun, after_locative, before_based, small_place_org_cue, used_as_place
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
    """`Copenhagen approved the tunnel.` -> VETOED; `Quellara Therapeutics raised money.` -> the mention.

    The ORG mention one spaCy entity is after trimming and filters; VETOED when a filter says it is no ORG
    (generic, product, person, place), None when there is just no evidence that it is one. The steps run in order:
    the words that are no name, a gazetteer name, what names something else, then the evidence for spaCy's label."""
    bounds = trim_span(doc, start, end)
    if bounds is None:
        return VETOED
    start, end = complete_name(doc, *bounds)
    mention = mention_of(doc, start, end)
    text = mention.text
    if is_no_name(doc, start, end, text):
        return VETOED
    if text in load_org_data().weak_aliases:
        return judge_weak_alias(doc, mention, label, strong_canonicals)
    if mention.canonical is not None:
        return longer_name(doc, mention)
    if is_common_phrase(doc, start, end, text):
        return VETOED
    if text in company_towns:
        return VETOED if used_as_place(doc, start, end, None) else mention
    if names_something_else(doc, start, end, text, products):
        return VETOED
    if label == "ORG":
        return judge_org_label(doc, mention, towns_as_places)
    if label in MISLABELS:
        return judge_mislabel(doc, mention, label)
    return None


def is_no_name(doc: DocView, start: int, end: int, text: str) -> bool:
    """`The ministry pledged NZ$12 million.`, `Chief Financial Officer Laura Binns said`, `the RAIZ-3 trial`: an amount,
    a title or a study before its number, whatever the model calls it."""
    if not any(ch.isalpha() for ch in text) or MONEY_LIKE.search(text):
        return True
    if doc.words[start] == "Chief" and any(doc.lowers[k] in ("officer", "executive") for k in range(start + 1, min(len(doc), end + 1))):
        return True
    return end < len(doc) and doc.words[end].isdigit() and is_trial_or_index(doc, start, end)


def is_common_phrase(doc: DocView, start: int, end: int, text: str) -> bool:
    """`Korean and Japanese investors bought shares.`, `Big Pharma`, `the Phase 3 trial`, `Canadian Pharmaceutical`: a
    generic phrase, a nationality, a stage or currency number, or a nationality with generic organization words."""
    return is_generic(text) or is_not_place(text) or is_numbered_term(doc, start, end) or is_nationality_phrase(doc, start, end)


def judge_weak_alias(doc: DocView, mention: OrgMention, label: str, strong_canonicals: frozenset[str]) -> OrgMention | None:
    """`Halden Diagnostics plc and Abbott were among the winners.`: listed with an organization, a weak alias is the
    organization too; so is one with an organization's context (`Cooley represented the investors`), since the
    gazetteer says it names a firm. Otherwise only the model's ORG or a strong mention of the same firm counts."""
    if label == "ORG" or mention.canonical in strong_canonicals or in_org_list(doc, mention.start, mention.end):
        return mention
    return mention if has_org_context(doc, mention.start, mention.end, "ORG") else None


def names_something_else(doc: DocView, start: int, end: int, text: str, products: frozenset[str]) -> bool:
    """`Oxford-based Thornbury Biosciences said`, `the Erlangen maker of`: the town a company is based in; a drug,
    vaccine or device brand (products.json), a person or a product named in the article; a trial or an index; a
    lower-case word; a person by title or role; a product by context; an event (`London Tech Week`)."""
    if (before_based(doc, end) or address_before_noun(doc, start, end)) and resolve_place(text) is not None:
        return True
    if (text in products or all_brands(text, load_org_data().brands)) and not has_org_shape(doc, start, end):
        return True
    if is_trial_or_index(doc, start, end) or not has_capital_or_brand(doc, start, end):
        return True
    if is_person(doc, start, end) or (is_product(doc, start, end) and not has_org_shape(doc, start, end)):
        return True
    return is_event(text)


def judge_org_label(doc: DocView, mention: OrgMention, towns_as_places: frozenset[str]) -> OrgMention | str:
    """`Copenhagen approved the tunnel.`: a bare country or big city the model reads as ORG is the place itself, and so
    is a town after `in` or one the article writes as a town (`based in Zermatt, Switzerland` ... `Zermatt has 5,800
    residents`); pipeline/extract/places.py takes them back. Every other ORG stays one."""
    start, end, text = mention.start, mention.end, mention.text
    if has_org_shape(doc, start, end):
        return mention
    if is_well_known_place(text):
        return VETOED
    if resolve_place(text) is not None and after_locative(doc, start) and not has_org_context(doc, start, end, "ORG"):
        return VETOED
    if text in towns_as_places and not (has_org_context(doc, start, end, "ORG") or small_place_org_cue(doc, end)):
        return VETOED
    return mention


def judge_mislabel(doc: DocView, mention: OrgMention, label: str) -> OrgMention | None:
    """`A survey by consulting firm McKinsey found`, `Both sides will meet at Caldera, the arbitration service.`: a name
    the model gave another label is an organization with an organization's shape, noun or context; a town's name
    that acts like a company (`Tarnow, a fertilizer maker`, `Kurobe's shares`) too, unless a locative word says the
    town is meant (`in Tarnow`). A country, state or large city stays the place."""
    start, end, text = mention.start, mention.end, mention.text
    if has_org_shape(doc, start, end):
        return mention
    place_like = label in ("GPE", "LOC")
    if after_org_noun(doc, start) and not place_like:
        return mention
    if place_like and resolve_place(text) is not None:
        if not is_well_known_place(text) and not after_locative(doc, start) and (
            has_org_context(doc, start, end, label) or small_place_org_cue(doc, end)
        ):
            return mention
    elif has_org_context(doc, start, end, label):
        return mention
    return None
