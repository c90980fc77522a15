"""Amounts of one transaction grouped into a deal (SPEC §7): a list in one sentence (`$20 million upfront and up to
$265 million in milestones`), a conversion with what it converts, and amounts with the same parties."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.extract.deals.words import DealWords

ACQUISITION_ROLES = frozenset({"acquisition_price", "price_per_share"})
# Deal kinds whose amounts may be parts of one another's deal (an acquisition's CVRs are milestones).
FAMILIES = ({"licensing", "acquisition"},)


@dataclass
class Terms:
    """One amount's deal terms while the article is read."""

    role: str
    payer: int | None = None
    payee: int | None = None
    converts: int | None = None  # index of the amount this one restates in another currency
    listed_with: int | None = None  # index of the amount before it in the same list
    side: str | None = None  # `payer` or `payee` when its clause names a side by its part (`the buyer`, `the licensor`)
    funds_purchase: bool = False  # a financing of the article's purchase (`fund the deal with a $750 million loan`)
    fee: bool = False  # a fee one side of the article's acquisition owes the other (`a break fee of $130 million`)
    place_pays: bool = False  # a country, state or city pays it (`Norway will put 2 billion kroner into`): no organization does
    repeats: bool = False  # its clause is the previous amount's, repeated for another organization (`X was fined $12 million, Y $8 million`)


@dataclass
class Group:
    kind: str
    members: list[int] = field(default_factory=list)
    parties: list[int] = field(default_factory=list)


def _kind(terms: Terms, data: DealWords) -> str | None:
    kind = data.deal_kinds.get(terms.role)
    if kind is None or (terms.payer is None and terms.payee is None):
        return None  # no transaction: a result, a valuation, a trading price, or an amount no one pays
    return kind


def _compatible(a: str, b: str) -> bool:
    return a == b or any(a in family and b in family for family in FAMILIES)


def group_deals(terms: Sequence[Terms], data: DealWords) -> list[Group]:
    """The deals of the article in order of their first amount; each amount in at most one."""
    groups: list[Group] = []
    group_of: dict[int, Group] = {}
    for i, t in enumerate(terms):
        linked = t.converts if t.converts is not None else t.listed_with
        if linked is not None and linked in group_of:
            group = group_of[linked]
        else:
            kind = _kind(t, data)
            if kind is None:
                continue
            parties = {p for p in (t.payer, t.payee) if p is not None}
            group = next(
                (g for g in groups if _compatible(g.kind, kind) and parties
                 and (parties <= set(g.parties) or set(g.parties) <= parties)),
                None,
            )
            if group is None:
                group = Group(kind)
                groups.append(group)
        group.members.append(i)
        group_of[i] = group
        for p in (t.payer, t.payee):
            if p is not None and p not in group.parties:
                group.parties.append(p)
        if t.role in ACQUISITION_ROLES and group.kind == "licensing":
            group.kind = "acquisition"
    return groups


def headline_of(group: Group, terms: Sequence[Terms], data: DealWords) -> int | None:
    for i in group.members:
        if terms[i].role in data.headline_roles and terms[i].converts is None:
            return i
    return None
