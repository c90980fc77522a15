"""Money extraction accuracy of newsfacts, price-parser and quantulum3 on the same third-party cases, as a table.

Suites (read from $NEWSFACTS_PEER_SUITES, default ../shared/peer-suites/ beside the checkout; pipeline/peer_suites.py;
a suite that is absent is skipped with the reason):
- recognizers_currency_en.jsonl: Microsoft Recognizers-Text English currency spec (mostly WSJ sentences);
- duckling_money_en.jsonl: Duckling's English AmountOfMoney corpus, without its latent section
  (where bare numbers count as money).

A case is correct when every expected amount with a value is found by a distinct prediction with
the value within 0.5% (SPEC §5) and an acceptable currency; for Duckling's under/above/between
cases also the modifier and bounds. A negative case is correct when nothing is found. The `strict`
columns also count a case wrong when the system finds an amount that is not expected.

How the suites' units become ISO codes (their policy is not ours, so we accept what is defensible):
a bare `Dollar` or `Unnamed` (`bucks`) is USD; `Pound` is GBP; `Cent` is a hundredth of USD and
`Pence`/`Penny` of GBP (SPEC §3 values cents as 0.52, the suites as 52); units that name no single
currency (`Franc`, `Rupee`, `Dinar`, `Riyal`, `Rial`, `Sen`) accept null or any currency of that name.
Expected spans without a value (a bare `dollar`) are not amounts under SPEC §3 and are skipped.

Run: .venv/bin/python benchmarks/money_accuracy.py [--failures newsfacts] [--suite duckling]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.peer_suites import missing_reason, peer_suite  # noqa: E402

SUITES = {
    "recognizers": "recognizers_currency_en.jsonl",
    "duckling": "duckling_money_en.jsonl",
}
TOLERANCE = 0.005
HUNDREDTH_OF = {"Cent": "USD", "Pence": "GBP", "Penny": "GBP"}
UNIT_CODES: dict[str, set[str | None]] = {
    "Dollar": {"USD"},
    "Unnamed": {"USD", None},
    "Pound": {"GBP"},
    "Cent": {"USD"},
    "Pence": {"GBP"},
    "Penny": {"GBP"},
    "Franc": {None, "CHF", "FRF", "BEF", "XOF", "XAF"},
    "Rupee": {None, "INR", "PKR", "LKR", "NPR"},
    "Dinar": {None, "KWD", "BHD", "JOD", "IQD", "LYD", "TND", "DZD", "RSD"},
    "Riyal": {None, "SAR", "QAR", "OMR", "YER"},
    "Rial": {None, "IRR", "OMR", "YER"},
    "Sen": {None, "MYR", "IDR", "JPY"},
    "Finnish markka": {"FIM"},
    "Peseta": {"ESP"},
    "Netherlands guilder": {"NLG"},
}


@dataclass(frozen=True)
class Expected:
    value: float | None  # a single amount
    low: float | None
    high: float | None
    kind: str  # simple | between | under | above
    codes: frozenset[str | None]


@dataclass(frozen=True)
class Predicted:
    value: float | None
    low: float | None
    high: float | None
    modifier: str | None
    currency: str | None


def _codes(unit: str, iso: str | None) -> frozenset[str | None]:
    if iso:
        return frozenset({iso})
    return frozenset(UNIT_CODES.get(unit, {None}))


def _scaled(value: float | None, unit: str) -> float | None:
    return value / 100 if value is not None and unit in HUNDREDTH_OF else value


def load_suite(name: str) -> list[tuple[str, str, list[Expected]]]:
    """(id, input, expected amounts) per case; Duckling's latent section is left out."""
    cases = []
    with open(peer_suite(SUITES[name]), encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if "latent" in record.get("section", ""):
                continue
            expected = []
            for span in record["expected"]:
                if name == "recognizers":
                    if span.get("value") is None:
                        continue
                    unit = span["unit"]
                    codes = _codes(unit, span.get("iso_currency"))
                    expected.append(Expected(_scaled(span["value"], unit), None, None, "simple", codes))
                else:
                    unit = span["duckling_unit"]
                    codes = _codes(unit, span.get("iso_currency"))
                    expected.append(
                        Expected(
                            _scaled(span.get("value"), unit),
                            _scaled(span.get("min"), unit),
                            _scaled(span.get("max"), unit),
                            span["kind"],
                            codes,
                        )
                    )
            cases.append((record["id"], record["input"], expected))
    return cases


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return a == b or abs(a - b) <= TOLERANCE * max(abs(a), abs(b))


def matches(expected: Expected, predicted: Predicted) -> bool:
    if predicted.currency not in expected.codes:
        return False
    if expected.kind == "simple":
        return _close(expected.value, predicted.value)
    if expected.kind == "between":
        return predicted.modifier == "range" and _close(expected.low, predicted.low) and _close(
            expected.high, predicted.high
        )
    if expected.kind == "under":
        return predicted.modifier in ("less_than", "up_to") and _close(expected.high, predicted.value)
    return predicted.modifier in ("more_than", "at_least") and _close(expected.low, predicted.value)


def judge(expected: list[Expected], predicted: list[Predicted]) -> tuple[bool, bool]:
    """(every expected amount found, and nothing else found)."""
    unused = list(predicted)
    for item in expected:
        hit = next((p for p in unused if matches(item, p)), None)
        if hit is None:
            return False, False
        unused.remove(hit)
    if not expected:
        return not predicted, not predicted
    return True, not unused


# --- the systems -------------------------------------------------------------------------


def newsfacts_system() -> Callable[[str], list[Predicted]]:
    from pipeline.extract.money import extract_money

    def run(text: str) -> list[Predicted]:
        return [
            Predicted(a.value, a.low, a.high, a.modifier.value, a.currency) for a in extract_money(text)
        ]

    return run


def _symbol_to_code() -> Callable[[str | None], str | None]:
    """Price-parser returns the currency as written; read it with our table so it is not penalized for that."""
    from pipeline.extract.money import BARE_DOLLAR, load_lexicon

    forms = [f for group in load_lexicon().forms_by_initial.values() for f in group if not f.subunit]

    def to_code(raw: str | None) -> str | None:
        if not raw:
            return None
        raw = raw.strip()
        for form in forms:
            if form.form == raw or not form.case_sensitive and form.form.casefold() == raw.casefold():
                return "USD" if form.code == BARE_DOLLAR else form.code
        return None

    return to_code


def price_parser_system() -> Callable[[str], list[Predicted]]:
    from price_parser import Price

    to_code = _symbol_to_code()

    def run(text: str) -> list[Predicted]:
        price = Price.fromstring(text)
        if price.amount is None or price.currency is None:
            return []
        return [Predicted(float(price.amount), None, None, None, to_code(price.currency))]

    return run


def quantulum_system() -> Callable[[str], list[Predicted]]:
    warnings.filterwarnings("ignore", module="quantulum3")
    from quantulum3 import parser

    subunit_of = {"cent": "USD", "penny": "GBP", "pence": "GBP"}

    def run(text: str) -> list[Predicted]:
        found = []
        for quantity in parser.parse(text):
            if quantity.unit.entity.name != "currency":
                continue
            value = quantity.value
            code = getattr(quantity.unit, "currency_code", None)
            if quantity.unit.name in subunit_of:
                value, code = value / 100, subunit_of[quantity.unit.name]
            if quantity.uncertainty:
                # quantulum3 reads `10-20 dollars` as 15 ± 5: give it back as the range it means.
                low, high = value - quantity.uncertainty, value + quantity.uncertainty
                found.append(Predicted(None, low, high, "range", code))
            else:
                found.append(Predicted(value, None, None, None, code))
        return found

    return run


SYSTEMS: dict[str, Callable[[], Callable[[str], list[Predicted]]]] = {
    "newsfacts": newsfacts_system,
    "price-parser": price_parser_system,
    "quantulum3": quantulum_system,
}


def _safe(run: Callable[[str], list[Predicted]], text: str) -> list[Predicted]:
    try:
        return run(text)
    except Exception:  # a third-party crash on one case counts as finding nothing
        return []


def evaluate(suites: Iterable[str], failures_of: str | None) -> None:
    runners = {name: make() for name, make in SYSTEMS.items()}
    rows = []
    for suite in suites:
        if reason := missing_reason(SUITES[suite]):
            print(f"skipped {suite}: {reason}")
            continue
        cases = load_suite(suite)
        for name, run in runners.items():
            correct = strict = 0
            began = time.perf_counter()
            for case_id, text, expected in cases:
                predicted = _safe(run, text)
                found, exact = judge(expected, predicted)
                correct += found
                strict += exact
                if not found and name == failures_of:
                    print(f"FAIL {suite} {case_id}: {text[:110]!r}\n  expected {expected}\n  got {predicted}")
            seconds = time.perf_counter() - began
            rows.append((suite, name, len(cases), correct, strict, seconds))
    print()
    print(f"{'suite':<12} {'system':<13} {'cases':>5} {'correct':>8} {'%':>6} {'strict':>7} {'%':>6} {'sec':>6}")
    for suite, name, total, correct, strict, seconds in rows:
        print(
            f"{suite:<12} {name:<13} {total:>5} {correct:>8} {100 * correct / total:>6.1f}"
            f" {strict:>7} {100 * strict / total:>6.1f} {seconds:>6.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", choices=sorted(SUITES), action="append", help="run only this suite")
    parser.add_argument("--failures", choices=sorted(SYSTEMS), help="print the failed cases of this system")
    args = parser.parse_args()
    evaluate(args.suite or list(SUITES), args.failures)


if __name__ == "__main__":
    main()
