"""A long article extracted piece by piece, so that memory follows the size of a piece, not of the article.

The NER runs on one piece of `split_text` at a time, and each piece's Doc is dropped once its names are read
(the model's memory grows with the text it is given at once: all pieces of a 5 MB article in one `nlp.pipe`
batch took 17 GB). What crosses pieces, and why:

- Money and dates read the body's characters; the model's MONEY and DATE spans are only hints, collected from
  every piece with body offsets. They run once over the whole body, as for a short article, so a currency the
  article declares once ("All figures in Canadian dollars"), a currency family's country and every date's
  clause are read article-wide, as before; their time and memory are linear in the body.
- Organizations and places come from each piece's own extractors (grouping, vetoes and propagation within the
  piece as for an article of that piece alone). Across pieces, what grouping and propagation need is carried:
  - an organization joins an earlier piece's one with the same canonical name, or with a mention text in common
    (case-insensitive) while their canonical names do not differ; a place joins an earlier one of the same
    reading (a country by its code; else kind, code and name);
  - a name one piece reads with its qualification (`Cambridge, Massachusetts`, `Zermatt, Switzerland`) gives that
    reading to the same name where another piece, which does not qualify it itself, reads it unqualified;
  - the mention texts of an earlier piece's organizations and places are names seen: a later piece's occurrence
    on token boundaries is taken where nothing was made of those words there: no mention of ours, no model
    entity, except that an organization's name may take a model ORG or PERSON entity of exactly its words (the
    model misreads company names; the piece's rules rejected it without knowing the name), and an
    organization's name that is also a place's is not taken where written as the place (`in X`, `X-based`).
    A name seen both as an organization and as a place is not carried.
  Nothing else crosses: a product or person named in one piece vetoes no name in another.

An article of one piece gives exactly the record of `pipeline.core.extract` (tests/test_long_articles.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipeline.core import NlpFailure, drop_overlapping, result_of, split_text
from pipeline.io import Article
from pipeline.models import ArticleResult, Mention, Organization, Place, PlaceKind

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# (start, end, text) of one mention, in body offsets: plain tuples until the record is built.
Found = tuple[int, int, str]
HINT_LABELS = ("MONEY", "DATE")
# The model's labels for a company's name it misreads, which a name seen as an organization may still take.
MISREAD_NAMES = frozenset({"ORG", "PERSON"})
_FIRST_WORD = re.compile(r"\w+|\S")


def _casefold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _first_word(text: str) -> str:
    match = _FIRST_WORD.match(text)
    return match.group() if match else ""


def _carried(text: str) -> bool:
    """Whether a mention text is looked for in later pieces: a capitalized name of more than one character."""
    return len(text) > 1 and text[:1].isupper()


@dataclass
class _OrgGroup:
    canonical: str | None
    mentions: list[Found] = field(default_factory=list)


class _Organizations:
    """The article's organizations so far, one group per entity, in order of first mention."""

    def __init__(self) -> None:
        self.groups: list[_OrgGroup] = []
        self.by_key: dict[str, int] = {}

    @staticmethod
    def keys(org: Organization) -> list[str]:
        keys = [f"canonical:{org.canonical}"] if org.canonical else []
        return keys + [f"text:{text}" for text in dict.fromkeys(_casefold(m.text) for m in org.mentions)]

    def _match(self, org: Organization, keys: list[str]) -> int | None:
        for index in sorted({self.by_key[key] for key in keys if key in self.by_key}):
            canonical = self.groups[index].canonical
            if not (org.canonical and canonical and org.canonical != canonical):
                return index
        return None

    def add_piece(self, organizations: list[Organization], offset: int) -> list[tuple[str, int]]:
        """Merge one piece's organizations; (mention text, group) of the names this piece makes seen."""
        registered: list[tuple[list[str], int]] = []
        seen: list[tuple[str, int]] = []
        for org in organizations:
            keys = self.keys(org)
            index = self._match(org, keys)
            if index is None:
                index = len(self.groups)
                self.groups.append(_OrgGroup(org.canonical))
            group = self.groups[index]
            group.canonical = group.canonical or org.canonical
            group.mentions.extend((m.start + offset, m.end + offset, m.text) for m in org.mentions)
            registered.append((keys, index))
            seen.extend((m.text, index) for m in org.mentions)
        # Keys count from the next piece on: a piece's own entities were kept apart by its own rules.
        for keys, index in registered:
            for key in keys:
                self.by_key.setdefault(key, index)
        return seen

    def records(self) -> list[Organization]:
        result = []
        for group in self.groups:
            mentions = sorted(group.mentions)
            name = max(mentions, key=lambda m: (len(m[2]), -m[0]))[2]
            result.append(
                Organization(
                    name=name, canonical=group.canonical, mentions=[Mention(text=t, start=s, end=e) for s, e, t in mentions]
                )
            )
        return result


