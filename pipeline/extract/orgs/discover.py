"""Names the model missed: organization names no spaCy entity covers, found by their shape (`X Family Office`,
`Fondation X`), their context (`analysts at X`, `X first reported`), a list of firms, or a bracketed acronym."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from pipeline.extract.orgs.cues import after_person_at, apposition, apposition_head, cue_after, cue_before, role_then_person
from pipeline.extract.orgs.gazetteer import load_org_data
from pipeline.extract.orgs.generic import is_generic
from pipeline.extract.orgs.people import is_person
from pipeline.extract.orgs.shapes import ends_like_org
from pipeline.extract.orgs.tokens import lead_head_name, name_back, name_forward, name_word, sentence_start
from pipeline.extract.orgs.towns import after_locative
from pipeline.extract.view import DocView
from pipeline.normalize.geo import is_not_place, is_well_known_place, resolve_place

# A rule that finds a name no entity covers: (doc, i, people) -> (start, end, town) for the capitalized token i, or None.
# `town`: the context is strong enough to make a town's name a company's (`Tarnow, a fertilizer maker`).
MissedNameRule = Callable[[DocView, int, bytearray | None], tuple[int, int, bool] | None]


def missed_names(doc: DocView, *, free: bytearray, people: bytearray | None = None) -> list[tuple[int, int]]:
    """Token bounds of organization names that no entity covers, found by their shape or their context:
    `X Family Office`, `X Authority`, `X-Stiftung`, `Fondation X`, `Industrifonden`, `X first reported`,
    `analysts at X`, and a lower-case company introduced as one (`pinecrest bio, a Toronto developer`).
    `free[i]` says token i lies in no entity the model or the rules already judged; `people[i]` that spaCy
    read token i as part of a person's name, which takes only the cues people do not take too. At each
    capitalized token the first of MISSED_NAME_RULES that finds a name decides."""
    found: list[tuple[int, int]] = []
    for i in doc.capitalized():
        if not free[i]:
            continue
        for rule in MISSED_NAME_RULES:
            hit = rule(doc, i, people)
            if hit is not None:
                _add_missed(doc, found, free, *hit)
                break
    for start, end in lowercase_company_names(doc):
        _add_missed(doc, found, free, start, end, False)
    return found


def lowercase_company_names(doc: DocView) -> list[tuple[int, int]]:
    """`arborlight bio, a Boston developer of eye drugs, raised money.`: a lower-case company name opening the article,
    a paragraph or a sentence, that an apposition calls an organization."""
    found = []
    for match in _lowercase_brands().finditer(doc.text):
        bounds = doc.token_span(match.start(1), match.end(1))
        if bounds is not None and apposition(doc, bounds[1]) == "org":
            found.append(bounds)
    return found


def _add_missed(doc: DocView, found: list[tuple[int, int]], free: bytearray, start: int, end: int, town: bool) -> None:
    """Keep a name all of whose tokens are free, that is no generic phrase or nationality, and no place (a town only with `town`)."""
    if start < end and all(free[start:end]):
        text = doc.span_text(start, end)
        if is_generic(text) or is_not_place(text):
            return
        if resolve_place(text) is None or (town and not is_well_known_place(text) and not after_locative(doc, start)):
            found.append((start, end))


def name_before_scan_head(doc: DocView, i: int, people: bytearray | None) -> tuple[int, int, bool] | None:
    """`The round drew the Okonkwo-Lind Family Office and two banks.`: name words before a head of scan_heads (a head
    followed by more name words is inside a longer phrase: `Public Service Minister David Dofara`)."""
    head = load_org_data().scan_head_by_last.get(doc.words[i])
    if head is None or tuple(doc.words[i + 1 - len(head) : i + 1]) != head or (i + 1 < len(doc) and name_word(doc, i + 1)):
        return None
    start = name_back(doc, i + 1 - len(head))
    return (start, i + 1, False) if start < i + 1 - len(head) else None


def name_after_lead_head(doc: DocView, i: int, people: bytearray | None) -> tuple[int, int, bool] | None:
    """`The Fondation Leclerc-Barre joined the round.`: a lead head or group word and the name words after it."""
    data = load_org_data()
    if doc.words[i] not in data.lead_heads and doc.words[i] not in data.group_words:
        return None
    end = lead_head_name(doc, i)
    return (i, end, False) if end > i + 1 else None


def word_ending_like_org(doc: DocView, i: int, people: bytearray | None) -> tuple[int, int, bool] | None:
    """`The round was led by Vestrafonden and Kelso Bio.`: one word whose ending says fund, foundation or bank."""
    if ends_like_org(doc.words[i]) and doc.is_alpha[i] and not sentence_start(doc, i):
        return (i, i + 1, False)
    return None


def name_before_cue_after(doc: DocView, i: int, people: bytearray | None) -> tuple[int, int, bool] | None:
    """`Tidewater Ledger first reported the bid.`, `Marchetti Vogt is advising the seller.`: a name before an
    organization cue; one word opening a sentence is too often a plain word."""
    data = load_org_data()
    if not (i + 1 < len(doc) and (doc.lowers[i + 1] in data.cue_after_starts or doc.lowers[i + 1] in ("and", ",")) and not name_word(doc, i + 1)):
        return None
    start = name_back(doc, i + 1)
    if start <= i and (i > start or not sentence_start(doc, start)) and cue_after(doc, i + 1, person=bool(people and people[start])):
        return (start, i + 1, True)
    return None


def name_after_cue_before(doc: DocView, i: int, people: bytearray | None) -> tuple[int, int, bool] | None:
    """`Analysts at Grellton Weir expect sales to double.`, `The Dutch pension fund PGV backed the plan.`, `Analyst Rosa
    Prieto at Intercam said`: a name after an organization cue, an organization noun, or a person and `at`."""
    data = load_org_data()
    word = doc.words[i]
    if (cue_before(doc, i) or (i > 0 and doc.lowers[i - 1] in data.org_nouns) or after_person_at(doc, i)) and (
        i == 0 or not name_word(doc, i - 1)
    ) and len(word) > 1 and word not in data.not_name_starts:
        return (i, name_forward(doc, i), True)
    return None


def firm_before_role_and_person(doc: DocView, i: int, people: bytearray | None) -> tuple[int, int, bool] | None:
    """`Ardgour analyst Ciara Walsh agreed.`: a name before a job at a firm and a person; not `Chief executive Ciara Walsh`."""
    data = load_org_data()
    if (i > 0 and name_word(doc, i - 1)) or doc.words[i] in data.not_name_starts:
        return None
    end = name_forward(doc, i)
    if role_then_person(doc, end) and not any(
        doc.lowers[k] in data.role_modifiers or doc.lowers[k] in data.corporate_roles or doc.lowers[k] in data.person_roles
        for k in range(i, end)
    ):
        return (i, end, True)
    return None


def name_before_institution_apposition(doc: DocView, i: int, people: bytearray | None) -> tuple[int, int, bool] | None:
    """`Tarnow, a Polish maker of fertilizers, said profit fell.`: a name an indefinite apposition calls an institution,
    even opening a sentence (adverbs opening one are in not_name_starts or end in -ly)."""
    word = doc.words[i]
    if (i > 0 and name_word(doc, i - 1)) or (people and people[i]) or word in load_org_data().not_name_starts or word.endswith("ly"):
        return None
    end = name_forward(doc, i)
    if end + 1 < len(doc) and doc.words[end] == "," and doc.lowers[end + 1] in ("a", "an") and apposition_head(doc, end + 2) in load_org_data().institution_nouns:
        return (i, end, True)
    return None


MISSED_NAME_RULES: tuple[MissedNameRule, ...] = (
    name_before_scan_head,
    name_after_lead_head,
    word_ending_like_org,
    name_before_cue_after,
    name_after_cue_before,
    firm_before_role_and_person,
    name_before_institution_apposition,
)


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
