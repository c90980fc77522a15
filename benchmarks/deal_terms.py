"""Deal-term accuracy (SPEC §7) of newsfacts on the gold splits, against two baselines a user could build in an afternoon.

- `nearest cue`: the role of the cue word nearest the amount in its sentence (a short keyword list below; `other`
  without one); no parties (payer and payee null).
- `first pays second`: the same roles; the first organization of the amount's sentence pays, the second receives.

- `cue rules alone`: newsfacts with its learned role and party weights switched off (pipeline/extract/deals/learned.py,
  party_vote.py), to show what the weights add. They were trained on the dev split: its `newsfacts` row is measured on the articles
  they learned from; the test split is held out.

All see the same amounts and organizations (newsfacts's own), so only the deal-term rules differ; scores are
those of `newsfacts eval` (role, payer and payee accuracy over relaxed-matched MONEY spans whose gold has a role).

Run: .venv/bin/python benchmarks/deal_terms.py [--splits dev test]
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.evaluate import read_gold, run_pipeline, score  # noqa: E402
from pipeline.extract.deals import learned, party_vote  # noqa: E402

# The keyword list of the baseline: what a user would write down for each role in an afternoon.
BASELINE_CUES = {
    "upfront": "upfront", "milestone": "milestones", "milestones": "milestones", "royalties": "royalties",
    "equity": "equity_investment", "worth": "total_deal_value", "deal": "total_deal_value",
    "acquire": "acquisition_price", "buy": "acquisition_price", "acquisition": "acquisition_price",
    "share": "price_per_share", "shares": "price_per_share", "raised": "financing", "round": "financing",
    "loan": "financing", "ipo": "offering", "offering": "offering", "revenue": "financial_result",
    "sales": "financial_result", "profit": "financial_result", "loss": "financial_result", "invest": "investment",
    "investment": "investment", "plant": "investment", "grant": "government_funding",
    "valued": "market_value", "valuation": "market_value", "market": "market_value", "cost": "cost",
    "price": "cost", "fine": "cost", "dividend": "other", "buyback": "other",
}
CUE_RE = re.compile(r"\b(" + "|".join(map(re.escape, BASELINE_CUES)) + r")\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])|\n+")


def _sentence_bounds(text: str, start: int) -> tuple[int, int]:
    left = max([0, *(m.end() for m in SENTENCE_END.finditer(text, 0, start))])
    following = SENTENCE_END.search(text, start)
    return left, following.start() if following else len(text)


def nearest_cue_role(text: str, start: int, end: int) -> str:
    left, right = _sentence_bounds(text, start)
    best = None
    for m in CUE_RE.finditer(text, left, right):
        distance = start - m.end() if m.end() <= start else m.start() - end
        if best is None or distance < best[0]:
            best = (distance, BASELINE_CUES[m.group(1).lower()])
    return best[1] if best else "other"


def _first_two_orgs(record: dict, text: str, start: int) -> tuple[str | None, str | None]:
    left, right = _sentence_bounds(text, start)
    found: list[str] = []
    for _, org_id in sorted((m["start"], org["id"]) for org in record["organizations"] for m in org["mentions"] if left <= m["start"] < right):
        if org_id not in found:
            found.append(org_id)
    return (found + [None, None])[0], (found + [None, None])[1]


def baseline_records(articles, records, *, parties: bool) -> list[dict]:
    out = []
    for article, record in zip(articles, records):
        record = copy.deepcopy(record)
        for amount in record.get("amounts", []):
            amount["role"] = nearest_cue_role(article.text, amount["start"], amount["end"])
            amount["payer"], amount["payee"] = _first_two_orgs(record, article.text, amount["start"]) if parties else (None, None)
        out.append(record)
    return out


def rules_alone(articles) -> list[dict]:
    """The pipeline's records with the learned role and party weights switched off."""
    saved = learned.load_role_model, party_vote.load_party_model
    learned.load_role_model = party_vote.load_party_model = lambda: None
    try:
        return run_pipeline(articles)
    finally:
        learned.load_role_model, party_vote.load_party_model = saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", nargs="+", default=["dev", "test"], choices=["dev", "test"])
    args = parser.parse_args()
    print(f"{'split':<6}{'system':<22}{'role':>8}{'payer':>8}{'payee':>8}{'n':>6}")
    for split in args.splits:
        articles = read_gold(REPO / "tests" / "gold" / f"{split}.jsonl")
        records = run_pipeline(articles)
        systems = {
            "newsfacts": records,
            "cue rules alone": rules_alone(articles),
            "nearest cue": baseline_records(articles, records, parties=False),
            "first pays second": baseline_records(articles, records, parties=True),
        }
        for name, recs in systems.items():
            d = score(articles, recs, labels=("MONEY",)).scores()["deal_terms"]
            print(f"{split:<6}{name:<22}{d['role_accuracy']:>8.4f}{d['payer_accuracy']:>8.4f}{d['payee_accuracy']:>8.4f}{d['n']:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
