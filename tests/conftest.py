"""Shared fixtures: paths of the contract files and one spaCy pipeline per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSFACTS_SHARED", ROOT.parent / "shared"))
SEED_GOLD = SHARED / "gold" / "seed.jsonl"
GOLD_DIR = ROOT / "tests" / "gold"


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import load_nlp

    return load_nlp()
