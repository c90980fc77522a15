"""Third-party peer suites: their folder comes from one helper; the files the benchmarks read keep their offsets."""

from __future__ import annotations

import json

import pytest

from pipeline import peer_suites

# The files benchmarks/{money,date,ner}_accuracy.py read.
BENCHMARK_SUITES = [
    "recognizers_currency_en.jsonl",
    "duckling_money_en.jsonl",
    "tempeval3_platinum.jsonl",
    "recognizers_datetime_en.jsonl",
    "duckling_time_en.jsonl",
    "conll2003_test.jsonl",
]


def test_folder_from_the_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv(peer_suites.ENV_VAR, str(tmp_path))
    assert peer_suites.peer_suite("x.jsonl") == tmp_path / "x.jsonl"
    reason = peer_suites.missing_reason("x.jsonl")
    assert reason is not None and str(tmp_path / "x.jsonl") in reason and peer_suites.ENV_VAR in reason
    (tmp_path / "x.jsonl").write_text("{}\n", encoding="utf-8")
    assert peer_suites.missing_reason("x.jsonl") is None


def test_default_folder_is_beside_the_checkout(monkeypatch):
    monkeypatch.delenv(peer_suites.ENV_VAR, raising=False)
    assert peer_suites.peer_suites_dir() == peer_suites.DEFAULT_DIR
    assert peer_suites.DEFAULT_DIR.parts[-2:] == ("shared", "peer-suites")


@pytest.mark.parametrize("name", BENCHMARK_SUITES)
def test_suite_spans_are_where_they_say(name):
    if reason := peer_suites.missing_reason(name):
        pytest.skip(reason)
    records = [json.loads(line) for line in peer_suites.peer_suite(name).read_text(encoding="utf-8").splitlines() if line.strip()]
    assert records
    checked = 0
    for record in records:
        body = record.get("input", record.get("text"))
        for key in ("expected", "entities", "timexes"):
            for span in record.get(key) or []:
                if "start" in span and "text" in span:
                    assert body[span["start"] : span["end"]] == span["text"], (record["id"], span)
                    checked += 1
    assert checked > 0
