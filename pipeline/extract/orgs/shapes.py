"""What an organization's name looks like by itself: a head word or legal suffix at its end (`X Therapeutics`,
`Y Inc.`), `University of X`, a word ending in -fonden or -bank."""

from __future__ import annotations

import functools

from pipeline.extract.orgs.gazetteer import load_org_data
from pipeline.extract.view import DocView


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


def has_capital_or_brand(doc: DocView, start: int, end: int) -> bool:
    """`health` (left of a cut `ministry`) names nothing; a lower-case name needs a brand word (`bluebird bio`)."""
    if any(word[:1].isupper() or any(ch.isupper() for ch in word) for word in doc.words[start:end]):
        return True
    return end - start > 1 and doc.lowers[end - 1] in load_org_data().lowercase_name_words
