"""Build the gold JSONL files (SPEC §4) from the hand-annotated markup sources in tests/gold/src/.

The markup keeps a labeled article readable and editable; the JSONL is what `newsfacts eval` reads.
Run `python tests/gold/build.py` after editing a source; a test checks the JSONL is up to date.

Source format (one or more articles per `src/*.txt` file):

    === id: gold-a-001 | published: 2026-03-05 | split: dev
    [[ORG:Roche]] will pay [[MONEY:$480 million|value=480000000 currency=USD modifier=approximately]] ...

A span is `[[LABEL:text]]` or `[[LABEL:text|key=value key=value]]`; `[[?LABEL:text]]` marks an optional span.
Keys: MONEY value, currency, modifier, low, high, and the deal terms of SPEC §7: role, payer, payee; DATE kind,
value, start (start_date), end (end_date), gran (granularity); PLACE kind, cc (country_code). `null` is JSON
null; a value with spaces is written in double quotes (`payer="Hanbit Biologics Co., Ltd."`). `payer` and
`payee` name an organization as written in one of that article's ORG mentions; left out, they are null.
The article body is every line after the header up to the next header, without the blank lines at either end.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
HEADER = re.compile(r"^=== id: (?P<id>[\w.-]+) \| published: (?P<published>\d{4}-\d{2}-\d{2}|none) \| split: (?P<split>dev|test)\s*$")
SPAN = re.compile(r"\[\[(?P<opt>\?)?(?P<label>ORG|MONEY|DATE|PLACE):(?P<text>[^\]|]+?)(?:\|(?P<attrs>[^\]]*))?\]\]")
KEYS = {
    "MONEY": {
        "value": "value",
        "currency": "currency",
        "modifier": "modifier",
        "low": "low",
        "high": "high",
        "role": "role",
        "payer": "payer",
        "payee": "payee",
    },
    "DATE": {"kind": "kind", "value": "value", "start": "start_date", "end": "end_date", "gran": "granularity"},
    "PLACE": {"kind": "kind", "cc": "country_code"},
    "ORG": {},
}
NUMERIC = {"value", "low", "high"}
REQUIRED = {
    "MONEY": ("value", "currency", "modifier"),
    "DATE": ("kind", "value", "start_date", "end_date", "granularity"),
    "PLACE": ("kind", "country_code"),
    "ORG": (),
}
MODIFIERS = {"exact", "approximately", "up_to", "at_least", "more_than", "less_than", "range"}
DATE_KINDS = {"date", "range", "duration"}
GRANULARITIES = {"day", "week", "month", "season", "quarter", "half", "year", "decade"}
PLACE_KINDS = {"country", "state", "city", "region", "other"}
ROLES = {
    "upfront", "milestones", "royalties", "equity_investment", "total_deal_value", "acquisition_price",
    "price_per_share", "financing", "offering", "financial_result", "investment", "government_funding",
    "market_value", "cost", "other",
}
PARTIES = ("payer", "payee")
ATTR = re.compile(r'(?P<key>\w+)=(?:"(?P<quoted>[^"]*)"|(?P<plain>\S+))')


class MarkupError(ValueError):
    pass


def _attrs(label: str, raw: str | None, where: str) -> dict:
    out: dict = {}
    raw = raw or ""
    leftover = ATTR.sub("", raw).strip()
    if leftover:
        raise MarkupError(f"{where}: cannot read attributes near {leftover[:40]!r}")
    for m in ATTR.finditer(raw):
        key, quoted = m.group("key"), m.group("quoted")
        val = quoted if quoted is not None else m.group("plain")
        if key not in KEYS[label]:
            raise MarkupError(f"{where}: unknown key {key!r} for {label}")
        field = KEYS[label][key]
        if val == "null" and quoted is None:
            out[field] = None
        elif label == "MONEY" and field in NUMERIC:
            out[field] = float(val)
        else:
            out[field] = val
    return out


def check_span(span: dict, where: str) -> None:
    """Fail on a span whose attributes SPEC §2/§4 would not accept."""
    label = span["label"]
    missing = [key for key in REQUIRED[label] if key not in span]
    if label == "MONEY" and span.get("modifier") == "range":
        missing = [key for key in ("low", "high", "currency") if key not in span]
        span.setdefault("value", None)
    if missing:
        raise MarkupError(f"{where}: {label} span lacks {', '.join(missing)}")
    if label == "MONEY":
        if span["modifier"] not in MODIFIERS:
            raise MarkupError(f"{where}: modifier {span['modifier']!r}")
        if span["currency"] is not None and not re.fullmatch(r"[A-Z]{3}", span["currency"]):
            raise MarkupError(f"{where}: currency {span['currency']!r}")
        if "role" in span:
            if span["role"] not in ROLES:
                raise MarkupError(f"{where}: role {span['role']!r}")
            for key in PARTIES:
                span.setdefault(key, None)
        elif any(key in span for key in PARTIES):
            raise MarkupError(f"{where}: payer/payee without a role")
    elif label == "DATE":
        if span["kind"] not in DATE_KINDS or span["granularity"] not in GRANULARITIES:
            raise MarkupError(f"{where}: kind/granularity {span['kind']!r}/{span['granularity']!r}")
        for key in ("start_date", "end_date"):
            if span[key] is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", span[key]):
                raise MarkupError(f"{where}: {key} {span[key]!r}")
        if (span["kind"] == "duration") != (span["start_date"] is None):
            raise MarkupError(f"{where}: a duration, and only a duration, has no start/end")
    elif label == "PLACE":
        if span["kind"] not in PLACE_KINDS:
            raise MarkupError(f"{where}: place kind {span['kind']!r}")
        if span["country_code"] is not None and not re.fullmatch(r"[A-Z]{2}", span["country_code"]):
            raise MarkupError(f"{where}: country code {span['country_code']!r}")


def check_parties(spans: list[dict], where: str) -> None:
    """Fail on a payer or payee that is not written as one of the article's ORG mentions (SPEC §7)."""
    names = {span["text"] for span in spans if span["label"] == "ORG"}
    for span in spans:
        for key in PARTIES:
            name = span.get(key)
            if name is not None and name not in names:
                raise MarkupError(f"{where} [[{span['text']}]]: {key} {name!r} is none of the article's ORG mentions")


