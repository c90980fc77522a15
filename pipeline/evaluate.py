"""Scoring of SPEC §5 against gold files of SPEC §4; used by `newsfacts eval` and the CI gate."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LABELS = ("ORG", "MONEY", "DATE", "PLACE")
DOC_LABELS = ("ORG", "PLACE")
MONEY_TOLERANCE = 0.005  # SPEC §5: a value within 0.5%
PARTIES = ("payer", "payee")


class GoldError(ValueError):
    """A gold file that breaks the SPEC §4 format; the message names the file and line."""


@dataclass(frozen=True)
class Span:
    label: str
    start: int
    end: int
    text: str
    attrs: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    published: dt.date | None
    spans: tuple[Span, ...]
    optional: tuple[Span, ...]
    where: str


# ---- reading gold ------------------------------------------------------------------------------

_REQUIRED = {
    "MONEY": ("currency", "modifier"),
    "DATE": ("kind", "start_date", "end_date", "value"),
    "PLACE": ("country_code",),
    "ORG": (),
}


def _span(obj: Any, text: str, where: str, *, optional: bool) -> Span:
    if not isinstance(obj, dict):
        raise GoldError(f"{where}: a span must be an object")
    label = obj.get("label")
    if label not in LABELS:
        raise GoldError(f"{where}: unknown label {label!r} (expected one of {', '.join(LABELS)})")
    start, end = obj.get("start"), obj.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise GoldError(f"{where}: bad offsets {start!r}:{end!r} for a text of {len(text)} characters")
    if obj.get("text") is not None and text[start:end] != obj["text"]:
        raise GoldError(f"{where}: span text {obj['text']!r} differs from text[{start}:{end}] = {text[start:end]!r}")
    if not optional:
        missing = [key for key in _REQUIRED[label] if key not in obj]
        if label == "MONEY" and obj.get("modifier") != "range" and "value" not in obj:
            missing.append("value")
        if label == "MONEY" and obj.get("modifier") == "range":
            missing += [key for key in ("low", "high") if key not in obj]
        if missing:
            raise GoldError(f"{where}: {label} span {text[start:end]!r} lacks {', '.join(missing)}")
    attrs = {key: value for key, value in obj.items() if key not in ("label", "start", "end", "text")}
    return Span(label, start, end, text[start:end], attrs)


def read_gold(path: Path) -> list[GoldArticle]:
    articles: list[GoldArticle] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read: {exc}") from None
    for number, line in enumerate(lines, 1):
        where = f"{path}:{number}"
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{where}: not JSON: {exc.msg}") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not isinstance(obj.get("id"), str):
            raise GoldError(f"{where}: a gold line is an object with string 'id' and 'text'")
        published = obj.get("published")
        try:
            published = dt.date.fromisoformat(published) if published else None
        except (TypeError, ValueError):
            raise GoldError(f"{where}: 'published' {published!r} is not YYYY-MM-DD") from None
        text = obj["text"]
        spans = tuple(_span(s, text, f"{where} span {i}", optional=False) for i, s in enumerate(obj.get("spans", [])))
        optional = tuple(_span(s, text, f"{where} optional {i}", optional=True) for i, s in enumerate(obj.get("optional", [])))
        articles.append(GoldArticle(obj["id"], text, published, spans, optional, where))
    if not articles:
        raise GoldError(f"{path}: no gold articles")
    return articles


def gold_paths(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.glob("*.jsonl")))
        elif path.exists():
            found.append(path)
        else:
            raise GoldError(f"{path}: no such file or directory")
    if not found:
        raise GoldError("no gold files given")
    return found


# ---- predictions as spans ----------------------------------------------------------------------


def predicted_spans(record: dict[str, Any]) -> list[Span]:
    """The mentions of one output record (SPEC §2, as JSON) as labeled spans with their values."""
    spans: list[Span] = []
    for org in record.get("organizations", []):
        for m in org["mentions"]:
            spans.append(Span("ORG", m["start"], m["end"], m["text"], {"name": org["name"]}))
    for place in record.get("places", []):
        for m in place["mentions"]:
            attrs = {"kind": place["kind"], "country_code": place["country_code"], "name": place["name"]}
            spans.append(Span("PLACE", m["start"], m["end"], m["text"], attrs))
    # Deal terms (SPEC §7, schema 1.1) name organizations by id; a 1.0 record has none, and reads as all null.
    mention_texts = {org.get("id"): tuple(m["text"] for m in org["mentions"]) for org in record.get("organizations", [])}
    names = {org.get("id"): org["name"] for org in record.get("organizations", [])}
    for amount in record.get("amounts", []):
        attrs = {key: amount.get(key) for key in ("value", "currency", "modifier", "low", "high", "role")}
        for party in PARTIES:
            ref = amount.get(party)
            attrs[party] = names.get(ref) if ref is not None else None
            attrs[f"{party}_mentions"] = mention_texts.get(ref, ()) if ref is not None else ()
        spans.append(Span("MONEY", amount["start"], amount["end"], amount["text"], attrs))
    for date in record.get("dates", []):
        attrs = {key: date.get(key) for key in ("kind", "value", "start_date", "end_date", "granularity")}
        spans.append(Span("DATE", date["start"], date["end"], date["text"], attrs))
    return sorted(spans, key=lambda s: (s.start, s.end, s.label))


# ---- matching and scores -----------------------------------------------------------------------


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    return abs(a - b) <= MONEY_TOLERANCE * max(abs(a), abs(b))


def value_correct(gold: Span, pred: Span) -> bool | None:
    """SPEC §5 value accuracy of a relaxed match; None for labels without a value (ORG)."""
    g, p = gold.attrs, pred.attrs
    if gold.label == "MONEY":
        if g.get("currency") != p.get("currency") or g.get("modifier") != p.get("modifier"):
            return False
        if g.get("modifier") == "range":
            return _close(g.get("low"), p.get("low")) and _close(g.get("high"), p.get("high"))
        return _close(g.get("value"), p.get("value"))
    if gold.label == "DATE":
        if g.get("kind") != p.get("kind"):
            return False
        if g.get("kind") == "duration":
            return g.get("value") == p.get("value")
        return g.get("start_date") == p.get("start_date") and g.get("end_date") == p.get("end_date")
    if gold.label == "PLACE":
        return g.get("country_code") == p.get("country_code")
    return None


def party_correct(gold: Span, pred: Span, party: str) -> bool:
    """SPEC §7: both null, or the predicted organization has a mention written as the gold name (any case)."""
    name = gold.attrs.get(party)
    if name is None:
        return pred.attrs.get(party) is None
    return any(text.casefold() == name.casefold() for text in pred.attrs.get(f"{party}_mentions", ()))


@dataclass
class DealCounts:
    """SPEC §7 deal-term scores over relaxed-matched MONEY spans whose gold has a role."""

    n: int = 0
    role_ok: int = 0
    payer_ok: int = 0
    payee_ok: int = 0

    def scores(self) -> dict[str, Any]:
        def share(ok: int) -> float | None:
            return round(ok / self.n, 4) if self.n else None

        return {
            "role_accuracy": share(self.role_ok),
            "payer_accuracy": share(self.payer_ok),
            "payee_accuracy": share(self.payee_ok),
            "n": self.n,
        }


@dataclass
class Mistake:
    kind: str  # "false positive", "false negative", "wrong value", "wrong role", "wrong payer", "wrong payee"
    article: GoldArticle
    gold: Span | None
    pred: Span | None


@dataclass
class Counts:
    gold: int = 0
    strict_tp: int = 0
    relaxed_tp: int = 0
    predicted: int = 0  # predictions that count (not ignored by an optional span)
    value_checked: int = 0
    value_ok: int = 0

    def add(self, other: Counts) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    precision = tp / predicted if predicted else (1.0 if gold == 0 else 0.0)
    recall = tp / gold if gold else (1.0 if predicted == 0 else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def match_label(gold: Sequence[Span], optional: Sequence[Span], predicted: Sequence[Span]) -> tuple[Counts, list[tuple[Span | None, Span | None, bool | None]]]:
    """Counts for one label of one article, and the (gold, pred, value_ok) pairs behind them."""
    counts = Counts(gold=len(gold))
    gold_set = {(g.start, g.end) for g in gold}
    counts.strict_tp = sum((p.start, p.end) in gold_set for p in predicted)
    # Relaxed: each gold span matches at most one prediction; exact matches first, then the largest overlap.
    unmatched = list(gold)
    pairs: list[tuple[Span | None, Span | None, bool | None]] = []
    ordered = sorted(predicted, key=lambda p: ((p.start, p.end) not in gold_set, p.start, p.end))
    for pred in ordered:
        candidates = [g for g in unmatched if g.overlaps(pred)]
        if candidates:
            best = max(candidates, key=lambda g: (min(g.end, pred.end) - max(g.start, pred.start), -g.start))
            unmatched.remove(best)
            ok = value_correct(best, pred)
            counts.relaxed_tp += 1
            counts.predicted += 1
            if ok is not None:
                counts.value_checked += 1
                counts.value_ok += ok
            pairs.append((best, pred, ok))
        elif any(o.overlaps(pred) for o in optional):
            continue
        else:
            counts.predicted += 1
            pairs.append((None, pred, None))
    pairs.extend((g, None, None) for g in unmatched)
    return counts, pairs


def _doc_key(span: Span) -> str:
    code = span.attrs.get("country_code")
    if span.label == "PLACE" and span.attrs.get("kind") == "country" and code:
        return f"country:{code}"
    return re.sub(r"\s+", " ", span.text.strip().lower())


@dataclass
class Report:
    labels: tuple[str, ...]
    counts: dict[str, Counts] = field(default_factory=dict)
    doc: dict[str, Counts] = field(default_factory=dict)
    mistakes: list[Mistake] = field(default_factory=list)
    articles: int = 0
    deal_terms: DealCounts = field(default_factory=DealCounts)

    def micro(self) -> Counts:
        total = Counts()
        for label in self.labels:
            total.add(self.counts[label])
        return total

    def micro_f1(self) -> float:
        micro = self.micro()
        return _prf(micro.relaxed_tp, micro.predicted, micro.gold)["f1"]

    @staticmethod
    def _block(c: Counts) -> dict[str, Any]:
        # Strict precision is over all counted predictions, like relaxed: a strict miss is a relaxed-only match.
        return {
            "strict": _prf(c.strict_tp, c.predicted, c.gold),
            "relaxed": _prf(c.relaxed_tp, c.predicted, c.gold),
            "value_accuracy": round(c.value_ok / c.value_checked, 4) if c.value_checked else None,
            "gold": c.gold,
        }

    def scores(self) -> dict[str, Any]:
        return {
            "labels": {label: self._block(self.counts[label]) for label in self.labels},
            "micro": self._block(self.micro()),
            "doc": {
                label: _prf(c.relaxed_tp, c.predicted, c.gold)
                for label, c in self.doc.items()
            },
            "deal_terms": self.deal_terms.scores(),
        }


def score(articles: Sequence[GoldArticle], records: Sequence[dict[str, Any]], *, labels: Sequence[str] = LABELS) -> Report:
    """Score output records (as JSON dicts, in the articles' order) against their gold articles."""
    report = Report(tuple(labels))
    report.counts = {label: Counts() for label in labels}
    report.doc = {label: Counts() for label in DOC_LABELS if label in labels}
    for article, record in zip(articles, records, strict=True):
        report.articles += 1
        predicted = predicted_spans(record) if "error" not in record else []
        for label in labels:
            gold = [s for s in article.spans if s.label == label]
            optional = [s for s in article.optional if s.label == label]
            preds = [s for s in predicted if s.label == label]
            counts, pairs = match_label(gold, optional, preds)
            report.counts[label].add(counts)
            for g, p, ok in pairs:
                if g is None:
                    report.mistakes.append(Mistake("false positive", article, None, p))
                elif p is None:
                    report.mistakes.append(Mistake("false negative", article, g, None))
                else:
                    if ok is False:
                        report.mistakes.append(Mistake("wrong value", article, g, p))
                    if label == "MONEY" and "role" in g.attrs:
                        _score_deal_terms(report, article, g, p)
            if label in report.doc:
                optional_keys = {_doc_key(s) for s in optional}
                gold_keys = {_doc_key(s) for s in gold}
                pred_keys = {_doc_key(s) for s in preds} - (optional_keys - gold_keys)
                doc = report.doc[label]
                doc.gold += len(gold_keys)
                doc.predicted += len(pred_keys)
                doc.relaxed_tp += len(gold_keys & pred_keys)
    return report


def _score_deal_terms(report: Report, article: GoldArticle, gold: Span, pred: Span) -> None:
    counts = report.deal_terms
    counts.n += 1
    if gold.attrs.get("role") == pred.attrs.get("role"):
        counts.role_ok += 1
    else:
        report.mistakes.append(Mistake("wrong role", article, gold, pred))
    for party in PARTIES:
        if party_correct(gold, pred, party):
            setattr(counts, f"{party}_ok", getattr(counts, f"{party}_ok") + 1)
        else:
            report.mistakes.append(Mistake(f"wrong {party}", article, gold, pred))


def run_pipeline(articles: Sequence[GoldArticle]) -> list[dict[str, Any]]:
    """The pipeline's output for each gold article, as JSON dicts."""
    from pipeline.core import process
    from pipeline.io import Article
    from pipeline.nlp import load_nlp

    items = [Article(a.id, a.text, a.published, a.where) for a in articles]
    return [record.model_dump(mode="json") for record in process(items, load_nlp())]


def evaluate_files(paths: Iterable[Path], *, labels: Sequence[str] = LABELS) -> Report:
    articles = [article for path in gold_paths(paths) for article in read_gold(path)]
    return score(articles, run_pipeline(articles), labels=labels)


# ---- printing ----------------------------------------------------------------------------------


def format_table(report: Report) -> str:
    scores = report.scores()
    rows = [f"{'label':<7}{'gold':>6}  {'strict P':>8} {'R':>6} {'F1':>6}  {'relaxed P':>9} {'R':>6} {'F1':>6}  {'value acc':>9}"]
    for name, block in [*scores["labels"].items(), ("micro", scores["micro"])]:
        s, r, v = block["strict"], block["relaxed"], block["value_accuracy"]
        value = "-" if v is None else f"{v:.4f}"
        rows.append(
            f"{name:<7}{block['gold']:>6}  {s['precision']:>8.4f} {s['recall']:>6.4f} {s['f1']:>6.4f}"
            f"  {r['precision']:>9.4f} {r['recall']:>6.4f} {r['f1']:>6.4f}  {value:>9}"
        )
    for label, block in scores["doc"].items():
        rows.append(f"doc {label:<5} entity sets  P {block['precision']:.4f}  R {block['recall']:.4f}  F1 {block['f1']:.4f}")
    deal = scores["deal_terms"]
    if deal["n"]:
        rows.append(
            f"deal terms ({deal['n']} amounts with a gold role)  role {deal['role_accuracy']:.4f}"
            f"  payer {deal['payer_accuracy']:.4f}  payee {deal['payee_accuracy']:.4f}"
        )
    rows.append(f"({report.articles} articles)")
    return "\n".join(rows) + "\n"


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(stops) + 1 if stops else len(text)
    return text[left:right].strip()


def _describe(span: Span) -> str:
    shown = {k: v for k, v in span.attrs.items() if k != "name" and not k.endswith("_mentions") and v is not None}
    extra = " ".join(f"{k}={v}" for k, v in shown.items())
    return f"{span.label} {span.text!r} [{span.start}:{span.end}]" + (f" {extra}" if extra else "")


def format_errors(report: Report) -> str:
    lines = [f"\n{len(report.mistakes)} mistakes"]
    for m in report.mistakes:
        span = m.gold or m.pred
        assert span is not None
        lines.append(f"- {m.kind} in {m.article.id}: " + (
            f"gold {_describe(m.gold)} / predicted {_describe(m.pred)}" if m.gold and m.pred
            else _describe(span)
        ))
        lines.append(f"    « {_sentence(m.article.text, span.start, span.end)} »")
    return "\n".join(lines) + "\n"
