"""Organizations of an article: spaCy's ORG entities cleaned by the SPEC §3 rules, completed and grouped into entities."""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.extract.view import DocView, view_of
from pipeline.models import Mention, Organization
from pipeline.normalize.geo import is_known_country_or_state, is_locative_cue, is_not_place, is_well_known_place, resolve_place

if TYPE_CHECKING:
    from spacy.tokens import Doc

DATA = Path(__file__).resolve().parent.parent / "data"
GAZETTEER_FILE = DATA / "organizations.jsonl"
RULES_FILE = DATA / "org_rules.json"
PRODUCTS_FILE = DATA / "products.json"

POSSESSIVES = frozenset({"'s", "\u2019s", "'", "\u2019"})
# Labels spaCy gives to organization names it gets wrong; a name in them needs evidence before it becomes an ORG.
MISLABELS = frozenset({"PERSON", "GPE", "NORP", "PRODUCT", "FAC", "WORK_OF_ART", "LOC", "EVENT", "LAW"})
ACRONYM = re.compile(r"[A-Z][A-Za-z]?[A-Z&]{0,6}")
_FOLD_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"})


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
    """Case-, quote- and space-insensitive key of a name."""
    return " ".join(text.translate(_FOLD_QUOTES).split()).casefold()


def _string_list(raw: dict, key: str, where: Path) -> list[str]:
    value = raw.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{where}: {key!r} must be a list of non-empty strings")
    return value


