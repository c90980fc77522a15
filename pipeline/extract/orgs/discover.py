"""Names the model missed: organization names no spaCy entity covers, found by their shape (`X Family Office`,
`Fondation X`), their context (`analysts at X`, `X first reported`), a list of firms, or a bracketed acronym."""

from __future__ import annotations

import functools
import re

from pipeline.extract.orgs.cues import (
    after_person_at,
    apposition,
    apposition_head,
    cue_after,
    cue_before,
    role_then_person,
)
from pipeline.extract.orgs.gazetteer import load_org_data
from pipeline.extract.orgs.generic import is_generic
from pipeline.extract.orgs.people import is_person
from pipeline.extract.orgs.shapes import ends_like_org
from pipeline.extract.orgs.tokens import (
    lead_head_name,
    name_back,
    name_forward,
    name_word,
    sentence_start,
)
from pipeline.extract.orgs.towns import after_locative
from pipeline.extract.view import DocView
from pipeline.normalize.geo import is_not_place, is_well_known_place, resolve_place


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
            if resolve_place(text) is None or (town and not is_well_known_place(text) and not after_locative(doc, start)):
                found.append((start, end))

    heads_by_last = data.scan_head_by_last
    for i in doc.capitalized():
        if not free[i]:
            continue
        word = doc.words[i]
        head = heads_by_last.get(word)
        # A head followed by more name words is inside a longer phrase (`Public Service Minister David Dofara`).
        if head is not None and tuple(doc.words[i + 1 - len(head) : i + 1]) == head and not (i + 1 < len(doc) and name_word(doc, i + 1)):
            start = name_back(doc, i + 1 - len(head))
            if start < i + 1 - len(head):
                add(start, i + 1)
                continue
        if word in data.lead_heads or word in data.group_words:
            end = lead_head_name(doc, i)
            if end > i + 1:
                add(i, end)
                continue
        if ends_like_org(word) and doc.is_alpha[i] and not sentence_start(doc, i):
            add(i, i + 1)
            continue
        # A name before an organization cue; one word opening a sentence is too often a plain word.
        if i + 1 < len(doc) and (doc.lowers[i + 1] in data.cue_after_starts or doc.lowers[i + 1] in ("and", ",")) and not name_word(doc, i + 1):
            start = name_back(doc, i + 1)
            if start <= i and (i > start or not sentence_start(doc, start)) and cue_after(doc, i + 1, person=bool(people and people[start])):
                add(start, i + 1, town=True)
                continue
        if (cue_before(doc, i) or (i > 0 and doc.lowers[i - 1] in data.org_nouns) or after_person_at(doc, i)) and (
            i == 0 or not name_word(doc, i - 1)
        ) and len(word) > 1 and word not in data.not_name_starts:
            # `analysts at Peel Hunt`, `the Danish pension fund ATP`.
            add(i, name_forward(doc, i), town=True)
            continue
        if (i == 0 or not name_word(doc, i - 1)) and word not in data.not_name_starts:
            # `Goodbody analyst Ciara Walsh`, not `Chief executive Ciara Walsh`.
            end = name_forward(doc, i)
            if role_then_person(doc, end) and not any(
                doc.lowers[k] in data.role_modifiers or doc.lowers[k] in data.corporate_roles or doc.lowers[k] in data.person_roles
                for k in range(i, end)
            ):
                add(i, end, town=True)
                continue
        if (i == 0 or not name_word(doc, i - 1)) and not (people and people[i]) and word not in data.not_name_starts and not word.endswith("ly"):
            # `Tarnow, a Polish fertilizer maker, said ...`: a name an indefinite apposition calls an institution,
            # even opening a sentence (adverbs opening one are in not_name_starts or end in -ly).
            end = name_forward(doc, i)
            if end + 1 < len(doc) and doc.words[end] == "," and doc.lowers[end + 1] in ("a", "an") and apposition_head(doc, end + 2) in data.institution_nouns:
                add(i, end, town=True)
    for match in _lowercase_brands().finditer(doc.text):
        bounds = doc.token_span(match.start(1), match.end(1))
        if bounds is not None and apposition(doc, bounds[1]) == "org":
            add(*bounds)
    return found


def listed_names(doc: DocView, free: bytearray, people: bytearray, org_tokens: bytearray) -> list[tuple[int, int]]:
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
        if before < 0 or not org_tokens[before] or name_word(doc, i - 1):
            continue
        if free[i]:
            end = name_forward(doc, i, limit=4)
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


def acronym_names(doc: DocView, org_tokens: bytearray) -> list[tuple[int, int]]:
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
            if name_word(doc, j):
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
