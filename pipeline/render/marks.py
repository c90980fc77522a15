"""The highlights of one record: every mention with its label and hover text, and the review notes eval and diff add."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

LABELS = ("ORG", "MONEY", "DATE", "PLACE")


@dataclass(frozen=True)
class Note:
    """A review finding on one span: an eval mistake (fp, fn, value) or a diff change (added, removed, changed)."""

    kind: str
    label: str
    start: int
    end: int
    text: str
    detail: str = ""
    gold: tuple[int, int] | None = None  # the gold span's offsets (eval's fn and value)
    pred: tuple[int, int] | None = None  # the predicted span's offsets (eval's fp and value)


@dataclass(frozen=True)
class Highlight:
    label: str
    start: int
    end: int
    text: str
    tip: str
    ref: str | None = None  # the entity's id (schema 1.1) or name, shown in the side table
    note: Note | None = None
    also: tuple[Note, ...] = field(default_factory=tuple)  # notes on overlapping spans that cannot be drawn apart

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


def number(value: Any) -> str:
    """710000000000 -> '710,000,000,000'; 0.52 -> '0.52'."""
    if value is None:
        return "?"
    value = float(value)
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def _amount_value(amount: dict[str, Any]) -> str:
    currency = amount.get("currency") or "(currency unknown)"
    if amount.get("modifier") == "range":
        figure = f"{currency} {number(amount.get('low'))} – {number(amount.get('high'))}"
    else:
        figure = f"{currency} {number(amount.get('value'))}"
    return f"{figure} ({amount.get('modifier')})"


def _org_names(record: dict[str, Any]) -> dict[str, str]:
    return {org["id"]: org["name"] for org in record.get("organizations", []) if isinstance(org.get("id"), str)}


def party(org_id: Any, names: dict[str, str]) -> str:
    if org_id is None:
        return "none named"
    return f"{names[org_id]} ({org_id})" if org_id in names else str(org_id)


def amount_tip(amount: dict[str, Any], names: dict[str, str], deals: dict[str, dict[str, Any]]) -> str:
    lines = [f"MONEY {amount['text']}", _amount_value(amount)]
    if amount.get("usd_value") is not None:
        rate = f" (ECB rate of {amount['usd_rate_date']})" if amount.get("usd_rate_date") else ""
        lines.append(f"≈ USD {number(amount['usd_value'])}{rate}")
    if "role" in amount:
        lines.append(f"role: {amount.get('role') or 'none'}")
        lines.append(f"payer: {party(amount.get('payer'), names)}; payee: {party(amount.get('payee'), names)}")
    if "deal" in amount:
        deal = deals.get(amount.get("deal") or "")
        lines.append(f"deal: {amount.get('deal')} ({deal.get('kind')})" if deal else f"deal: {amount.get('deal') or 'none'}")
    if amount.get("id"):
        lines.append(f"id: {amount['id']}")
    return "\n".join(lines)


def date_tip(date: dict[str, Any]) -> str:
    lines = [f"DATE {date['text']}", f"{date.get('value') or 'no value'} ({date.get('kind')}, {date.get('granularity') or '-'})"]
    if date.get("start_date") or date.get("end_date"):
        lines.append(f"{date.get('start_date')} … {date.get('end_date')}")
    if date.get("relative"):
        lines.append("resolved against the publication date")
    if date.get("id"):
        lines.append(f"id: {date['id']}")
    return "\n".join(lines)


def place_tip(place: dict[str, Any]) -> str:
    lines = [f"PLACE {place['name']}", f"{place.get('kind')}, country code {place.get('country_code') or 'none'}"]
    if place.get("id"):
        lines.append(f"id: {place['id']}")
    return "\n".join(lines)


def org_tip(org: dict[str, Any]) -> str:
    lines = [f"ORG {org['name']}", f"canonical: {org.get('canonical') or 'unknown'}"]
    if org.get("id"):
        lines.append(f"id: {org['id']}")
    return "\n".join(lines)


def highlights(record: dict[str, Any]) -> list[Highlight]:
    """Every mention of a result record, ordered by offset."""
    names = _org_names(record)
    deals = {d["id"]: d for d in record.get("deals", []) or [] if isinstance(d, dict) and d.get("id")}
    found: list[Highlight] = []
    for org in record.get("organizations", []):
        tip = org_tip(org)
        found += [Highlight("ORG", m["start"], m["end"], m["text"], tip, org.get("id") or org["name"]) for m in org["mentions"]]
    for place in record.get("places", []):
        tip = place_tip(place)
        found += [Highlight("PLACE", m["start"], m["end"], m["text"], tip, place.get("id") or place["name"]) for m in place["mentions"]]
    for amount in record.get("amounts", []):
        found.append(Highlight("MONEY", amount["start"], amount["end"], amount["text"], amount_tip(amount, names, deals), amount.get("id")))
    for date in record.get("dates", []):
        found.append(Highlight("DATE", date["start"], date["end"], date["text"], date_tip(date), date.get("id")))
    return sorted(found, key=lambda h: (h.start, h.end, h.label))


def with_notes(shown: Sequence[Highlight], marks: dict[tuple[str, int, int], Note], extra: Iterable[Note]) -> list[Highlight]:
    """The highlights to draw: notes put on their mentions, extra spans (missed gold, removed) drawn where they
    overlap nothing, else attached to the highlight they overlap (displaCy's entity style draws no overlaps)."""
    drawn = [replace(h, note=marks.get((h.label, h.start, h.end))) for h in shown]
    for note in sorted(extra, key=lambda n: (n.start, n.end, n.label)):
        tip = f"{note.label} {note.text}\n{note.detail}".strip()
        clash = next((i for i, h in enumerate(drawn) if h.overlaps(note.start, note.end)), None)
        if clash is None:
            drawn.append(Highlight(note.label, note.start, note.end, note.text, tip, None, note))
        else:
            drawn[clash] = replace(drawn[clash], also=(*drawn[clash].also, note))
        drawn.sort(key=lambda h: (h.start, h.end, h.label))
    return drawn


def drawable(found: Sequence[Highlight]) -> tuple[list[Highlight], list[Highlight]]:
    """Highlights that do not overlap an earlier one, and those that do (a broken record; listed, not drawn)."""
    kept: list[Highlight] = []
    clashing: list[Highlight] = []
    for h in found:
        if kept and kept[-1].end > h.start:
            clashing.append(h)
        else:
            kept.append(h)
    return kept, clashing


@dataclass(frozen=True)
class Review:
    """What eval or diff adds to one article's page: notes on shown mentions, and spans no mention shows."""

    kinds: tuple[str, ...]  # the note kinds of this report, for the legend
    marks: dict[tuple[str, int, int], Note] = field(default_factory=dict)
    extra: tuple[Note, ...] = ()
    summary: str = ""  # a change of the whole article (diff: "only in new", an error that changed)

    def notes(self) -> list[Note]:
        return sorted([*self.marks.values(), *self.extra], key=lambda n: (n.start, n.end, n.label, n.kind))
