"""Reading numbers in money text (`4.9`, `1,250,000`, `two billion`) and the scanner that walks an article's tokens
for currency forms, numbers and scale words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipeline.extract.money.lexicon import (
    AND_A_FRACTION_RE,
    DIGIT_CHARS,
    DIGITS_RE,
    GAP_OR_HYPHEN_RE,
    GAP_RE,
    MAX_WORD_NUMBER_WORDS,
    SPACE_GROUP_TAIL_RE,
    WORD_RE,
    YEAR_RE,
    CurrencyForm,
    MoneyLexicon,
)


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


class Scanner:
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


