"""Mentions of one organization together: bracketed abbreviations, short forms and acronyms of a longer name,
other occurrences of a known name (propagation), and the grouping into entities."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pipeline.extract.orgs.gazetteer import FOLD_QUOTES, canonical_name, core_tokens, fold_name, load_org_data
from pipeline.extract.orgs.generic import is_generic
from pipeline.extract.orgs.products import looks_like_inn
from pipeline.extract.orgs.tokens import OrgMention, mention_of, name_word, sentence_start
from pipeline.extract.orgs.towns import used_as_place
from pipeline.extract.view import DocView
from pipeline.normalize.geo import is_not_place, is_well_known_place, resolve_place

ACRONYM = re.compile(r"[A-Z][A-Za-z]?[A-Z&]{0,6}")


def abbreviation_after(doc: DocView, mention: OrgMention) -> OrgMention | None:
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
        return mention_of(doc, i + 1, close)
    heads = load_org_data().name_heads | load_org_data().of_heads
    if close == i + 2 and is_native_name(inner) and mention.end - mention.start > 1 and any(
        word in heads for word in doc.words[mention.start : mention.end]
    ):
        # `Swedish Medical Products Agency (Läkemedelsverket)`, `Hospital for Sick Children (SickKids)`.
        return mention_of(doc, i + 1, close)
    return None


def is_native_name(word: str) -> bool:
    """One capitalized word that can be an organization's own name given in brackets (`The Caldonian Medicines Agency
    (Medverket) cleared the trial.`): not a place, drug or common word."""
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


def is_short_form(short: str, long: str) -> bool:
    """`Alteogen` of `Alteogen Inc.`, `Hanbit` of `Hanbit Biologics`: the short name's words run inside the long one's."""
    data = load_org_data()
    small, big = core_tokens(short), core_tokens(long)
    if not small or len(small) > len(big) or fold_name(short) == fold_name(long) or is_generic(short):
        return False
    if all(word.lower() in data.name_connectors or word in data.name_heads for word in small):
        return False
    return any(big[i : i + len(small)] == small for i in range(len(big) - len(small) + 1))


def is_acronym(short: str, long: str) -> bool:
    """`BMS` of `Bristol Myers Squibb`: the initials of the long name's words, with or without its connectors."""
    if not ACRONYM.fullmatch(short) or sum(ch.isupper() for ch in short) < 2:
        return False
    return short.upper() in name_initials(long)


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
def name_initials(name: str) -> tuple[str, ...]:
    """The acronyms a name of two words or more can have: its words' initials with and without its connectors
    (`Bank of America` -> `BOA`, `BA`)."""
    data = load_org_data()
    words = [w for part in core_tokens(name) for w in part.split("-") if w]
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
    core = core_tokens(name)
    found = []
    if core and " ".join(core) != name.translate(FOLD_QUOTES):
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
        # Czech town, where a locative word does not say otherwise (see propagate); a large place stays a place.
        and (form[:1].islower() or not is_well_known_place(form))
        and not is_not_place(form)
    ]


def first_word_used_alone(doc: DocView, mention: OrgMention) -> list[str]:
    """`Lifera` of `Lifera Health`, where no suffix or head word says the first word is the short name: it is when the
    article writes it alone somewhere inside a sentence (`has promised Lifera a`), where a plain word is not capitalized."""
    data = load_org_data()
    core = core_tokens(mention.text)
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
        if not sentence_start(doc, i) and not (i + 1 < len(doc) and name_word(doc, i + 1)) and not (i > 0 and name_word(doc, i - 1)):
            return [first]
    return []


def _ent_bounds(doc: DocView) -> dict[int, tuple[int, int]]:
    owner: dict[int, tuple[int, int]] = {}
    for start, end, _ in doc.ents:
        bounds = (start, end)
        for i in range(start, end):
            owner[i] = bounds
    return owner


def propagate(
    doc: DocView,
    mentions: list[OrgMention],
    rejected: set[tuple[int, int]],
    declared: frozenset[str] = frozenset(),
    towns: frozenset[str] = frozenset(),
) -> list[OrgMention]:
    """Other occurrences of a name already found, which spaCy left unlabeled or mislabeled in this article.
    `declared` names are companies by the article's own word (`Limpopo Pharma Holdings (Limpopo)`, `Eko's chief
    executive`): every occurrence is the company unless written as a place (`in Eko`)."""
    data = load_org_data()
    forms: set[str] = set(declared)
    for m in mentions:
        surfaces = [m.text, *data.aliases_by_canonical.get(m.canonical or "", ())]
        if m.canonical is None:
            surfaces.extend(short_forms(m.text) or first_word_used_alone(doc, m))
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
            if town and used_as_place(doc, start, end, None if form in declared else labels.get((start, end))):
                continue
            # Inside a longer entity (`Lilly Smith`, `Bank of Korea`) the name is part of something else, unless the
            # model took in a verb opening the sentence (`Buying Kessler gives us`).
            if any(owner.get(k) not in (None, (start, end), (start - 1, end)) for k in range(start, end)):
                continue
            if owner.get(start) == (start - 1, end) and not (sentence_start(doc, start - 1) and doc.lowers[start - 1].endswith("ing")):
                continue
            found.append(mention_of(doc, start, end))
    return found


@dataclass
class Entity:
    canonical: str | None
    mentions: list[OrgMention] = field(default_factory=list)

    @property
    def first(self) -> int:
        return min(m.start_char for m in self.mentions)

    @property
    def longest(self) -> str:
        return max(self.mentions, key=lambda m: (len(m.text), -m.start_char)).text


def group_mentions(mentions: Sequence[OrgMention], *, aliases: dict[str, str] | None = None) -> list[Entity]:
    """Mentions of one organization together: gazetteer canonical, bracketed abbreviation, short form, acronym.
    `Tarvon Bio will pay the fee, and Tarvon expects approval soon.`: one entity, named `Tarvon Bio`."""
    entities: dict[str, Entity] = {}
    for m in sorted(mentions, key=lambda m: m.start_char):
        entities.setdefault(_group_key(m), Entity(m.canonical)).mentions.append(m)
    merged = _spelled_out_by(entities, aliases or {})
    for key, target in merged.items():
        while target in merged:
            target = merged[target]
        entities[target].mentions.extend(entities[key].mentions)
    result = [e for k, e in entities.items() if k not in merged]
    for entity in result:
        entity.mentions.sort(key=lambda m: m.start_char)
    return sorted(result, key=lambda e: e.first)


def _group_key(m: OrgMention) -> str:
    if m.canonical:
        return "gazetteer:" + m.canonical
    return "name:" + fold_name(" ".join(core_tokens(m.text)) or m.text)


def _spelled_out_by(entities: dict[str, Entity], aliases: dict[str, str]) -> dict[str, str]:
    """Each unknown entity's key -> the key of the longer entity that spells its name out (a bracketed alias first,
    then short forms and acronyms, the first-mentioned longer entity first)."""
    longest = {key: entity.longest for key, entity in entities.items()}
    spellings = {key: list(dict.fromkeys(m.text for m in entity.mentions)) for key, entity in entities.items()}
    by_first = sorted(entities, key=lambda key: entities[key].first)
    rank = {key: i for i, key in enumerate(by_first)}
    by_word, by_initials = _spelling_index(by_first, spellings)
    merged: dict[str, str] = {}
    for key in sorted(entities, key=lambda key: len(longest[key])):
        if entities[key].canonical:
            continue
        short = longest[key]
        target = aliases.get(fold_name(short))
        if target is None:
            first_word = core_tokens(short)[:1]
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
    return merged


def _spelling_index(keys: list[str], spellings: dict[str, list[str]]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The entities holding each word, and those whose initials spell each acronym. Only an entity holding a short
    name's first word, or whose initials spell it, can spell it out: looking those up keeps an article with thousands
    of names from comparing every pair."""
    by_word: dict[str, set[str]] = {}
    by_initials: dict[str, set[str]] = {}
    for key in keys:
        for text in spellings[key]:
            for word in core_tokens(text):
                by_word.setdefault(word, set()).add(key)
            for initials in name_initials(text):
                by_initials.setdefault(initials, set()).add(key)
    return by_word, by_initials


def non_overlapping(mentions: Iterable[OrgMention]) -> list[OrgMention]:
    """Of mentions that overlap, the longest (the first of equals): `Bank of America` over `America`."""
    kept: list[OrgMention] = []
    used: set[int] = set()
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if used.isdisjoint(range(m.start, m.end)):
            kept.append(m)
            used.update(range(m.start, m.end))
    return sorted(kept, key=lambda m: m.start)
