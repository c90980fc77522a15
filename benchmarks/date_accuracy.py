"""Side-by-side date benchmark: newsfacts vs dateparser.search_dates vs spaCy DATE spans + dateparser, on the peer suites.

For each suite it prints relaxed extraction precision/recall/F1 and value accuracy (over relaxed matches, SPEC §5),
plus value recall (correct values over all gold spans that have a comparable value).

    .venv/bin/python benchmarks/date_accuracy.py [--suite tempeval|recognizers|duckling] [--limit N]

Gold spans of types outside SPEC's DATE (times, sets, and TempEval's vague PRESENT_REF/PAST_REF/FUTURE_REF, which
SPEC §3 rules out as 'vague words') are ignored: a prediction overlapping one counts neither way. Values are
compared as inclusive calendar intervals; a TIMEX START/MID/END mod narrows the gold year or month by the SPEC §3
convention (early = Jan-Apr / days 1-10, ...); durations are compared as normalized TIMEX durations.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.peer_suites import missing_reason, peer_suite, peer_suites_dir  # noqa: E402

Interval = tuple[dt.date, dt.date]
Value = Interval | str | None  # an inclusive interval, a normalized duration "P120M", or unknown


@dataclass
class Gold:
    start: int
    end: int
    values: list[Value]  # any of these is right (Recognizers gives past and future readings)
    ignored: bool = False


@dataclass
class Case:
    text: str
    reference: dt.date
    gold: list[Gold]


@dataclass
class Prediction:
    start: int
    end: int
    value: Value


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    valued: int = 0  # matched gold spans with a comparable gold value
    correct: int = 0
    gold_valued: int = 0  # all gold spans with a comparable value
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def row(self) -> tuple[float, float, float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        acc = self.correct / self.valued if self.valued else 0.0
        vrec = self.correct / self.gold_valued if self.gold_valued else 0.0
        return p, r, f, acc, vrec


# ---------- calendar intervals, written independently of pipeline/normalize/calendar.py


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


NARROW = {"START": ((1, 4), (1, 10)), "MID": ((5, 8), (11, 20)), "END": ((9, 12), (21, 0))}
SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def timex_interval(value: str, mod: str | None = None) -> Value:
    """A TIMEX3 DATE value as an inclusive interval, a duration as a normalized string, else None."""
    value = value.strip()
    if value.startswith("P"):
        return normalize_duration(value)
    try:
        if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", value):
            d = dt.date(*map(int, m.groups()))
            return d, d
        if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
            y, mo = map(int, m.groups())
            if mod in NARROW:
                first, last = NARROW[mod][1]
                return dt.date(y, mo, first), (dt.date(y, mo, last) if last else _month_end(y, mo))
            return dt.date(y, mo, 1), _month_end(y, mo)
        if m := re.fullmatch(r"(\d{4})", value):
            y = int(value)
            if mod in NARROW:
                first, last = NARROW[mod][0]
                return dt.date(y, first, 1), _month_end(y, last)
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            y, q = map(int, m.groups())
            return dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
        if m := re.fullmatch(r"(\d{4})-H([12])", value):
            y, h = map(int, m.groups())
            return dt.date(y, 6 * h - 5, 1), _month_end(y, 6 * h)
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
            y, (first, last) = int(m.group(1)), SEASONS[m.group(2)]
            ly, lm = y + (last - 1) // 12, (last - 1) % 12 + 1
            return dt.date(y, first, 1), _month_end(ly, lm)
        if m := re.fullmatch(r"(\d{4})-W(\d\d)", value):
            start = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return start, start + dt.timedelta(days=6)
        if m := re.fullmatch(r"(\d{3})X?", value):
            y = int(m.group(1)) * 10
            return dt.date(y, 1, 1), dt.date(y + 9, 12, 31)
        if m := re.fullmatch(r"(\d\d)", value):
            y = int(value) * 100
            return dt.date(y, 1, 1), dt.date(y + 99, 12, 31)
        if m := re.fullmatch(r"(\d{4}-[\dWQHSUPFAI-]+)/(\d{4}-?[\dWQHSUPFAI-]*)", value):
            a, b = timex_interval(m.group(1)), timex_interval(m.group(2))
            if isinstance(a, tuple) and isinstance(b, tuple):
                return a[0], b[1]
    except ValueError:
        return None
    return None


DURATION_UNITS = {"Y": ("M", 12), "DE": ("M", 120), "CE": ("M", 1200), "Q": ("M", 3), "M": ("M", 1), "W": ("D", 7), "D": ("D", 1)}


def normalize_duration(value: str) -> str | None:
    """P10Y == P1DE == P120M; P2W == P14D; PT24H stays; vague PXY stays."""
    if m := re.fullmatch(r"P(\d+(?:\.\d+)?)(DE|CE|Y|Q|M|W|D)", value):
        unit, factor = DURATION_UNITS[m.group(2)]
        amount = float(m.group(1)) * factor
        return f"P{amount:g}{unit}"
    if re.fullmatch(r"PT\d+(?:\.\d+)?[HMS]|PX(?:DE|[YMWDQ])|PTX[HMS]", value):
        return value.replace("PXDE", "PXY")
    return None


# ---------- suites


def load_tempeval(limit: int | None) -> list[Case]:
    cases = []
    for line in peer_suite(SUITE_FILES["tempeval"]).read_text(encoding="utf-8").splitlines()[:limit]:
        doc = json.loads(line)
        gold = []
        for t in doc["timexes"]:
            vague = t["value"] in ("PRESENT_REF", "PAST_REF", "FUTURE_REF")
            ignored = t["type"] not in ("DATE", "DURATION") or vague
            gold.append(Gold(t["start"], t["end"], [timex_interval(t["value"], t.get("mod"))], ignored))
        cases.append(Case(doc["text"], dt.date.fromisoformat(doc["dct"]), gold))
    return cases


def _recognizers_values(e: dict) -> list[Value]:
    out: list[Value] = []
    if e["type"] == "duration":
        return [normalize_duration(e.get("timex", ""))]
    for v in e.get("values", []):
        if "value" in v:
            out.append(_iso_interval(v["value"], v["value"]))
        elif "start" in v and "end" in v:
            out.extend(_range_readings(v["start"], v["end"]))
    for key in ("future_resolution", "past_resolution"):
        res = e.get(key) or {}
        if "date" in res:
            out.append(_iso_interval(res["date"], res["date"]))
        elif "startDate" in res and "endDate" in res:
            out.extend(_range_readings(res["startDate"], res["endDate"]))
    return [v for v in out if v is not None] or [None]


def _range_readings(start: str, end: str) -> list[Value]:
    # Recognizers ends a period exclusively ("this week" ends next Monday) but also ends an explicit range on its
    # last named day ("from 4 to 22" -> P18D); both readings are accepted, for every system alike.
    return [_iso_interval(start, end, exclusive=True), _iso_interval(start, end)]


def _iso_interval(start: str, end: str, exclusive: bool = False) -> Interval | None:
    try:
        a, b = dt.date.fromisoformat(start[:10]), dt.date.fromisoformat(end[:10])
    except ValueError:
        return None
    return (a, b - dt.timedelta(days=1)) if exclusive and b > a else (a, b)


def load_recognizers(limit: int | None) -> list[Case]:
    cases = []
    for line in peer_suite(SUITE_FILES["recognizers"]).read_text(encoding="utf-8").splitlines()[:limit]:
        rec = json.loads(line)
        reference = dt.date.fromisoformat((rec["reference_datetime"] or "2016-11-07")[:10])
        gold = []
        for e in rec["expected"]:
            ignored = e["type"] not in ("date", "daterange", "duration")
            values = [None] if rec["spec_kind"] == "extractor" else _recognizers_values(e)
            gold.append(Gold(e["start"], e["end"], values, ignored))
        cases.append(Case(rec["input"], reference, gold))
    return cases


GRAIN_DAYS = {"day": 1, "week": 7}


def load_duckling(limit: int | None) -> list[Case]:
    cases = []
    for line in peer_suite(SUITE_FILES["duckling"]).read_text(encoding="utf-8").splitlines()[:limit]:
        rec = json.loads(line)
        if rec["section"].startswith("latentCorpus"):
            continue  # latent mode only, not Duckling's default behaviour either
        reference = dt.date.fromisoformat(rec["reference_datetime"][:10])
        gold = []
        for e in rec["expected"]:
            v = e["value"]
            grain = v.get("grain")
            ignored = grain not in ("day", "week", "month", "quarter", "year")
            gold.append(Gold(e["start"], e["end"], [_duckling_interval(e["type"], v)], ignored))
        cases.append(Case(rec["input"], reference, gold))
    return cases


def _duckling_interval(kind: str, v: dict) -> Value:
    if not re.match(r"\d{4}-\d\d-\d\d", v.get("start") or ""):
        return None  # BC years and open starts have no calendar interval here
    start = dt.date.fromisoformat(v["start"][:10])
    if kind == "interval" and v.get("end"):
        return _iso_interval(v["start"], v["end"], exclusive=True)
    if kind != "instant":
        return None
    grain = v["grain"]
    if grain not in ("day", "week", "month", "quarter", "year"):
        return None  # clock times are outside SPEC's DATE; these spans are ignored anyway
    if grain in GRAIN_DAYS:
        return start, start + dt.timedelta(days=GRAIN_DAYS[grain] - 1)
    months = {"month": 1, "quarter": 3, "year": 12}[grain]
    index = start.year * 12 + start.month - 1 + months - 1
    return start, _month_end(index // 12, index % 12 + 1)


SUITES = {"tempeval": load_tempeval, "recognizers": load_recognizers, "duckling": load_duckling}
SUITE_FILES = {"tempeval": "tempeval3_platinum.jsonl", "recognizers": "recognizers_datetime_en.jsonl", "duckling": "duckling_time_en.jsonl"}


# ---------- systems


def _dateparser_value(parser_cache: dict, text: str, reference: dt.date) -> Value:
    from dateparser.date import DateDataParser

    parser = parser_cache.get(reference)
    if parser is None:
        parser = parser_cache[reference] = DateDataParser(
            languages=["en"], settings={"RELATIVE_BASE": dt.datetime.combine(reference, dt.time())}
        )
    try:
        data = parser.get_date_data(text)
    except Exception:  # noqa: BLE001 - a third-party parser's crash is a missing value, not a benchmark failure
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    if data.period == "year":
        return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)
    if data.period == "month":
        return dt.date(d.year, d.month, 1), _month_end(d.year, d.month)
    if data.period == "week":
        start = d - dt.timedelta(days=d.weekday())
        return start, start + dt.timedelta(days=6)
    return d, d


def run_newsfacts(cases: list[Case]) -> list[list[Prediction]]:
    from pipeline.extract.dates import extract_dates
    from pipeline.nlp import load_nlp

    nlp = load_nlp()
    out = []
    for case, doc in zip(cases, nlp.pipe(c.text for c in cases)):
        hints = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
        mentions, _ = extract_dates(case.text, published=case.reference, hints=hints)
        preds = []
        for m in mentions:
            if m.kind.value == "duration":
                value: Value = normalize_duration(m.value or "")
            else:
                value = (m.start_date, m.end_date) if m.start_date and m.end_date else None
            preds.append(Prediction(m.start, m.end, value))
        out.append(preds)
    return out


def run_dateparser_search(cases: list[Case]) -> list[list[Prediction]]:
    from dateparser.search import search_dates

    cache: dict = {}
    out = []
    for case in cases:
        settings = {"RELATIVE_BASE": dt.datetime.combine(case.reference, dt.time())}
        try:
            found = search_dates(case.text, languages=["en"], settings=settings) or []
        except Exception:  # noqa: BLE001 - see _dateparser_value
            found = []
        preds, cursor = [], 0
        for substring, _ in found:
            start = case.text.find(substring, cursor)
            if start < 0:
                start = case.text.find(substring)
            if start < 0:
                continue
            cursor = start + len(substring)
            preds.append(Prediction(start, cursor, _dateparser_value(cache, substring, case.reference)))
        out.append(preds)
    return out


def run_spacy_dateparser(cases: list[Case]) -> list[list[Prediction]]:
    from pipeline.nlp import load_raw_nlp

    nlp = load_raw_nlp()
    cache: dict = {}
    out = []
    for case, doc in zip(cases, nlp.pipe(c.text for c in cases)):
        out.append([
            Prediction(e.start_char, e.end_char, _dateparser_value(cache, e.text, case.reference))
            for e in doc.ents if e.label_ == "DATE"
        ])
    return out


SYSTEMS = {
    "newsfacts": run_newsfacts,
    "dateparser.search_dates": run_dateparser_search,
    "spaCy DATE + dateparser": run_spacy_dateparser,
}


# ---------- scoring


def score(cases: list[Case], predictions: list[list[Prediction]]) -> Score:
    s = Score()
    for case, preds in zip(cases, predictions):
        used = [False] * len(preds)
        for g in case.gold:
            if g.ignored:
                continue
            comparable = [v for v in g.values if v is not None]
            s.gold_valued += bool(comparable)
            match = next(
                (i for i, p in enumerate(preds) if not used[i] and p.start < g.end and g.start < p.end), None
            )
            if match is None:
                s.fn += 1
                s.errors.append(f"MISS {case.text[g.start:g.end]!r} in {case.text[max(0, g.start - 40):g.end + 20]!r}")
                continue
            used[match] = True
            s.tp += 1
            if comparable:
                s.valued += 1
                if preds[match].value in comparable:
                    s.correct += 1
                else:
                    p = preds[match]
                    s.errors.append(
                        f"VALUE {case.text[p.start:p.end]!r} got {p.value} want {comparable[0]} (ref {case.reference})"
                    )
        for i, p in enumerate(preds):
            if used[i]:
                continue
            if any(g.ignored and p.start < g.end and g.start < p.end for g in case.gold):
                continue
            s.fp += 1
            s.errors.append(f"EXTRA {case.text[p.start:p.end]!r} in {case.text[max(0, p.start - 40):p.end + 20]!r}")
    return s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suite", choices=list(SUITES), action="append", help="suite(s) to run; default all")
    ap.add_argument("--limit", type=int, default=None, help="first N records of each suite (a quick run)")
    ap.add_argument("--system", choices=list(SYSTEMS), action="append", help="system(s) to run; default all")
    ap.add_argument("--errors", type=int, default=0, help="print up to N newsfacts errors per suite")
    args = ap.parse_args()
    print(f"peer suites: {peer_suites_dir()}")
    header = f"{'suite':<12} {'system':<26} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6} {'val.acc':>8} {'val.rec':>8} {'sec':>6}"
    print(header)
    print("-" * len(header))
    for suite in args.suite or list(SUITES):
        if reason := missing_reason(SUITE_FILES[suite]):
            print(f"skipped {suite}: {reason}")
            continue
        cases = SUITES[suite](args.limit)
        n_gold = sum(1 for c in cases for g in c.gold if not g.ignored)
        for system in args.system or list(SYSTEMS):
            started = time.perf_counter()
            preds = SYSTEMS[system](cases)
            s = score(cases, preds)
            s.seconds = time.perf_counter() - started
            p, r, f, acc, vrec = s.row()
            print(f"{suite:<12} {system:<26} {n_gold:>5} {p:>6.3f} {r:>6.3f} {f:>6.3f} {acc:>8.3f} {vrec:>8.3f} {s.seconds:>6.1f}")
            if system == "newsfacts" and args.errors:
                for line in s.errors[: args.errors]:
                    print("   ", line)


if __name__ == "__main__":
    main()
