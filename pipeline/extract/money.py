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
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pipeline.models import Amount, Modifier
from pipeline.normalize.currency import to_usd

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CURRENCY_FILE = DATA_DIR / "currencies.json"
MONEY_WORDS_FILE = DATA_DIR / "money_words.json"

# The currency of bare dollar forms before the article's context is known.
BARE_DOLLAR = "$dollar"

_GAP = r"[ \t\u00a0\u2009\u202f]{0,3}(?:\n[ \t\u00a0\u2009\u202f]{0,3})?"
GAP_RE = re.compile(_GAP)
# A hyphen joins parts in compound adjectives: `$1.2-billion`, `12-cent`, `a 10-million-dollar deal`.
GAP_OR_HYPHEN_RE = re.compile(_GAP + r"(?:-" + _GAP + r")?")
# Thousands grouped by a no-break or thin space (`1 000 000`, as French and SI style write them).
DIGITS_RE = re.compile(r"[0-9]{1,3}(?:[\u00a0\u202f\u2009][0-9]{3})+(?:[.,][0-9]+)?(?![0-9])|[0-9]+(?:[.,][0-9]+)*")
SPACE_GROUP_TAIL_RE = re.compile(r"[0-9] $")
TOKEN_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+|\S")
WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")
CONVERSION_GAP_RE = re.compile(r"^[\s,;:—–-]*(?:[(\[]|\bor\b)[\s\w.,]{0,20}$", re.IGNORECASE)
# A four-digit year before a dash or `and` is a date range's bound, not an amount's.
AND_A_FRACTION_RE = re.compile(r"[ \t]{1,3}and[ \t]{1,3}a[ \t]{1,3}(half|quarter)(?=[\s-])", re.IGNORECASE)
YEAR_RE = re.compile(r"^(1[89]|20|21)[0-9]{2}$")
DIGIT_CHARS = frozenset("0123456789")
MAX_WORD_NUMBER_WORDS = 8
MAX_TAIL_SUBUNITS = 99


