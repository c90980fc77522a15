"""`newsfacts extract --engine dask`: partitions extracted on a Dask cluster (a LocalCluster, or one given by address).

The client plans partitions (pipeline/partitions.py) and keeps only a bounded window of them in flight; each
worker reads its partition, extracts it with the model it loaded once (a worker plugin) and writes its part file,
and the client appends each finished partition to the manifest. Dask reruns the tasks of a worker that dies.
Imported only with `--engine dask`, so the local path never loads Dask.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.partitions import (
    DEFAULT_PARTITION_SIZE,
    MANIFEST,
    Partition,
    append_manifest,
    clear_outputs,
    is_done,
    plan_partitions,
    read_manifest,
    run_partition,
    write_success,
)
from pipeline.runner import Summary, _progress

if TYPE_CHECKING:
    from rich.console import Console

INSTALL_HINT = 'pip install "newsfacts[dask]"'
# Partitions in flight per worker thread: enough that no worker waits for the client, few enough that the
# client never holds more than a window of the plan.
IN_FLIGHT_PER_THREAD = 2
# A task whose worker died is run again this many times before the run reports it.
RETRIES = 3
CONNECT_TIMEOUT = "5s"


class EngineError(RuntimeError):
    """A cluster that cannot be started or reached; the CLI prints it as one line and exits 1."""


def _distributed():
    try:
        import distributed
    except ImportError:
        raise EngineError(f"--engine dask needs Dask's distributed scheduler: {INSTALL_HINT}") from None
    return distributed


def _model_plugin():
    """A worker plugin that loads the spaCy model and the data tables when a worker starts, so no task pays for them."""
    distributed = _distributed()

    class LoadModel(distributed.WorkerPlugin):
        name = "newsfacts-model"

        def setup(self, worker) -> None:
            from pipeline.core import load_tables
            from pipeline.nlp import load_nlp

            load_nlp()
            load_tables()

    return LoadModel()


@contextmanager
def connect(scheduler: str | None, *, workers: int | None, console: Console | None):
    """A Client on the given scheduler, or on a LocalCluster of `workers` processes (one per core by default)."""
    distributed = _distributed()
    cluster = None
    try:
        if scheduler is None:
            cluster = distributed.LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address="127.0.0.1:8787",
                silence_logs=40,
            )
            if console is not None:
                console.print(f"newsfacts: Dask LocalCluster started; dashboard at {cluster.dashboard_link}")
        client = distributed.Client(cluster or scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        where = scheduler or "a LocalCluster"
        raise EngineError(f"cannot reach the Dask scheduler at {where}: {exc}") from None
    try:
        client.register_plugin(_model_plugin())
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _threads(client) -> int:
    return max(1, sum(client.nthreads().values()))


def _finished(client, partitions: Iterator[Partition], out: str, published: dt.date | None) -> Iterator[dict]:
    """Manifest entries of partitions as they finish, with at most a window of them submitted at once."""
    distributed = _distributed()
    window = _threads(client) * IN_FLIGHT_PER_THREAD
    running = distributed.as_completed()
    for partition in partitions:
        running.add(client.submit(run_partition, partition, out, published, retries=RETRIES, pure=False))
        if running.count() >= window:
            yield next(running).result()
    for future in running:
        yield future.result()


class _Plan:
    """The partitions still to run, counting the plan's length and the records that --resume skips."""

    def __init__(self, inputs: Sequence[str], out: Path, *, size: int, resume: bool) -> None:
        self.inputs, self.out, self.size, self.resume = inputs, out, size, resume
        self.entries = read_manifest(out) if resume else {}
        self.length = 0
        self.skipped = 0

    def __iter__(self) -> Iterator[Partition]:
        for partition in plan_partitions(self.inputs, size=self.size):
            self.length = partition.index + 1
            if self.resume and is_done(partition, self.out, self.entries):
                self.skipped += self.entries[partition.index]["records"]
                continue
            self.entries.pop(partition.index, None)
            yield partition


def run_dask_extract(
    inputs: Sequence[str],
    *,
    out: str,
    published: dt.date | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    resume: bool = False,
    console: Console | None = None,
    progress: bool = False,
    on_partition: Callable[[dict], None] | None = None,
) -> Summary:
    """Extract every input into part files under `out` on a Dask cluster; the same records as a local run."""
    summary = Summary()
    started = time.perf_counter()
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    if not resume:
        clear_outputs(folder)
        (folder / MANIFEST).unlink(missing_ok=True)
    plan = _Plan(inputs, folder, size=partition_size, resume=resume)
    with connect(scheduler, workers=workers, console=console) as client, _progress(console, enabled=progress) as advance:
        for entry in _finished(client, iter(plan), out, published):
            append_manifest(folder, entry)
            plan.entries[entry["index"]] = entry
            summary.articles += entry["records"]
            summary.errors += entry["errors"]
            advance(summary)
            if on_partition is not None:
                on_partition(entry)
    entries = [plan.entries[index] for index in sorted(plan.entries) if index < plan.length]
    # Parts beyond this plan's length belong to an earlier, longer run over other inputs.
    clear_outputs(folder, keep=range(plan.length))
    write_success(folder, entries)
    summary.skipped = plan.skipped
    summary.errors = sum(entry["errors"] for entry in entries)
    summary.seconds = time.perf_counter() - started
    return summary
