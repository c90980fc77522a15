"""Places of an article: spaCy's GPE/LOC entities outside organization names, normalized and grouped (SPEC §3 PLACE)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipeline.extract.orgs.gazetteer import canonical_name
from pipeline.extract.orgs.towns import address_before_noun, before_based
from pipeline.extract.view import DocView, view_of
from pipeline.models import Mention, Organization, Place, PlaceKind
from pipeline.normalize.geo import (
    PlaceInfo,
    fold,
    is_locative_cue,
    is_major_place,
    is_not_place,
    is_well_known_place,
    resolve_place,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

PLACE_LABELS = frozenset({"GPE", "LOC"})
# spaCy sometimes calls a bare country or big city an ORG or NORP ("Korea signed ..."); only well-known names are taken back.
RELABELED = frozenset({"ORG", "NORP", "PERSON", "FAC"})
POSSESSIVES = frozenset({"'s", "\u2019s", "'", "\u2019"})
# "Cambridge, Massachusetts": a place, a comma, and the state or country it lies in.
CONTAINER_GAP = frozenset({", ", ","})


@dataclass(slots=True)
class _Found:
    start: int  # character offsets into the body
    end: int
    text: str
    label: str
    info: PlaceInfo | None = None


@dataclass
class _Entity:
    key: tuple
    info: PlaceInfo | None
    mentions: list[_Found] = field(default_factory=list)


class _Covered:
    """Which characters of the body some span already covers: an overlap test that costs the span's length,
    not the number of spans (a long article has thousands)."""

    def __init__(self, size: int, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.chars = bytearray(size)
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        self.chars[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return self.chars.find(1, start, end) != -1


def _trim(doc: DocView, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (doc.lowers[start] == "the" or doc.is_punct[start] or doc.is_space[start]):
        start += 1
    # `Songdo district`, `Tuas industrial`: a trailing common word describes the place and is not its name.
    while start < end and (doc.words[end - 1] in POSSESSIVES or doc.is_space[end - 1] or doc.words[end - 1] in ",;:" or doc.is_lower[end - 1]):
        end -= 1
    return (start, end) if start < end else None


def _widen_left(doc: DocView, start: int, end: int) -> int:
    """`Mainland China`, `North Korea`: take in the word before when the two together are one known name."""
    if start > 0 and doc.lowers[start - 1] != "the" and doc.words[start - 1][:1].isalpha() and resolve_place(doc.span_text(start - 1, end)) is not None:
        return start - 1
    return start


def _widen_right(doc: DocView, start: int, end: int) -> int:
    """`Emilia-Romagna`, where the model took only `Emilia`: a hyphen and a joined name word that make one known name."""
    if (
        end + 1 < len(doc)
        and doc.words[end] == "-"
        and doc.starts[end] == doc.ends[end - 1]
        and doc.starts[end + 1] == doc.ends[end]
        and doc.words[end + 1][:1].isupper()
        and resolve_place(doc.span_text(start, end + 2)) is not None
    ):
        return end + 2
    return end


def _split_on_commas(doc: DocView, start: int, end: int) -> list[tuple[int, int]]:
    """`Cambridge, Massachusetts` as two places, unless the whole is one known name (`Washington, D.C.`)."""
    if resolve_place(doc.span_text(start, end)) is not None:
        return [(start, end)]
    parts, begin = [], start
    for i in range(start, end):
        if doc.words[i] == ",":
            if begin < i:
                parts.append((begin, i))
            begin = i + 1
    if begin < end:
        parts.append((begin, end))
    return parts


def _relabeled_place(doc: DocView, start: int, end: int) -> bool:
    bounds = _trim(doc, start, end)
    text = doc.span_text(*bounds) if bounds else ""
    if not text or canonical_name(text) is not None:
        return False
    # A big place spaCy calls an organization, or a town it does after `in` (`the plant in Kalundborg`); an
    # organization name the article uses for it is excluded by the caller.
    return is_well_known_place(text) or (
        (
            (bounds[0] > 0 and is_locative_cue(doc.lowers[bounds[0] - 1], strict=True))
            or before_based(doc, bounds[1])
            or address_before_noun(doc, *bounds)
        )
        and resolve_place(text) is not None
    )


def _surnames(doc: DocView) -> frozenset[str]:
    """Last words of the people an article names in full (`Fernando Lisboa`, `Laura Perth`)."""
    return frozenset(
        doc.words[end - 1]
        for start, end, label in doc.ents
        if label == "PERSON" and end - start > 1 and all(doc.words[k][:1].isupper() for k in range(start, end))
    )


def _candidates(doc: DocView, organizations: _Covered, surnames: frozenset[str]) -> list[_Found]:
    found = []
    for ent_start, ent_end, label in doc.ents:
        if label not in PLACE_LABELS and not (label in RELABELED and _relabeled_place(doc, ent_start, ent_end)):
            continue
        if ent_end - ent_start == 1 and doc.words[ent_start] in surnames and not _has_cue(doc, ent_start, ent_end, strict=True):
            continue  # `Fernando Lisboa told analysts ...` ... `Lisboa said`: the person again, not Lisbon
        bounds = _trim(doc, ent_start, ent_end)
        if bounds is None:
            continue
        for start, end in _split_on_commas(doc, *bounds):
            start = _widen_left(doc, start, end)
            end = _widen_right(doc, start, end)
            text, start_char, end_char = doc.span_text(start, end), doc.starts[start], doc.ends[end - 1]
            if not any(ch.isalpha() for ch in text) or text.islower() or is_not_place(text):
                continue
            if organizations.overlaps(start_char, end_char):
                continue
            if resolve_place(text) is None and not _keep_unresolved(doc, start, end):
                continue
            found.append(_Found(start_char, end_char, text, label if label in PLACE_LABELS else "GPE"))
    return found


def _has_cue(doc: DocView, start: int, end: int, places_before: frozenset[int] = frozenset(), *, strict: bool = False) -> bool:
    """`in X`, `X-based`, `X, Germany`, `Victoria and X`: the words around a name say it is a place."""
    if start > 0 and is_locative_cue(doc.words[start - 1], strict=strict):
        return True
    if start > 1 and doc.lowers[start - 1] in ("and", "or", ",") and start - 2 in places_before:
        return True
    if end + 1 < len(doc) and doc.words[end] == "-" and doc.lowers[end + 1] == "based":
        return True
    if address_before_noun(doc, start, end):
        return True  # `the São Paulo company`, `a Munich maker of reagents`: a place used as an organization's address
    return end + 1 < len(doc) and doc.words[end] == "," and is_major_place(doc.words[end + 1])


def _keep_unresolved(doc: DocView, start: int, end: int) -> bool:
    # An unknown one-word "place" is as often a drug or product name spaCy tagged GPE; keep it only with a place cue.
    text = doc.span_text(start, end)
    if not text[:1].isupper() or any(ch.isdigit() for ch in text):
        return False
    return end - start > 1 or _has_cue(doc, start, end, strict=True)


def _sentence_start(doc: DocView, i: int) -> bool:
    return i == 0 or doc.is_space[i - 1] or doc.words[i - 1] in (".", "!", "?", ":", ";", "\"", "\u201c", "(")


def _unlabeled(doc: DocView, blocked: list[bool], after_org_of: frozenset[int] = frozenset()) -> list[_Found]:
    """Names spaCy left unlabeled: a country, US state, region or news alias anywhere; a city or province after a cue;
    any known place right after `<organization> of` (`the Bernasconi Family Office of Lugano`)."""
    found: list[_Found] = []
    place_tokens = frozenset(k for start, end, label in doc.ents if label in PLACE_LABELS for k in range(start, end))
    # Only a capitalized token can start a name; tokens of a name found here are blocked before the next is tried.
    for i in doc.capitalized():
        if blocked[i] or (
            i > 0 and doc.words[i - 1][:1].isupper() and doc.is_alpha[i - 1] and not _sentence_start(doc, i - 1) and not blocked[i - 1]
        ):
            continue
        word = doc.words[i]
        if not blocked[i] and not word.endswith(".") and doc.text.startswith(".", doc.ends[i]) and is_major_place(word + "."):
            # `in the U.K..`: the tokenizer took the abbreviation's dot for the sentence's.
            found.append(_Found(doc.starts[i], doc.ends[i] + 1, word + ".", "GPE", resolve_place(word + ".")))
            blocked[i] = True
            continue
        for n in (4, 3, 2, 1):
            j = i + n
            if j > len(doc) or any(blocked[i:j]) or (j < len(doc) and doc.is_alpha[j] and doc.words[j][:1].isupper()):
                continue
            text = doc.span_text(i, j)
            if is_not_place(text):
                continue
            if (
                is_major_place(text)
                or (is_well_known_place(text, cued=True) and _has_cue(doc, i, j, place_tokens))
                or (i in after_org_of and resolve_place(text) is not None)
            ):
                found.append(_Found(doc.starts[i], doc.ends[j - 1], text, "GPE", resolve_place(text)))
                for k in range(i, j):
                    blocked[k] = True
                break
    return found


def _blocked_tokens(doc: DocView, taken_chars: Iterable[tuple[int, int]]) -> list[bool]:
    blocked = [False] * len(doc)
    for start, end, label in doc.ents:
        if label not in ("ORG", "GPE", "LOC") and not before_based(doc, end) and not address_before_noun(doc, start, end):
            # Another kind of entity is no place, except where the model ran on into one (`B3 in São Paulo`)
            # or the words after it say it is one (`Leeds-based`).
            for k in range(start, end):
                if doc.lowers[k] in ("in", "at") and k > start:
                    break
                blocked[k] = True
    for start, end in taken_chars:
        for k in doc.covering(start, end):
            blocked[k] = True
    return blocked


def _resolve_all(found: list[_Found], body: str) -> None:
    for item in found:
        item.info = resolve_place(item.text)
    # A city named with its state or country right after it takes the one there (Cambridge, Massachusetts -> US).
    narrowed_items: set[int] = set()
    for here, there in zip(found, found[1:]):
        if body[here.end : there.start] not in CONTAINER_GAP or there.info is None:
            continue
        if here.info is None:
            # A name no package knows, written with its country or state after it (`Zermatt, Switzerland`), is a town there.
            if there.info.kind in (PlaceKind.country, PlaceKind.state) and there.info.country_code:
                here.info = PlaceInfo(here.text, PlaceKind.city, there.info.country_code)
                narrowed_items.add(id(here))
            continue
        if there.info.kind is PlaceKind.state and there.info.country_code == "US":
            narrowed = resolve_place(here.text, country_code="US", admin1=there.info.admin1)
        elif there.info.kind in (PlaceKind.country, PlaceKind.state):
            narrowed = resolve_place(here.text, country_code=there.info.country_code)
        else:
            narrowed = None
        if narrowed is not None:
            here.info = narrowed
            narrowed_items.add(id(here))
    # One place per name in an article: `Cambridge, Massachusetts` ... `Cambridge is home to` is the same Cambridge.
    reading: dict[str, PlaceInfo] = {}
    for item in found:
        if id(item) in narrowed_items:
            reading.setdefault(fold(item.text), item.info)
    for item in found:
        if id(item) not in narrowed_items and fold(item.text) in reading:
            item.info = reading[fold(item.text)]


def _propagate(doc: DocView, found: list[_Found], organizations: _Covered, surnames: frozenset[str]) -> list[_Found]:
    """Other occurrences of a resolved place name that spaCy left unlabeled in this article."""
    taken = _Covered(len(doc.text), ((f.start, f.end) for f in found))
    ent_chars = {(doc.starts[start], doc.ends[end - 1]) for start, end, _ in doc.ents}
    entities = _Covered(len(doc.text), ent_chars)
    more = []
    reading: dict[str, PlaceInfo | None] = {}
    for f in found:
        reading.setdefault(f.text, f.info)
    for form in sorted({f.text for f in found if f.info is not None and f.text[:1].isupper()}, key=len, reverse=True):
        for at in doc.occurrences(form):
            end = at + len(form)
            if form in surnames and not _has_cue(doc, *doc.token_span(at, end), strict=True):
                continue
            if (
                not taken.overlaps(at, end)
                and not organizations.overlaps(at, end)
                and ((at, end) in ent_chars or not entities.overlaps(at, end))
            ):
                more.append(_Found(at, end, form, "GPE", reading[form]))
                taken.add(at, end)
    return more


def _group(found: Sequence[_Found]) -> list[_Entity]:
    entities: dict[tuple, _Entity] = {}
    for item in sorted(found, key=lambda f: f.start):
        info = item.info
        if info is None:
            key: tuple = ("unknown", fold(item.text))
        elif info.kind is PlaceKind.country:
            key = ("country", info.country_code)
        else:
            key = (info.kind.value, info.country_code, fold(info.name))
        entities.setdefault(key, _Entity(key, info)).mentions.append(item)
    return list(entities.values())


def _place(entity: _Entity) -> Place:
    if entity.info is not None:
        name, kind, code = entity.info.name, entity.info.kind, entity.info.country_code
    else:
        name = max(entity.mentions, key=lambda m: (len(m.text), -m.start)).text
        kind = PlaceKind.region if all(m.label == "LOC" for m in entity.mentions) else PlaceKind.other
        code = None
    mentions = [Mention(text=m.text, start=m.start, end=m.end) for m in sorted(entity.mentions, key=lambda m: m.start)]
    return Place(name=name, kind=kind, country_code=code, mentions=mentions)


def extract_places(doc: Doc | DocView, *, organizations: Sequence[Organization] = ()) -> list[Place]:
    """Every place the article names outside organization names, mentions grouped, by first mention (SPEC §2, §3)."""
    doc = view_of(doc)
    organization_chars = [(m.start, m.end) for org in organizations for m in org.mentions]
    in_organizations = _Covered(len(doc.text), organization_chars)
    surnames = _surnames(doc)
    found = sorted(_candidates(doc, in_organizations, surnames), key=lambda f: f.start)
    taken = [*organization_chars, *((f.start, f.end) for f in found)]
    after_org_of = frozenset(
        k + 1 for start, end in organization_chars for k in doc.covering(end, end + 4)[:1] if doc.lowers[k] == "of" and k + 1 < len(doc)
    )
    found = sorted([*found, *_unlabeled(doc, _blocked_tokens(doc, taken), after_org_of)], key=lambda f: f.start)
    _resolve_all(found, doc.text)
    found.extend(_propagate(doc, found, in_organizations, surnames))
    entities = sorted(_group(found), key=lambda e: min(m.start for m in e.mentions))
    return [_place(entity) for entity in entities]
