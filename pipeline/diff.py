"""Comparing two outputs of `newsfacts extract`, article by article (`newsfacts diff`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.evaluate import Span, predicted_spans

# The attributes whose change is reported per label; offsets and surface text identify a mention.
COMPARED = {
    "ORG": ("name",),
    "PLACE": ("kind", "country_code", "name"),
    "MONEY": ("value", "currency", "modifier", "low", "high", "role", "payer", "payee"),
    "DATE": ("kind", "value", "start_date", "end_date", "granularity"),
}


class DiffInputError(ValueError):
    pass


def load_records(path: Path) -> dict[str, dict[str, Any]]:
    """Records of one extract output (a folder of .json or a .jsonl file), by article id."""
    records: dict[str, dict[str, Any]] = {}
    if path.is_dir():
        sources = [(p, p.read_text(encoding="utf-8")) for p in sorted(path.glob("*.json"))]
    elif path.is_file():
        lines = path.read_text(encoding="utf-8").splitlines()
        sources = [(Path(f"{path}:{n}"), line) for n, line in enumerate(lines, 1) if line.strip()]
    else:
        raise DiffInputError(f"{path}: no such file or directory")
    for where, text in sources:
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DiffInputError(f"{where}: not JSON: {exc.msg}") from None
        if not isinstance(record, dict) or not isinstance(record.get("id"), str):
            raise DiffInputError(f"{where}: not a newsfacts record (no string 'id')")
        records[record["id"]] = record
    return records


@dataclass
class ArticleDiff:
    id: str
    added: list[Span] = field(default_factory=list)
    removed: list[Span] = field(default_factory=list)
    changed: list[tuple[Span, Span, list[str]]] = field(default_factory=list)
    status: str = ""  # "only in old", "only in new", "error changed", or "" when both are results

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.status)


@dataclass
class DiffResult:
    articles: list[ArticleDiff]
    compared: int

    @property
    def changed(self) -> bool:
        return any(not a.empty for a in self.articles)


def diff_record(article_id: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> ArticleDiff:
    result = ArticleDiff(article_id)
    if old is None or new is None:
        result.status = "only in new" if old is None else "only in old"
        return result
    if "error" in old or "error" in new:
        if old.get("error") != new.get("error"):
            result.status = f"error: {old.get('error', {}).get('type', 'none')} -> {new.get('error', {}).get('type', 'none')}"
        return result
    before = {(s.label, s.start, s.end): s for s in predicted_spans(old)}
    after = {(s.label, s.start, s.end): s for s in predicted_spans(new)}
    for key in sorted(before.keys() | after.keys(), key=lambda k: (k[1], k[2], k[0])):
        a, b = before.get(key), after.get(key)
        if a is None:
            result.added.append(b)  # type: ignore[arg-type]
        elif b is None:
            result.removed.append(a)
        else:
            fields = [name for name in COMPARED[a.label] if a.attrs.get(name) != b.attrs.get(name)]
            if fields:
                result.changed.append((a, b, fields))
    return result


def diff_outputs(old: Path, new: Path) -> DiffResult:
    before, after = load_records(old), load_records(new)
    ids = sorted(before.keys() | after.keys())
    return DiffResult([diff_record(i, before.get(i), after.get(i)) for i in ids], len(ids))


def format_diff(result: DiffResult) -> str:
    lines: list[str] = []
    added = removed = changed = 0
    for article in result.articles:
        if article.empty:
            continue
        lines.append(f"== {article.id}" + (f" ({article.status})" if article.status else ""))
        for span in article.added:
            lines.append(f"  + {span.label} {span.text!r} [{span.start}:{span.end}]{_attrs(span, COMPARED[span.label])}")
        for span in article.removed:
            lines.append(f"  - {span.label} {span.text!r} [{span.start}:{span.end}]{_attrs(span, COMPARED[span.label])}")
        for a, b, fields in article.changed:
            what = ", ".join(f"{name}: {a.attrs.get(name)!r} -> {b.attrs.get(name)!r}" for name in fields)
            lines.append(f"  ~ {a.label} {a.text!r} [{a.start}:{a.end}] {what}")
        added += len(article.added)
        removed += len(article.removed)
        changed += len(article.changed)
    differing = sum(not a.empty for a in result.articles)
    lines.append(
        f"{differing} of {result.compared} article(s) differ: {added} mention(s) added, {removed} removed, {changed} changed"
    )
    return "\n".join(lines) + "\n"


def _attrs(span: Span, names: tuple[str, ...]) -> str:
    shown = [f"{name}={span.attrs.get(name)}" for name in names if span.attrs.get(name) is not None and name != "name"]
    return (" " + " ".join(shown)) if shown else ""