def _load_gazetteer(path: Path) -> tuple[dict[str, str], frozenset[str], dict[str, tuple[str, ...]], dict[str, str]]:
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
    """Read and check organizations.jsonl and org_rules.json; bad data fails here, loudly."""
    canonical_by_alias, weak, aliases_by_canonical, type_by_canonical = _load_gazetteer(GAZETTEER_FILE)
    raw = json.loads(RULES_FILE.read_text(encoding="utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(_string_list(raw, key, RULES_FILE))

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
        legal_suffixes=words("legal_suffixes"),
        name_heads=words("name_heads"),
        of_heads=words("of_heads"),
        name_connectors=words("name_connectors"),
        lowercase_name_words=words("lowercase_name_words"),
        not_name_starts=words("not_name_starts"),
        generic=frozenset(fold_name(w) for w in _string_list(raw, "generic", RULES_FILE)),
        org_nouns=words("org_nouns"),
        product_nouns=words("product_nouns"),
        inn_suffixes=tuple(_string_list(raw, "inn_suffixes", RULES_FILE)),
        person_titles=words("person_titles"),
        event_words=tuple(_string_list(raw, "event_words", RULES_FILE)),
        trailing_words=words("name_heads") | words("name_tails"),
        numbered_terms=words("numbered_terms"),
        currency_codes=_currency_codes(),
        scan_heads=tuple(tuple(p.split()) for p in _string_list(raw, "scan_heads", RULES_FILE)),
        lead_heads=words("lead_heads"),
        group_words=words("group_words"),
        corporate_roles=frozenset(w.lower() for w in words("corporate_roles")),
        role_modifiers=frozenset(w.lower() for w in words("role_modifiers")),
        name_word_endings=tuple(w.casefold() for w in _string_list(raw, "name_word_endings", RULES_FILE)),
        cues_before=frozenset(tuple(p.lower().split()) for p in _string_list(raw, "cues_before", RULES_FILE)),
        # Longest first, so `first reported` is tried before `reported`.
        cues_after=tuple(sorted((tuple(p.lower().split()) for p in _string_list(raw, "cues_after", RULES_FILE)), key=len, reverse=True)),
        closed_before_of=frozenset(tuple(p.split()) for p in _string_list(raw, "closed_before_of", RULES_FILE)),
        trial_words=words("trial_words"),
        institution_nouns=words("institution_nouns"),
        cues_after_not_for_people=frozenset(tuple(p.lower().split()) for p in _string_list(raw, "cues_after_not_for_people", RULES_FILE)),
        index_sizes=words("index_sizes"),
        legal_suffix_prefixes=frozenset(s[:k] for s in words("legal_suffixes") for k in range(1, len(s) + 1)),
        scan_head_by_last={p.split()[-1]: tuple(p.split()) for p in _string_list(raw, "scan_heads", RULES_FILE)},
        cue_before_ends=frozenset(p.lower().split()[-1] for p in _string_list(raw, "cues_before", RULES_FILE)),
        cue_after_starts=frozenset(p.lower().split()[0] for p in _string_list(raw, "cues_after", RULES_FILE)),
        person_roles=words("person_roles"),
        brands=frozenset(_string_list(json.loads(PRODUCTS_FILE.read_text(encoding="utf-8")), "brands", PRODUCTS_FILE)),
        company_cues=tuple(tuple(p.lower().replace(",", " ,").split()) for p in _string_list(raw, "company_cues", RULES_FILE)),
        company_cue_starts=frozenset(
            p.lower().replace(",", " ,").split()[0] for key in ("company_cues", "small_place_cues") for p in _string_list(raw, key, RULES_FILE)
        ),
        small_place_cues=tuple(
            sorted((tuple(p.lower().split()) for p in _string_list(raw, "small_place_cues", RULES_FILE)), key=len, reverse=True)
        ),
        generic_pattern=re.compile("|".join(f"(?:{p})" for p in _string_list(raw, "generic_patterns", RULES_FILE))),
    )


@functools.lru_cache(maxsize=1 << 16)
def canonical_name(text: str) -> str | None:
    """The gazetteer's full name for a surface form (`Lilly` -> `Eli Lilly and Company`, `Alteogen Inc.` -> itself), or None."""
    data = load_org_data()
    found = data.canonical_by_alias.get(text) or data.canonical_by_folded.get(fold_name(text))
    if found is None:
        core = " ".join(_core_tokens(text))
        if core and core != text and core not in data.weak_aliases:
            found = data.canonical_by_alias.get(core) or data.canonical_by_folded.get(fold_name(core))
    return found


# ---------------------------------------------------------------- one candidate span


def trim_span(doc: DocView, start: int, end: int) -> tuple[int, int] | None:
    """Token bounds of a name after SPEC §3 boundary rules: no leading `the`, no possessive, no trailing common word."""
    data = load_org_data()
    while start < end and (doc.lowers[start] == "the" or doc.is_punct[start] or doc.is_space[start]):
        start += 1
    # `Denmark's Skovgaard Pension`: a place's possessive before a name is not part of it.
    for i in range(start + 1, min(end - 1, start + 4)):
        if doc.words[i] in POSSESSIVES and is_well_known_place(doc.span_text(start, i)) and canonical_name(doc.span_text(start, end)) is None:
            start = i + 1
            break
    # `schizophrenia drug Seralta`: lower-case words before a capitalized one are context, not name (`bluebird bio` stays).
    while start < end - 1 and doc.is_lower[start] and any(word[:1].isupper() for word in doc.words[start + 1 : end]):
        start += 1
    for k in range(start + 1, end - 1):
        # `Fintera for R$4.8 billion`, `B3 in São Paulo`: spaCy ran on past the name into an amount or its city.
        if doc.is_lower[k] and (
            not doc.words[k + 1][:1].isalpha()
            or MONEY_LIKE.search(doc.words[k + 1])
            or (doc.lowers[k] in ("in", "at") and is_well_known_place(doc.span_text(k + 1, end)))
        ):
            end = k
            break
    if "(" in doc.words[start:end] and ")" not in doc.words[start:end]:
        # `the Hospital for Sick Children (SickKids`: spaCy ran into the bracket of an abbreviation.
        end = start + doc.words[start:end].index("(")
    changed = True
    while changed and start < end:
        changed = False
        last = doc.words[end - 1]
        if last in POSSESSIVES or doc.is_space[end - 1] or (doc.is_punct[end - 1] and last != "."):
            end -= 1
            changed = True
        elif last == "." and end - 1 > start and not doc.words[end - 2].endswith("."):
            # A sentence's full stop, not the dot of `Inc.` (spaCy keeps that inside the token).
            end -= 1
            changed = True
        elif (
            doc.is_lower[end - 1]
            and end - 1 > start
            and doc.lowers[end - 1] not in data.lowercase_name_words
            and canonical_name(doc.span_text(start, end)) is None
        ):
            end -= 1
            changed = True
    while start < end and doc.lowers[end - 1] in data.name_connectors:
        end -= 1
    return (start, end) if start < end else None


def is_generic(text: str) -> bool:
    """A phrase that looks like a name but names no organization (`Big Pharma`, `the company`), or a biomedical
    abbreviation of the shapes in `generic_patterns` (`IgA`, `CD19`, `IL-23`, `HER2`)."""
    data = load_org_data()
    return fold_name(text) in data.generic or data.generic_pattern.fullmatch(text) is not None


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


def is_person(doc: DocView, start: int, end: int) -> bool:
    """A name right after a person's title (`Commissioner Jane Doe`) or right before `said she`/`said he`."""
    titles = load_org_data().person_titles
    if start > 0 and doc.words[start - 1] in titles:
        return True
    if start > 1 and doc.words[start - 2] in titles and _given_name(doc, start - 1) and (start - 1) not in doc.ent_ending_at():
        return True  # `chief executive Ana Beatriz Moura`, where spaCy left the first given name out
    # Two-word titles (`Managing partner Jane Doe`) whose last word alone would be an organization noun.
    if start > 1 and doc.lowers[start - 1] == "partner" and f"{doc.words[start - 2]} partner" in titles:
        return True
    if (
        start > 1
        and doc.words[start - 1] == "partner"
        and (doc.lowers[start - 2] in ("said", "says") or doc.words[start - 2] in POSSESSIVES or _name_word(doc, start - 2))
        and end - start >= 2
    ):
        # `said partner Sofie Aarhus`, `Umoya's partner Sizwe Dlamini-Park`, `Sable Point partner Dev Raman`: a firm's
        # partner with a full name is a person; a partner company has a known name or an organization's shape, which
        # the caller checks first.
        return all(doc.is_alpha[k] or doc.words[k] == "-" for k in range(start, end)) and not has_org_shape(doc, start, end)
    if end + 1 < len(doc) and doc.lowers[end] in ("said", "says") and doc.lowers[end + 1] in ("she", "he"):
        return True
    return _has_role_after(doc, end) or _has_role_before(doc, start)


def _has_role_after(doc: DocView, end: int) -> bool:
    """`Jane Doe, chief executive of X`, `Jane Doe, Recife's chief executive,`, `Jane Doe, an analyst at X`: a comma and
    a person's role before the phrase ends (a relative word ends it: `Roche, whose chief executive said` is a company)."""
    if end + 1 >= len(doc) or doc.words[end] != ",":
        return False
    roles = load_org_data().person_roles
    for j in range(end + 1, min(len(doc), end + 7)):
        word = doc.lowers[j]
        if word in roles:
            return True
        if (doc.is_punct[j] and word != "-") or word in APPOSITION_STOPS or word in ("whose", "and", "or"):
            return False
    return False


def _has_role_before(doc: DocView, start: int) -> bool:
    """`X's chief executive, Jane Doe,` or `its chief financial officer, Jane Doe`: a role word and a comma right before."""
    return start > 1 and doc.words[start - 1] == "," and doc.lowers[start - 2] in load_org_data().person_roles


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


def has_org_shape(doc: DocView, start: int, end: int) -> bool:
    """Ends in an organization word or legal suffix (`X Therapeutics`, `Y Inc.`) or reads `University of X`."""
    data = load_org_data()
    if end - start < 2:
        return False
    if doc.words[end - 1] in data.name_heads or doc.words[end - 1] in data.legal_suffixes or ends_like_org(doc.words[end - 1]):
        return True
    head = data.scan_head_by_last.get(doc.words[end - 1])
    if head is not None and end - len(head) > start and tuple(doc.words[end - len(head) : end]) == head:
        return True
    return any(doc.words[i] in data.of_heads and doc.lowers[i + 1] == "of" for i in range(start, end - 1))


@functools.lru_cache(maxsize=1 << 16)
def ends_like_org(word: str) -> bool:
    """`Industrifonden`, `Zürcher Kantonalbank`'s last word: a word whose ending says foundation, fund or bank."""
    data = load_org_data()
    folded = word.casefold()
    return word[:1].isupper() and any(folded.endswith(end) and len(folded) > len(end) + 2 for end in data.name_word_endings)


MONEY_LIKE = re.compile(r"[$\u20ac\u00a3\u00a5\u20a9]\s?\d")


def cue_before(doc: DocView, start: int) -> bool:
    """`analysts at X`, `reported by X`, `a loan from X`: the words before say an organization follows."""
    data = load_org_data()
    if start == 0 or doc.lowers[start - 1] not in data.cue_before_ends:
        return False
    return any(start >= n and tuple(doc.lowers[start - n : start]) in data.cues_before for n in (1, 2, 3))


def cue_after(doc: DocView, end: int, *, person: bool = False) -> bool:
    """`X said in a statement`, `X is advising`, `X reported`; also across a partner (`X and Y advised`).
    A name spaCy calls a person takes only the adviser verbs: people speak in statements and represent countries too."""
    data = load_org_data()
    ents = doc.ent_at()
    if end + 1 < len(doc) and doc.lowers[end] in ("and", ","):
        # `X and Y advised`, `X and law firm Y advised`
        partner = end + 1
        while partner < min(len(doc), end + 3) and (doc.lowers[partner] in data.org_nouns or doc.lowers[partner] == "law"):
            partner += 1
        if ents.get(partner, (0, ""))[1] == "ORG":
            end = ents[partner][0]
    if end >= len(doc) or doc.lowers[end] not in data.cue_after_starts:
        return False
    for cue in data.cues_after:
        if tuple(doc.lowers[end : end + len(cue)]) == cue:
            return not (person and cue in data.cues_after_not_for_people)
    return False


def apposition(doc: DocView, end: int, *, institutions_only: bool = False) -> str | None:
    """`X, a Munich maker of ...` -> "org"; `X, a once-monthly injection` or `X, its treatment` -> "product":
    the head noun of an apposition right after a name (its last organization or product noun before a
    preposition or a comma: `a drug developer based in` is a developer), or None."""
    data = load_org_data()
    if end + 2 >= len(doc) or doc.words[end] != ",":
        return None
    first = end + 2
    if doc.lowers[end + 1] not in ("a", "an", "the", "its", "their"):
        # `X, New Zealand's health ministry`: a place's possessive stands for the article.
        owner = next((j for j in range(end + 2, min(len(doc), end + 5)) if doc.words[j] in POSSESSIVES), None)
        if owner is None or not is_well_known_place(doc.span_text(end + 1, owner)):
            return None
        first = owner + 1
    nouns = data.institution_nouns if institutions_only else data.org_nouns
    head = None
    for j in range(first, min(len(doc), first + 6)):
        word = doc.lowers[j]
        if (doc.is_punct[j] and word != "-") or word in APPOSITION_STOPS:
            break
        if word in data.product_nouns:
            head = "product"
        elif word in nouns:
            head = "org"
    return head


def _apposition_head(doc: DocView, first: int) -> str | None:
    """The last word of an apposition's noun phrase starting at token `first`, before a preposition, a relative word
    or a punctuation mark (`a Polish maker of fertilizers` -> maker; `an agency official disagreed.` -> disagreed)."""
    for j in range(first, min(len(doc), first + 7)):
        if (doc.is_punct[j] and doc.words[j] != "-") or doc.lowers[j] in APPOSITION_STOPS:
            last = j - 1
            # `a Haifa start-up listed on`: a participle after the noun is not its head.
            while last > first and doc.is_lower[last] and doc.lowers[last].endswith(("ed", "ing")):
                last -= 1
            if last < first:
                return None
            if last - 2 >= first and doc.words[last - 1] == "-" and _joined(doc, last) and _joined(doc, last - 1):
                return doc.span_text(last - 2, last + 1).lower()  # `start-up`
            return doc.lowers[last]
    return None


APPOSITION_STOPS = frozenset({"of", "for", "based", "that", "which", "who", "with", "in", "from", "to", "and", "set", "at", "on", "by"})


def in_org_list(doc: DocView, start: int, end: int) -> bool:
    """`include Lake Bleu, Yuanfeng Capital Markets and ...`: a name listed next to one spaCy calls an organization
    (and that is no known place: `Baja California and Sinaloa` lists states, whatever spaCy calls the second)."""
    ents = doc.ent_at()
    if end + 1 < len(doc) and doc.lowers[end] in (",", "and"):
        after_end, label = ents.get(end + 1, (0, ""))
        if label == "ORG" and resolve_place(doc.span_text(end + 1, after_end)) is None:
            return True
    if start > 1 and doc.lowers[start - 1] in (",", "and"):
        before_start, label = doc.ent_ending_at().get(start - 2, (0, ""))
        return label == "ORG" and resolve_place(doc.span_text(before_start, start - 1)) is None
    return False


def role_then_person(doc: DocView, end: int) -> bool:
    """`Biovac chief executive Morena Makhoana`, `Goodbody analyst Ciara Walsh`: a job at a firm and a person's name
    right after a name make that name the firm (`corporate_roles`: no mayor or minister, whom a place has too)."""
    data = load_org_data()
    for j in range(end, min(len(doc) - 1, end + 3)):
        if not doc.is_lower[j] and doc.words[j] != "-":
            return False
        if doc.lowers[j] in data.corporate_roles:
            return _name_word(doc, j + 1) and doc.is_alpha[j + 1] and doc.words[j + 1] not in data.not_name_starts
    return False


def has_org_context(doc: DocView, start: int, end: int, label: str) -> bool:
    """Words around a name that spaCy labeled something else say it is an organization."""
    if role_then_person(doc, end) and not is_well_known_place(doc.span_text(start, end)):
        return True
    if "&" in doc.words[start + 1 : end - 1]:
        # `Kim & Chang`: people are not written with an ampersand, firms named after them are.
        return True
    if cue_before(doc, start) or cue_after(doc, end, person=label == "PERSON"):
        return True
    if label == "PERSON":
        # `Manatū Hauora, New Zealand's health ministry`: only a noun that never describes a person.
        return apposition(doc, end, institutions_only=True) == "org"
    # Only an unknown "place" (a known one of two words or more) is read from its neighbours: a person, a nationality,
    # a people before a title (`the ANC and Zulu Chief Buthelezi`) or a town listed with a firm stays what it is.
    return apposition(doc, end) == "org" or (
        label in ("GPE", "LOC")
        and (end - start > 1 or (resolve_place(doc.span_text(start, end)) is None and not (end < len(doc) and _name_word(doc, end))))
        and in_org_list(doc, start, end)
    )


def after_org_noun(doc: DocView, start: int) -> bool:
    """Introduced by a noun that says organization (`consulting firm X`, `the drugmaker X`)."""
    data = load_org_data()
    return start > 0 and doc.lowers[start - 1] in data.org_nouns


@dataclass(slots=True)
class _Mention:
    start: int  # token index
    end: int
    text: str
    start_char: int
    end_char: int
    canonical: str | None


def _mention(doc: DocView, start: int, end: int) -> _Mention:
    text = doc.span_text(start, end)
    return _Mention(start, end, text, doc.starts[start], doc.ends[end - 1], canonical_name(text))


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
) -> _Mention | str | None:
    """The ORG mention one spaCy entity is after trimming and filters; VETOED when a filter says it is no ORG
    (generic, product, person, place), None when there is just no evidence that it is one."""
    data = load_org_data()
    bounds = trim_span(doc, start, end)
    if bounds is None:
        return VETOED
    start, end = complete_name(doc, *bounds)
    mention = _mention(doc, start, end)
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
        return _longer_name(doc, mention)
    if is_generic(text) or is_not_place(text) or is_numbered_term(doc, start, end) or is_nationality_phrase(doc, start, end):
        return VETOED
    if text in company_towns:
        return VETOED if _used_as_place(doc, start, end, None) else mention
    if (before_based(doc, end) or address_before_noun(doc, start, end)) and resolve_place(text) is not None:
        return VETOED  # `Oxford-based Thornbury Biosciences`, `the Erlangen maker of`: the town the company is based in
    if (text in products or _all_brands(text, data.brands)) and not has_org_shape(doc, start, end):
        return VETOED  # a drug, vaccine or device brand (pipeline/data/products.json), a person, a product named in the article
    if is_trial_or_index(doc, start, end) or not _has_capital_or_brand(doc, start, end):
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
        if resolve_place(text) is not None and _after_locative(doc, start) and not has_org_context(doc, start, end, label):
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
            if not is_well_known_place(text) and not _after_locative(doc, start) and (
                has_org_context(doc, start, end, label) or small_place_org_cue(doc, end)
            ):
                return mention
        elif has_org_context(doc, start, end, label):
            return mention
    return None


