"""Shared fixtures: paths of the contract files and one spaCy pipeline per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "tests" / "gold"
SEED_GOLD = GOLD_DIR / "seed.jsonl"
SPEC = ROOT / "docs" / "SPEC.md"
SEEDS_DIR = ROOT / "seeds"
# The team's shared folder beside the checkout, where the contract comes from: while it exists, the copies above
# are kept equal to it (tests/test_contract_copies.py). A plain clone has none, and needs none.
SHARED = Path(os.environ.get("NEWSFACTS_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import load_nlp

    return load_nlp()


def assert_unreadable(monkeypatch, module, file_attr: str, bad: Path, loader, error: type[Exception], match: str) -> None:
    """Point `module.<file_attr>` at the bad data file and check that the cached `loader` fails with `error`."""
    monkeypatch.setattr(module, file_attr, bad)
    loader.cache_clear()
    try:
        with pytest.raises(error, match=match):
            loader()
    finally:
        loader.cache_clear()
