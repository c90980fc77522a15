"""Phrases shaped like names that name no organization: generic words (`Big Pharma`), biomedical abbreviations,
stage and currency numbers (`Phase 3`, `DKK 300`), nationality phrases, events, trials and stock indexes."""

from __future__ import annotations

import re

from pipeline.extract.orgs.gazetteer import fold_name, load_org_data
from pipeline.extract.view import DocView
from pipeline.normalize.geo import is_not_place


def is_generic(text: str) -> bool:
    """A phrase that looks like a name but names no organization (`Big Pharma`, `the company`), or a biomedical
    abbreviation of the shapes in `generic_patterns` (`IgA`, `CD19`, `IL-23`, `HER2`)."""
    data = load_org_data()
    return fold_name(text) in data.generic or data.generic_pattern.fullmatch(text) is not None


def is_numbered_term(doc: DocView, start: int, end: int) -> bool:
    """`Phase 3`, `Series B`, `DKK 300`: a stage word or a currency code with a number, not a name."""
    data = load_org_data()
    first = doc.words[start]
    rest = doc.words[start + 1 : end]
    if first in data.currency_codes and not any(doc.is_alpha[start + 1 : end]):
        return True
    if first in data.numbered_terms and len(rest) == 1:
        word = rest[0]
        return word.isdigit() or (len(word) <= 4 and word.isupper()) or bool(re.fullmatch(r"[IVX]+|\d+[a-z]?", word))
    return False


def is_nationality_phrase(doc: DocView, start: int, end: int) -> bool:
    """`Canadian Pharmaceutical`, `Korean Biotech`: a nationality and only generic organization words."""
    data = load_org_data()
    if end - start < 2 or not is_not_place(doc.words[start]):
        return False
    if end - start > 2 and doc.words[end - 1] in data.of_heads:
        # `Danish Medicines Agency`, `Swiss Federal Council`: a country's body, named by nationality and field.
        return False
    return all(
        word in data.name_heads or word in data.legal_suffixes or is_generic(word) for word in doc.words[start + 1 : end]
    )


def is_event(text: str) -> bool:
    """The name of an event, not of its organizer: `London Tech Week`, `ObesityWeek`, `Web Summit`."""
    words = text.split()
    if not words:
        return False
    last = words[-1]
    # The event word needs a name before it, a word or the start of the same word; alone (`Summit`) it is a company's short name.
    return any(
        last.endswith(word) and ((last == word and len(words) > 1) or last[: -len(word)][-1:].isalpha())
        for word in load_org_data().event_words
    )


def is_trial_or_index(doc: DocView, start: int, end: int) -> bool:
    """`the RAIZ-3 trial` is a study; `the Nikkei 225`, `the FTSE 100` are indexes, not their publishers."""
    if end >= len(doc):
        return False
    data = load_org_data()
    if doc.lowers[end] in data.trial_words:
        return True
    return doc.words[end] in data.index_sizes and not (end + 1 < len(doc) and (doc.words[end + 1][:1].isdigit() or doc.words[end + 1] in "-/"))