def company_towns(doc: DocView) -> frozenset[str]:
    """Names that this article uses as a company's name, found where one mention has an unmistakable company cue,
    towns' and cities' names (which spaCy reads as places) included: `Bogor, the Indonesian vaccine maker,`, `Recife's chief executive`, `Ibadan, whose
    shares`, `shares of Toluca`. Every other mention of the name is then the company too, unless it is written
    as a place (`in Bogor`, `Bogor, Indonesia`). Countries, states and regions are never companies here."""
    data = load_org_data()
    found: set[str] = set()
    for i in doc.capitalized():
        if i > 0 and _name_word(doc, i - 1):
            continue
        end = _name_forward(doc, i, limit=3)
        text = doc.span_text(i, end)
        if text in found or not doc.is_alpha[end - 1] or _after_locative(doc, i) or doc.words[i] in data.not_name_starts:
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
                and _apposition_head(doc, end + 2) in data.institution_nouns
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
        if word != "," or i < 2 or i + 1 >= len(doc) or not is_known_country_or_state(doc.span_text(i + 1, _name_forward(doc, i + 1, limit=3))):
            continue
        start = _name_back(doc, i, limit=3)
        if start < i and _after_locative(doc, start):
            found.add(doc.span_text(start, i))
    return frozenset(found)


def _used_as_place(doc: DocView, start: int, end: int, label: str | None) -> bool:
    """An occurrence of a company's name that is also a town's, written as the town: `in Kurobe`, `Kurobe, Japan`,
    `Kurobe-based`, or one spaCy reads as a place with no organization cue after it (`Cambridge is home to ...`)."""
    if _after_locative(doc, start):
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


def _after_locative(doc: DocView, start: int) -> bool:
    """`in Tarnow`, `based in Tarnow`, `near Tarnow`: the name is used as a place."""
    return start > 0 and is_locative_cue(doc.lowers[start - 1], strict=True)


def small_place_org_cue(doc: DocView, end: int) -> bool:
    """`X said`, `X's shares`, `X will pay`: words after a town's name that only an organization takes in business news
    (a town's government speaks through its capital's or city hall's name, which are large places)."""
    data = load_org_data()
    if end >= len(doc) or doc.lowers[end] not in data.company_cue_starts:
        return False
    return any(tuple(doc.lowers[end : end + len(cue)]) == cue for cue in (*data.small_place_cues, *data.company_cues))


