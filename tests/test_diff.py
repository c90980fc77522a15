"""`newsfacts diff`: mentions added, removed and changed between two extract outputs."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.diff import diff_outputs, format_diff


def write(folder, record):
    folder.mkdir(exist_ok=True)
    (folder / f"{record['id']}.json").write_text(json.dumps(record), encoding="utf-8")


def record(amounts=(), places=()):
    return {"id": "a", "organizations": [], "places": list(places), "amounts": list(amounts), "dates": []}


AMOUNT = {"text": "$5 million", "start": 10, "end": 20, "value": 5e6, "currency": "USD", "modifier": "exact", "low": None, "high": None}
PLACE = {"name": "Korea", "kind": "country", "country_code": "KR", "mentions": [{"text": "Korea", "start": 30, "end": 35}]}


def test_added_removed_changed(tmp_path):
    write(tmp_path / "old", record(amounts=[AMOUNT], places=[PLACE]))
    write(tmp_path / "new", record(amounts=[{**AMOUNT, "currency": "CAD"}]))
    write(tmp_path / "new", {"id": "b", "error": {"type": "empty", "message": "m"}})
    result = diff_outputs(tmp_path / "old", tmp_path / "new")
    text = format_diff(result)
    assert "- PLACE 'Korea' [30:35]" in text
    assert "~ MONEY '$5 million' [10:20] currency: 'USD' -> 'CAD'" in text
    assert "== b (only in new)" in text
    assert "2 of 2 article(s) differ: 0 mention(s) added, 1 removed, 1 changed" in text


def test_identical_outputs_exit_0_and_differing_exit_1(tmp_path):
    write(tmp_path / "old", record(amounts=[AMOUNT]))
    write(tmp_path / "same", record(amounts=[AMOUNT]))
    write(tmp_path / "new", record())
    runner = CliRunner()
    assert runner.invoke(app, ["diff", str(tmp_path / "old"), str(tmp_path / "same")]).exit_code == 0
    changed = runner.invoke(app, ["diff", str(tmp_path / "old"), str(tmp_path / "new")])
    assert changed.exit_code == 1 and "- MONEY '$5 million'" in changed.stdout
    assert runner.invoke(app, ["diff", str(tmp_path / "old"), str(tmp_path / "missing")]).exit_code == 2


def test_diff_of_two_real_runs_with_one_extractor_disabled(nlp, tmp_path, monkeypatch):
    """The pipeline with money extraction switched off against the full one: exactly the amounts differ."""
    from .conftest import ROOT

    runner = CliRunner()
    seeds = str(ROOT / "seeds")
    assert runner.invoke(app, ["extract", seeds, "--out", str(tmp_path / "full.jsonl"), "-q"]).exit_code == 0
    monkeypatch.setattr("pipeline.extract.money.extract_money", lambda text, **kw: [])
    assert runner.invoke(app, ["extract", seeds, "--out", str(tmp_path / "nomoney.jsonl"), "-q"]).exit_code == 0
    full = json.loads((tmp_path / "full.jsonl").read_text(encoding="utf-8"))
    result = runner.invoke(app, ["diff", str(tmp_path / "full.jsonl"), str(tmp_path / "nomoney.jsonl")])
    assert result.exit_code == 1
    removed = [line for line in result.stdout.splitlines() if line.startswith("  - ")]
    assert len(removed) == len(full["amounts"]) > 0
    assert all(line.startswith("  - MONEY") for line in removed)


def test_a_1_0_record_is_read_and_its_missing_deal_terms_show_as_changes(tmp_path):
    orgs = [{"id": "org-1", "name": "Roche", "canonical": None, "mentions": [{"text": "Roche", "start": 0, "end": 5}]}]
    new_amount = {**AMOUNT, "id": "amount-1", "role": "investment", "payer": "org-1", "payee": None, "deal": "deal-1"}
    write(tmp_path / "old", {**record(amounts=[AMOUNT]), "schema_version": "1.0"})
    write(tmp_path / "new", {**record(amounts=[new_amount]), "organizations": orgs, "schema_version": "1.1"})
    text = format_diff(diff_outputs(tmp_path / "old", tmp_path / "new"))
    assert "~ MONEY '$5 million' [10:20] role: None -> 'investment', payer: None -> 'Roche'" in text
    assert "+ ORG 'Roche' [0:5]" in text
