"""Tests of the money recognizer and normalizer: table-driven cases, currency context, USD values, data loading."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.extract import money
from pipeline.extract.money import lexicon
from pipeline.extract.money import MoneyDataError, extract_money, parse_digits
from pipeline.models import Modifier
from pipeline.normalize.currency import to_usd, usd_rate

CASES_FILE = Path(__file__).resolve().parent.parent / "cases" / "money.jsonl"


def _load_cases() -> list[dict]:
    rows = [json.loads(line) for line in CASES_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row for row in rows if "_about" not in row]


def _case_id(row: dict) -> str:
    return re.sub(r"\W+", "_", row["text"][:48]).strip("_")


CASES = _load_cases()


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1)


@pytest.mark.parametrize("case", CASES, ids=[_case_id(row) for row in CASES])
def test_money_case(case: dict) -> None:
    published = dt.date.fromisoformat(case["published"]) if case.get("published") else None
    amounts = extract_money(case["text"], published=published)
    got = [(a.text, a.currency, a.modifier.value) for a in amounts]
    want = [(e["text"], e["currency"], e["modifier"]) for e in case["expected"]]
    assert got == want
    for amount, expected in zip(amounts, case["expected"]):
        assert case["text"][amount.start : amount.end] == amount.text
        assert _close(amount.value, expected["value"]), (amount.value, expected["value"])
        assert _close(amount.low, expected["low"]) and _close(amount.high, expected["high"])


def test_there_are_enough_cases_including_not_money() -> None:
    assert len(CASES) >= 150
    assert sum(1 for row in CASES if not row["expected"]) >= 20


def test_amounts_are_sorted_and_disjoint() -> None:
    text = "It paid $5 million, €3bn and 2 billion yen; then 10-20 dollars and (US$7 million) more."
    amounts = extract_money(text)
    assert len(amounts) == 5
    for first, second in zip(amounts, amounts[1:]):
        assert first.end <= second.start


# --- the article's dollar ----------------------------------------------------------------


def test_bare_dollar_is_usd_by_default() -> None:
    [amount] = extract_money("Shopify paid $40 million.")
    assert amount.currency == "USD"


def test_bare_dollar_follows_a_declared_canadian_dollar() -> None:
    text = "(All figures in Canadian dollars unless otherwise stated) Bausch took a $300 million charge."
    assert [a.currency for a in extract_money(text)] == ["CAD"]


def test_bracketed_conversion_stays_usd_in_a_declared_canadian_dollar_article() -> None:
    text = "All amounts in C$. It paid $500 million ($370 million). It also paid $20 million, or about $15 million."
    assert [a.currency for a in extract_money(text)] == ["CAD", "USD", "CAD", "USD"]


def test_writing_c_dollars_often_does_not_change_bare_dollars() -> None:
    text = "Sales were C$2.1 billion and costs C$400 million, while a US rival charges $900 a dose."
    assert [a.currency for a in extract_money(text)] == ["CAD", "CAD", "USD"]


def test_cents_follow_the_declared_dollar() -> None:
    text = "Figures in Australian dollars. The stock rose 40 cents to $12."
    assert [(a.text, a.currency) for a in extract_money(text)] == [("40 cents", "AUD"), ("$12", "AUD")]


def test_ambiguous_pesos_take_the_peso_the_article_writes() -> None:
    text = "The bank lent MXN 2 billion. Rents rose to 900 million pesos."
    assert [a.currency for a in extract_money(text)] == ["MXN", "MXN"]


def test_ambiguous_pesos_stay_unknown_without_one_explicit_peso() -> None:
    alone = "Rents rose to 900 million pesos."
    two = "It lent MXN 2 billion and ARS 5 billion. Rents rose to 900 million pesos."
    assert extract_money(alone)[0].currency is None
    assert extract_money(two)[-1].currency is None


def test_kr_takes_the_krone_the_article_writes() -> None:
    text = "Genmab guided to DKK 20 billion, and a share costs 1,800 kr."
    assert [a.currency for a in extract_money(text)] == ["DKK", "DKK"]


# --- USD equivalents ---------------------------------------------------------------------


def test_usd_value_for_euros_uses_the_publication_day_rate() -> None:
    [amount] = extract_money("Bayer paid €100 million.", published=dt.date(2024, 1, 10))
    rate = usd_rate("EUR", dt.date(2024, 1, 10))
    assert rate is not None and rate.rate_date == dt.date(2024, 1, 10)
    assert amount.usd_rate_date == dt.date(2024, 1, 10)
    assert amount.usd_value == pytest.approx(100_000_000 * rate.rate, abs=0.01)
    assert 1.0 < rate.rate < 1.2  # the euro traded near 1.09 dollars in January 2024


def test_weekend_publication_uses_the_previous_friday_rate() -> None:
    [amount] = extract_money("Sales were £2bn.", published=dt.date(2024, 1, 13))  # a Saturday
    assert amount.usd_rate_date == dt.date(2024, 1, 12)


def test_no_usd_value_for_usd_amounts_without_date_or_rate() -> None:
    usd, = extract_money("It paid $5 million.", published=dt.date(2024, 1, 10))
    undated, = extract_money("It paid €5 million.")
    no_rate, = extract_money("It paid 5 million Kuwaiti dinars.", published=dt.date(2024, 1, 10))
    span, = extract_money("It paid €5-6 million.", published=dt.date(2024, 1, 10))
    for amount in (usd, undated, no_rate, span):
        assert amount.usd_value is None and amount.usd_rate_date is None


def test_usd_rate_before_the_ecb_table_is_none() -> None:
    assert to_usd(1.0, "EUR", on=dt.date(1990, 1, 1)) is None


def test_usd_rate_after_the_bundled_table_uses_its_last_rate() -> None:
    late = usd_rate("EUR", dt.date(2100, 1, 1))
    assert late is not None and late.rate_date < dt.date(2100, 1, 1)


# --- numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234", (Decimal(1234), False, False)),
        ("1,234", (Decimal(1234), True, False)),
        ("1,234,567", (Decimal(1234567), True, False)),
        ("1.5", (Decimal("1.5"), False, True)),
        ("1,5", (Decimal("1.5"), False, True)),
        ("1.234.567", (Decimal(1234567), True, False)),
        ("1,234.56", (Decimal("1234.56"), True, True)),
        ("1.234,56", (Decimal("1234.56"), True, True)),
        ("1,2345", None),
        ("12,34,567", None),
        ("1.2.3", None),
        ("1,234.5.6", None),
    ],
    ids=lambda v: str(v),
)
def test_parse_digits(raw: str, expected: tuple | None) -> None:
    assert parse_digits(raw) == expected


# --- data files --------------------------------------------------------------------------


def test_data_files_load_and_know_the_spec_currencies() -> None:
    lexicon = money.load_lexicon()
    forms = {f.form: f.code for group in lexicon.forms_by_initial.values() for f in group}
    for form, code in {"C$": "CAD", "A$": "AUD", "HK$": "HKD", "S$": "SGD", "NZ$": "NZD", "¥": "JPY",
                       "€": "EUR", "£": "GBP", "yuan": "CNY", "RMB": "CNY", "renminbi": "CNY",
                       "Swiss francs": "CHF", "rupees": "INR", "won": "KRW"}.items():
        assert forms[form] == code
    assert lexicon.modifier_of["as much as"] is Modifier.up_to


def test_bad_currency_code_fails_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "currencies.json"
    bad.write_text(json.dumps({"currencies": [{"code": "usd", "symbols": ["$"]}]}), encoding="utf-8")
    monkeypatch.setattr(lexicon, "CURRENCY_FILE", bad)
    money.load_lexicon.cache_clear()
    try:
        with pytest.raises(MoneyDataError, match="currencies\\[0\\]"):
            money.load_lexicon()
    finally:
        monkeypatch.undo()
        money.load_lexicon.cache_clear()


def test_malformed_money_words_fail_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "money_words.json"
    bad.write_text(json.dumps({"scales": [{"form": "million"}]}), encoding="utf-8")
    monkeypatch.setattr(lexicon, "MONEY_WORDS_FILE", bad)
    money.load_lexicon.cache_clear()
    try:
        with pytest.raises(MoneyDataError, match="money_words.json"):
            money.load_lexicon()
    finally:
        monkeypatch.undo()
        money.load_lexicon.cache_clear()


def test_hints_do_not_change_the_result() -> None:
    text = "It paid $5 million and 10 percent."
    assert extract_money(text, hints=[(8, 18), (23, 33)]) == extract_money(text)