def _all_brands(text: str, brands: frozenset[str]) -> bool:
    """`Keytruda` or `Keytruda and Ozempic`: a brand, or brands listed with `and` or commas."""
    return all(part in brands for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", text) if part)


def _longer_name(doc: DocView, mention: _Mention) -> _Mention:
    """`HSBC Innovation Banking`, `CSL Seqirus`, `Mass General Brigham`: a known name followed by more capitalized
    words that no entity claims is a longer name (a unit or a sister company), not the known one; titles
    (`Pfizer Chief Executive ...`), sentence words and places stop it."""
    data = load_org_data()
    ents = doc.ent_at()
    end = mention.end
    while (
        end - mention.end < 2
        and _spaced(doc, end)
        and _name_word(doc, end)
        and doc.is_alpha[end]
        and end not in ents
        and doc.words[end] not in data.not_name_starts
        and doc.words[end] not in data.person_titles
        and doc.lowers[end] not in data.person_roles
        and doc.words[end] not in ("Chief", "Executive", "Senior", "Vice", "Managing", "General", "Group")
        and not is_well_known_place(doc.words[end])
        and canonical_name(doc.words[end]) is None
    ):
        end += 1
    if end == mention.end or (end < len(doc) and _name_word(doc, end)):
        return mention
    return _mention(doc, mention.start, end)


def is_trial_or_index(doc: DocView, start: int, end: int) -> bool:
    """`the RAIZ-3 trial` is a study; `the Nikkei 225`, `the FTSE 100` are indexes, not their publishers."""
    if end >= len(doc):
        return False
    data = load_org_data()
    if doc.lowers[end] in data.trial_words:
        return True
    return doc.words[end] in data.index_sizes and not (end + 1 < len(doc) and (doc.words[end + 1][:1].isdigit() or doc.words[end + 1] in "-/"))


def _has_capital_or_brand(doc: DocView, start: int, end: int) -> bool:
    """`health` (left of a cut `ministry`) names nothing; a lower-case name needs a brand word (`bluebird bio`)."""
    if any(word[:1].isupper() or any(ch.isupper() for ch in word) for word in doc.words[start:end]):
        return True
    return end - start > 1 and doc.lowers[end - 1] in load_org_data().lowercase_name_words


def _joined(doc: DocView, i: int) -> bool:
    """Token i follows the one before it with no space."""
    return 0 < i < len(doc) and doc.ends[i - 1] == doc.starts[i]


def _spaced(doc: DocView, i: int) -> bool:
    """Token i follows the one before it after exactly one space."""
    return 0 < i < len(doc) and doc.text[doc.ends[i - 1] : doc.starts[i]] == " "


def complete_name(doc: DocView, start: int, end: int) -> tuple[int, int]:
    """Token bounds of a name with the words spaCy often leaves outside it: trailing organization words
    (`DNB` + `Markets`, `X Biotechnology` + `Center`), a legal suffix written after it (`Fjordvik Pharma` + `A/S`, SPEC §3), and a
    nationality or place adjective between `the` and an organization-shaped name (`the European Investment Bank`),
    and a first word joined by `and` between `the` and such a name (`the Energy and Water Agency`)."""
    data = load_org_data()
    for k in range(start + 2, end - 1):
        # `Peng Family Office of Singapore`: after a complete name, `of X` is where it sits.
        if doc.lowers[k] == "of" and tuple(doc.words[k - 2 : k]) in data.closed_before_of:
            end = k
            break
    if end - start == 1 and doc.words[start] in data.of_heads and _spaced(doc, end) and _name_word(doc, end):
        # `Hospital Israelita Albert Einstein`, `Banco`-style names: a lone head word is the start of a name.
        end = _name_forward(doc, end, limit=4)
    elif end - start == 1 and (doc.words[start] in data.group_words or doc.words[start] in data.lead_heads):
        end = max(end, _lead_head_name(doc, start))  # `Banco do Brasil`, where the model took only `Banco`
    if (
        end + 1 < len(doc)
        and any(word in data.of_heads for word in doc.words[start:end])
        and doc.lowers[end] in ("for", "of")
        and tuple(doc.words[end - 2 : end]) not in data.closed_before_of
        and _spaced(doc, end)
    ):
        # `Administrative Council` + `for Economic Defense`, `Court of Appeals` + `for the Federal Circuit`: the model
        # stopped at the connector of a body's name (`of` + a place is where the body sits: `the Bernasconi Family
        # Office of Lugano`).
        first = end + 2 if doc.lowers[end + 1] == "the" and end + 2 < len(doc) else end + 1
        if _name_word(doc, first):
            after = _name_forward(doc, first, limit=4)
            if resolve_place(doc.span_text(first, after)) is None:
                end = after
    while _spaced(doc, end) and doc.words[end] in data.trailing_words and not (end + 1 < len(doc) and doc.lowers[end + 1] == "of"):
        end += 1
    if _spaced(doc, end) and doc.words[end] in data.legal_suffix_prefixes:
        # A suffix can be several tokens (`A/S` is `A`, `/`, `S`), so the text is compared, not the tokens.
        size = next((n for n in (3, 2, 1) if end + n <= len(doc) and doc.span_text(end, end + n) in data.legal_suffixes), 0)
        end += size
    if (
        _joined(doc, start - 1)
        and _joined(doc, start)
        and doc.words[start - 1] == "-"
        and doc.is_alpha[start - 2]
        and (doc.words[start - 2][:1].isupper() or (len(doc.words[start - 2]) <= 4 and doc.words[start][:1].isupper()))
    ):
        # `Kessler-Brandt Holdings`, `pan-Canadian Pharmaceutical Alliance`: spaCy split the name at its hyphen.
        start -= 2
    elif (
        start > 1
        and doc.words[start - 1] == "&"
        and doc.words[start - 2][:1].isupper()
        and doc.is_alpha[start - 2]
        and (doc.words[end - 1] in data.legal_suffixes or doc.words[end - 1] in data.name_heads)
    ):
        # `Osler, Hoskin & Harcourt LLP`, `Toyo Trust & Banking Co`: the names before the ampersand of a firm's name, commas and all.
        start = _name_back(doc, start - 1, limit=3)
        while start > 1 and doc.words[start - 1] == "," and doc.words[start - 2][:1].isupper() and doc.is_alpha[start - 2]:
            start -= 2
    while (
        start > 0
        and doc.words[start] in data.name_heads
        and _spaced(doc, start)
        and doc.is_alpha[start - 1]
        and _name_word(doc, start - 1)
        and doc.words[start - 1] not in data.not_name_starts
        and start - 1 not in doc.ent_ending_at()
        and not is_not_place(doc.words[start - 1])
        and not is_well_known_place(doc.words[start - 1])
    ):
        # `Lauzière Diagnostics SA`, where the model began the name at its head word.
        start -= 1
    before = start - 1
    if (
        before > 0
        and doc.lowers[before - 1] == "the"
        and _spaced(doc, start)
        and doc.words[before][:1].isupper()
        and is_not_place(doc.words[before])
        and (has_org_shape(doc, start, end) or (end - start > 1 and doc.words[end - 1] in data.of_heads))
    ):
        # `the German Federal Cartel Office`: an office, agency or authority of a country is named with its nationality.
        start = before
    elif start > 2 and doc.lowers[start - 1] == "and" and _spaced(doc, start) and _spaced(doc, start - 1) and (
        has_org_shape(doc, start, end) or doc.words[end - 1] in data.of_heads
    ):
        # Two companies are not written `the X and Y Pharma`; a body named for two fields is (`the National Markets
        # and Competition Commission`, `the Polish Investment and Trade Agency`).
        first = start - 1
        while (
            first - 1 >= 0
            and start - 1 - first < 3
            and doc.is_alpha[first - 1]
            and doc.words[first - 1][:1].isupper()
            and doc.lowers[first - 1] != "the"
        ):
            first -= 1
        if first < start - 1 and first > 0 and doc.lowers[first - 1] == "the" and not is_well_known_place(doc.span_text(first, start - 1)):
            start = first
    return start, end


# ---------------------------------------------------------------- names spaCy left unlabeled


def _name_word(doc: DocView, i: int) -> bool:
    return doc.words[i][:1].isupper() and any(ch.isalpha() for ch in doc.words[i])


def _name_back(doc: DocView, end: int, limit: int = 5) -> int:
    """First token of the run of capitalized words (hyphen-joined ones included) that ends at `end`."""
    start = end
    while start > 0 and end - start < limit:
        if _name_word(doc, start - 1) and doc.words[start - 1] not in load_org_data().not_name_starts:
            start -= 1
        elif start > 1 and doc.words[start - 1] == "-" and _joined(doc, start - 1) and _joined(doc, start) and _name_word(doc, start - 2):
            start -= 2
        else:
            break
    return start


def _name_forward(doc: DocView, start: int, limit: int = 5) -> int:
    end = start
    while end < len(doc) and end - start < limit:
        if _name_word(doc, end) and not (end > start and doc.words[end] in load_org_data().not_name_starts):
            end += 1
        elif end > start and doc.words[end] == "-" and _joined(doc, end) and _joined(doc, end + 1) and end + 1 < len(doc) and _name_word(doc, end + 1):
            end += 2
        else:
            break
    return end


def _sentence_start(doc: DocView, i: int) -> bool:
    return i == 0 or doc.is_space[i - 1] or doc.words[i - 1] in (".", "!", "?", ":", ";", "\"", "\u201c")


def _lead_head_name(doc: DocView, i: int) -> int:
    """End of `Fondation Marquis-Aebi`, `Fonds de solidarité FTQ`: words after the head up to its last capitalized one."""
    last = i
    j = i + 1
    while j < len(doc) and j - i <= 5 and (doc.is_alpha[j] or (doc.words[j] == "-" and _joined(doc, j) and _joined(doc, j + 1))):
        if _name_word(doc, j):
            last = j
        j += 1
    return last + 1


def missed_names(doc: DocView, *, free: bytearray, people: bytearray | None = None) -> list[tuple[int, int]]:
    """Token bounds of organization names that no entity covers, found by their shape or their context:
    `X Family Office`, `X Authority`, `X-Stiftung`, `Fondation X`, `Industrifonden`, `X first reported`,
    `analysts at X`, and a lower-case company introduced as one (`pinecrest bio, a Toronto developer`).
    `free[i]` says token i lies in no entity the model or the rules already judged; `people[i]` that spaCy
    read token i as part of a person's name, which takes only the cues people do not take too."""
    data = load_org_data()
    found: list[tuple[int, int]] = []

    def add(start: int, end: int, *, town: bool = False) -> None:
        """`town`: the context is strong enough to make a town's name a company's (`Tarnow, a fertilizer maker`)."""
        if start < end and all(free[start:end]):
            text = doc.span_text(start, end)
            if is_generic(text) or is_not_place(text):
                return
            if resolve_place(text) is None or (town and not is_well_known_place(text) and not _after_locative(doc, start)):
                found.append((start, end))

    heads_by_last = data.scan_head_by_last
    for i in doc.capitalized():
        if not free[i]:
            continue
        word = doc.words[i]
        head = heads_by_last.get(word)
        # A head followed by more name words is inside a longer phrase (`Public Service Minister David Dofara`).
        if head is not None and tuple(doc.words[i + 1 - len(head) : i + 1]) == head and not (i + 1 < len(doc) and _name_word(doc, i + 1)):
            start = _name_back(doc, i + 1 - len(head))
            if start < i + 1 - len(head):
                add(start, i + 1)
                continue
        if word in data.lead_heads or word in data.group_words:
            end = _lead_head_name(doc, i)
            if end > i + 1:
                add(i, end)
                continue
        if ends_like_org(word) and doc.is_alpha[i] and not _sentence_start(doc, i):
            add(i, i + 1)
            continue
        # A name before an organization cue; one word opening a sentence is too often a plain word.
        if i + 1 < len(doc) and (doc.lowers[i + 1] in data.cue_after_starts or doc.lowers[i + 1] in ("and", ",")) and not _name_word(doc, i + 1):
            start = _name_back(doc, i + 1)
            if start <= i and (i > start or not _sentence_start(doc, start)) and cue_after(doc, i + 1, person=bool(people and people[start])):
                add(start, i + 1, town=True)
                continue
        if (cue_before(doc, i) or (i > 0 and doc.lowers[i - 1] in data.org_nouns) or _after_person_at(doc, i)) and (
            i == 0 or not _name_word(doc, i - 1)
        ) and len(word) > 1 and word not in data.not_name_starts:
            # `analysts at Peel Hunt`, `the Danish pension fund ATP`.
            add(i, _name_forward(doc, i), town=True)
            continue
        if (i == 0 or not _name_word(doc, i - 1)) and word not in data.not_name_starts:
            # `Goodbody analyst Ciara Walsh`, not `Chief executive Ciara Walsh`.
            end = _name_forward(doc, i)
            if role_then_person(doc, end) and not any(
                doc.lowers[k] in data.role_modifiers or doc.lowers[k] in data.corporate_roles or doc.lowers[k] in data.person_roles
                for k in range(i, end)
            ):
                add(i, end, town=True)
                continue
        if (i == 0 or not _name_word(doc, i - 1)) and not (people and people[i]) and word not in data.not_name_starts and not word.endswith("ly"):
            # `Tarnow, a Polish fertilizer maker, said ...`: a name an indefinite apposition calls an institution,
            # even opening a sentence (adverbs opening one are in not_name_starts or end in -ly).
            end = _name_forward(doc, i)
            if end + 1 < len(doc) and doc.words[end] == "," and doc.lowers[end + 1] in ("a", "an") and _apposition_head(doc, end + 2) in data.institution_nouns:
                add(i, end, town=True)
    for match in _lowercase_brands().finditer(doc.text):
        bounds = doc.token_span(match.start(1), match.end(1))
        if bounds is not None and apposition(doc, bounds[1]) == "org":
            add(*bounds)
    return found


def _after_person_at(doc: DocView, i: int) -> bool:
    """`Analyst Mariana Ortiz at Actinver`: a name after a person's name and `at` is where the person works."""
    if i < 3 or doc.lowers[i - 1] != "at":
        return False
    person = doc.ent_ending_at().get(i - 2)
    return person is not None and person[1] == "PERSON"


def _listed_names(doc: DocView, free: bytearray, people: bytearray, org_tokens: bytearray) -> list[tuple[int, int]]:
    """Unlabeled names listed right after an organization (`Janus Henderson Investors and Tamarack Global joined`,
    `China International Capital Corporation (CICC) and Huatai International were`): in a list of firms, the next name
    is a firm too, unless it is a place or a person."""
    data = load_org_data()
    found = []
    starts = doc.ent_at()
    for i in doc.capitalized():
        if i < 2 or people[i] or doc.lowers[i - 1] not in ("and", ",") or doc.words[i] in data.not_name_starts:
            continue
        before = i - 3 if doc.words[i - 2] == ")" else i - 2
        if before < 0 or not org_tokens[before] or _name_word(doc, i - 1):
            continue
        if free[i]:
            end = _name_forward(doc, i, limit=4)
            if not all(free[i:end]):
                continue
        elif starts.get(i, (0, ""))[1] in ("WORK_OF_ART", "FAC"):
            end = starts[i][0]  # the model's misfire on a firm's name (`Tamarack Global` as a work of art)
        else:
            continue
        if end == i or not doc.is_alpha[end - 1]:
            continue
        # One capitalized word after `and` is as often a person's surname (`Clarke and Major`); an acronym is not.
        if (end - i < 2 and not (doc.words[i].isupper() and len(doc.words[i]) > 1)) or any(
            doc.words[k] in data.person_titles or doc.lowers[k] in data.person_roles or doc.lowers[k] == "chief" for k in range(i, end)
        ):
            continue
        text = doc.span_text(i, end)
        if resolve_place(text) is None and not is_generic(text) and not is_not_place(text) and not is_person(doc, i, end):
            found.append((i, end))
    return found


@functools.lru_cache(maxsize=1)
def _lowercase_brands() -> re.Pattern[str]:
    """`pinecrest bio,` opening the article, a paragraph or a sentence: a lower-case company name and its comma."""
    words = "|".join(sorted(map(re.escape, load_org_data().lowercase_name_words), key=len, reverse=True))
    return re.compile(rf"(?:^|[.!?]\s+|\n\s*)([a-z][a-z0-9]+ (?:{words})),")


def _acronym_names(doc: DocView, org_tokens: bytearray) -> list[tuple[int, int]]:
    """`Committee on Foreign Investment in the United States (CFIUS)`, `Médecins Sans Frontières (MSF)`: a run of
    capitalized words whose initials spell the all-caps word bracketed after it, when spaCy saw an organization
    in either; both become names."""
    found: list[tuple[int, int]] = []
    for k, word in enumerate(doc.words):
        if word != "(" or k + 2 >= len(doc) or doc.words[k + 2] != ")":
            continue
        short = doc.words[k + 1]
        if not (short.isalpha() and short.isupper() and 2 <= len(short) <= 7) or is_generic(short):
            continue
        initials, start = "", k
        for j in range(k - 1, max(-1, k - 12), -1):
            if _name_word(doc, j):
                initials = doc.words[j][0].upper() + initials
                if initials == short:
                    start = j
                    break
                if not short.endswith(initials):
                    break
            elif not (doc.is_lower[j] and doc.is_alpha[j] and len(doc.words[j]) <= 4):
                break
        if start == k or not (org_tokens[k + 1] or any(org_tokens[start:k])):
            continue
        long = doc.span_text(start, k)
        if resolve_place(long) is None and resolve_place(short) is None:
            found.extend([(start, k), (k + 1, k + 2)])
    return found


# ---------------------------------------------------------------- more mentions of the same names


def _abbreviation_after(doc: DocView, mention: _Mention) -> _Mention | None:
    """`Hanbit Biologics (Hanbit)` or `(HB)`: a short form introduced in brackets right after a name."""
    i = mention.end
    if i + 2 >= len(doc) or doc.words[i] != "(":
        return None
    close = next((j for j in range(i + 1, min(len(doc), i + 5)) if doc.words[j] == ")"), None)
    if close is None or close == i + 1:
        return None
    inner = doc.span_text(i + 1, close)
    if not inner[:1].isupper() or any(doc.is_punct[j] and doc.words[j] not in ("&", "-", ".") for j in range(i + 1, close)):
        return None
    if is_short_form(inner, mention.text) or is_acronym(inner, mention.text) or defines_abbreviation(inner, mention.text):
        return _mention(doc, i + 1, close)
    heads = load_org_data().name_heads | load_org_data().of_heads
    if close == i + 2 and is_native_name(inner) and mention.end - mention.start > 1 and any(
        word in heads for word in doc.words[mention.start : mention.end]
    ):
        # `Swedish Medical Products Agency (Läkemedelsverket)`, `Hospital for Sick Children (SickKids)`.
        return _mention(doc, i + 1, close)
    return None


def is_native_name(word: str) -> bool:
    """One capitalized word that can be an organization's own name given in brackets: not a place, drug or common word."""
    return (
        len(word) >= 4
        and word.isalpha()
        and word[:1].isupper()
        and not word.isupper()
        and resolve_place(word) is None
        and not is_not_place(word)
        and not is_generic(word)
        and not looks_like_inn(word.lower())
        and word not in load_org_data().not_name_starts
    )


@functools.lru_cache(maxsize=1 << 16)
def _core_tokens(text: str) -> tuple[str, ...]:
    data = load_org_data()
    words = text.translate(_FOLD_QUOTES).replace(",", " ").split()
    while words and words[-1] in data.legal_suffixes:
        words.pop()
    return tuple(words)


def is_short_form(short: str, long: str) -> bool:
    """`Alteogen` of `Alteogen Inc.`, `Hanbit` of `Hanbit Biologics`: the short name's words run inside the long one's."""
    data = load_org_data()
    small, big = _core_tokens(short), _core_tokens(long)
    if not small or len(small) > len(big) or fold_name(short) == fold_name(long) or is_generic(short):
        return False
    if all(word.lower() in data.name_connectors or word in data.name_heads for word in small):
        return False
    return any(big[i : i + len(small)] == small for i in range(len(big) - len(small) + 1))


def is_acronym(short: str, long: str) -> bool:
    """`BMS` of `Bristol Myers Squibb`: the initials of the long name's words, with or without its connectors."""
    if not ACRONYM.fullmatch(short) or sum(ch.isupper() for ch in short) < 2:
        return False
    return short.upper() in _initials(long)


def defines_abbreviation(short: str, long: str) -> bool:
    """`Indonesia Investment Authority (INA)`: an all-caps short form bracketed after a name whose letters the name
    spells in order, the first at the start of its first word (Schwartz and Hearst, "A simple algorithm for
    identifying abbreviation definitions in biomedical text", 2003)."""
    if not (short.isalpha() and short.isupper() and 2 <= len(short) <= 6) or not long[:1].upper() == short[0]:
        return False
    small, big = short.lower(), long.lower()
    k = len(big) - 1
    for n in range(len(small) - 1, -1, -1):
        # The first letter must open a word; the others may sit anywhere after it, right to left.
        while k >= 0 and (big[k] != small[n] or (n == 0 and k > 0 and big[k - 1].isalnum())):
            k -= 1
        if k < 0:
            return False
        k -= 1
    return True


@functools.lru_cache(maxsize=1 << 16)
def _initials(name: str) -> tuple[str, ...]:
    """The acronyms a name of two words or more can have: its words' initials with and without its connectors."""
    data = load_org_data()
    words = [w for part in _core_tokens(name) for w in part.split("-") if w]
    if len(words) < 2:
        return ()
    with_connectors = "".join(w[0] for w in words if w[0].isalpha() or w == "&").upper()
    without = "".join(w[0] for w in words if w.lower() not in data.name_connectors and w[0].isalpha()).upper()
    # `CFIUS` of `Committee on Foreign Investment in the United States`: the capitalized words only.
    capitals = "".join(w[0] for w in words if w[0].isupper())
    return (with_connectors, without, capitals)


def short_forms(name: str) -> list[str]:
    """Shorter names news uses after a full one: without the legal suffix (`Brevant` of `Brevant Holdings Inc.`),
    and the distinctive word of `X Therapeutics`/`Y Bio` names; never a place, a generic word or a sentence word."""
    data = load_org_data()
    core = _core_tokens(name)
    found = []
    if core and " ".join(core) != name.translate(_FOLD_QUOTES):
        found.append(" ".join(core))
    has_evidence = len(core) < len(name.split()) or (
        len(core) >= 2 and (core[-1] in data.name_heads or (core[-1] in data.lowercase_name_words and name.islower()))
    )
    if len(core) >= 2 and core[0] in data.group_words:
        # `Transfrío` of `Grupo Transfrío del Bajío`, `Serra Azul` of `Grupo Serra Azul`, `Serrano` of `Banco Serrano S.A.`
        rest = list(itertools.takewhile(lambda word: word[:1].isupper(), core[1:]))
        if rest:
            found.append(" ".join(rest))
    elif len(core) >= 3 and has_evidence and is_well_known_place(core[0]) and core[1][:1].isupper() and core[1] not in data.name_heads:
        found.append(core[1])  # `Lumen` of `Shanghai Lumen Pharmaceutical`, `Baize` of `Suzhou Baize Biotech`
    elif len(core) >= 2 and has_evidence and len(core[0]) > 2 and core[0] not in data.of_heads:
        found.append(core[0])
        if len(core) >= 3 and all(word[:1].isupper() for word in core[:-1]):
            found.append(" ".join(core[:-1]))  # `Harbor Lane` of `Harbor Lane Stores Inc.`
    return [
        form
        for form in found
        if form not in data.not_name_starts
        and form.split()[0] not in data.name_heads
        and not is_generic(form)
        # `pinecrest` of `pinecrest bio` is no Florida town; `Jihlava` of `Jihlava Biologics` is the company, not the
        # Czech town, where a locative word does not say otherwise (see _propagate); a large place stays a place.
        and (form[:1].islower() or not is_well_known_place(form))
        and not is_not_place(form)
    ]


def _first_word_used_alone(doc: DocView, mention: _Mention) -> list[str]:
    """`Lifera` of `Lifera Health`, where no suffix or head word says the first word is the short name: it is when the
    article writes it alone somewhere inside a sentence (`has promised Lifera a`), where a plain word is not capitalized."""
    data = load_org_data()
    core = _core_tokens(mention.text)
    if len(core) < 2 or len(core[0]) < 3 or core[0] in data.of_heads or core[0] in data.not_name_starts or not core[0][:1].isupper():
        return []
    first = core[0]
    if is_generic(first) or is_not_place(first) or is_well_known_place(first) or canonical_name(first) is not None:
        return []
    for at in doc.occurrences(first):
        bounds = doc.token_span(at, at + len(first))
        if bounds is None or bounds[0] == mention.start:
            continue
        i = bounds[0]
        if not _sentence_start(doc, i) and not (i + 1 < len(doc) and _name_word(doc, i + 1)) and not (i > 0 and _name_word(doc, i - 1)):
            return [first]
    return []


def _ent_bounds(doc: DocView) -> dict[int, tuple[int, int]]:
    owner: dict[int, tuple[int, int]] = {}
    for start, end, _ in doc.ents:
        bounds = (start, end)
        for i in range(start, end):
            owner[i] = bounds
    return owner


def _propagate(
    doc: DocView,
    mentions: list[_Mention],
    rejected: set[tuple[int, int]],
    declared: frozenset[str] = frozenset(),
    towns: frozenset[str] = frozenset(),
) -> list[_Mention]:
    """Other occurrences of a name already found, which spaCy left unlabeled or mislabeled in this article.
    `declared` names are companies by the article's own word (`Limpopo Pharma Holdings (Limpopo)`, `Eko's chief
    executive`): every occurrence is the company unless written as a place (`in Eko`)."""
    data = load_org_data()
    forms: set[str] = set(declared)
    for m in mentions:
        surfaces = [m.text, *data.aliases_by_canonical.get(m.canonical or "", ())]
        if m.canonical is None:
            surfaces.extend(short_forms(m.text) or _first_word_used_alone(doc, m))
        for surface in surfaces:
            # A lower-case company (`pinecrest bio`) is written lower-case throughout.
            if len(surface) > 1 and (surface[:1].isupper() or (m.text.islower() and len(surface) > 3)):
                forms.add(surface)
    owner = _ent_bounds(doc)
    labels = {(start, end): label for start, end, label in doc.ents}
    found = []
    for form in sorted(forms, key=len, reverse=True):
        town = form in towns or resolve_place(form) is not None
        for at in doc.occurrences(form):
            start, end = doc.token_span(at, at + len(form))
            if (start, end) in rejected:
                continue
            if town and _used_as_place(doc, start, end, None if form in declared else labels.get((start, end))):
                continue
            # Inside a longer entity (`Lilly Smith`, `Bank of Korea`) the name is part of something else, unless the
            # model took in a verb opening the sentence (`Buying Kessler gives us`).
            if any(owner.get(k) not in (None, (start, end), (start - 1, end)) for k in range(start, end)):
                continue
            if owner.get(start) == (start - 1, end) and not (_sentence_start(doc, start - 1) and doc.lowers[start - 1].endswith("ing")):
                continue
            found.append(_mention(doc, start, end))
    return found


# ---------------------------------------------------------------- grouping


@dataclass
class _Entity:
    canonical: str | None
    mentions: list[_Mention] = field(default_factory=list)

    @property
    def first(self) -> int:
        return min(m.start_char for m in self.mentions)

    @property
    def longest(self) -> str:
        return max(self.mentions, key=lambda m: (len(m.text), -m.start_char)).text


def group_mentions(mentions: Sequence[_Mention], *, aliases: dict[str, str] | None = None) -> list[_Entity]:
    """Mentions of one organization together: gazetteer canonical, bracketed abbreviation, short form, acronym."""
    aliases = aliases or {}
    entities: dict[str, _Entity] = {}
    ordered = sorted(mentions, key=lambda m: m.start_char)

    def key_of(m: _Mention) -> str:
        if m.canonical:
            return "gazetteer:" + m.canonical
        return "name:" + fold_name(" ".join(_core_tokens(m.text)) or m.text)

    for m in ordered:
        entities.setdefault(key_of(m), _Entity(m.canonical)).mentions.append(m)
    # Shorter names join the longest entity that spells them out, first-mentioned first.
    longest = {key: entity.longest for key, entity in entities.items()}
    spellings = {key: list(dict.fromkeys(m.text for m in entity.mentions)) for key, entity in entities.items()}
    by_first = sorted(entities, key=lambda key: entities[key].first)
    rank = {key: i for i, key in enumerate(by_first)}
    # Only an entity holding the short name's first word, or whose initials spell it, can spell it out:
    # looking those up keeps an article with thousands of names from comparing every pair.
    by_word: dict[str, set[str]] = {}
    by_initials: dict[str, set[str]] = {}
    for key in by_first:
        for text in spellings[key]:
            for word in _core_tokens(text):
                by_word.setdefault(word, set()).add(key)
            for initials in _initials(text):
                by_initials.setdefault(initials, set()).add(key)
    merged: dict[str, str] = {}
    for key in sorted(entities, key=lambda key: len(longest[key])):
        if entities[key].canonical:
            continue
        short = longest[key]
        target = aliases.get(fold_name(short))
        if target is None:
            first_word = _core_tokens(short)[:1]
            candidates = by_word.get(first_word[0], set()) if first_word else set()
            candidates = candidates | by_initials.get(short.upper(), set())
            for other_key in sorted(candidates, key=rank.__getitem__):
                if other_key == key or other_key in merged or len(longest[other_key]) <= len(short):
                    continue
                if any(is_short_form(short, text) or is_acronym(short, text) for text in spellings[other_key]):
                    target = other_key
                    break
        if target and target != key and target in entities:
            merged[key] = target
    for key, target in merged.items():
        while target in merged:
            target = merged[target]
        entities[target].mentions.extend(entities[key].mentions)
    result = [e for k, e in entities.items() if k not in merged]
    for entity in result:
        entity.mentions.sort(key=lambda m: m.start_char)
    return sorted(result, key=lambda e: e.first)


# ---------------------------------------------------------------- the extractor


def _with_market_place(doc: DocView, mention: _Mention) -> _Mention:
    """`Euronext Paris`, `Nasdaq Copenhagen`: an exchange's city right after its name is part of the market's name."""
    data = load_org_data()
    if data.type_by_canonical.get(mention.canonical or "") != "exchange" or mention.end >= len(doc):
        return mention
    after = doc.words[mention.end]
    if after[:1].isupper() and is_well_known_place(after):
        return _Mention(mention.start, mention.end + 1, doc.span_text(mention.start, mention.end + 1),
                        mention.start_char, doc.ends[mention.end], mention.canonical)
    return mention


def _non_overlapping(mentions: Iterable[_Mention]) -> list[_Mention]:
    kept: list[_Mention] = []
    used: set[int] = set()
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if used.isdisjoint(range(m.start, m.end)):
            kept.append(m)
            used.update(range(m.start, m.end))
    return sorted(kept, key=lambda m: m.start)


def _product_names(doc: DocView) -> frozenset[str]:
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
        if i > 0 and doc.lowers[i - 1] in product_nouns and doc.is_alpha[i] and not (i + 1 < len(doc) and _name_word(doc, i + 1)):
            if not has_org_shape(doc, i, i + 1):
                names.add(doc.words[i])
    return frozenset(name for name in names if canonical_name(name) is None)


def _person_names(doc: DocView) -> frozenset[str]:
    """Full names and surnames of the people an article names (`Chief executive Beatriz Moura` ... `Moura said`),
    so that a later mention spaCy calls an organization stays a person. A person is a PERSON entity of two words or
    more, or one whose given name or title spaCy left just outside it; names with an organization's shape or cues are not."""
    names: set[str] = set()
    data = load_org_data()
    org_words = {
        doc.words[k] for start, end, label in doc.ents if label == "ORG" and " " in doc.span_text(start, end) for k in range(start, end)
    }
    for start, end, label in doc.ents:
        if not doc.words[end - 1][:1].isupper() or not doc.is_alpha[end - 1]:
            continue
        if label != "PERSON":
            # A name spaCy calls something else is a person where a title or role says so (`Partner Ingrid Solheim-Bakke`,
            # `said Luiza Albuquerque-Tavares, Recife's chief executive`).
            if label in ("ORG", "GPE", "NORP") and end - start > 1 and is_person(doc, start, end) and canonical_name(doc.span_text(start, end)) is None and not has_org_shape(doc, start, end):
                names.add(doc.span_text(start, end))
                names.add(_surname(doc, start, end))
            continue
        if doc.words[end - 1] in org_words:
            continue  # `Meridian Straits` after `Meridian Straits Holdings`: the company's short name
        if start > 0 and (doc.words[start - 1] in data.lead_heads or doc.words[start - 1] in data.of_heads or doc.lowers[start - 1] in data.org_nouns):
            continue  # `Fondation Marquis-Aebi`, `the drugmaker Jihlava`: named after a person, or no person at all
        given_outside = start > 0 and (
            doc.words[start - 1] in data.person_titles
            or (_given_name(doc, start - 1) and start - 1 not in doc.ent_ending_at() and not _sentence_start(doc, start - 1))
        )
        if end - start < 2 and not given_outside:
            continue
        if "&" in doc.words[start:end] or has_org_shape(doc, start, end) or has_org_context(doc, start, end, label):
            continue
        names.add(doc.span_text(start, end))
        names.add(_surname(doc, start, end))
    return frozenset(name for name in names if canonical_name(name) is None and not is_well_known_place(name))


def _surname(doc: DocView, start: int, end: int) -> str:
    """The last name of a person's name, double-barrelled ones whole (`Albuquerque-Tavares`)."""
    first = end - 1
    while first - 2 >= start and doc.words[first - 1] == "-" and _joined(doc, first) and _joined(doc, first - 1):
        first -= 2
    return doc.span_text(first, end)


def _given_name(doc: DocView, i: int) -> bool:
    """Token i can be a given name: one capitalized word that is no organization word (`Fondation`, `Bank`) or place."""
    data = load_org_data()
    word = doc.words[i]
    return (
        doc.is_alpha[i]
        and word[:1].isupper()
        and not word.isupper()
        and word not in data.lead_heads
        and word not in data.name_heads
        and word not in data.of_heads
        and word not in data.not_name_starts
        and not is_well_known_place(word)  # many given names are also some town's (Beatriz, Sofia is a capital)
    )


def owned_product(doc: DocView, start: int, end: int) -> bool:
    """`Merck's Keytruda`, `Novo Nordisk's Wegovy`: one unknown word right after an organization's possessive is
    the company's product, unless a word after it says unit or subsidiary (`Pfizer's Hospira unit`)."""
    if end - start != 1 or start < 2 or doc.words[start - 1] not in POSSESSIVES or not doc.words[start][:1].isupper():
        return False
    owner = doc.ent_ending_at().get(start - 2)
    if owner is None or owner[1] != "ORG" or not any(doc.words[k][:1].isupper() for k in range(owner[0], start - 1)):
        return False
    if end < len(doc) and (doc.lowers[end] in load_org_data().org_nouns or _name_word(doc, end) or doc.words[end] in POSSESSIVES):
        return False
    return canonical_name(doc.words[start]) is None and not has_org_shape(doc, start, end)


def extract_organizations(doc: Doc | DocView) -> list[Organization]:
    """Every organization the article names, its mentions grouped, by first mention (SPEC §2, §3 ORG)."""
    data = load_org_data()
    doc = view_of(doc)
    strong_canonicals = frozenset(
        data.canonical_by_alias[text]
        for text in (doc.span_text(start, end) for start, end, _ in doc.ents)
        if text in data.canonical_by_alias and text not in data.weak_aliases
    )
    products = _product_names(doc) | _person_names(doc)
    towns = company_towns(doc)
    places = written_towns(doc) - towns
    mentions: list[_Mention] = []
    rejected: set[tuple[int, int]] = set()
    for start, end, label in doc.ents:
        mention = judge_entity(doc, start, end, label, strong_canonicals=strong_canonicals, products=products, company_towns=towns, towns_as_places=places)
        if mention == VETOED:
            rejected.add((start, end))
        elif isinstance(mention, _Mention):
            mentions.append(mention)
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
    for start, end in missed_names(doc, free=free, people=people):
        mentions.append(_mention(doc, *complete_name(doc, start, end)))
        org_tokens[start:end] = b"\x01" * (end - start)
    for start, end in _listed_names(doc, free, people, org_tokens):
        mentions.append(_mention(doc, *complete_name(doc, start, end)))
    for start, end in _acronym_names(doc, org_tokens):
        mentions.append(_mention(doc, start, end))
    mentions = [_with_market_place(doc, m) for m in mentions]
    aliases: dict[str, str] = {}
    bracketed: list[_Mention] = []
    for mention in list(mentions):
        short = _abbreviation_after(doc, mention)
        if short is not None:
            bracketed.append(short)
            aliases[fold_name(short.text)] = "name:" + fold_name(" ".join(_core_tokens(mention.text)))
            if mention.canonical:
                aliases[fold_name(short.text)] = "gazetteer:" + mention.canonical
            mentions.append(short)
    mentions = _non_overlapping(mentions)
    declared = towns | frozenset(short.text for short in bracketed)
    mentions = _non_overlapping([*mentions, *_propagate(doc, mentions, rejected, declared, places)])
    entities = group_mentions(mentions, aliases=aliases)
    return [
        Organization(
            name=entity.longest,
            canonical=entity.canonical,
            mentions=[Mention(text=m.text, start=m.start_char, end=m.end_char) for m in entity.mentions],
        )
        for entity in entities
    ]
