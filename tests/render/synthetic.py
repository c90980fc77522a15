"""Hand-built articles and their output records for the render tests (no NLP involved).

Each sentence's mentions and values are written here by hand, so the expected highlights are known.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

SENTENCE = "Acme Corp paid $5 million to Borealis in Berlin on March 3, 2025. "
# (label, text) of each mention of SENTENCE, in order.
MENTIONS = [("ORG", "Acme Corp"), ("MONEY", "$5 million"), ("ORG", "Borealis"), ("PLACE", "Berlin"), ("DATE", "March 3, 2025")]


def record_for(article_id: str, text: str, source: str, *, v11: bool = False) -> dict:
    """The output record of a text made of SENTENCE repeated (as `extract` would write it, values by hand)."""
    orgs: dict[str, list[dict]] = {}
    places, amounts, dates = [], [], []
    for base in range(0, len(text), len(SENTENCE)):
        cursor = base
        for label, surface in MENTIONS:
            start = text.index(surface, cursor)
            mention = {"text": surface, "start": start, "end": start + len(surface)}
            cursor = mention["end"]
            if label == "ORG":
                orgs.setdefault(surface, []).append(mention)
            elif label == "PLACE":
                places.append(mention)
            elif label == "MONEY":
                amounts.append({**mention, "value": 5000000, "currency": "USD", "modifier": "exact", "low": None,
                                "high": None, "usd_value": 5000000, "usd_rate_date": None})
            else:
                dates.append({**mention, "kind": "date", "value": "2025-03-03", "start_date": "2025-03-03",
                              "end_date": "2025-03-03", "granularity": "day", "relative": False})
    record = {
        "schema_version": "1.0", "id": article_id, "source": source, "published": "2025-03-04",
        "text_length": len(text), "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "organizations": [{"name": name, "canonical": None, "mentions": ms} for name, ms in orgs.items()],
        "places": [{"name": "Berlin", "kind": "city", "country_code": "DE", "mentions": places}] if places else [],
        "amounts": amounts, "dates": dates, "warnings": [], "meta": {},
    }
    if v11:
        add_deal_terms(record)
    return record


def add_deal_terms(record: dict) -> None:
    """Schema 1.1 fields (SPEC §7): ids, and Acme paying Borealis upfront in one licensing deal."""
    record["schema_version"] = "1.1"
    for kind, items in (("org", record["organizations"]), ("place", record["places"]), ("amount", record["amounts"]), ("date", record["dates"])):
        for n, item in enumerate(items, 1):
            item["id"] = f"{kind}-{n}"
    for amount in record["amounts"]:
        amount.update(role="upfront", payer="org-1", payee="org-2", deal="deal-1")
    record["deals"] = [{"id": "deal-1", "kind": "licensing", "parties": ["org-1", "org-2"],
                        "amounts": [a["id"] for a in record["amounts"]], "headline": None}]


def write_corpus(folder: Path, count: int, *, sentences: int = 1, errors_every: int = 0) -> tuple[Path, Path]:
    """`count` articles in articles.jsonl and their records in records.jsonl (every `errors_every`-th an error record)."""
    folder.mkdir(parents=True, exist_ok=True)
    articles, records = folder / "articles.jsonl", folder / "records.jsonl"
    text = SENTENCE * sentences
    with articles.open("w", encoding="utf-8") as a, records.open("w", encoding="utf-8") as r:
        for n in range(1, count + 1):
            article_id = f"art-{n:05d}"
            a.write(json.dumps({"id": article_id, "text": text}) + "\n")
            if errors_every and n % errors_every == 0:
                record = {"schema_version": "1.0", "id": article_id, "source": f"{articles}:{n}", "error": {"type": "internal", "message": "boom"}}
            else:
                record = record_for(article_id, text, f"{articles}:{n}")
            r.write(json.dumps(record) + "\n")
    return articles, records
