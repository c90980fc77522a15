"""The command line of SPEC §6: outputs, error records, exit codes, determinism, schema validity."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
from typer.testing import CliRunner

from pipeline.cli import app

from .conftest import ROOT

SEED = ROOT / "seeds" / "000_18d6ab6d74ca80e2.txt"
runner = CliRunner()


def schema():
    return json.loads((ROOT / "schemas" / "newsfacts.schema.json").read_text(encoding="utf-8"))


def test_help_explains_every_option():
    result = runner.invoke(app, ["extract", "--help"])
    assert result.exit_code == 0
    for option in ("--out", "--published", "--workers", "--resume", "--quiet"):
        assert option in result.output


def test_schema_command_prints_committed_schema():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0 and json.loads(result.stdout) == schema()


def test_seed_to_directory_is_valid_and_deterministic(nlp, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    assert runner.invoke(app, ["extract", str(SEED), "--out", str(first), "-q"]).exit_code == 0
    assert runner.invoke(app, ["extract", str(SEED), "--out", str(second), "-q"]).exit_code == 0
    out = first / "000_18d6ab6d74ca80e2.json"
    record = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(record, schema())
    assert record["published"] == "2026-03-05" and record["source"] == str(SEED)
    assert out.read_bytes() == (second / out.name).read_bytes()


def test_error_records_and_exit_status_1(nlp, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text("date 2025-06-02 Roche bought a lab in Basel for $5 million.", encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "latin.txt").write_bytes("Caf\xe9".encode("latin-1"))
    (inputs / "lines.jsonl").write_text('{"id": "j1", "text": "Novartis grew."}\n{oops\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(inputs), "--out", str(out), "-q"])
    assert result.exit_code == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for record in records:
        jsonschema.validate(record, schema())
    kinds = {r["id"]: r.get("error", {}).get("type") for r in records}
    assert kinds == {"empty": "empty", "good": None, "latin": "encoding", "j1": None, "lines:2": "bad_json"}


def test_missing_published_date_warns(nlp, tmp_path):
    path = tmp_path / "nodate.txt"
    path.write_text("Roche said last week it would invest in Korea.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--out", "-", "-q"])
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["published"] is None and len(record["warnings"]) == 1
    with_ref = runner.invoke(app, ["extract", str(path), "--out", "-", "-q", "--published", "2026-03-05"])
    assert json.loads(with_ref.stdout)["published"] == "2026-03-05"


@pytest.mark.parametrize(
    "args",
    [
        ["extract"],
        ["extract", "x.txt", "--published", "05/03/2026"],
        ["extract", "x.txt", "--workers", "0"],
        ["extract", "x.txt", "--out", "o.jsonl", "--resume"],
        ["nonsense"],
    ],
)
def test_usage_errors_exit_2(args):
    assert runner.invoke(app, args).exit_code == 2


def test_stdin_to_stdout_real_process(nlp):
    line = json.dumps({"id": "s", "text": "Pfizer paid $1 billion.", "published": "2025-01-02"})
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", "-", "--out", "-", "-q"],
        input=line + "\n", capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["id"] == "s" and record["amounts"][0]["value"] == 1_000_000_000
