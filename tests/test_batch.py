"""Batch runs (issue 7): one record per input whatever goes wrong, resume after a hard kill, any worker count."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

from .conftest import ROOT

runner = CliRunner()
SENTENCES = [
    "Quorvent Therapeutics agreed to pay $12 million upfront to Halden Bio of Basel on Monday.",
    "The company expects revenue of €40 million in the second half of 2026.",
    "Regulators in South Korea approved the drug last week, Hanbit Biologics said.",
    "Analysts at Marlow Capital see the market in Japan reaching ¥300 billion by 2030.",
]


def corpus(folder: Path, count: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        body = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 6)))
        (folder / f"art{number:04d}.txt").write_text(f"date 2026-03-05 {body}", encoding="utf-8")


def newsfacts(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def test_fault_folder_one_record_per_input(nlp, tmp_path, monkeypatch):
    # A long article of ten pieces stands for the 5 MB one of issue 12 (benchmarks/throughput.py measures that one):
    # the same path, piece by piece, in seconds rather than minutes.
    from pipeline import core

    monkeypatch.setattr(core, "CHUNK_CHARS", 10_000)
    inputs = tmp_path / "in"
    corpus(inputs, 3)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (inputs / "latin.txt").write_bytes("Z\xfcrich".encode("latin-1"))
    (inputs / "nul.txt").write_text("Roche\x00Basel", encoding="utf-8")
    paragraph = "Quorvent Therapeutics said on March 3, 2025 it had raised $40 million in Boston.\n\n"
    (inputs / "huge.txt").write_text("date 2025-03-05 " + paragraph * (100_000 // len(paragraph)), encoding="utf-8")
    (inputs / "lines.jsonl").write_text('{"id": "ok", "text": "Pfizer grew."}\nnot json\n', encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(inputs), "--out", str(out), "-q"])
    assert result.exit_code == 1
    records = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")}
    assert len(records) == 3 + 4 + 1 + 2
    errors = {k: r["error"]["type"] for k, r in records.items() if "error" in r}
    assert errors == {"empty": "empty", "binary": "encoding", "latin": "encoding", "nul": "binary", "lines_2-" + _hash("lines:2"): "bad_json"}
    huge = records["huge"]
    assert huge["text_length"] > 9 * core.CHUNK_CHARS
    body = (inputs / "huge.txt").read_text(encoding="utf-8")[len("date 2025-03-05 "):]
    assert len(huge["amounts"]) == body.count("$40 million")
    for amount in huge["amounts"][-3:]:
        assert body[amount["start"] : amount["end"]] == amount["text"] == "$40 million"
    (quorvent,) = huge["organizations"]
    assert len(quorvent["mentions"]) == body.count("Quorvent Therapeutics")
    assert all(body[m["start"] : m["end"]] == m["text"] for entity in huge["organizations"] + huge["places"] for m in entity["mentions"])


def _hash(article_id: str) -> str:
    from pipeline.io import safe_filename

    return safe_filename(article_id).rsplit("-", 1)[1]


def test_workers_1_and_2_give_identical_bytes(nlp, tmp_path):
    inputs = tmp_path / "in"
    corpus(inputs, 40)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert runner.invoke(app, ["extract", str(inputs), "--out", str(one), "-q"]).exit_code == 0
    done = subprocess.run(newsfacts("extract", str(inputs), "--out", str(two), "-q", "--workers", "2"), cwd=ROOT, timeout=300)
    assert done.returncode == 0
    assert one.read_bytes() == two.read_bytes() and one.read_bytes().count(b"\n") == 40


def test_resume_after_sigkill_gives_the_uninterrupted_output(nlp, tmp_path):
    inputs = tmp_path / "in"
    corpus(inputs, 400)
    reference = tmp_path / "reference"
    assert runner.invoke(app, ["extract", str(inputs), "--out", str(reference), "-q"]).exit_code == 0

    out = tmp_path / "out"
    proc = subprocess.Popen(newsfacts("extract", str(inputs), "--out", str(out), "-q"), cwd=ROOT)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and len(list(out.glob("*.json"))) < 150:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list(out.glob("*.json")))
    assert 0 < done_before < 400, "the kill should land mid-run"

    resumed = subprocess.run(newsfacts("extract", str(inputs), "--out", str(out), "--resume"), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{done_before} unchanged skipped" in resumed.stderr or "skipped" in resumed.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in reference.iterdir())
    for path in reference.iterdir():
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name


def test_resume_reprocesses_changed_text(nlp, tmp_path):
    inputs = tmp_path / "in"
    corpus(inputs, 2)
    out = tmp_path / "out"
    assert runner.invoke(app, ["extract", str(inputs), "--out", str(out), "-q"]).exit_code == 0
    (inputs / "art0001.txt").write_text("date 2026-03-05 Novartis paid $9 million.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(inputs), "--out", str(out), "--resume"])
    assert "1 unchanged skipped" in result.output
    assert json.loads((out / "art0001.json").read_text(encoding="utf-8"))["amounts"][0]["value"] == 9_000_000


@pytest.mark.parametrize("article_id", ["../escape", "/abs/path", "a/b/c"])
def test_ids_cannot_escape_the_output_folder(nlp, tmp_path, article_id):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": article_id, "text": "Roche grew."}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["extract", str(path), "--out", str(out), "-q"]).exit_code == 0
    (written,) = list(out.iterdir())
    assert written.parent == out and json.loads(written.read_text(encoding="utf-8"))["id"] == article_id