def parse_article(header: re.Match, lines: list[str], where: str) -> dict:
    marked = "\n".join(lines).strip("\n")
    body_parts: list[str] = []
    spans: list[dict] = []
    optional: list[dict] = []
    pos = 0
    length = 0
    for m in SPAN.finditer(marked):
        chunk = marked[pos : m.start()]
        if "[[" in chunk or "]]" in chunk:
            raise MarkupError(f"{where}: malformed span markup near {chunk[-40:]!r}")
        body_parts.append(chunk)
        length += len(chunk)
        text = m.group("text")
        span = {"start": length, "end": length + len(text), "label": m.group("label"), "text": text}
        if m.group("opt"):
            optional.append(span)
        else:
            span.update(_attrs(m.group("label"), m.group("attrs"), f"{where} [[{text}]]"))
            check_span(span, f"{where} [[{text}]]")
            spans.append(span)
        body_parts.append(text)
        length += len(text)
        pos = m.end()
    check_parties(spans, where)
    tail = marked[pos:]
    if "[[" in tail or "]]" in tail:
        raise MarkupError(f"{where}: malformed span markup near {tail[:40]!r}")
    body_parts.append(tail)
    published = header.group("published")
    return {
        "id": header.group("id"),
        "published": None if published == "none" else published,
        "split": header.group("split"),
        "text": "".join(body_parts),
        "spans": spans,
        "optional": optional,
    }


def parse_source(path: Path) -> list[dict]:
    articles: list[dict] = []
    header = None
    lines: list[str] = []
    start_line = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("==="):
            if header:
                articles.append(parse_article(header, lines, f"{path.name}:{start_line}"))
            header = HEADER.match(line)
            if not header:
                raise MarkupError(f"{path.name}:{number}: bad header {line!r}")
            lines, start_line = [], number
        elif header:
            lines.append(line)
        elif line.strip() and not line.startswith("#"):
            raise MarkupError(f"{path.name}:{number}: text before the first header")
    if header:
        articles.append(parse_article(header, lines, f"{path.name}:{start_line}"))
    return articles


def build() -> dict[str, str]:
    """Return the JSONL text of each split, articles in source-file then source order."""
    splits: dict[str, list[str]] = {"dev": [], "test": []}
    seen: set[str] = set()
    for path in sorted(SRC.glob("*.txt")):
        for article in parse_source(path):
            if article["id"] in seen:
                raise MarkupError(f"{path.name}: duplicate id {article['id']}")
            seen.add(article["id"])
            split = article.pop("split")
            splits[split].append(json.dumps(article, ensure_ascii=False))
    return {name: "".join(line + "\n" for line in rows) for name, rows in splits.items()}


def main() -> int:
    for name, text in build().items():
        (HERE / f"{name}.jsonl").write_text(text, encoding="utf-8")
        print(f"wrote tests/gold/{name}.jsonl ({text.count(chr(10))} articles)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
