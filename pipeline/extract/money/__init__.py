"""Money amounts in news text: recognized by rules over the data tables, normalized to SPEC §2/§3 values.

How an amount is read (the decisions SPEC §3 leaves open):

- An amount needs a number and a currency: a symbol or ISO code before or after the number
  (`$5`, `US$ 5`, `USD 5`, `5 USD`, `20€`), or a currency word after it (`710 billion won`,
  `two billion dollars`). Bare numbers, percentages, share counts and vague amounts
  (`billions of dollars`) are not money.
- Bare `$`, `dollars`, `bucks` and `cents` are US dollars (SPEC §3), unless the article declares
  another dollar (`All figures in Canadian dollars`, `amounts in C$`): then they are that dollar,
  except a bare `$` amount that follows another amount in brackets or after `or`
  (`C$500 million ($370 million)`), since news gives those conversions in US dollars. Merely writing
  C$ several times does not change bare `$`: Canadian articles quote US prices as `$495`.
- A name several currencies share (`pesos`, `dinars`, `riyals`, `kroner`, `kr`) takes the one
  currency of its family the article writes explicitly (`MXN 3 billion` … `1.9 billion pesos`),
  else currency null.
- `pounds` (weight) and `won` (a verb) need a scale word or a grouped number (`450,000 won`).
  Bare `francs` is CHF.
- Cents and pence are hundredths of the dollar/pound (`52 cents` → 0.52 USD); a dollar amount
  followed by its cents (`13 dollars and 45 cents`, `$20 43`) is one amount.
- A range (`$10-$20 million`, `$10 million to $20 million`, `between €1bn and €2bn`,
  `10-20 dollars`) is one amount with modifier `range`; a bound without its own scale word takes
  the other's (`$10-$20 million` → 10–20 million). `X to Y` after a change verb or `by`
  (`rose from $10 million to $20 million`, `raised by 2 cents to 17 cents`) is two amounts, as is
  a decreasing pair.
- `usd_value` is given for non-USD single amounts only (null for USD, for ranges, without
  `published`, or without an ECB rate): see pipeline/normalize/currency.py.
- `hints` (spaCy MONEY spans) are accepted for the interface but unused: the rules decide alone,
  so the result does not depend on the statistical model.

The data and its loader are lexicon.py, numbers and the token scanner scanner.py; this module finds amounts and
ranges and gives them their currency.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pipeline.extract.money.lexicon import (
    BARE_DOLLAR,
    CONVERSION_GAP_RE,
    DIGIT_CHARS,
    DIGITS_RE,
    GAP,
    MAX_TAIL_SUBUNITS,
    TOKEN_RE,
    CurrencyForm,
    MoneyDataError,
    MoneyLexicon,
    load_lexicon,
)
from pipeline.extract.money.scanner import Number, Scanner, parse_digits
from pipeline.models import Amount, Modifier
from pipeline.normalize.currency import to_usd

# Names tests and benchmarks import from `pipeline.extract.money`, the module this package replaced.
__all__ = ["BARE_DOLLAR", "MoneyDataError", "MoneyLexicon", "extract_money", "find_amounts", "load_lexicon", "parse_digits"]


@dataclass(frozen=True)
class _Found:
    """One amount with its own currency, before ranges are formed."""

    start: int
    end: int
    value: Decimal
    code: str | None
    raw_number: Decimal  # as written, before scale and subunit
    scale: Decimal | None
    unit: Decimal  # 1, or 0.01 for cents and pence
    family: str | None = None


TAIL_JOIN_RE = re.compile(r",?[ \t]{1,3}(?:and[ \t]{1,3})?", re.IGNORECASE)
BETWEEN_BEFORE_RE = re.compile(r"(?<!\w)between" + GAP + r"\S{0,4}$", re.IGNORECASE)
HUNDREDTH = Decimal("0.01")
BY_BEFORE_RE = re.compile(r"(?<!\w)by" + GAP + r"$", re.IGNORECASE)


def _accepts(form: CurrencyForm, number: Number, scale: Decimal | None) -> bool:
    if form.needs_scale and scale is None and not number.grouped:
        return False
    return not (form.subunit and scale is not None)


def _found(start: int, end: int, number: Number, scale: Decimal | None, form: CurrencyForm) -> _Found:
    unit = HUNDREDTH if form.subunit else Decimal(1)
    return _Found(start, end, number.value * (scale or 1) * unit, form.code, number.value, scale, unit, form.family)


SENTENCE_OPENING = re.compile(r"(?:^|[.!?][\"'\u201d\u2019)]*\s+)$")


def _single_at(scan: Scanner, pos: int) -> _Found | None:
    """One amount with its currency starting at `pos`: `US$ 5m`, `5 million euros`, `20€`."""
    prefix = scan.form_at(pos, before=True)
    if prefix is not None and " " in prefix[0].form and SENTENCE_OPENING.search(scan.text, 0, pos):
        prefix = None  # `A $300 million milestone falls due`: the article opening a sentence, not `A $` (AUD)
    if prefix is not None:
        form, form_end = prefix
        parsed = scan.number_at(scan.gap(form_end))
        if parsed is not None and not parsed[0].written and _accepts(form, *parsed):
            number, scale = parsed
            return _with_subunit_tail(scan, _found(pos, number.end, number, scale, form), number)
    parsed = scan.number_at(pos)
    if parsed is None or scan.is_letter(pos - 1) and not parsed[0].written:
        return None
    number, scale = parsed
    after = scan.gap(number.end, hyphen=True)
    suffix = scan.form_at(after, before=False, symbols=not number.written)
    if suffix is None:
        return None
    form, form_end = suffix
    if form.attached_only and after != number.end:
        return None
    if not form.form[-1].isalpha() and after != number.end and DIGITS_RE.match(scan.text, scan.gap(form_end)):
        return None  # `in 2011 $4 billion`: the symbol belongs to the next number
    if number.written and number.value == 1 and scale is None and text_starts_with_article(scan.text, pos):
        # `a dollar`, `a penny` are amounts; `a euro zone`, `a yen for travel`, `a dollar bond` are not.
        if not (form.code == BARE_DOLLAR or form.subunit):
            return None
        next_word = scan.word_at(scan.gap(form_end))
        if next_word is not None and next_word[0] not in scan.lex.after_a_unit:
            return None
    found = _found(pos, form_end, number, scale, form)
    if not _accepts(form, number, scale):
        # `2 pounds 30 pence` is money even though `20 pounds` alone is a weight.
        with_pence = _with_subunit_tail(scan, found, number, subunit_word_required=True)
        return with_pence if form.needs_scale and with_pence.end != found.end else None
    return found if form.subunit else _with_subunit_tail(scan, found, number)


def text_starts_with_article(text: str, pos: int) -> bool:
    return bool(re.match(r"an?\b", text[pos : pos + 3], re.IGNORECASE))


def _with_subunit_tail(
    scan: Scanner, found: _Found, number: Number, *, subunit_word_required: bool = False
) -> _Found:
    """`13 dollars and 45 cents`, `$20 43`, `3 GBP 1 pence`: the cents belong to the amount."""
    text = scan.text
    if found.scale is not None or not number.integer or found.code is None:
        return found
    if BETWEEN_BEFORE_RE.search(text[max(0, found.start - 16) : found.start]):
        return found  # `between $1 and 2`: the `and` is the range's
    join = TAIL_JOIN_RE.match(text, found.end)
    if join is None:
        return found
    tail = scan.digits_at(join.end()) or scan.word_number_at(join.end())
    if tail is None or tail.grouped or not tail.integer or not 1 <= tail.value <= MAX_TAIL_SUBUNITS:
        return found
    if tail.written and text[tail.start].casefold() == "a":
        return found
    after = scan.gap(tail.end)
    sub = scan.form_at(after, before=False)
    if sub is not None and sub[0].subunit and not (sub[0].attached_only and after != tail.end):
        end = sub[1]
    elif subunit_word_required:
        return found
    else:
        # Without `cents`, only a tail that ends the phrase is cents (`$20 43.`), not `$5 and 10 employees`.
        if after < len(text) and (text[after].isalnum() or text[after] in "%$€£¥"):
            if not re.match(r"and\b", text[after : after + 4], re.IGNORECASE):
                return found
        if tail.end + 1 < len(text) and text[tail.end] in ".," and text[tail.end + 1].isdigit():
            return found
        end = tail.end
    value = found.value + tail.value * HUNDREDTH
    return _Found(found.start, end, value, found.code, found.raw_number, None, found.unit, found.family)


def _opener_before(scan: Scanner, start: int) -> str | None:
    match = re.search(r"(?<![\w])(between|from)" + GAP + r"$", scan.text[max(0, start - 12) : start], re.I)
    return match.group(1).casefold() if match else None


def _follows_change_verb(scan: Scanner, start: int) -> bool:
    """`revenue rose 20% from $5 million to ...`, `shares fell 52 cents to $18`: a change, not a range."""
    before = scan.text[max(0, start - 60) : start]
    opener = re.search(r"(?<![\w])from" + GAP + r"$", before, re.I)
    if opener is not None:
        before = before[: opener.start()]
    words = re.findall(r"[^\W\d_]+", before)[-3:]
    return any(w.casefold() in scan.lex.change_verbs for w in words)


def _connector_after(scan: Scanner, pos: int) -> tuple[str, int] | None:
    """The range connector (`-`, `to`, `and`) after `pos` and the position after it."""
    cursor = scan.gap(pos)
    text = scan.text
    if cursor < len(text) and text[cursor] in "-–—":
        return text[cursor], scan.gap(cursor + 1)
    word = scan.word_at(cursor)
    if word is not None and word[0] in scan.lex.range_connectors:
        return word[0], scan.gap(word[1])
    return None


def _range_allowed(scan: Scanner, first_start: int, connector: str) -> bool:
    if connector == "and":
        return _opener_before(scan, first_start) == "between"
    if connector != "to":
        return True
    # `raised the dividend by 2 cents to 17 cents`: the amount of a change, then the new amount.
    if BY_BEFORE_RE.search(scan.text[max(0, first_start - 8) : first_start]):
        return False
    return not _follows_change_verb(scan, first_start)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    code: str | None
    family: str | None

    @property
    def is_range(self) -> bool:
        return self.low is not None


def _low_bound(raw: Decimal, scale: Decimal | None, high_raw: Decimal, high_scale: Decimal | None,
               unit: Decimal) -> Decimal | None:
    """The low bound's value; it takes the high bound's scale when it has none (`$10-$20 million`)."""
    if scale is not None or high_scale is None:
        return raw * (scale or 1) * unit
    if raw < high_raw:
        return raw * high_scale * unit
    # `$500,000 to $2 million` writes the low bound in full; in `2024-$300 million` 2024 is a year.
    return raw * unit if raw >= 1000 else None


def _range_after_first(scan: Scanner, first: _Found) -> _Candidate | None:
    """`$10 million to $20 million`, `$10-$20 million`, `€1-2 billion`, `$10 to 20 million`."""
    connector = _connector_after(scan, first.end)
    if connector is None or not _range_allowed(scan, first.start, connector[0]):
        return None
    second = _single_at(scan, connector[1])
    if second is not None:
        if second.code != first.code or second.unit != first.unit:
            return None
        low = _low_bound(first.raw_number, first.scale, second.raw_number, second.scale, first.unit)
        high, end = second.value, second.end
    else:
        bare = scan.number_at(connector[1])
        if bare is None or scan.is_letter(connector[1] - 1) or bare[0].written and bare[1] is None:
            return None
        number, scale = bare
        high, end = number.value * (scale or first.scale or 1) * first.unit, number.end
        low = first.value
        if first.scale is None and scale is not None:
            low = _low_bound(first.raw_number, None, number.value, scale, first.unit)
    if low is None or not low < high:
        return None
    return _Candidate(first.start, end, None, low, high, first.code, first.family)


def _range_from_bare(scan: Scanner, pos: int) -> _Candidate | None:
    """`10-20 dollars`, `between 10 and 20 dollars`, `7-9 lakh rupees`: the first bound has no currency."""
    if scan.is_letter(pos - 1):
        return None
    bare = scan.number_at(pos)
    if bare is None:
        return None
    number, scale = bare
    if number.year_like or number.written and number.value == 1 and scale is None:
        return None
    connector = _connector_after(scan, number.end)
    if connector is None or not _range_allowed(scan, pos, connector[0]):
        return None
    second = _single_at(scan, connector[1])
    if second is None:
        return None
    low = _low_bound(number.value, scale, second.raw_number, second.scale, second.unit)
    if low is None or not low < second.value:
        return None
    return _Candidate(pos, second.end, None, low, second.value, second.code, second.family)


def _amount_at(scan: Scanner, pos: int) -> _Candidate | None:
    first = _single_at(scan, pos)
    if first is None:
        return _range_from_bare(scan, pos)
    joined = _range_after_first(scan, first)
    if joined is not None:
        return joined
    return _Candidate(first.start, first.end, first.value, None, None, first.code, first.family)


# --- currency context and output ---------------------------------------------------------


def declared_dollar(text: str, lexicon: MoneyLexicon) -> str:
    """The currency of bare `$` in this article: USD unless it declares another (`all figures in C$`)."""
    match = lexicon.declaration_re.search(text)
    if match is None:
        return "USD"
    form = match.group(1).casefold()
    return next(code for surface, code in lexicon.declared_dollars if surface.casefold() == form)


def resolve_families(candidates: Sequence[_Candidate], text: str, lexicon: MoneyLexicon) -> dict[str, str]:
    """For each currency family (peso, krone ...), its currency when the article writes exactly one explicitly, or
    else names the country of exactly one (`In Mexico, ... 68 billion pesos`)."""
    explicit: dict[str, set[str]] = {}
    for candidate in candidates:
        if candidate.family and candidate.code not in (None, BARE_DOLLAR):
            explicit.setdefault(candidate.family, set()).add(candidate.code)
    resolved = {family: codes.pop() for family, codes in explicit.items() if len(codes) == 1}
    open_families = {c.family for c in candidates if c.family and c.code is None} - explicit.keys()
    if open_families:
        named: dict[str, set[str]] = {}
        for family, code, country in lexicon.family_countries:
            if family in open_families and country.search(text):
                named.setdefault(family, set()).add(code)
        resolved.update({family: codes.pop() for family, codes in named.items() if len(codes) == 1})
    return resolved


def _modifier_before(scan: Scanner, start: int) -> Modifier:
    window = scan.text[max(0, start - 40) : start]
    match = scan.lex.modifier_re.search(window)
    if match is None:
        return Modifier.exact
    return scan.lex.modifier_of.get(match.group(1).casefold(), Modifier.exact)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _to_amount(
    scan: Scanner, candidate: _Candidate, code: str | None, published: dt.date | None
) -> Amount:
    modifier = Modifier.range if candidate.is_range else _modifier_before(scan, candidate.start)
    usd_value = usd_date = None
    if published is not None and code not in (None, "USD") and candidate.value is not None:
        converted = to_usd(float(candidate.value), code, on=published)
        if converted is not None:
            usd_value, usd_date = converted
    return Amount(
        text=scan.text[candidate.start : candidate.end],
        start=candidate.start,
        end=candidate.end,
        value=_number(candidate.value),
        currency=code,
        modifier=modifier,
        low=_number(candidate.low),
        high=_number(candidate.high),
        usd_value=usd_value,
        usd_rate_date=usd_date,
    )


def find_amounts(text: str) -> list[_Candidate]:
    """Every amount in `text`, left to right, without overlaps, currencies not yet resolved."""
    lexicon = load_lexicon()
    scan = Scanner(text, lexicon)
    found: list[_Candidate] = []
    resume = 0
    for token in TOKEN_RE.finditer(text):
        word = token.group()
        # Only a digit or a known first token can start an amount; a word with non-ASCII letters is tried anyway,
        # as its case folding may not be letter for letter.
        if not (word[0] in DIGIT_CHARS or word.casefold() in lexicon.start_tokens or not word.isascii() and len(word) > 1):
            continue
        if token.start() < resume:
            continue
        candidate = _amount_at(scan, token.start())
        if candidate is not None and candidate.end > candidate.start:
            found.append(candidate)
            resume = candidate.end
    return found


def extract_money(
    text: str, *, published: dt.date | None = None, hints: Sequence[tuple[int, int]] = ()
) -> list[Amount]:
    """The money amounts of an article body, sorted by start, non-overlapping (SPEC §2/§3)."""
    del hints  # accepted for the core's interface; see the module docstring
    lexicon = load_lexicon()
    scan = Scanner(text, lexicon)
    candidates = find_amounts(text)
    dollar = declared_dollar(text, lexicon)
    family_currency = resolve_families(candidates, text, lexicon)
    amounts: list[Amount] = []
    previous_end: int | None = None
    for candidate in candidates:
        code = candidate.code
        if code == BARE_DOLLAR:
            is_conversion = previous_end is not None and CONVERSION_GAP_RE.match(
                text[previous_end : candidate.start]
            )
            code = "USD" if is_conversion else dollar
        elif code is None and candidate.family:
            code = family_currency.get(candidate.family)
        amounts.append(_to_amount(scan, candidate, code, published))
        previous_end = candidate.end
    return amounts
