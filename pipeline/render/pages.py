"""One article's review page: the body drawn by displaCy's entity renderer, a legend and side tables.

Everything that comes from an article or a record (text, ids, meta, values) is escaped here or by displaCy
(which escapes the body text it is given; its title and template parameters are ours to escape).
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from pipeline.render.marks import LABELS, Highlight, Note, Review, drawable, highlights, number, party, with_notes
from pipeline.render.theme import asset, colors, csp, page_template, theme


def attr(name: str, value: Any) -> str:
    # Newlines are written as character references so that every highlight stays on one line of the page.
    return f' {name}="{escape(str(value), quote=True)}"'.replace("\n", "&#10;")


def _note_tip(note: Note) -> str:
    legend = theme()["marks"][note.kind]["legend"]
    return f"{legend}" + (f"\n{note.detail}" if note.detail else "")


def _also(notes: tuple[Note, ...]) -> str:
    return ";".join(f"{n.kind}:{n.label}:{n.start}:{n.end}" for n in notes)


def _offsets(span: tuple[int, int] | None) -> str:
    return f"{span[0]}:{span[1]}" if span else ""


def ent_params(h: Highlight) -> dict[str, str]:
    """The template parameters of one highlight (all escaped): classes, data attributes, badge."""
    marks = theme()["marks"]
    tip = h.tip
    cls = ""
    attrs = attr("data-start", h.start) + attr("data-end", h.end)
    badge = ""
    if h.note is not None:
        cls += f" nf-{h.note.kind}"
        tip += "\n\n" + _note_tip(h.note)
        attrs += attr("data-mark", h.note.kind) + attr("data-gold", _offsets(h.note.gold)) + attr("data-pred", _offsets(h.note.pred))
        badge = f'<span class="nf-badge">{escape(marks[h.note.kind]["badge"])}</span>'
    if h.also:
        cls += " nf-also"
        tip += "".join(f"\n\nalso, overlapping: {n.label} {n.text!r} [{n.start}:{n.end}]\n{_note_tip(n)}" for n in h.also)
        attrs += attr("data-also", _also(h.also))
        badge += "".join(f'<span class="nf-badge nf-also-badge">{escape(marks[n.kind]["badge"])}</span>' for n in h.also)
    if h.ref:
        attrs += attr("data-ref", h.ref)
    return {"cls": cls, "attrs": attrs + attr("data-tip", tip), "badge": badge}


def render_body(text: str, drawn: list[Highlight]) -> str:
    """The article body with its highlights, by `displacy.render(..., style="ent", manual=True)`."""
    from spacy import displacy

    ents = [{"start": h.start, "end": h.end, "label": h.label, "params": ent_params(h)} for h in drawn]
    options = {"colors": colors(), "template": asset("entity.html")}
    return displacy.render({"text": text, "ents": ents, "title": None}, style="ent", manual=True, options=options, jupyter=False)


def legend(kinds: tuple[str, ...]) -> str:
    spec = theme()
    items = [
        f'<li><mark class="entity" style="background: {escape(spec["labels"][label]["background"])}">{label}</mark> '
        f'{escape(spec["labels"][label]["legend"])}</li>'
        for label in LABELS
    ]
    for kind in kinds:
        mark = spec["marks"][kind]
        items.append(
            f'<li data-kind="{escape(kind)}"><mark class="entity nf-{escape(kind)}" style="background: #ffffff">'
            f'span<span class="nf-badge">{escape(mark["badge"])}</span></mark> {escape(mark["legend"])}</li>'
        )
    if kinds:
        items.append(
            '<li data-kind="overlap"><mark class="entity nf-also" style="background: #ffffff">span</mark> '
            f'{escape(spec["overlap"]["legend"])}</li>'
        )
    return f'<ul class="legend" id="legend">{"".join(items)}</ul>'


def table(caption: str, head: list[str], rows: list[list[Any]], table_id: str, row_attrs: list[str] | None = None) -> str:
    if not rows:
        return ""
    # A column no row fills (ids and deal terms of a schema 1.0 record) is left out.
    keep = [i for i in range(len(head)) if any(row[i] is not None for row in rows)]
    head, rows = [head[i] for i in keep], [[row[i] for i in keep] for row in rows]
    cells = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = []
    for i, row in enumerate(rows):
        extra = row_attrs[i] if row_attrs else ""
        body.append(f"<tr{extra}>" + "".join(f"<td>{escape('' if c is None else str(c))}</td>" for c in row) + "</tr>")
    return f'<h2>{escape(caption)} ({len(rows)})</h2><table id="{table_id}"><thead><tr>{cells}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def entity_tables(record: dict[str, Any]) -> str:
    """Organizations, places, amounts, dates and (schema 1.1) deals, with the ids and terms the record has."""
    names = {o["id"]: o["name"] for o in record.get("organizations", []) if o.get("id")}
    orgs = [[o.get("id"), o["name"], o.get("canonical"), len(o["mentions"])] for o in record.get("organizations", [])]
    places = [[p.get("id"), p["name"], p.get("kind"), p.get("country_code"), len(p["mentions"])] for p in record.get("places", [])]
    amounts = [_amount_row(a, names) for a in record.get("amounts", [])]
    dates = [[d.get("id"), d["text"], d.get("kind"), d.get("value"), d.get("start_date"), d.get("end_date")] for d in record.get("dates", [])]
    deals = [
        [d.get("id"), d.get("kind"), ", ".join(party(p, names) for p in d.get("parties", [])), ", ".join(d.get("amounts", [])), d.get("headline")]
        for d in record.get("deals", []) or []
    ]
    return "".join(
        [
            table("Organizations", ["id", "name", "canonical", "mentions"], orgs, "organizations"),
            table("Places", ["id", "name", "kind", "country", "mentions"], places, "places"),
            table("Amounts", ["id", "text", "value", "USD", "role", "payer", "payee", "deal"], amounts, "amounts"),
            table("Dates", ["id", "text", "kind", "value", "from", "to"], dates, "dates"),
            table("Deals", ["id", "kind", "parties", "amounts", "headline"], deals, "deals"),
        ]
    )


def _amount_row(a: dict[str, Any], names: dict[str, str]) -> list[Any]:
    if a.get("modifier") == "range":
        value = f"{a.get('currency') or '?'} {number(a.get('low'))} – {number(a.get('high'))} (range)"
    else:
        value = f"{a.get('currency') or '?'} {number(a.get('value'))} ({a.get('modifier')})"
    usd = number(a["usd_value"]) if a.get("usd_value") is not None else None
    terms = [a.get("role"), party(a.get("payer"), names) if "payer" in a else None, party(a.get("payee"), names) if "payee" in a else None, a.get("deal")]
    return [a.get("id"), a["text"], value, usd, *terms]


def review_table(review: Review) -> str:
    notes = review.notes()
    rows = [[n.kind, n.label, n.text, f"{n.start}:{n.end}", n.detail] for n in notes]
    attrs = [
        attr("data-kind", n.kind) + attr("data-label", n.label) + attr("data-gold", _offsets(n.gold)) + attr("data-pred", _offsets(n.pred))
        + attr("data-start", n.start) + attr("data-end", n.end)
        for n in notes
    ]
    return table("Review", ["kind", "label", "text", "span", "detail"], rows, "review", attrs) or '<h2>Review (0)</h2><p id="review-none">Nothing to review.</p>'


def _list(caption: str, items: list[str], cls: str) -> str:
    if not items:
        return ""
    return f'<h2>{escape(caption)}</h2><ul class="{cls}">' + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def meta_table(meta: Any) -> str:
    if not isinstance(meta, dict) or not meta:
        return ""
    rows = [[key, json.dumps(value, ensure_ascii=False)] for key, value in meta.items()]
    return table("Meta", ["key", "value"], rows, "meta")


def _header_meta(record: dict[str, Any], index_href: str) -> str:
    parts = [f'<a href="{escape(index_href, quote=True)}">index</a>']
    for key in ("source", "published", "schema_version", "text_length"):
        if record.get(key) is not None:
            parts.append(f"{key}: <span data-field=\"{key}\">{escape(str(record[key]))}</span>")
    return " · ".join(parts)


def _body(entry_text: str | None, record: dict[str, Any], drawn: list[Highlight], note: str | None) -> str:
    if "error" in record:
        error = record.get("error") or {}
        return (
            f'<div class="error" id="error"><strong>error record: {escape(str(error.get("type")))}</strong>'
            f"<p>{escape(str(error.get('message')))}</p></div>"
        )
    if entry_text is None:
        return f'<p class="notes" id="no-body">{escape(note or "the article body is not available")}</p>'
    return render_body(entry_text, drawn)


def article_page(record: dict[str, Any], text: str | None, *, note: str | None = None, review: Review | None = None, index_href: str = "../index.html") -> str:
    """The complete, self-contained HTML page of one record (a result or an error record)."""
    found = highlights(record) if "error" not in record else []
    shown, clashing = drawable(found)
    if review is not None:
        shown = with_notes(shown, review.marks, review.extra)
    notes = [note] if note else []
    notes += [review.summary] if review is not None and review.summary else []
    notes += [f"not drawn (overlaps another mention): {h.label} {h.text!r} [{h.start}:{h.end}]" for h in clashing]
    warnings = record.get("warnings") or []
    side = "".join(
        [
            _list("Warnings", [str(w) for w in warnings], "warnings"),
            _list("Notes", notes, "notes"),
            review_table(review) if review is not None else "",
            entity_tables(record),
            meta_table(record.get("meta")),
        ]
    )
    script = asset("page.js")
    title = str(record.get("id"))
    return page_template("page.html").substitute(
        csp=csp(script),
        title=escape(f"{title} · newsfacts review"),
        css=asset("page.css"),
        heading=escape(title),
        meta=_header_meta(record, index_href),
        legend=legend(review.kinds if review is not None else ()),
        body=_body(text, record, shown, note),
        side=side,
        script=script,
    )
