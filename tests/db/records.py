"""Hand-labeled articles (the seed and tests/gold) as schema-1.1 records, with the query answers they imply.

The records are built from the labels alone, never from the pipeline's output: one organization per
distinct ORG text (case-insensitive), one place per distinct PLACE text, every MONEY and DATE span, the
labels' role/payer/payee where the gold has them, and the hand-written deals of deals.json. The expected
answers of the README queries are computed from the same labels in plain Python.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from pipeline.db.rows import organization_country
from pipeline.io import Rendered
from pipeline.normalize.currency import to_usd

from ..conftest import GOLD_DIR, SEED_GOLD

DEALS = Path(__file__).with_name("deals.json")
# Two error records (SPEC §2) of the kinds bad input gives, written by hand.
ERRORS = [
    {"schema_version": "1.0", "id": "broken:3", "source": "broken.jsonl:3", "error": {"type": "bad_json", "message": "not a JSON object: Expecting value at column 1"}},
    {"schema_version": "1.0", "id": "empty", "source": "in/empty.txt", "error": {"type": "empty", "message": "the file is empty"}},
]


def gold_articles() -> list[dict]:
    articles = []
    for path in [SEED_GOLD, GOLD_DIR / "dev.jsonl", GOLD_DIR / "test.jsonl"]:
        articles.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return articles


def _grouped(spans: list[dict], prefix: str) -> tuple[list[dict], dict[str, str]]:
    entities: dict[str, dict] = {}
    for span in spans:
        mention = {"text": span["text"], "start": span["start"], "end": span["end"]}
        key = span["text"].casefold()
        if key not in entities:
            entities[key] = {"id": f"{prefix}-{len(entities) + 1}", "name": span["text"], "mentions": [], "_span": span}
        entities[key]["mentions"].append(mention)
    return list(entities.values()), {key: entity["id"] for key, entity in entities.items()}


def _amount(span: dict, number: int, published: dt.date, org_ids: dict[str, str]) -> dict:
    usd = None
    if span.get("value") is not None and span.get("currency") not in (None, "USD"):
        converted = to_usd(span["value"], span["currency"], on=published)
        usd = converted[0] if converted else None
    party = {key: org_ids.get((span.get(key) or "").casefold()) for key in ("payer", "payee")}
    return {
        "id": f"amount-{number}", "text": span["text"], "start": span["start"], "end": span["end"],
        "value": None if span["modifier"] == "range" else span.get("value"), "currency": span.get("currency"),
        "modifier": span["modifier"], "low": span.get("low"), "high": span.get("high"), "usd_value": usd,
        "usd_rate_date": None, "role": span.get("role"), **party, "deal": None,
    }


def _date(span: dict, number: int) -> dict:
    keys = ("kind", "value", "start_date", "end_date", "granularity")
    return {"id": f"date-{number}", "text": span["text"], "start": span["start"], "end": span["end"],
            **{key: span.get(key) for key in keys}, "relative": False}


def _deals(article_id: str, orgs: dict[str, str], amounts: list[dict]) -> list[dict]:
    by_text = {amount["text"]: amount for amount in amounts}
    deals = []
    for number, deal in enumerate(json.loads(DEALS.read_text(encoding="utf-8"))["deals"].get(article_id, []), 1):
        deal_id = f"deal-{number}"
        members = [by_text[text] for text in deal["amounts"]]
        for amount in members:
            amount["deal"] = deal_id
        deals.append({
            "id": deal_id, "kind": deal["kind"], "parties": [orgs[name.casefold()] for name in deal["parties"]],
            "amounts": [amount["id"] for amount in members],
            "headline": by_text[deal["headline"]]["id"] if deal["headline"] else None,
        })
    return deals


def record(article: dict) -> dict:
    """The schema-1.1 record the labels of one gold article describe."""
    spans = sorted(article["spans"], key=lambda s: (s["start"], s["end"]))
    published = dt.date.fromisoformat(article["published"])
    organizations, org_ids = _grouped([s for s in spans if s["label"] == "ORG"], "org")
    places, _ = _grouped([s for s in spans if s["label"] == "PLACE"], "place")
    money = [s for s in spans if s["label"] == "MONEY"]
    amounts = [_amount(span, number, published, org_ids) for number, span in enumerate(money, 1)]
    dates = [_date(span, number) for number, span in enumerate((s for s in spans if s["label"] == "DATE"), 1)]
    for org in organizations:
        org.pop("_span")
        org["canonical"] = None
    for place in places:
        span = place.pop("_span")
        place.update(kind=span["kind"], country_code=span.get("country_code"))
    return {
        "schema_version": "1.1", "id": article["id"], "source": f"gold/{article['id']}", "published": article["published"],
        "text_length": len(article["text"]), "text_sha256": hashlib.sha256(article["text"].encode("utf-8")).hexdigest(),
        "organizations": organizations, "places": places, "amounts": amounts, "dates": dates,
        "deals": _deals(article["id"], org_ids, amounts), "warnings": [], "meta": {},
    }


def rendered(records: list[dict]) -> list[Rendered]:
    return [Rendered(r["id"], r["source"], "error" in r, json.dumps(r, ensure_ascii=False)) for r in records]


def all_records() -> list[dict]:
    return [record(article) for article in gold_articles()] + ERRORS


# ---- the answers of the README queries, from the records above -------------------------------------------


def _in(record: dict, start: dt.date, end: dt.date) -> bool:
    return start <= dt.date.fromisoformat(record["published"]) < end


def expected_big_amounts(records: list[dict], *, min_usd: float, start: dt.date, end: dt.date) -> list[tuple]:
    rows = []
    for r in records:
        if "error" in r or not _in(r, start, end):
            continue
        names = {org["id"]: org["name"] for org in r["organizations"]}
        for amount in r["amounts"]:
            usd = amount["usd_value"] if amount["currency"] != "USD" else amount["value"]
            if amount["payer"] and usd is not None and usd > min_usd:
                rows.append((names[amount["payer"]], r["id"], amount["id"]))
    return sorted(rows)


def expected_mentioned(records: list[dict], *, start: dt.date, end: dt.date) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in records:
        if "error" not in r and _in(r, start, end):
            for name in {org["name"] for org in r["organizations"]}:
                counts[name] = counts.get(name, 0) + 1
    return counts


def expected_deals_from(records: list[dict], country: str) -> list[tuple]:
    rows = []
    for r in records:
        names = {org["id"]: org["name"] for org in r.get("organizations", [])}
        for deal in r.get("deals", []):
            for org_id in deal["parties"]:
                if organization_country(names[org_id], None) == country:
                    rows.append((r["id"], deal["id"], names[org_id]))
    return sorted(rows)


def expected_failed(records: list[dict]) -> list[tuple]:
    return sorted((r["id"], r["error"]["type"]) for r in records if "error" in r)