@dataclass(frozen=True)
class _Reading:
    """What a place name was read as: the reading's own name, kind and country code."""

    name: str
    kind: PlaceKind
    country_code: str | None

    @property
    def key(self) -> tuple:
        if self.kind is PlaceKind.country and self.country_code:
            return ("country", self.country_code)
        if self.country_code is None and _default_reading(self.name) is None:
            return ("unknown", _casefold(self.name))
        return (self.kind.value, self.country_code, _casefold(self.name))


def _default_reading(text: str) -> _Reading | None:
    """How a name reads with nothing beside it (its best-known place), or None for a name no table knows."""
    from pipeline.normalize.geo import resolve_place

    info = resolve_place(text)
    return None if info is None else _Reading(info.name, info.kind, info.country_code)


def _unqualified_key(text: str) -> tuple:
    reading = _default_reading(text)
    return ("unknown", _casefold(text)) if reading is None else reading.key


@dataclass
class _PlaceRecord:
    piece: int
    reading: _Reading
    mentions: list[Found]
    propagated: bool = False


class _Places:
    """The article's place mentions so far, as each piece read them; grouped once every piece is read."""

    def __init__(self) -> None:
        self.records: list[_PlaceRecord] = []

    def add_piece(self, places: list[Place], piece: int, offset: int) -> list[tuple[str, _Reading]]:
        """Keep one piece's places; (mention text, reading) of the names this piece makes seen."""
        seen: list[tuple[str, _Reading]] = []
        for place in places:
            reading = _Reading(place.name, place.kind, place.country_code)
            self.records.append(_PlaceRecord(piece, reading, [(m.start + offset, m.end + offset, m.text) for m in place.mentions]))
            seen.extend((m.text, reading) for m in place.mentions)
        return seen

    def _qualified(self) -> tuple[dict[str, _Reading], dict[int, set[str]]]:
        """The first reading of each name some piece read otherwise than unqualified, and which pieces did so themselves."""
        first: dict[str, _Reading] = {}
        own: dict[int, set[str]] = {}
        for record in self.records:
            for _, _, text in record.mentions:
                if record.reading.key != _unqualified_key(text):
                    first.setdefault(_casefold(text), record.reading)
                    if not record.propagated:
                        own.setdefault(record.piece, set()).add(_casefold(text))
        return first, own

    def records_by_reading(self) -> list[Place]:
        qualified, own = self._qualified()
        groups: dict[tuple, tuple[_Reading, list[Found]]] = {}
        for record in self.records:
            for found in record.mentions:
                reading, name = record.reading, _casefold(found[2])
                carried = qualified.get(name)
                if carried and name not in own.get(record.piece, ()) and reading.key == _unqualified_key(found[2]):
                    reading = carried
                group_reading, mentions = groups.setdefault(reading.key, (reading, []))
                if group_reading.kind is not reading.kind:  # a name no table knows: a region only where always one
                    groups[reading.key] = (_Reading(group_reading.name, PlaceKind.other, None), mentions)
                mentions.append(found)
        places = []
        for (reading, found), key in sorted(((g, k) for k, g in groups.items()), key=lambda gk: min(gk[0][1])):
            mentions = sorted(found)
            name = max(mentions, key=lambda m: (len(m[2]), -m[0]))[2] if key[0] == "unknown" else reading.name
            places.append(
                Place(
                    name=name, kind=reading.kind, country_code=reading.country_code,
                    mentions=[Mention(text=t, start=s, end=e) for s, e, t in mentions],
                )
            )
        return places


