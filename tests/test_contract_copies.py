"""The repository holds its own contract: docs/SPEC.md and the seed gold, equal to the team's shared copies while those exist."""

from __future__ import annotations

import pytest

from .conftest import ROOT, SEED_GOLD, SHARED, SPEC


@pytest.mark.parametrize(("ours", "theirs"), [(SPEC, "SPEC.md"), (SEED_GOLD, "gold/seed.jsonl")], ids=["spec", "seed-gold"])
def test_copy_equals_the_shared_original(ours, theirs):
    original = SHARED / theirs
    if not original.is_file():
        pytest.skip(f"{original} is absent (a clone without ../shared): nothing to compare {ours.relative_to(ROOT)} with")
    assert ours.read_bytes() == original.read_bytes(), f"copy {original} to {ours.relative_to(ROOT)} again"


def test_readme_points_at_the_repository_copies():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/SPEC.md" in readme and SPEC.is_file()
    assert "../shared/SPEC.md" not in readme and "../shared/gold" not in readme
