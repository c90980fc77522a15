"""One record (SPEC §2, schema 1.0 or 1.1, as a dict) as the rows of each database table; pure, no database.

A 1.0 record carries no ids: they are derived as SPEC §7 numbers them (`org-1`, `place-1`, `amount-1`,
`date-1`, `deal-1` in list order, lists being ordered by first mention), and the 1.1 fields it lacks
(`role`, `payer`, `payee`, `deal`, `deals`) become NULL / no rows.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

HEADQUARTERS = Path(__file__).with_name("headquarters.json")
GAZETTEER = Path(__file__).resolve().parents[1] / "data" / "organizations.jsonl"


@dataclass(frozen=True)
class ArticleRows:
    """An article's row in `articles` and its rows in every child table (table name -> rows)."""

    article: dict[str, Any]
    children: dict[str, list[dict[str, Any]]]


@cache
def _countries() -> dict[str, str]:
    """Organization name -> home country: the data file's names, and every gazetteer alias of a name it lists."""
    countries: dict[str, str] = json.loads(HEADQUARTERS.read_text(encoding="utf-8"))["countries"]
    found = dict(countries)
    with GAZETTEER.open(encoding="utf-8") as handle:
        for line in handle:
            entry = json.loads(line)
            code = countries.get(entry.get("canonical", ""))
            if code:
                for alias in entry.get("aliases", []):
                    found.setdefault(alias, code)
    return found


def organization_country(name: str, canonical: str | None) -> str | None:
    countries = _countries()
    return countries.get(canonical or "") or countries.get(name)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _ids(items: list[dict], prefix: str) -> list[str]:
    return [item.get("id") or f"{prefix}-{number}" for number, item in enumerate(items, 1)]


def _entities(record: dict, article_id: str) -> dict[str, list[dict]]:
    organizations, places, mentions = [], [], []
    for entity_id, org in zip(_ids(record.get("organizations", []), "org"), record.get("organizations", [])):
        organizations.append({
            "article_id": article_id, "entity_id": entity_id, "name": org["name"], "canonical": org.get("canonical"),
            "country_code": organization_country(org["name"], org.get("canonical")),
        })
        mentions.extend(_mentions(org, article_id, entity_id, "ORG"))
    for entity_id, place in zip(_ids(record.get("places", []), "place"), record.get("places", [])):
        places.append({
            "article_id": article_id, "entity_id": entity_id, "name": place["name"], "kind": place["kind"],
            "country_code": place.get("country_code"),
        })
        mentions.extend(_mentions(place, article_id, entity_id, "PLACE"))
    return {"organizations": organizations, "places": places, "mentions": mentions}


def _mentions(entity: dict, article_id: str, entity_id: str, label: str) -> list[dict]:
    return [
        {"article_id": article_id, "entity_id": entity_id, "label": label, "text": m["text"], "start": m["start"], "end": m["end"]}
        for m in entity.get("mentions", [])
    ]


def _usd_value(amount: dict) -> float | None:
    # Records leave usd_value null where no conversion applies, a US dollar amount included; in the table a
    # USD amount's usd_value is its value, so one column answers "over $100 million" for every currency.
    if amount.get("usd_value") is None and amount.get("currency") == "USD":
        return amount.get("value")
    return amount.get("usd_value")


def _amounts(record: dict, article_id: str) -> list[dict]:
    rows = []
    for amount_id, amount in zip(_ids(record.get("amounts", []), "amount"), record.get("amounts", [])):
        rows.append({
            "article_id": article_id, "amount_id": amount_id,
            "text": amount["text"], "start": amount["start"], "end": amount["end"],
            "value": amount.get("value"), "currency": amount.get("currency"), "modifier": amount["modifier"],
            "low": amount.get("low"), "high": amount.get("high"),
            "usd_value": _usd_value(amount), "usd_rate_date": _date(amount.get("usd_rate_date")),
            "role": amount.get("role"), "payer": amount.get("payer"), "payee": amount.get("payee"), "deal": amount.get("deal"),
        })
    return rows


def _dates(record: dict, article_id: str) -> list[dict]:
    rows = []
    for date_id, date in zip(_ids(record.get("dates", []), "date"), record.get("dates", [])):
        rows.append({
            "article_id": article_id, "date_id": date_id,
            "text": date["text"], "start": date["start"], "end": date["end"],
            "kind": date["kind"], "value": date.get("value"),
            "start_date": _date(date.get("start_date")), "end_date": _date(date.get("end_date")),
            "granularity": date.get("granularity"), "relative": bool(date.get("relative")),
        })
    return rows


def _deals(record: dict, article_id: str) -> dict[str, list[dict]]:
    deals, parties = [], []
    for deal_id, deal in zip(_ids(record.get("deals") or [], "deal"), record.get("deals") or []):
        deals.append({"article_id": article_id, "deal_id": deal_id, "kind": deal["kind"], "headline": deal.get("headline")})
        # A party named twice is one party (the key of deal_parties).
        for org_id in dict.fromkeys(deal.get("parties", [])):
            parties.append({"article_id": article_id, "deal_id": deal_id, "org_id": org_id})
    return {"deals": deals, "deal_parties": parties}


def article_rows(
    record: dict, *, key: str, record_sha256: str, extracted_at: dt.datetime, newsfacts_version: str
) -> ArticleRows:
    """The rows of one record; `key` is the article's primary key (its id, or `id~2` for a second input with it)."""
    error = record.get("error") or {}
    article = {
        "id": key, "source": record["source"], "published": _date(record.get("published")),
        "text_sha256": record.get("text_sha256"), "text_length": record.get("text_length"),
        "schema_version": record["schema_version"], "extracted_at": extracted_at,
        "newsfacts_version": newsfacts_version,
        "error_type": error.get("type"), "error_message": error.get("message"),
        "record_sha256": record_sha256, "record": record,
    }
    if error:
        return ArticleRows(article, {})
    children = {**_entities(record, key), "amounts": _amounts(record, key), "dates": _dates(record, key), **_deals(record, key)}
    return ArticleRows(article, children)


# Each child table's key within an article; a record that repeats one would break the primary key.
ARTICLE_KEYS = {
    "organizations": ("entity_id",), "places": ("entity_id",), "mentions": ("entity_id", "start"),
    "amounts": ("amount_id",), "dates": ("date_id",), "deals": ("deal_id",), "deal_parties": ("deal_id", "org_id"),
}


def problem(rows: ArticleRows) -> str | None:
    """Why these rows would break a key or a reference of the schema, or None: checked before they are written."""
    children = rows.children
    for table, key in ARTICLE_KEYS.items():
        seen = [tuple(row[column] for column in key) for row in children.get(table, [])]
        if len(seen) != len(set(seen)):
            return f"two {table} rows share the key {key}"
    orgs = {row["entity_id"] for row in children.get("organizations", [])}
    deals = {row["deal_id"] for row in children.get("deals", [])}
    amounts = {row["amount_id"] for row in children.get("amounts", [])}
    for amount in children.get("amounts", []):
        for field, known in (("payer", orgs), ("payee", orgs), ("deal", deals)):
            if amount[field] is not None and amount[field] not in known:
                return f"{amount['amount_id']}'s {field} {amount[field]!r} is not one of the article's ids"
    for party in children.get("deal_parties", []):
        if party["org_id"] not in orgs:
            return f"{party['deal_id']}'s party {party['org_id']!r} is not one of the article's organizations"
    for deal in children.get("deals", []):
        if deal["headline"] is not None and deal["headline"] not in amounts:
            return f"{deal['deal_id']}'s headline {deal['headline']!r} is not one of the article's amounts"
    return None
