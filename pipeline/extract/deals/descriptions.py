"""Descriptions that stand for an organization named before (`the ministry`, `the Swiss agency`, `the state-owned
bank`): each is read as a mention of that organization, so that the party rules see the name again.

A description is `the`, at most data.description_reach other words, and a head noun of data.description_heads. It
stands for the nearest organization named before it whose name holds the head (`the alliance` after `Gavi, the
Vaccine Alliance`); a public head (`the ministry`, `the agency`, `the regulator`) with no such name stands for the
nearest public body. A description that matches no organization stays words; one whose head is a pronoun's (`the
Toronto company`, `the Korean buyer`) reads as that pronoun (`the company`, `the buyer`)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from pipeline.extract.deals.words import ORG, WORD, DealWords, Token
from pipeline.models import Organization


class _Referents:
    """Per head noun, the mentions (start, organization) of the organizations whose name holds it, sorted, and those
    of the public bodies: the nearest before a description is one bisection away, however long the article."""

    def __init__(self, organizations: Sequence[Organization], public: frozenset[int], bystanders: frozenset[int], data: DealWords) -> None:
        self.by_head: dict[str, list[tuple[int, int]]] = {head: [] for head in data.description_heads}
        self.public: list[tuple[int, int]] = []
        self.public_heads = data.public_heads
        for ref, org in enumerate(organizations):
            if ref in bystanders:
                continue
            words = {w.lower().strip(".,()’'") for text in {org.name, *(m.text for m in org.mentions)} for w in text.split()}
            starts = [(m.start, ref) for m in org.mentions]
            for head, found in self.by_head.items():
                if head in words or head + "s" in words:
                    found += starts
            if ref in public:
                self.public += starts
        for found in self.by_head.values():
            found.sort()
        self.public.sort()

    def before(self, head: str, start: int) -> int | None:
        """The organization the description with this head at character `start` stands for, or None."""
        for found in (self.by_head.get(head, []), self.public if head in self.public_heads else []):
            i = bisect.bisect_left(found, (start, -1))
            if i:
                return found[i - 1][1]
        return None


def _head_of(tokens: Sequence[Token], i: int, heads: frozenset[str], data: DealWords) -> int | None:
    """The index of the head noun of a description that begins at token i (`the`), or None."""
    if tokens[i].kind != WORD or tokens[i].lower != "the":
        return None
    for j in range(i + 1, min(len(tokens), i + 2 + data.description_reach)):
        token = tokens[j]
        if token.kind != WORD or not (token.lower[:1].isalpha() or token.lower in ("’s", "'s")):
            return None
        if token.lower in heads and not (j + 1 < len(tokens) and tokens[j + 1].lower in heads):
            return j
    return None


def _pronoun_heads(data: DealWords) -> frozenset[str]:
    """The nouns of the two-word pronouns (`the company`, `the buyer`): with words between (`the Toronto company`, `the
    Korean buyer`) they are read as the pronoun itself."""
    return frozenset(p[1] for p in data.pronouns if len(p) == 2 and p[0] == "the")


def resolve_descriptions(tokens: list[Token], organizations: Sequence[Organization], public: frozenset[int], bystanders: frozenset[int], data: DealWords) -> list[Token]:
    """The tokens with each description that stands for an organization made one ORG token of it (never one of the
    bystanders, which are no party)."""
    referents = _Referents(organizations, public, bystanders, data)
    pronouns = _pronoun_heads(data) - data.description_heads
    heads = data.description_heads | pronouns
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        head = _head_of(tokens, i, heads, data)
        word = None if head is None else tokens[head].lower
        ref = None if word is None or word in pronouns else referents.before(word, tokens[i].start)
        if ref is not None:
            out.append(Token(ORG, f"<{ORG}>", tokens[i].start, tokens[head].end, ref, tokens[i].paragraph))
            i = head + 1
        elif word in pronouns and head > i + 1 and not any(t.lower.endswith(("'s", "’s")) for t in tokens[i + 1 : head]):
            out += (tokens[i], tokens[head])  # `the Toronto company` reads as `the company`, not `the target's board`
            i = head + 1
        else:
            out.append(tokens[i])
            i += 1
    return out
