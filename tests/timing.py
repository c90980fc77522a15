"""Time for the tests that check how a cost grows (never a bound in seconds: only ratios of two sizes)."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


def least_seconds(run: Callable[[], object], runs: int = 3) -> float:
    """The least wall time of `runs` calls, each after a collection: a busy machine or the suite's heap only slows some."""
    times = []
    for _ in range(runs):
        gc.collect()
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return min(times)
