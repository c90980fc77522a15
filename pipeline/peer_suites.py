"""Where the third-party peer suites are read from: one place for every benchmark and test that reads them.

The suites are other projects' test data (see their README beside them) and are never copied into this
repository. Their folder is `$NEWSFACTS_PEER_SUITES`, else `../shared/peer-suites` beside the checkout; a reader
that finds its file absent skips, saying so with `missing_reason`.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "NEWSFACTS_PEER_SUITES"
DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "peer-suites"


def peer_suites_dir() -> Path:
    """The folder of the peer suites ($NEWSFACTS_PEER_SUITES if set and not empty, else ../shared/peer-suites)."""
    return Path(os.environ.get(ENV_VAR) or DEFAULT_DIR)


def peer_suite(name: str) -> Path:
    """The path of one suite file, present or not."""
    return peer_suites_dir() / name


def missing_reason(*names: str) -> str | None:
    """Why the given suite files cannot be read (the first one absent), or None when all are there."""
    for name in names:
        path = peer_suite(name)
        if not path.is_file():
            return (
                f"peer suite {path} is absent: third-party data is not part of the repository; "
                f"set {ENV_VAR} to its folder (default ../shared/peer-suites beside the checkout)"
            )
    return None
