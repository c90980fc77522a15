"""Rendering streams: peak memory is flat from 1,000 to 10,000 output records (no NLP involved)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT
from .synthetic import write_corpus

# A child process renders the records and prints its peak resident memory (VmHWM, Linux), so that neither
# this test process nor a tracer's own bookkeeping is measured.
CHILD = """
import sys
from pathlib import Path
import spacy.displacy  # imported before the run in both sizes alike
from pipeline.render.report import run_render
summary = run_render([sys.argv[1]], out=Path(sys.argv[2]))
peak = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")][0].split()[1]
print(summary.articles, peak)
"""


def _render_peak(records: Path, out: Path) -> tuple[int, int]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(records), str(out)], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert done.returncode == 0, done.stderr
    articles, peak_kb = map(int, done.stdout.split())
    return articles, peak_kb


def test_memory_flat_from_1000_to_10000_records(tmp_path):
    if not Path("/proc/self/status").exists():
        pytest.skip("no /proc/self/status: peak memory cannot be read on this system")
    peaks = {}
    for count in (1_000, 10_000):
        _, records = write_corpus(tmp_path / str(count), count, errors_every=97)
        articles, peaks[count] = _render_peak(records, tmp_path / f"report-{count}")
        assert articles == count
        index = (tmp_path / f"report-{count}" / "index.html").read_text(encoding="utf-8")
        rows = json.loads(re.search(r'<script id="data" type="application/json">(.*?)</script>', index, re.S).group(1))
        assert len(rows) == count and sum(r["failed"] for r in rows) == count // 97
        assert len(list((tmp_path / f"report-{count}" / "articles").iterdir())) == count
    # Holding each record's row or page would cost 10+ MB more for 9,000 more records; streaming costs nothing.
    growth_mb = (peaks[10_000] - peaks[1_000]) / 1024
    print(f"peak RSS: 1,000 records {peaks[1_000] / 1024:.1f} MB, 10,000 records {peaks[10_000] / 1024:.1f} MB")
    assert growth_mb < 4, f"peak memory grew {growth_mb:.1f} MB from 1,000 to 10,000 records"
