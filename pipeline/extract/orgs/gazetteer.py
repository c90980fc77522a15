"""The organization gazetteer and rule words: organizations.jsonl, org_rules.json and products.json, checked and
indexed once per process, and the canonical name of a surface form."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"


GAZETTEER_FILE = DATA / "organizations.jsonl"


RULES_FILE = DATA / "org_rules.json"


PRODUCTS_FILE = DATA / "products.json"


FOLD_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"})


@dataclass(frozen=True)
class OrgData:
    """The gazetteer and the rule words, checked and indexed once per process."""

    canonical_by_alias: dict[str, str]
    canonical_by_folded: dict[str, str]
    weak_aliases: frozenset[str]
    strong_aliases: tuple[str, ...]
    aliases_by_canonical: dict[str, tuple[str, ...]]
    type_by_canonical: dict[str, str]
    legal_suffixes: frozenset[str]
    name_heads: frozenset[str]
    of_heads: frozenset[str]
    name_connectors: frozenset[str]
    lowercase_name_words: frozenset[str]
    not_name_starts: frozenset[str]
    generic: frozenset[str]
    org_nouns: frozenset[str]
    product_nouns: frozenset[str]
    inn_suffixes: tuple[str, ...]
    person_titles: frozenset[str]
    event_words: tuple[str, ...]
    trailing_words: frozenset[str]  # name heads and name tails: words that may continue a name spaCy ended early
    numbered_terms: frozenset[str]
    currency_codes: frozenset[str]
    scan_heads: tuple[tuple[str, ...], ...] = ()
    lead_heads: frozenset[str] = frozenset()
    group_words: frozenset[str] = frozenset()
    corporate_roles: frozenset[str] = frozenset()
    role_modifiers: frozenset[str] = frozenset()
    name_word_endings: tuple[str, ...] = ()
    cues_before: frozenset[tuple[str, ...]] = frozenset()
    cues_after: tuple[tuple[str, ...], ...] = ()
    closed_before_of: frozenset[tuple[str, ...]] = frozenset()
    trial_words: frozenset[str] = frozenset()
    institution_nouns: frozenset[str] = frozenset()
    cues_after_not_for_people: frozenset[tuple[str, ...]] = frozenset()
    index_sizes: frozenset[str] = frozenset()
    cue_before_ends: frozenset[str] = frozenset()
    legal_suffix_prefixes: frozenset[str] = frozenset()
    scan_head_by_last: dict[str, tuple[str, ...]] = field(default_factory=dict)
    cue_after_starts: frozenset[str] = frozenset()
    generic_pattern: re.Pattern[str] = re.compile(r"(?!)")
    small_place_cues: tuple[tuple[str, ...], ...] = ()
    person_roles: frozenset[str] = frozenset()
    company_cues: tuple[tuple[str, ...], ...] = ()
    company_cue_starts: frozenset[str] = frozenset()  # first words of company_cues and small_place_cues, a cheap test first
    brands: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=1 << 16)
def fold_name(text: str) -> str:
    """Case-, quote- and space-insensitive key of a name: `Roche’s  Unit` and `roche's unit` share one."""
    return " ".join(text.translate(FOLD_QUOTES).split()).casefold()


def _string_list(raw: dict, key: str, where: Path) -> list[str]:
    value = raw.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{where}: {key!r} must be a list of non-empty strings")
    return value


def load_gazetteer(path: Path) -> tuple[dict[str, str], frozenset[str], dict[str, tuple[str, ...]], dict[str, str]]:
    """organizations.jsonl read and checked: canonical name by alias, the weak aliases (`Lilly`, `Novo`: a firm only with
    evidence), aliases and type by canonical name; an alias owned twice or an entry without one fails, naming its line."""
    canonical_by_alias: dict[str, str] = {}
    type_by_canonical: dict[str, str] = {}
    weak: set[str] = set()
    aliases_by_canonical: dict[str, tuple[str, ...]] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        entry = json.loads(line)
        if "_header" in entry:
            continue
        where = f"{path.name}:{number}"
        canonical = entry.get("canonical")
        if not isinstance(canonical, str) or not canonical.strip():
            raise ValueError(f"{where}: entry lacks a canonical name")
        strong = _string_list(entry, "aliases", Path(where)) if entry.get("aliases") else []
        weak_here = _string_list(entry, "weak_aliases", Path(where)) if entry.get("weak_aliases") else []
        if not strong and not weak_here:
            raise ValueError(f"{where}: {canonical!r} has no alias at all")
        for alias in [*strong, *weak_here]:
            owner = canonical_by_alias.setdefault(alias, canonical)
            if owner != canonical:
                raise ValueError(f"{where}: alias {alias!r} already belongs to {owner!r}")
        weak.update(weak_here)
        aliases_by_canonical[canonical] = (*strong, *weak_here)
        type_by_canonical[canonical] = str(entry.get("type", ""))
    return canonical_by_alias, frozenset(weak), aliases_by_canonical, type_by_canonical


def _currency_codes() -> frozenset[str]:
    """ISO 4217 codes and the letter symbols news writes before amounts (`NIS 210 million`, `RMB 5 billion`)."""
    import pycountry

    from pipeline.extract.money import load_lexicon

    letters = {
        form.form
        for forms in load_lexicon().forms_by_initial.values()
        for form in forms
        if form.is_symbol and form.form.isalpha() and form.form.isupper()
    }
    return frozenset(currency.alpha_3 for currency in pycountry.currencies) | letters


@functools.lru_cache(maxsize=1)
def load_org_data() -> OrgData:
    """Read and check organizations.jsonl, org_rules.json and products.json; bad data fails here, loudly."""
    canonical_by_alias, weak, aliases_by_canonical, type_by_canonical = load_gazetteer(GAZETTEER_FILE)
    raw = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    folded: dict[str, str] = {}
    for alias, canonical in canonical_by_alias.items():
        folded.setdefault(fold_name(alias), canonical)
    for canonical in aliases_by_canonical:
        folded.setdefault(fold_name(canonical), canonical)
    return OrgData(
        canonical_by_alias=canonical_by_alias,
        canonical_by_folded=folded,
        weak_aliases=weak,
        strong_aliases=tuple(alias for alias in canonical_by_alias if alias not in weak),
        aliases_by_canonical=aliases_by_canonical,
        type_by_canonical=type_by_canonical,
        currency_codes=_currency_codes(),
        brands=frozenset(_string_list(json.loads(PRODUCTS_FILE.read_text(encoding="utf-8")), "brands", PRODUCTS_FILE)),
        **_name_words(raw),
        **_cue_words(raw),
    )


def _name_words(raw: dict) -> dict:
    """The word lists of org_rules.json that say what a name is made of, as OrgData fields."""

    def words(key: str) -> frozenset[str]:
        return frozenset(_string_list(raw, key, RULES_FILE))

    def strings(key: str) -> list[str]:
        return _string_list(raw, key, RULES_FILE)

    return dict(
        legal_suffixes=words("legal_suffixes"),
        name_heads=words("name_heads"),
        of_heads=words("of_heads"),
        name_connectors=words("name_connectors"),
        lowercase_name_words=words("lowercase_name_words"),
        not_name_starts=words("not_name_starts"),
        generic=frozenset(fold_name(w) for w in strings("generic")),
        org_nouns=words("org_nouns"),
        product_nouns=words("product_nouns"),
        inn_suffixes=tuple(strings("inn_suffixes")),
        person_titles=words("person_titles"),
        event_words=tuple(strings("event_words")),
        trailing_words=words("name_heads") | words("name_tails"),
        numbered_terms=words("numbered_terms"),
        scan_heads=tuple(tuple(p.split()) for p in strings("scan_heads")),
        lead_heads=words("lead_heads"),
        group_words=words("group_words"),
        name_word_endings=tuple(w.casefold() for w in strings("name_word_endings")),
        closed_before_of=frozenset(tuple(p.split()) for p in strings("closed_before_of")),
        trial_words=words("trial_words"),
        institution_nouns=words("institution_nouns"),
        index_sizes=words("index_sizes"),
        legal_suffix_prefixes=frozenset(s[:k] for s in words("legal_suffixes") for k in range(1, len(s) + 1)),
        scan_head_by_last={p.split()[-1]: tuple(p.split()) for p in strings("scan_heads")},
        generic_pattern=re.compile("|".join(f"(?:{p})" for p in strings("generic_patterns"))),
    )


def _cue_words(raw: dict) -> dict:
    """The context words of org_rules.json (cues before and after a name, roles, company cues), as OrgData fields."""

    def strings(key: str) -> list[str]:
        return _string_list(raw, key, RULES_FILE)

    def phrases(key: str) -> list[tuple[str, ...]]:
        return [tuple(p.lower().split()) for p in strings(key)]

    def company_phrases(key: str) -> list[tuple[str, ...]]:
        return [tuple(p.lower().replace(",", " ,").split()) for p in strings(key)]

    return dict(
        corporate_roles=frozenset(w.lower() for w in strings("corporate_roles")),
        role_modifiers=frozenset(w.lower() for w in strings("role_modifiers")),
        person_roles=frozenset(strings("person_roles")),
        cues_before=frozenset(phrases("cues_before")),
        cue_before_ends=frozenset(p[-1] for p in phrases("cues_before")),
        # Longest first, so `first reported` is tried before `reported`.
        cues_after=tuple(sorted(phrases("cues_after"), key=len, reverse=True)),
        cue_after_starts=frozenset(p[0] for p in phrases("cues_after")),
        cues_after_not_for_people=frozenset(phrases("cues_after_not_for_people")),
        company_cues=tuple(company_phrases("company_cues")),
        company_cue_starts=frozenset(p[0] for key in ("company_cues", "small_place_cues") for p in company_phrases(key)),
        small_place_cues=tuple(sorted(phrases("small_place_cues"), key=len, reverse=True)),
    )


@functools.lru_cache(maxsize=1 << 16)
def canonical_name(text: str) -> str | None:
    """The gazetteer's full name for a surface form (`Lilly` -> `Eli Lilly and Company`, `Alteogen Inc.` -> itself), or None."""
    data = load_org_data()
    found = data.canonical_by_alias.get(text) or data.canonical_by_folded.get(fold_name(text))
    if found is None:
        core = " ".join(core_tokens(text))
        if core and core != text and core not in data.weak_aliases:
            found = data.canonical_by_alias.get(core) or data.canonical_by_folded.get(fold_name(core))
    return found


@functools.lru_cache(maxsize=1 << 16)
def core_tokens(text: str) -> tuple[str, ...]:
    """The words of a name without its legal suffixes: `Brevant Holdings, Inc.` -> (`Brevant`, `Holdings`)."""
    data = load_org_data()
    words = text.translate(FOLD_QUOTES).replace(",", " ").split()
    while words and words[-1] in data.legal_suffixes:
        words.pop()
    return tuple(words)
