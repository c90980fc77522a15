"""SPEC §5 scoring: matching rules on hand-built spans, gold-file errors, and agreement with an independent scorer."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.evaluate import GoldError, Span, format_errors, format_table, match_label, read_gold, score, value_correct

from .conftest import SEED_GOLD, SEEDS_DIR


def S(start, end, label="ORG", **attrs):
    return Span(label, start, end, "x" * (end - start), attrs)


@pytest.mark.parametrize(
    ("gold", "optional", "pred", "strict_tp", "relaxed_tp", "counted"),
    [
        ([S(0, 5)], [], [S(0, 5)], 1, 1, 1),
        ([S(0, 5)], [], [S(2, 9)], 0, 1, 1),
        ([S(0, 5)], [], [S(0, 5), S(3, 4)], 1, 1, 2),  # a gold span matches one prediction only
        ([S(0, 5), S(6, 9)], [], [S(0, 9)], 0, 1, 1),  # one prediction matches one gold span only
        ([S(0, 5)], [S(10, 20)], [S(12, 15)], 0, 0, 0),  # overlapping an optional span: ignored
        ([S(0, 5)], [], [S(10, 20)], 0, 0, 1),
        ([], [], [], 0, 0, 0),
    ],
    ids=["exact", "overlap", "duplicate-pred", "merged-pred", "optional", "false-positive", "empty"],
)
def test_matching(gold, optional, pred, strict_tp, relaxed_tp, counted):
    counts, _ = match_label(gold, optional, pred)
    assert (counts.strict_tp, counts.relaxed_tp, counts.predicted, counts.gold) == (strict_tp, relaxed_tp, counted, len(gold))


@pytest.mark.parametrize(
    ("gold", "pred", "ok"),
    [
        (dict(value=480e6, currency="USD", modifier="approximately"), dict(value=481e6, currency="USD", modifier="approximately"), True),
        (dict(value=480e6, currency="USD", modifier="exact"), dict(value=490e6, currency="USD", modifier="exact"), False),
        (dict(value=480e6, currency="USD", modifier="exact"), dict(value=480e6, currency="CAD", modifier="exact"), False),
        (dict(value=480e6, currency="USD", modifier="exact"), dict(value=480e6, currency="USD", modifier="up_to"), False),
        (dict(value=None, low=1e7, high=2e7, currency="EUR", modifier="range"), dict(value=None, low=1e7, high=2e7, currency="EUR", modifier="range"), True),
        (dict(value=None, low=1e7, high=2e7, currency="EUR", modifier="range"), dict(value=None, low=1e7, high=3e7, currency="EUR", modifier="range"), False),
    ],
)
def test_money_value(gold, pred, ok):
    assert value_correct(S(0, 3, "MONEY", **gold), S(0, 3, "MONEY", **pred)) is ok


def test_date_and_place_values():
    d = dict(kind="date", start_date="2026-01-01", end_date="2026-01-31", value="2026-01")
    assert value_correct(S(0, 1, "DATE", **d), S(0, 1, "DATE", **{**d, "value": "2026-1"})) is True
    assert value_correct(S(0, 1, "DATE", **d), S(0, 1, "DATE", **{**d, "end_date": "2026-01-30"})) is False
    dur = dict(kind="duration", start_date=None, end_date=None, value="P5Y")
    assert value_correct(S(0, 1, "DATE", **dur), S(0, 1, "DATE", **{**dur, "value": "P5M"})) is False
    assert value_correct(S(0, 1, "PLACE", country_code="KR"), S(0, 1, "PLACE", country_code="KP")) is False
    assert value_correct(S(0, 1, "ORG"), S(0, 1, "ORG")) is None


@pytest.mark.parametrize(
    ("span", "message"),
    [
        ({"start": 0, "end": 4, "label": "ORG", "text": "Rohe"}, "differs from text"),
        ({"start": 0, "end": 99, "label": "ORG"}, "bad offsets"),
        ({"start": 0, "end": 5, "label": "PERSON", "text": "Roche"}, "unknown label"),
        ({"start": 0, "end": 5, "label": "MONEY", "text": "Roche", "currency": "USD"}, "lacks"),
    ],
)
def test_bad_gold_names_the_line(tmp_path, span, message):
    path = tmp_path / "g.jsonl"
    good = {"id": "a", "text": "Roche paid", "spans": []}
    bad = {"id": "b", "text": "Roche paid", "spans": [span]}
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=f"g.jsonl:2.*{message}"):
        read_gold(path)


def _perfect_record(article) -> dict:
    """A prediction made of the gold spans themselves, in the output format."""
    record = {"id": article.id, "organizations": [], "places": [], "amounts": [], "dates": []}
    for s in article.spans:
        m = {"text": s.text, "start": s.start, "end": s.end}
        if s.label == "ORG":
            record["organizations"].append({"name": s.text, "mentions": [m]})
        elif s.label == "PLACE":
            record["places"].append({"name": s.text, "kind": s.attrs["kind"], "country_code": s.attrs["country_code"], "mentions": [m]})
        elif s.label == "MONEY":
            record["amounts"].append({**m, **{k: s.attrs.get(k) for k in ("value", "currency", "modifier", "low", "high")}})
        else:
            record["dates"].append({**m, **{k: s.attrs.get(k) for k in ("kind", "value", "start_date", "end_date", "granularity")}})
    return record


def test_gold_scored_against_itself_is_perfect():
    articles = read_gold(SEED_GOLD)
    scores = score(articles, [_perfect_record(a) for a in articles]).scores()
    for label, block in scores["labels"].items():
        assert block["relaxed"]["f1"] == block["strict"]["f1"] == 1.0, label
        assert block["value_accuracy"] in (None, 1.0)
    assert scores["doc"]["ORG"]["f1"] == 1.0


# ---- an independent implementation of SPEC §5, to check `newsfacts eval` against ----------------


def _independent_scores(gold_lines, records):
    """Relaxed matching as a maximum bipartite matching (augmenting paths), strict as set equality."""
    out = {}
    for label in ("ORG", "MONEY", "DATE", "PLACE"):
        tp_s = tp_r = npred = ngold = 0
        for g, rec in zip(gold_lines, records):
            gold = [(s["start"], s["end"]) for s in g["spans"] if s["label"] == label]
            opt = [(s["start"], s["end"]) for s in g.get("optional", []) if s["label"] == label]
            key = {"ORG": "organizations", "PLACE": "places", "MONEY": "amounts", "DATE": "dates"}[label]
            if label in ("ORG", "PLACE"):
                preds = [(m["start"], m["end"]) for e in rec[key] for m in e["mentions"]]
            else:
                preds = [(m["start"], m["end"]) for m in rec[key]]
            over = lambda a, b: a[0] < b[1] and b[0] < a[1]  # noqa: E731
            owner = {}

            def augment(p, seen):
                for gi, gs in enumerate(gold):
                    if over(preds[p], gs) and gi not in seen:
                        seen.add(gi)
                        if gi not in owner or augment(owner[gi], seen):
                            owner[gi] = p
                            return True
                return False

            for p in range(len(preds)):
                augment(p, set())
            matched = set(owner.values())
            ignored = [p for p in range(len(preds)) if p not in matched and any(over(preds[p], o) for o in opt)]
            tp_r += len(matched)
            tp_s += sum(1 for p in preds if p in set(gold))
            npred += len(preds) - len(ignored)
            ngold += len(gold)
        prf = lambda tp: (tp / npred if npred else 0, tp / ngold if ngold else 0)  # noqa: E731
        out[label] = {"strict": prf(tp_s), "relaxed": prf(tp_r)}
    return out


def test_eval_agrees_with_independent_scorer(nlp, tmp_path):
    result = CliRunner().invoke(app, ["eval", str(SEED_GOLD), "--json"])
    assert result.exit_code == 0, result.output
    ours = json.loads(result.stdout)
    gold_lines = [json.loads(line) for line in SEED_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = tmp_path / "pred.jsonl"
    CliRunner().invoke(app, ["extract", str(SEEDS_DIR), "--out", str(out), "-q"])
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    theirs = _independent_scores(gold_lines, records)
    for label, blocks in theirs.items():
        for kind, (p, r) in blocks.items():
            assert ours["labels"][label][kind]["precision"] == pytest.approx(p, abs=1e-3), (label, kind)
            assert ours["labels"][label][kind]["recall"] == pytest.approx(r, abs=1e-3), (label, kind)


def test_fail_under_exit_codes(nlp, tmp_path):
    runner = CliRunner()
    nothing = tmp_path / "nothing.jsonl"  # no gold spans, and nothing to find: F1 1.0
    nothing.write_text('{"id": "n", "text": "it was quiet.", "spans": []}\n', encoding="utf-8")
    missed = tmp_path / "missed.jsonl"  # a lower-case word labeled ORG that no model takes for one: F1 0.0
    missed.write_text('{"id": "m", "text": "it was quiet.", "spans": [{"start": 7, "end": 12, "label": "ORG"}]}\n', encoding="utf-8")
    assert runner.invoke(app, ["eval", str(nothing), "--fail-under", "1.0"]).exit_code == 0
    assert runner.invoke(app, ["eval", str(missed), "--fail-under", "0.5"]).exit_code == 1
    assert runner.invoke(app, ["eval", str(missed)]).exit_code == 0
    assert runner.invoke(app, ["eval", str(SEED_GOLD), "--labels", "PERSON"]).exit_code == 2


def test_bad_gold_file_is_a_usage_error(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "x", "spans": [{"start": 0, "end": 5, "label": "ORG"}]}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(path)])
    assert result.exit_code == 2 and "bad.jsonl:1" in result.output


# ---- deal terms (SPEC §7) ----------------------------------------------------------------------

DEAL_TEXT = "GSK will pay Alteogen $20 million upfront. Revenue was $5 million. It paid $1 million."


def _deal_gold(tmp_path):
    def money(text, **terms):
        start = DEAL_TEXT.index(text)
        return {"start": start, "end": start + len(text), "label": "MONEY", "text": text, "value": 1.0,
                "currency": "USD", "modifier": "exact", **terms}

    spans = [
        {"start": 0, "end": 3, "label": "ORG", "text": "GSK"},
        {"start": 13, "end": 21, "label": "ORG", "text": "Alteogen"},
        money("$20 million", role="upfront", payer="GSK", payee="Alteogen"),
        money("$5 million", role="financial_result", payer=None, payee=None),
        money("$1 million"),  # no role in the gold: not scored for deal terms
    ]
    path = tmp_path / "deal.jsonl"
    path.write_text(json.dumps({"id": "d", "text": DEAL_TEXT, "spans": spans}) + "\n", encoding="utf-8")
    return read_gold(path)


def _deal_record(**terms_by_text) -> dict:
    orgs = [{"id": "org-1", "name": "GSK", "mentions": [{"text": "gsk", "start": 0, "end": 3}]},
            {"id": "org-2", "name": "Alteogen", "mentions": [{"text": "Alteogen", "start": 13, "end": 21}]}]
    amounts = []
    for text in ("$20 million", "$5 million", "$1 million"):
        start = DEAL_TEXT.index(text)
        amounts.append({"text": text, "start": start, "end": start + len(text), "value": 1.0, "currency": "USD",
                        "modifier": "exact", "low": None, "high": None, **terms_by_text.get(text, {})})
    return {"id": "d", "organizations": orgs, "places": [], "amounts": amounts, "dates": []}


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        ({"$20 million": {"role": "upfront", "payer": "org-1", "payee": "org-2"},
          "$5 million": {"role": "financial_result", "payer": None, "payee": None}}, (1.0, 1.0, 1.0)),
        ({"$20 million": {"role": "upfront", "payer": "org-2", "payee": "org-1"},
          "$5 million": {"role": "cost", "payer": None, "payee": None}}, (0.5, 0.5, 0.5)),
        ({"$20 million": {"role": "milestones", "payer": "org-1", "payee": None},
          "$5 million": {"role": "financial_result", "payer": "org-1", "payee": None}}, (0.5, 0.5, 0.5)),
        ({}, (0.0, 0.5, 0.5)),  # a 1.0 record: no roles, no parties
    ],
    ids=["all-right", "parties-swapped", "missing-payee-extra-payer", "schema-1.0-record"],
)
def test_deal_terms_scores(tmp_path, terms, expected):
    scores = score(_deal_gold(tmp_path), [_deal_record(**terms)]).scores()["deal_terms"]
    assert (scores["role_accuracy"], scores["payer_accuracy"], scores["payee_accuracy"], scores["n"]) == (*expected, 2)


def test_deal_terms_mistakes_listed(tmp_path):
    terms = {"$20 million": {"role": "upfront", "payer": "org-2", "payee": "org-1"},
             "$5 million": {"role": "cost", "payer": None, "payee": None}}
    report = score(_deal_gold(tmp_path), [_deal_record(**terms)])
    kinds = sorted(m.kind for m in report.mistakes)
    assert kinds == ["wrong payee", "wrong payer", "wrong role"]
    listed = format_errors(report)
    assert "wrong payer in d: gold MONEY '$20 million'" in listed and "payer=GSK" in listed and "payer=Alteogen" in listed
    assert "deal terms (2 amounts with a gold role)  role 0.5000  payer 0.5000  payee 0.5000" in format_table(report)


def test_no_deal_terms_without_gold_roles():
    articles = read_gold(SEED_GOLD)
    report = score(articles, [_perfect_record(a) for a in articles], labels=("ORG",))
    assert report.scores()["deal_terms"] == {"role_accuracy": None, "payer_accuracy": None, "payee_accuracy": None, "n": 0}
    assert "deal terms" not in format_table(report)


def test_eval_json_reports_deal_terms_of_the_seed(nlp):
    result = CliRunner().invoke(app, ["eval", str(SEED_GOLD), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["deal_terms"] == {"role_accuracy": 1.0, "payer_accuracy": 1.0, "payee_accuracy": 1.0, "n": 6}