class _NamesSeen:
    """Mention texts of earlier pieces' organizations and places, looked for in the pieces after them."""

    def __init__(self) -> None:
        self.organization: dict[str, int] = {}
        self.place: dict[str, _Reading] = {}
        self.by_first_word: dict[str, list[str]] = {}

    def add(self, organizations: list[tuple[str, int]], places: list[tuple[str, _Reading]]) -> None:
        for text, index in organizations:
            if _carried(text) and text not in self.organization:
                self.organization[text] = index
                self._index(text)
        for text, reading in places:
            if _carried(text) and text not in self.place:
                self.place[text] = reading
                self._index(text)

    def _index(self, text: str) -> None:
        forms = self.by_first_word.setdefault(_first_word(text), [])
        if text not in forms:
            forms.append(text)
            forms.sort(key=lambda form: (-len(form), form))

    def take(self, piece: str, doc: Doc, ents: list[tuple[int, int, str]], ours: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
        """(form, start, end) of each occurrence in `piece` of a name seen, where nothing was made of those words."""
        from spacy.attrs import IDX, LENGTH

        if not self.by_first_word or not len(doc):
            return []
        taken, loose, exact = _blocked(len(piece), ents, ours)
        table = doc.to_array([IDX, LENGTH]).reshape(len(doc), 2)
        starts = table[:, 0].tolist()
        ends = (table[:, 0] + table[:, 1]).tolist()
        token_ends = set(ends)
        found = []
        for i, (start, end) in enumerate(zip(starts, ends)):
            for form in self.by_first_word.get(_first_word(piece[start:end]), ()):
                stop = start + len(form)
                organization = form in self.organization
                if organization == (form in self.place):
                    continue  # seen as both an organization and a place: nothing to carry
                if stop not in token_ends or not piece.startswith(form, start) or taken.find(1, start, stop) != -1:
                    continue
                if loose.find(1, start, stop) != -1 and not (organization and (start, stop) in exact):
                    continue
                if organization and _written_as_place(form, piece, stop, piece[starts[i - 1] : ends[i - 1]] if i else ""):
                    continue
                taken[start:stop] = b"\x01" * (stop - start)
                found.append((form, start, stop))
                break
        return found


def _blocked(size: int, ents: list[tuple[int, int, str]], ours: list[tuple[int, int]]) -> tuple[bytearray, bytearray, set]:
    """Characters no carried name may touch (our mentions, the model's other entities), those only an organization's
    name spelled exactly as the model's ORG or PERSON entity may take (names the model misreads), and those entities."""
    taken, loose, exact = bytearray(size), bytearray(size), set()
    for start, end, label in ents:
        if label in MISREAD_NAMES:
            loose[start:end] = b"\x01" * (end - start)
            exact.add((start, end))
        else:
            taken[start:end] = b"\x01" * (end - start)
    for start, end in ours:
        taken[start:end] = b"\x01" * (end - start)
    return taken, loose, exact


def _written_as_place(name: str, piece: str, stop: int, word_before: str) -> bool:
    """`in Kurobe`, `Kurobe-based`: an organization's name that is also a place's, written as the place."""
    from pipeline.normalize.geo import is_locative_cue, resolve_place

    if resolve_place(name) is None:
        return False
    return is_locative_cue(word_before.lower(), strict=True) or piece[stop : stop + 6].lower() == "-based"


def _ner(nlp: Language, piece: str) -> Doc:
    try:
        return nlp(piece)
    except Exception as exc:  # noqa: BLE001 - the model's failure is an `nlp` error record, not ours
        raise NlpFailure(f"{type(exc).__name__}: {exc}") from exc


def read_names(text: str, nlp: Language, *, limit: int) -> tuple[dict[str, list[tuple[int, int]]], list[Organization], list[Place]]:
    """The model's MONEY/DATE spans (body offsets) and the organizations and places of a body, one piece at a time."""
    from pipeline.extract.orgs import extract_organizations
    from pipeline.extract.places import extract_places
    from pipeline.extract.view import view_of

    hints: dict[str, list[tuple[int, int]]] = {label: [] for label in HINT_LABELS}
    organizations, places, seen = _Organizations(), _Places(), _NamesSeen()
    offset = 0
    for number, piece in enumerate(split_text(text, limit)):
        doc = _ner(nlp, piece)
        # The piece is the Doc's text: the view cuts its words from it rather than rebuilding `Doc.text`.
        view = view_of(doc, piece)
        ents = [(view.starts[start], view.ends[end - 1], label) for start, end, label in view.ents]
        piece_orgs = extract_organizations(doc)
        piece_places = extract_places(doc, organizations=piece_orgs)
        ours = [(m.start, m.end) for entity in [*piece_orgs, *piece_places] for m in entity.mentions]
        carried = seen.take(piece, doc, ents, ours)
        del doc, view  # the piece's Doc (and its view) go before the next piece's are made
        for start, end, label in ents:
            if label in hints:
                hints[label].append((start + offset, end + offset))
        for form, start, end in carried:
            found = (start + offset, end + offset, form)
            if form in seen.organization:
                organizations.groups[seen.organization[form]].mentions.append(found)
            else:
                places.records.append(_PlaceRecord(number, seen.place[form], [found], propagated=True))
        seen.add(organizations.add_piece(piece_orgs, offset), places.add_piece(piece_places, number, offset))
        offset += len(piece)
    return hints, organizations.records(), places.records_by_reading()


def extract_long(article: Article, nlp: Language, *, limit: int | None = None) -> ArticleResult:
    """`pipeline.core.extract` for a body of any length, its NER and name extractors run piece by piece."""
    from pipeline import core
    from pipeline.extract.dates import extract_dates
    from pipeline.extract.money import extract_money

    text = article.text
    hints, organizations, places = read_names(text, nlp, limit=limit or core.CHUNK_CHARS)
    amounts = extract_money(text, published=article.published, hints=hints["MONEY"])
    dates, warnings = extract_dates(text, published=article.published, hints=hints["DATE"])
    # A year inside an amount ("$2025") or an amount's number read as a year is money, not a date.
    dates = drop_overlapping(dates, amounts)
    return result_of(article, organizations, places, amounts, dates, warnings)