class MoneyDataError(ValueError):
    """A money data file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class CurrencyForm:
    form: str
    code: str | None  # BARE_DOLLAR for `$`/dollars, resolved per article
    case_sensitive: bool
    before: bool  # may precede the number
    after: bool  # may follow the number
    is_symbol: bool  # symbols and codes; a written number takes only words
    needs_scale: bool = False
    family: str | None = None  # dollar, peso, krone ...: see currencies.json
    subunit: bool = False  # a hundredth of `code`
    attached_only: bool = False
    context: re.Pattern[str] | None = None  # the form is this currency only in an article this matches (the rand's R)


@dataclass(frozen=True)
class ScaleForm:
    form: str
    factor: Decimal
    case_sensitive: bool
    attached_only: bool


@dataclass(frozen=True)
class MoneyLexicon:
    forms_by_initial: dict[str, tuple[CurrencyForm, ...]]
    scales: tuple[ScaleForm, ...]
    scales_by_initial: dict[str, tuple[ScaleForm, ...]]  # by the case-folded first letter, longest first
    number_words: dict[str, int]
    number_multipliers: dict[str, int]
    fractions: dict[str, Decimal]
    modifier_of: dict[str, Modifier]
    modifier_re: re.Pattern[str]
    range_connectors: frozenset[str]
    change_verbs: frozenset[str]
    fraction_re: re.Pattern[str]
    declaration_re: re.Pattern[str]
    after_a_unit: frozenset[str]
    declared_dollars: tuple[tuple[str, str], ...]  # (form, code) of the non-US dollars a declaration may name
    # The lower-cased first tokens (TOKEN_RE) an amount can start with besides a digit: a currency form that may
    # precede the number, a number word, a fraction. Amounts are looked for only at these tokens.
    start_tokens: frozenset[str]
    family_countries: tuple[tuple[str, str, re.Pattern[str]], ...] = ()  # (family, code, its country's words)


def _load_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise MoneyDataError(f"{path}: cannot read money data ({err}); restore the file from git") from err


def _currency_forms(data: dict, path: Path) -> list[CurrencyForm]:
    forms: list[CurrencyForm] = []
    for index, entry in enumerate(data.get("currencies", [])):
        code = entry.get("code")
        if code is not None and not re.fullmatch(r"[A-Z]{3}", code):
            raise MoneyDataError(f"{path}: currencies[{index}] has code {code!r}, not an ISO 4217 code")
        if entry.get("bare_dollar"):
            code = BARE_DOLLAR
        common = {
            "code": code,
            "needs_scale": bool(entry.get("needs_scale")),
            "family": entry.get("family"),
        }
        before_words = {w.casefold() for w in entry.get("words_before", [])}
        for form in entry.get("symbols", []):
            forms.append(CurrencyForm(form, case_sensitive=True, before=True, after=True, is_symbol=True, **common))
        if entry.get("context_symbols"):
            if not entry.get("context"):
                raise MoneyDataError(f"{path}: currencies[{index}] has context_symbols but no context words")
            context = re.compile(r"\b(?:" + "|".join(map(re.escape, entry["context"])) + r")\b", re.IGNORECASE)
            for form in entry["context_symbols"]:
                forms.append(
                    CurrencyForm(form, case_sensitive=True, before=True, after=False, is_symbol=True, attached_only=True, context=context, **common)
                )
        for form in entry.get("symbols_any_case", []):
            forms.append(CurrencyForm(form, case_sensitive=False, before=True, after=True, is_symbol=True, **common))
        for form in entry.get("words", []):
            forms.append(
                CurrencyForm(
                    form,
                    case_sensitive=False,
                    before=form.casefold() in before_words,
                    after=True,
                    is_symbol=False,
                    **common,
                )
            )
        unknown = before_words - {w.casefold() for w in entry.get("words", [])}
        if unknown:
            raise MoneyDataError(f"{path}: currencies[{index}] words_before {sorted(unknown)} are not in its words")
    for index, entry in enumerate(data.get("subunits", [])):
        of = entry.get("of")
        if of != "dollar" and not re.fullmatch(r"[A-Z]{3}", str(of)):
            raise MoneyDataError(f"{path}: subunits[{index}] 'of' is {of!r}; use an ISO code or 'dollar'")
        for form in entry.get("forms", []):
            forms.append(
                CurrencyForm(
                    form,
                    code=BARE_DOLLAR if of == "dollar" else of,
                    case_sensitive=False,
                    before=False,
                    after=True,
                    is_symbol=len(form) == 1,
                    subunit=True,
                    attached_only=bool(entry.get("attached_only")),
                )
            )
    for form in forms:
        if not form.form or form.form != form.form.strip():
            raise MoneyDataError(f"{path}: empty or padded currency form {form.form!r}")
    return forms


@functools.lru_cache(maxsize=1)
def load_lexicon() -> MoneyLexicon:
    """The currency and money-word tables, validated and indexed; raises MoneyDataError on bad data."""
    currencies = _load_json(CURRENCY_FILE)
    words = _load_json(MONEY_WORDS_FILE)
    forms = _currency_forms(currencies, CURRENCY_FILE)
    family_countries = tuple(
        (entry["family"], entry["code"], re.compile(r"\b(?:" + "|".join(map(re.escape, entry["countries"])) + r")\b"))
        for entry in currencies.get("currencies", [])
        if entry.get("countries") and entry.get("family") and entry.get("code")
    )
    by_initial: dict[str, list[CurrencyForm]] = {}
    for form in forms:
        by_initial.setdefault(form.form[0].casefold(), []).append(form)
    # The longest form first, so `US$` beats `$`-less `US` and `Swiss francs` beats `francs`.
    indexed = {k: tuple(sorted(v, key=lambda f: -len(f.form))) for k, v in by_initial.items()}
    try:
        scales = tuple(
            sorted(
                (
                    ScaleForm(
                        s["form"],
                        Decimal(str(s["factor"])),
                        bool(s.get("case_sensitive")),
                        bool(s.get("attached_only")),
                    )
                    for s in words["scales"]
                ),
                key=lambda s: -len(s.form),
            )
        )
        number_words = {k.casefold(): int(v) for k, v in words["number_words"].items()}
        multipliers = {k.casefold(): int(v) for k, v in words["number_multipliers"].items()}
        fractions = {k.casefold(): Decimal(str(v)) for k, v in words["fractions"].items()}
        modifier_of = {
            phrase.casefold(): Modifier(name) for name, phrases in words["modifiers"].items() for phrase in phrases
        }
        connectors = frozenset(c.casefold() for c in words["range_connectors"])
        change_verbs = frozenset(v.casefold() for v in words["change_verbs"])
        declarations = [d.casefold() for d in words["currency_declarations"]]
        after_a_unit = frozenset(w.casefold() for w in words["after_a_unit"])
    except (KeyError, TypeError, ValueError, InvalidOperation) as err:
        raise MoneyDataError(f"{MONEY_WORDS_FILE}: malformed entry ({err!r}); see its _about header") from err
    phrases = sorted(modifier_of, key=len, reverse=True)
    modifier_re = re.compile(
        r"(?<![\w.])(" + "|".join(re.escape(p) for p in phrases) + r")" + _GAP
        # `as much as a further €150 million`: an amount added to another keeps the modifier before it.
        + r"(?:(?:an?[ \t]+)?(?:further|additional|extra|another)[ \t]+)?$",
        re.IGNORECASE,
    )
    fraction_words = "|".join(re.escape(f) for f in fractions)
    fraction_re = re.compile(
        r"(?:(an?|one)[ \t]{1,3})?(" + fraction_words + r")(?:[ \t]{1,3}of)?(?:[ \t]{1,3}an?)?(?=[\s-])",
        re.IGNORECASE,
    )
    declared_dollars = tuple(
        (f.form, f.code) for f in forms if f.family == "dollar" and f.code not in ("USD", BARE_DOLLAR) and f.code
    )
    declaration_re = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(d) for d in sorted(declarations, key=len, reverse=True)) + r")"
        + _GAP + r"(" + "|".join(re.escape(f) for f, _ in sorted(declared_dollars, key=lambda p: -len(p[0]))) + r")",
        re.IGNORECASE,
    )
    first_token = lambda phrase: TOKEN_RE.match(phrase).group().casefold()  # noqa: E731
    start_tokens = frozenset(
        [first_token(f.form) for f in forms if f.before]
        + [first_token(w) for w in (*number_words, *multipliers, *fractions, "a", "an", "one")]
    )
    return MoneyLexicon(
        forms_by_initial=indexed,
        scales=scales,
        scales_by_initial={
            initial: tuple(s for s in scales if s.form.casefold()[0] == initial)
            for initial in {s.form.casefold()[0] for s in scales}
        },
        number_words=number_words,
        number_multipliers=multipliers,
        fractions=fractions,
        modifier_of=modifier_of,
        modifier_re=modifier_re,
        range_connectors=connectors,
        change_verbs=change_verbs,
        fraction_re=fraction_re,
        declaration_re=declaration_re,
        after_a_unit=after_a_unit,
        declared_dollars=declared_dollars,
        start_tokens=start_tokens,
        family_countries=family_countries,
    )


# --- numbers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    value: Decimal
    start: int
    end: int
    grouped: bool = False  # written with thousands separators
    integer: bool = True
    written: bool = False  # in words
    year_like: bool = False


def parse_digits(raw: str) -> tuple[Decimal, bool, bool] | None:
    """(value, grouped, has_decimals) of `1,234.5`, `1.234,5`, `2,75` or `1.234.567`; None when malformed."""
    seps = [c for c in raw if c in ".,"]
    if not seps:
        return Decimal(raw), False, False
    groups = re.split(r"[.,]", raw)
    last_sep = seps[-1]
    if len(set(seps)) == 2:
        # Both separators: the last one is the decimal mark, the other groups thousands.
        thousands = "," if last_sep == "." else "."
        if seps.count(last_sep) != 1 or any(len(g) != 3 for g in groups[1:-1]) or len(groups[0]) > 3:
            return None
        return Decimal(raw.replace(thousands, "").replace(",", ".")), True, True
    if len(seps) == 1 and (last_sep == "." or len(groups[1]) < 3):
        # A single dot is a decimal point; a single comma before one or two digits is a decimal comma.
        return Decimal(raw.replace(",", ".")), False, True
    if len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
        return Decimal(raw.replace(last_sep, "")), True, False
    return None


class _Scanner:
    """Reads amounts from one text; every method takes a position and returns a match or None."""

    def __init__(self, text: str, lexicon: MoneyLexicon) -> None:
        self.text = text
        self.lex = lexicon
        # A number is read at one position several times (as an amount, then as a bare range bound).
        self.numbers: dict[int, tuple[Number, Decimal | None] | None] = {}
        self.contexts: dict[re.Pattern[str], bool] = {}

    def in_context(self, form: CurrencyForm) -> bool:
        """Whether the article names what a context-bound form needs (`South Africa` for the rand's `R`)."""
        if form.context is None:
            return True
        if form.context not in self.contexts:
            self.contexts[form.context] = form.context.search(self.text) is not None
        return self.contexts[form.context]

    # -- small pieces ----------------------------------------------------------------------

    def gap(self, pos: int, *, hyphen: bool = False) -> int:
        return (GAP_OR_HYPHEN_RE if hyphen else GAP_RE).match(self.text, pos).end()

    def is_letter(self, pos: int) -> bool:
        return 0 <= pos < len(self.text) and self.text[pos].isalpha()

    def word_at(self, pos: int) -> tuple[str, int] | None:
        match = WORD_RE.match(self.text, pos)
        if match is None or self.is_letter(pos - 1):
            return None
        return match.group().casefold(), match.end()

    def form_at(self, pos: int, *, before: bool, symbols: bool = True) -> tuple[CurrencyForm, int] | None:
        """The longest currency form starting at `pos` that may stand before/after the number."""
        if pos >= len(self.text):
            return None
        for form in self.lex.forms_by_initial.get(self.text[pos].casefold(), ()):
            if (before and not form.before) or (not before and not form.after):
                continue
            if form.is_symbol and not symbols:
                continue
            end = pos + len(form.form)
            if form.context is not None and (self.text[end : end + 1] not in DIGIT_CHARS or not self.in_context(form)):
                continue
            surface = self.text[pos:end]
            if surface != form.form and (form.case_sensitive or surface.casefold() != form.form.casefold()):
                continue
            if form.form[0].isalpha() and self.is_letter(pos - 1):
                continue
            if form.form[-1].isalpha() and self.is_letter(end):
                continue
            return form, end
        return None

    def scale_at(self, pos: int, *, attached: bool) -> tuple[Decimal, int] | None:
        if pos >= len(self.text):
            return None
        initial = self.text[pos]
        # An ASCII letter can only begin a form with the same first letter; other characters may fold otherwise.
        scales = self.lex.scales_by_initial.get(initial.casefold(), ()) if initial.isascii() else self.lex.scales
        for scale in scales:
            if scale.attached_only and not attached:
                continue
            end = pos + len(scale.form)
            surface = self.text[pos:end]
            if surface != scale.form and (scale.case_sensitive or surface.casefold() != scale.form.casefold()):
                continue
            if self.is_letter(end):
                continue
            return scale.factor, end
        return None

    def scales_after(self, pos: int) -> tuple[Decimal, int] | None:
        """One or two scale words after a number (`5 million`, `$5bn`, `1 lakh crore`)."""
        factor = Decimal(1)
        end = pos
        found = False
        for _ in range(2):
            after_gap = self.gap(end, hyphen=True)
            scale = self.scale_at(after_gap, attached=after_gap == end)
            if scale is None:
                break
            factor *= scale[0]
            end = scale[1]
            found = True
        return (factor, end) if found else None

    # -- numbers ---------------------------------------------------------------------------

    def digits_at(self, pos: int) -> Number | None:
        match = DIGITS_RE.match(self.text, pos)
        if match is None or pos > 0 and self.text[pos - 1].isdigit():
            return None
        raw = match.group()
        if len(raw) == 3 and SPACE_GROUP_TAIL_RE.search(self.text[max(0, pos - 2) : pos]):
            return None  # `1 000 000 euros` with plain spaces: `000` is not a number of its own
        for space in "\u00a0\u202f\u2009":
            raw = raw.replace(space, ",") if space in raw else raw
        parsed = parse_digits(raw)
        if parsed is None:
            return None
        value, grouped, has_decimals = parsed
        return Number(
            value, pos, match.end(), grouped=grouped, integer=not has_decimals, year_like=bool(YEAR_RE.match(raw))
        )

    def word_number_at(self, pos: int) -> Number | None:
        """A written number below a million (`forty-five`, `one hundred and fifty`, `a`)."""
        total = current = 0
        end = pos
        words = 0
        cursor = pos
        after_multiplier = False  # `and` joins only `one hundred and fifty`
        while words < MAX_WORD_NUMBER_WORDS:
            found = self.word_at(cursor)
            if found is None:
                break
            word, word_end = found
            parts = word.split("-")
            known = [p in self.lex.number_words or p in self.lex.number_multipliers for p in parts]
            if not all(known):
                if word == "and" and after_multiplier:
                    cursor = self.gap(word_end)
                    continue
                if not known[0] or len(parts) != 2:
                    break
                # `one-yen bid`: the number is the compound's first part.
                parts, word_end = parts[:1], cursor + len(parts[0])
            if words and parts[0] in ("a", "an"):
                break
            after_multiplier = parts[-1] in self.lex.number_multipliers
            for part in parts:
                if part in self.lex.number_words:
                    current += self.lex.number_words[part]
                elif part == "hundred":
                    current = max(current, 1) * 100
                else:
                    total += max(current, 1) * self.lex.number_multipliers[part]
                    current = 0
            words += 1
            end = word_end
            cursor = self.gap(word_end, hyphen=True)
        if not words:
            return None
        return Number(Decimal(total + current), pos, end, written=True)

    def fraction_at(self, pos: int) -> Number | None:
        """`half a`, `a quarter of a`, `one and a half`: a value that must be followed by a scale."""
        match = self.lex.fraction_re.match(self.text, pos)
        if match is None or self.is_letter(pos - 1):
            return None
        return Number(self.lex.fractions[match.group(2).casefold()], pos, match.end(), written=True)

    def number_at(self, pos: int) -> tuple[Number, Decimal | None] | None:
        """A number and its scale factor (None when no scale is written)."""
        if pos not in self.numbers:
            self.numbers[pos] = self._read_number(pos)
        return self.numbers[pos]

    def _read_number(self, pos: int) -> tuple[Number, Decimal | None] | None:
        number = self.digits_at(pos)
        if number is None:
            fraction = self.fraction_at(pos)
            if fraction is not None:
                scale = self.scales_after(fraction.end)
                if scale is not None:
                    return Number(fraction.value, pos, scale[1], written=True, integer=False), scale[0]
            number = self.word_number_at(pos)
        if number is None:
            return None
        # `one and a half billion`, `2 and a half million`
        half = AND_A_FRACTION_RE.match(self.text, number.end)
        if half is not None:
            scale = self.scales_after(half.end())
            if scale is not None:
                value = number.value + self.lex.fractions[half.group(1).casefold()]
                return Number(value, pos, scale[1], written=number.written, integer=False), scale[0]
        scale = self.scales_after(number.end)
        if scale is None:
            return number, None
        return Number(number.value, pos, scale[1], number.grouped, number.integer, number.written), scale[0]


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
BETWEEN_BEFORE_RE = re.compile(r"(?<!\w)between" + _GAP + r"\S{0,4}$", re.IGNORECASE)
HUNDREDTH = Decimal("0.01")
BY_BEFORE_RE = re.compile(r"(?<!\w)by" + _GAP + r"$", re.IGNORECASE)


def _accepts(form: CurrencyForm, number: Number, scale: Decimal | None) -> bool:
    if form.needs_scale and scale is None and not number.grouped:
        return False
    return not (form.subunit and scale is not None)


def _found(start: int, end: int, number: Number, scale: Decimal | None, form: CurrencyForm) -> _Found:
    unit = HUNDREDTH if form.subunit else Decimal(1)
    return _Found(start, end, number.value * (scale or 1) * unit, form.code, number.value, scale, unit, form.family)


SENTENCE_OPENING = re.compile(r"(?:^|[.!?][\"'\u201d\u2019)]*\s+)$")


def _single_at(scan: _Scanner, pos: int) -> _Found | None:
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
    scan: _Scanner, found: _Found, number: Number, *, subunit_word_required: bool = False
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


def _opener_before(scan: _Scanner, start: int) -> str | None:
    match = re.search(r"(?<![\w])(between|from)" + _GAP + r"$", scan.text[max(0, start - 12) : start], re.I)
    return match.group(1).casefold() if match else None


def _follows_change_verb(scan: _Scanner, start: int) -> bool:
    """`revenue rose 20% from $5 million to ...`, `shares fell 52 cents to $18`: a change, not a range."""
    before = scan.text[max(0, start - 60) : start]
    opener = re.search(r"(?<![\w])from" + _GAP + r"$", before, re.I)
    if opener is not None:
        before = before[: opener.start()]
    words = re.findall(r"[^\W\d_]+", before)[-3:]
    return any(w.casefold() in scan.lex.change_verbs for w in words)


def _connector_after(scan: _Scanner, pos: int) -> tuple[str, int] | None:
    """The range connector (`-`, `to`, `and`) after `pos` and the position after it."""
    cursor = scan.gap(pos)
    text = scan.text
    if cursor < len(text) and text[cursor] in "-–—":
        return text[cursor], scan.gap(cursor + 1)
    word = scan.word_at(cursor)
    if word is not None and word[0] in scan.lex.range_connectors:
        return word[0], scan.gap(word[1])
    return None


def _range_allowed(scan: _Scanner, first_start: int, connector: str) -> bool:
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


def _range_after_first(scan: _Scanner, first: _Found) -> _Candidate | None:
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


def _range_from_bare(scan: _Scanner, pos: int) -> _Candidate | None:
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


def _amount_at(scan: _Scanner, pos: int) -> _Candidate | None:
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


def _modifier_before(scan: _Scanner, start: int) -> Modifier:
    window = scan.text[max(0, start - 40) : start]
    match = scan.lex.modifier_re.search(window)
    if match is None:
        return Modifier.exact
    return scan.lex.modifier_of.get(match.group(1).casefold(), Modifier.exact)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _to_amount(
    scan: _Scanner, candidate: _Candidate, code: str | None, published: dt.date | None
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
    scan = _Scanner(text, lexicon)
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
    scan = _Scanner(text, lexicon)
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
