"""The money data: currencies.json (symbols, codes, words, families) and money_words.json (scales, number words,
modifiers, range connectors), validated and indexed once; and the text patterns every money rule shares."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pipeline.models import Modifier

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
CURRENCY_FILE = DATA_DIR / "currencies.json"
MONEY_WORDS_FILE = DATA_DIR / "money_words.json"

# The currency of bare dollar forms before the article's context is known.
BARE_DOLLAR = "$dollar"

GAP = r"[ \t\u00a0\u2009\u202f]{0,3}(?:\n[ \t\u00a0\u2009\u202f]{0,3})?"
GAP_RE = re.compile(GAP)
# A hyphen joins parts in compound adjectives: `$1.2-billion`, `12-cent`, `a 10-million-dollar deal`.
GAP_OR_HYPHEN_RE = re.compile(GAP + r"(?:-" + GAP + r")?")
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
    """Every currency form of currencies.json: symbols, codes and words of each currency, then the subunits."""
    forms: list[CurrencyForm] = []
    for index, entry in enumerate(data.get("currencies", [])):
        forms.extend(_forms_of_currency(entry, index, path))
    forms.extend(_subunit_forms(data, path))
    for form in forms:
        if not form.form or form.form != form.form.strip():
            raise MoneyDataError(f"{path}: empty or padded currency form {form.form!r}")
    return forms


def _forms_of_currency(entry: dict, index: int, path: Path) -> list[CurrencyForm]:
    """The forms of one entry of `currencies`: `$`, `US$`, `USD`, `dollars` ... with where each may stand."""
    forms: list[CurrencyForm] = []
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
    return forms


def _subunit_forms(data: dict, path: Path) -> list[CurrencyForm]:
    """Cents, pence and the other hundredths of `subunits`, after their number only."""
    forms: list[CurrencyForm] = []
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
    tables = _word_tables(words)
    declared_dollars = tuple(
        (f.form, f.code) for f in forms if f.family == "dollar" and f.code not in ("USD", BARE_DOLLAR) and f.code
    )
    first_token = lambda phrase: TOKEN_RE.match(phrase).group().casefold()  # noqa: E731
    start_tokens = frozenset(
        [first_token(f.form) for f in forms if f.before]
        + [first_token(w) for w in (*tables["number_words"], *tables["number_multipliers"], *tables["fractions"], "a", "an", "one")]
    )
    scales = tables["scales"]
    return MoneyLexicon(
        forms_by_initial=indexed,
        scales_by_initial={
            initial: tuple(s for s in scales if s.form.casefold()[0] == initial)
            for initial in {s.form.casefold()[0] for s in scales}
        },
        declared_dollars=declared_dollars,
        start_tokens=start_tokens,
        family_countries=family_countries,
        **tables,
        **_word_patterns(tables, words, declared_dollars),
    )


def _word_tables(words: dict) -> dict:
    """The tables of money_words.json as MoneyLexicon fields: scales (longest first), number words, multipliers,
    fractions, modifiers, range connectors, change verbs, words after `a` unit."""
    try:
        scales = tuple(
            sorted(
                (
                    ScaleForm(s["form"], Decimal(str(s["factor"])), bool(s.get("case_sensitive")), bool(s.get("attached_only")))
                    for s in words["scales"]
                ),
                key=lambda s: -len(s.form),
            )
        )
        return dict(
            scales=scales,
            number_words={k.casefold(): int(v) for k, v in words["number_words"].items()},
            number_multipliers={k.casefold(): int(v) for k, v in words["number_multipliers"].items()},
            fractions={k.casefold(): Decimal(str(v)) for k, v in words["fractions"].items()},
            modifier_of={phrase.casefold(): Modifier(name) for name, phrases in words["modifiers"].items() for phrase in phrases},
            range_connectors=frozenset(c.casefold() for c in words["range_connectors"]),
            change_verbs=frozenset(v.casefold() for v in words["change_verbs"]),
            after_a_unit=frozenset(w.casefold() for w in words["after_a_unit"]),
        )
    except (KeyError, TypeError, ValueError, InvalidOperation) as err:
        raise MoneyDataError(f"{MONEY_WORDS_FILE}: malformed entry ({err!r}); see its _about header") from err


def _word_patterns(tables: dict, words: dict, declared_dollars: tuple[tuple[str, str], ...]) -> dict:
    """The compiled patterns of the money words, as MoneyLexicon fields: a modifier before an amount, a fraction
    (`half a billion`), a declaration of the article's dollar (`All figures in Canadian dollars`)."""
    try:
        declarations = [d.casefold() for d in words["currency_declarations"]]
    except (KeyError, TypeError, ValueError, InvalidOperation) as err:
        raise MoneyDataError(f"{MONEY_WORDS_FILE}: malformed entry ({err!r}); see its _about header") from err
    phrases = sorted(tables["modifier_of"], key=len, reverse=True)
    modifier_re = re.compile(
        r"(?<![\w.])(" + "|".join(re.escape(p) for p in phrases) + r")" + GAP
        # `as much as a further €150 million`: an amount added to another keeps the modifier before it.
        + r"(?:(?:an?[ \t]+)?(?:further|additional|extra|another)[ \t]+)?$",
        re.IGNORECASE,
    )
    fraction_words = "|".join(re.escape(f) for f in tables["fractions"])
    fraction_re = re.compile(
        r"(?:(an?|one)[ \t]{1,3})?(" + fraction_words + r")(?:[ \t]{1,3}of)?(?:[ \t]{1,3}an?)?(?=[\s-])",
        re.IGNORECASE,
    )
    declaration_re = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(d) for d in sorted(declarations, key=len, reverse=True)) + r")"
        + GAP + r"(" + "|".join(re.escape(f) for f, _ in sorted(declared_dollars, key=lambda p: -len(p[0]))) + r")",
        re.IGNORECASE,
    )
    return dict(modifier_re=modifier_re, fraction_re=fraction_re, declaration_re=declaration_re)


