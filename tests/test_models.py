"""The output models (SPEC §2): validators, and the committed JSON Schema kept equal to the generated one."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from pipeline.models import Amount, ArticleResult, DateMention, Mention, Place, schema_text

from .conftest import ROOT

BODY = "Roche paid $5 million in Boston on March 3, 2025."


def result(**parts) -> dict:
    base = {
        "id": "a",
        "source": "a.txt",
        "published": dt.date(2025, 3, 5),
        "text_length": len(BODY),
        "text_sha256": "0" * 64,
        "organizations": [],
        "places": [],
        "amounts": [],
        "dates": [],
        "warnings": [],
    }
    base.update(parts)
    return base


def amount(**kw) -> dict:
    base = {"text": "$5 million", "start": 11, "end": 21, "value": 5e6, "currency": "USD", "modifier": "exact", "low": None, "high": None}
    base.update(kw)
    return base


def test_committed_schema_is_the_generated_one():
    committed = (ROOT / "schemas" / "newsfacts.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "run `newsfacts schema > schemas/newsfacts.schema.json`"


def test_mention_text_must_equal_body_slice():
    ArticleResult.model_validate(result(amounts=[amount()]), context={"body": BODY})
    with pytest.raises(ValidationError, match="is not body"):
        ArticleResult.model_validate(result(amounts=[amount(start=10, end=20)]), context={"body": BODY})


def test_nested_instances_are_checked_against_the_body():
    wrong = Mention(text="Rome", start=0, end=4)
    org = {"name": "Rome", "canonical": None, "mentions": [wrong]}
    with pytest.raises(ValidationError, match="is not body"):
        ArticleResult.model_validate(result(organizations=[org]), context={"body": BODY})


def test_span_past_the_body_is_rejected():
    with pytest.raises(ValidationError, match="past the body"):
        ArticleResult.model_validate(result(text_length=15, amounts=[amount()]))


@pytest.mark.parametrize(
    "bad",
    [
        {"currency": "usd"},
        {"currency": "DOLLARS"},
        {"modifier": "roughly"},
        {"modifier": "range"},  # a range needs low/high and no value
        {"low": 1.0},  # only ranges have bounds
        {"value": "5000000"},  # strict: no strings for numbers
        {"extra": 1},
        {"start": 21, "end": 11},
    ],
)
def test_amount_rejects(bad):
    with pytest.raises(ValidationError):
        Amount.model_validate(amount(**bad))


def test_range_amount_and_integer_output():
    a = Amount.model_validate(amount(modifier="range", value=None, low=1e7, high=2e7))
    assert a.model_dump(mode="json")["low"] == 10000000 and isinstance(a.model_dump(mode="json")["low"], int)
    assert Amount.model_validate(amount(value=0.52)).model_dump(mode="json")["value"] == 0.52


@pytest.mark.parametrize("code", ["kr", "KOR", "K1", ""])
def test_place_country_code_well_formed(code):
    with pytest.raises(ValidationError):
        Place(name="Korea", kind="country", country_code=code, mentions=[Mention(text="Korea", start=0, end=5)])


def test_date_mention_rules():
    ok = {"text": "March 3, 2025", "start": 34, "end": 47, "kind": "date", "value": "2025-03-03",
          "start_date": dt.date(2025, 3, 3), "end_date": dt.date(2025, 3, 3), "granularity": "day", "relative": False}
    DateMention.model_validate(ok)
    with pytest.raises(ValidationError):
        DateMention.model_validate({**ok, "granularity": "fortnight"})
    with pytest.raises(ValidationError):
        DateMention.model_validate({**ok, "start_date": dt.date(2025, 3, 4)})
    with pytest.raises(ValidationError):
        DateMention.model_validate({**ok, "kind": "duration"})
    parsed = DateMention.model_validate_json(
        '{"text":"x","start":0,"end":1,"kind":"date","value":"2025","start_date":"2025-01-01",'
        '"end_date":"2025-12-31","granularity":"year","relative":false}'
    )
    assert parsed.start_date == dt.date(2025, 1, 1)


def test_a_1_0_record_still_validates():
    parsed = ArticleResult.model_validate({**result(amounts=[amount()]), "schema_version": "1.0"}, context={"body": BODY})
    assert parsed.schema_version == "1.0" and parsed.amounts[0].role is None and parsed.deals == []


def _deal_result(**deal) -> dict:
    org = {"id": "org-1", "name": "Roche", "canonical": None, "mentions": [{"text": "Roche", "start": 0, "end": 5}]}
    terms = {"id": "amount-1", "role": "investment", "payer": "org-1", "payee": None, "deal": "deal-1"}
    base_deal = {"id": "deal-1", "kind": "investment", "parties": ["org-1"], "amounts": ["amount-1"], "headline": None}
    return result(organizations=[org], amounts=[amount(**terms)], deals=[{**base_deal, **deal}])


def test_deal_terms_validate_and_refer_to_the_record():
    parsed = ArticleResult.model_validate(_deal_result(), context={"body": BODY})
    assert parsed.schema_version == "1.1" and parsed.amounts[0].role.value == "investment"
    with pytest.raises(ValidationError, match="org-2"):
        ArticleResult.model_validate(_deal_result(parties=["org-2"]))
    with pytest.raises(ValidationError, match="amount-9"):
        ArticleResult.model_validate(_deal_result(headline="amount-9"))
    with pytest.raises(ValidationError):
        ArticleResult.model_validate(_deal_result(kind="merger"))
    with pytest.raises(ValidationError):
        Amount.model_validate(amount(role="deposit"))
    with pytest.raises(ValidationError, match="no organization"):
        ArticleResult.model_validate(result(amounts=[amount(payer="org-3")]))
