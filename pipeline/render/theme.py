"""The review pages' data files (pipeline/render/assets/): colours, legend, templates, style sheet and scripts."""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from pathlib import Path
from string import Template
from typing import Any

ASSETS = Path(__file__).with_name("assets")


@cache
def asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


@cache
def theme() -> dict[str, Any]:
    data = json.loads(asset("theme.json"))
    missing = {"ORG", "MONEY", "DATE", "PLACE"} - set(data["labels"])
    if missing:
        raise ValueError(f"pipeline/render/assets/theme.json lacks colours for {sorted(missing)}")
    return data


def colors() -> dict[str, str]:
    """displaCy's `colors` option: each label's background."""
    return {label: spec["background"] for label, spec in theme()["labels"].items()}


def page_template(name: str) -> Template:
    return Template(asset(name))


def csp(script: str) -> str:
    """A Content-Security-Policy allowing only our own inline script (by hash) and inline styles; no network."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'"
