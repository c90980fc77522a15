"""What every organization rule reads off the tokens: name words and runs of them, sentence starts, spacing, and the
mention record the rules pass around."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.orgs.gazetteer import canonical_name, load_org_data
from pipeline.extract.view import DocView

POSSESSIVES = frozenset({"'s", "\u2019s", "'", "\u2019"})


MONEY_LIKE = re.compile(r"[$\u20ac\u00a3\u00a5\u20a9]\s?\d")


@dataclass(slots=True)
class OrgMention:
    start: int  # token index
    end: int
    text: str
    start_char: int
    end_char: int
    canonical: str | None


def mention_of(doc: DocView, start: int, end: int) -> OrgMention:
    """The mention of tokens start..end, with the gazetteer's canonical name of its text (`Lilly` -> `Eli Lilly and Company`)."""
    text = doc.span_text(start, end)
    return OrgMention(start, end, text, doc.starts[start], doc.ends[end - 1], canonical_name(text))


def joined(doc: DocView, i: int) -> bool:
    """Token i follows the one before it with no space."""
    return 0 < i < len(doc) and doc.ends[i - 1] == doc.starts[i]


def spaced(doc: DocView, i: int) -> bool:
    """Token i follows the one before it after exactly one space."""
    return 0 < i < len(doc) and doc.text[doc.ends[i - 1] : doc.starts[i]] == " "


def name_word(doc: DocView, i: int) -> bool:
    """Token i can be part of a name: capitalized, with a letter (`Tarvon`, `B3`, `GmbH`; not `the`, `2025`)."""
    return doc.words[i][:1].isupper() and any(ch.isalpha() for ch in doc.words[i])


def name_back(doc: DocView, end: int, limit: int = 5) -> int:
    """First token of the run of capitalized words (hyphen-joined ones included) that ends at `end`."""
    start = end
    while start > 0 and end - start < limit:
        if name_word(doc, start - 1) and doc.words[start - 1] not in load_org_data().not_name_starts:
            start -= 1
        elif start > 1 and doc.words[start - 1] == "-" and joined(doc, start - 1) and joined(doc, start) and name_word(doc, start - 2):
            start -= 2
        else:
            break
    return start


def name_forward(doc: DocView, start: int, limit: int = 5) -> int:
    """End of the run of capitalized words (hyphen-joined ones included) that starts at `start` (`Okonkwo-Lind Family Office`)."""
    end = start
    while end < len(doc) and end - start < limit:
        if name_word(doc, end) and not (end > start and doc.words[end] in load_org_data().not_name_starts):
            end += 1
        elif end > start and doc.words[end] == "-" and joined(doc, end) and joined(doc, end + 1) and end + 1 < len(doc) and name_word(doc, end + 1):
            end += 2
        else:
            break
    return end


def sentence_start(doc: DocView, i: int) -> bool:
    """Token i opens a sentence, a line or a quote (`“Buying Kessler ...`), where any word is capitalized."""
    return i == 0 or doc.is_space[i - 1] or doc.words[i - 1] in (".", "!", "?", ":", ";", "\"", "\u201c")


def lead_head_name(doc: DocView, i: int) -> int:
    """End of `Fondation Marquis-Aebi`, `Fonds de solidarité FTQ`: words after the head up to its last capitalized one."""
    last = i
    j = i + 1
    while j < len(doc) and j - i <= 5 and (doc.is_alpha[j] or (doc.words[j] == "-" and joined(doc, j) and joined(doc, j + 1))):
        if name_word(doc, j):
            last = j
        j += 1
    return last + 1
