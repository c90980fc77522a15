"""When a town's name is a company's, and when a name is the town: company cues (`Bogor, the vaccine maker`,
`shares of X`) against place cues (`in X`, `X, Country`, `X-based`)."""

from __future__ import annotations

from pipeline.extract.orgs.cues import apposition_head, cue_before, has_org_context
from pipeline.extract.orgs.gazetteer import canonical_name, load_org_data
from pipeline.extract.orgs.generic import is_generic
from pipeline.extract.orgs.tokens import name_back, name_forward, name_word
from pipeline.extract.view import DocView
from pipeline.normalize.geo import is_known_country_or_state, is_locative_cue, is_not_place, is_well_known_place, resolve_place


def company_towns(doc: DocView) -> frozenset[str]:
    """Names that this article uses as a company's name, found where one mention has an unmistakable company cue,
    towns' and cities' names (which spaCy reads as places) included: `Bogor, the Indonesian vaccine maker,`, `Recife's chief executive`, `Ibadan, whose
    shares`, `shares of Toluca`. Every other mention of the name is then the company too, unless it is written
    as a place (`in Bogor`, `Bogor, Indonesia`). Countries, states and regions are never companies here."""
    data = load_org_data()
    found: set[str] = set()
    for i in doc.capitalized():
        if i > 0 and name_word(doc, i - 1):
            continue
        end = name_forward(doc, i, limit=3)
        text = doc.span_text(i, end)
        if text in found or not doc.is_alpha[end - 1] or after_locative(doc, i) or doc.words[i] in data.not_name_starts:
            continue
        if is_generic(text) or is_not_place(text):
            continue
        strong = (
            (end < len(doc) and doc.lowers[end] in data.company_cue_starts and any(tuple(doc.lowers[end : end + len(cue)]) == cue for cue in data.company_cues))
            or (cue_before(doc, i) and doc.lowers[i - 1] != "on")
            or (
                end + 2 < len(doc)
                and doc.words[end] == ","
                and doc.lowers[end + 1] in ("a", "an", "the")
                and apposition_head(doc, end + 2) in data.institution_nouns
            )
        )
        if not strong:
            continue
        place = resolve_place(text)
        if (place is None or place.kind.value in ("city", "other")) and not is_known_country_or_state(text) and canonical_name(text) is None:
            found.add(text)
    return frozenset(found)


def written_towns(doc: DocView) -> frozenset[str]:
    """Names the article writes as a town with its country or state after it, after a locative word
    (`based in Zermatt, Switzerland`): a later bare mention spaCy calls an organization is the town again."""
    found = set()
    for i, word in enumerate(doc.words):
        if word != "," or i < 2 or i + 1 >= len(doc) or not is_known_country_or_state(doc.span_text(i + 1, name_forward(doc, i + 1, limit=3))):
            continue
        start = name_back(doc, i, limit=3)
        if start < i and after_locative(doc, start):
            found.add(doc.span_text(start, i))
    return frozenset(found)


def used_as_place(doc: DocView, start: int, end: int, label: str | None) -> bool:
    """An occurrence of a company's name that is also a town's, written as the town: `in Kurobe`, `Kurobe, Japan`,
    `Kurobe-based`, or one spaCy reads as a place with no organization cue after it (`Cambridge is home to ...`)."""
    if after_locative(doc, start):
        return True
    if before_based(doc, end) or (end + 1 < len(doc) and doc.words[end] == "," and is_well_known_place(doc.words[end + 1])):
        return True  # `Kurobe-based`, `Kurobe, Japan`; not `Amparo, based in Belo Horizonte,`, which is the company
    return label in ("GPE", "LOC") and not (small_place_org_cue(doc, end) or has_org_context(doc, start, end, label))


def before_based(doc: DocView, end: int) -> bool:
    """`X-based`: the name ending at token `end` is where something is based."""
    return end + 1 < len(doc) and doc.words[end] == "-" and doc.lowers[end + 1] == "based"


def address_before_noun(doc: DocView, start: int, end: int) -> bool:
    """`the Erlangen maker of`, `a Leeds lender`: a name between an article and an organization noun is the
    organization's address."""
    return start > 0 and end < len(doc) and doc.lowers[start - 1] in ("the", "a", "an") and doc.lowers[end] in load_org_data().org_nouns


def after_locative(doc: DocView, start: int) -> bool:
    """`in Tarnow`, `based in Tarnow`, `near Tarnow`: the name is used as a place."""
    return start > 0 and is_locative_cue(doc.lowers[start - 1], strict=True)


def small_place_org_cue(doc: DocView, end: int) -> bool:
    """`X said`, `X's shares`, `X will pay`: words after a town's name that only an organization takes in business news
    (a town's government speaks through its capital's or city hall's name, which are large places)."""
    data = load_org_data()
    if end >= len(doc) or doc.lowers[end] not in data.company_cue_starts:
        return False
    return any(tuple(doc.lowers[end : end + len(cue)]) == cue for cue in (*data.small_place_cues, *data.company_cues))
