"""Organizations of an article: spaCy's ORG entities cleaned by the SPEC §3 rules, completed and grouped into entities.

The modules of this package, one per kind of decision: gazetteer (data), tokens (shared token tests), shapes,
generic, people, products, towns (what is or is not an organization), boundaries (where a name starts and ends),
cues (context), judge (one spaCy entity), discover (names the model missed), grouping (short forms, propagation)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.extract.orgs.boundaries import complete_name, trim_span, with_market_place
from pipeline.extract.orgs.discover import acronym_names, listed_names, missed_names
from pipeline.extract.orgs.gazetteer import canonical_name, core_tokens, fold_name, load_org_data
from pipeline.extract.orgs.generic import is_generic
from pipeline.extract.orgs.grouping import (
    Entity,
    abbreviation_after,
    group_mentions,
    is_acronym,
    is_short_form,
    non_overlapping,
    propagate,
    short_forms,
)
from pipeline.extract.orgs.judge import MISLABELS, VETOED, judge_entity
from pipeline.extract.orgs.people import is_person, person_names
from pipeline.extract.orgs.products import is_product, looks_like_inn, product_names
from pipeline.extract.orgs.shapes import has_org_shape
from pipeline.extract.orgs.tokens import OrgMention, mention_of
from pipeline.extract.orgs.towns import address_before_noun, before_based, company_towns, written_towns
from pipeline.extract.view import DocView, view_of
from pipeline.models import Mention, Organization

if TYPE_CHECKING:
    from spacy.tokens import Doc

# `pipeline.extract.orgs` was one module: the names other modules and branches import from it stay here.
__all__ = [
    "DocView", "view_of", "extract_organizations", "load_org_data", "canonical_name", "fold_name", "trim_span", "complete_name",
    "judge_entity", "missed_names", "group_mentions", "is_generic", "is_acronym", "is_short_form", "short_forms", "is_person",
    "is_product", "looks_like_inn", "has_org_shape", "address_before_noun", "before_based",
]


def extract_organizations(doc: Doc | DocView) -> list[Organization]:
    """Every organization the article names, its mentions grouped, by first mention (SPEC §2, §3 ORG).

    `Kestrel Biologics (Kestrel) signed the deal, and Kestrel will get royalties.` -> one organization, three mentions."""
    doc = view_of(doc)
    towns = company_towns(doc)  # names the article uses as a company's, towns' names included
    places = written_towns(doc) - towns  # names it writes as a town with its country
    mentions, rejected = _judged_entities(doc, towns, places)
    free, people, org_tokens = _token_masks(doc, mentions, rejected)
    mentions += _discovered(doc, free, people, org_tokens)
    mentions = [with_market_place(doc, m) for m in mentions]
    bracketed, aliases = _bracketed_short_forms(doc, mentions)
    mentions = non_overlapping([*mentions, *bracketed])
    declared = towns | frozenset(short.text for short in bracketed)
    mentions = non_overlapping([*mentions, *propagate(doc, mentions, rejected, declared, places)])
    return [_organization(entity) for entity in group_mentions(mentions, aliases=aliases)]


def _judged_entities(doc: DocView, towns: frozenset[str], places: frozenset[str]) -> tuple[list[OrgMention], set[tuple[int, int]]]:
    """The mentions the judge makes of spaCy's entities, and the bounds of the entities it vetoed."""
    data = load_org_data()
    strong_canonicals = frozenset(
        data.canonical_by_alias[text]
        for text in (doc.span_text(start, end) for start, end, _ in doc.ents)
        if text in data.canonical_by_alias and text not in data.weak_aliases
    )
    products = product_names(doc) | person_names(doc)
    mentions: list[OrgMention] = []
    rejected: set[tuple[int, int]] = set()
    for start, end, label in doc.ents:
        mention = judge_entity(doc, start, end, label, strong_canonicals=strong_canonicals, products=products, company_towns=towns, towns_as_places=places)
        if mention == VETOED:
            rejected.add((start, end))
        elif isinstance(mention, OrgMention):
            mentions.append(mention)
    return mentions, rejected


def _token_masks(doc: DocView, mentions: list[OrgMention], rejected: set[tuple[int, int]]) -> tuple[bytearray, bytearray, bytearray]:
    """Per token, 1 where: no entity judged so far covers it (`free`), spaCy read a person (`people`), an organization
    is (`org_tokens`)."""
    free = bytearray(b"\x01") * len(doc)
    org_tokens = bytearray(len(doc))
    people = bytearray(len(doc))
    for start, end, label in doc.ents:
        # A name a filter vetoed stays vetoed; one spaCy gave another label may still be an organization.
        if label not in MISLABELS or label in ("LAW", "EVENT", "WORK_OF_ART", "FAC") or (start, end) in rejected:
            free[start:end] = bytes(end - start)
        if label == "PERSON":
            people[start:end] = b"\x01" * (end - start)
        if label == "ORG":
            org_tokens[start:end] = b"\x01" * (end - start)
    for m in mentions:
        free[m.start : m.end] = bytes(m.end - m.start)
        org_tokens[m.start : m.end] = b"\x01" * (m.end - m.start)
    return free, people, org_tokens


def _discovered(doc: DocView, free: bytearray, people: bytearray, org_tokens: bytearray) -> list[OrgMention]:
    """Names the model missed: by shape or context, listed after a firm, spelled by a bracketed acronym (in this order:
    a name found by the first is an organization the next two see)."""
    found = []
    for start, end in missed_names(doc, free=free, people=people):
        found.append(mention_of(doc, *complete_name(doc, start, end)))
        org_tokens[start:end] = b"\x01" * (end - start)
    for start, end in listed_names(doc, free, people, org_tokens):
        found.append(mention_of(doc, *complete_name(doc, start, end)))
    for start, end in acronym_names(doc, org_tokens):
        found.append(mention_of(doc, start, end))
    return found


def _bracketed_short_forms(doc: DocView, mentions: list[OrgMention]) -> tuple[list[OrgMention], dict[str, str]]:
    """The short forms introduced in brackets after a name (`Hanbit Biologics (Hanbit)`), and the group key of the name
    each one stands for, by the short form's folded text."""
    aliases: dict[str, str] = {}
    bracketed: list[OrgMention] = []
    for mention in mentions:
        short = abbreviation_after(doc, mention)
        if short is not None:
            bracketed.append(short)
            aliases[fold_name(short.text)] = "name:" + fold_name(" ".join(core_tokens(mention.text)))
            if mention.canonical:
                aliases[fold_name(short.text)] = "gazetteer:" + mention.canonical
    return bracketed, aliases


def _organization(entity: Entity) -> Organization:
    return Organization(
        name=entity.longest,
        canonical=entity.canonical,
        mentions=[Mention(text=m.text, start=m.start_char, end=m.end_char) for m in entity.mentions],
    )
