"""Descriptions that stand for an organization named before (`the ministry`, `the Swiss agency`, `the state-backed
fund`): each is read as a mention of that organization, so that the party rules see the name again.

A description is `the`, at most data.description_reach other words, and a head noun of data.description_heads. It
stands for the nearest organization named before it whose name holds the head (`the alliance` after `Gavi, the
Vaccine Alliance`); a public head (`the ministry`, `the agency`, `the regulator`) with no such name stands for the
nearest public body. A description that matches no organization stays words (`the company` is a pronoun there)."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.extract.deals.words import ORG, WORD, DealWords, Token
from pipeline.models import Organization


def _names(organizations: Sequence[Organization]) -> list[frozenset[str]]:
    return [frozenset(w.lower().strip(".,()’'") for text in {o.name, *(m.text for m in o.mentions)} for w in text.split()) for o in organizations]


def _referent(head: str, start: int, mentions: Sequence[tuple[int, int]], names: Sequence[frozenset[str]], public: frozenset[int], data: DealWords) -> int | None:
    """The organization the description at character `start` stands for: `mentions` are (start, ref), sorted."""
    before = [ref for at, ref in reversed(mentions) if at < start]
    found = next((ref for ref in before if head in names[ref] or head + "s" in names[ref]), None)
    if found is None and head in data.public_heads:
        found = next((ref for ref in before if ref in public), None)
    return found


def _head_of(tokens: Sequence[Token], i: int, data: DealWords) -> int | None:
    """The index of the head noun of a description that begins at token i (`the`), or None."""
    if tokens[i].kind != WORD or tokens[i].lower != "the":
        return None
    for j in range(i + 1, min(len(tokens), i + 2 + data.description_reach)):
        token = tokens[j]
        if token.kind != WORD or not (token.lower[:1].isalpha() or token.lower in ("’s", "'s")):
            return None
        if token.lower in data.description_heads and not (j + 1 < len(tokens) and tokens[j + 1].lower in data.description_heads):
            return j
    return None


def resolve_descriptions(tokens: list[Token], organizations: Sequence[Organization], public: frozenset[int], bystanders: frozenset[int], data: DealWords) -> list[Token]:
    """The tokens with each description that stands for an organization made one ORG token of it (never one of the
    bystanders, which are no party)."""
    names = _names(organizations)
    mentions = sorted((m.start, i) for i, o in enumerate(organizations) if i not in bystanders for m in o.mentions)
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        head = _head_of(tokens, i, data)
        ref = None if head is None else _referent(tokens[head].lower, tokens[i].start, mentions, names, public, data)
        if ref is None:
            out.append(tokens[i])
            i += 1
        else:
            out.append(Token(ORG, f"<{ORG}>", tokens[i].start, tokens[head].end, ref, tokens[i].paragraph))
            i = head + 1
    return out
