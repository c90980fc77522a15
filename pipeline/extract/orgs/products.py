"""Drugs, devices and brands are not organizations: INNs (`pembrolizumab`), names after a product noun (`the heart
drug X`), a brand after a company's possessive (`Merck's Keytruda`), brands of products.json."""

from __future__ import annotations

import re

from pipeline.extract.orgs.boundaries import trim_span
from pipeline.extract.orgs.cues import apposition
from pipeline.extract.orgs.gazetteer import canonical_name, load_org_data
from pipeline.extract.orgs.shapes import has_org_shape
from pipeline.extract.orgs.tokens import POSSESSIVES, name_word
from pipeline.extract.view import DocView


def looks_like_inn(word: str) -> bool:
    """A lower-case international nonproprietary drug name (`pembrolizumab`)."""
    return len(word) > 5 and word.isalpha() and word.islower() and word.endswith(load_org_data().inn_suffixes)


def is_product(doc: DocView, start: int, end: int) -> bool:
    """The name of a drug or product: `the cancer drug X`, `X (pembrolizumab)`, or an INN itself."""
    data = load_org_data()
    if all(looks_like_inn(word) for word in doc.words[start:end]):
        return True
    # Only the word right before counts: in `a drug from X Biologics` the X is the drug's maker.
    if start > 0 and doc.lowers[start - 1] in data.product_nouns:
        return True
    if end < len(doc) and doc.words[end] == "(":
        return any(looks_like_inn(word) for word in doc.words[end + 1 : end + 4])
    # `the GlucoLoop 3`: one unknown word with a model number is a device or a product line.
    return (
        end - start == 1
        and start > 0
        and doc.lowers[start - 1] == "the"
        and end < len(doc)
        and doc.words[end].isdigit()
        and len(doc.words[end]) <= 2
        and not (end + 1 < len(doc) and (doc.words[end + 1] in ("%", "-") or doc.lowers[end + 1] in data.numbered_terms))
    )


def owned_product(doc: DocView, start: int, end: int) -> bool:
    """`Merck's Keytruda`, `Novo Nordisk's Wegovy`: one unknown word right after an organization's possessive is
    the company's product, unless a word after it says unit or subsidiary (`Pfizer's Hospira unit`)."""
    if end - start != 1 or start < 2 or doc.words[start - 1] not in POSSESSIVES or not doc.words[start][:1].isupper():
        return False
    owner = doc.ent_ending_at().get(start - 2)
    if owner is None or owner[1] != "ORG" or not any(doc.words[k][:1].isupper() for k in range(owner[0], start - 1)):
        return False
    if end < len(doc) and (doc.lowers[end] in load_org_data().org_nouns or name_word(doc, end) or doc.words[end] in POSSESSIVES):
        return False
    return canonical_name(doc.words[start]) is None and not has_org_shape(doc, start, end)


def all_brands(text: str, brands: frozenset[str]) -> bool:
    """`Keytruda` or `Keytruda and Ozempic`: a brand, or brands listed with `and` or commas."""
    return all(part in brands for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", text) if part)


def product_names(doc: DocView) -> frozenset[str]:
    """Names an apposition calls a drug or product (`Dermavix, a once-monthly injection`) or that follow a company's
    possessive (`Merck's Keytruda`): not organizations anywhere in the article."""
    names = set()
    for start, end, _ in doc.ents:
        if apposition(doc, end) == "product" or owned_product(doc, start, end) or (is_product(doc, start, end) and not has_org_shape(doc, start, end)):
            bounds = trim_span(doc, start, end)
            if bounds is not None:
                names.add(doc.span_text(*bounds))
    product_nouns = load_org_data().product_nouns
    for i in doc.capitalized():
        # `kidney drug Renoxa` where the model labeled nothing: a later `Renoxa` it calls ORG is the drug.
        if i > 0 and doc.lowers[i - 1] in product_nouns and doc.is_alpha[i] and not (i + 1 < len(doc) and name_word(doc, i + 1)):
            if not has_org_shape(doc, i, i + 1):
                names.add(doc.words[i])
    return frozenset(name for name in names if canonical_name(name) is None)
