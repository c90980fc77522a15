"""Throughput of `extract --engine dask` against the local single-process path, on one corpus in one run.

Prints articles/s for (l) the local path in this process, (d1) a LocalCluster of 1 worker and (d2) one of
2 workers, both through `run_dask_extract` with the cluster started and the model loaded beforehand (start-up
is printed apart); the ratios d1/l and d2/l; each worker's peak RSS (VmHWM); and the scheduler's overhead per
partition (round trip of an empty task). Called by `benchmarks/throughput.py --engine dask`, or directly:

    .venv/bin/python benchmarks/dask_throughput.py [--articles 2000] [--partition-size 200]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _noop(index: int) -> int:
    return index


def run_local(corpus: Path, out: Path) -> float:
    from pipeline.nlp import load_nlp
    from pipeline.runner import run_extract

    load_nlp()
    started = time.perf_counter()
    run_extract([str(corpus)], out=str(out))
    return time.perf_counter() - started


def run_cluster(corpus: Path, out: Path, workers: int, partition_size: int) -> dict:
    import distributed

    from pipeline.dask_engine import _model_plugin, run_dask_extract

    started = time.perf_counter()
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, silence_logs=40) as cluster:
        with distributed.Client(cluster) as client:
            client.register_plugin(_model_plugin())
            startup = time.perf_counter() - started
            started = time.perf_counter()
            run_dask_extract([str(corpus)], out=str(out), scheduler=cluster.scheduler_address, partition_size=partition_size)
            seconds = time.perf_counter() - started
            rss = sorted(client.run(_peak_mb).values())
            started = time.perf_counter()
            client.gather(client.map(_noop, range(200), pure=False))
            overhead = (time.perf_counter() - started) / 200
    return {"seconds": seconds, "startup": startup, "rss": rss, "overhead": overhead}


def main(argv: list[str] | None = None) -> None:
    from throughput import iter_corpus

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--partition-size", type=int, default=200)
    args, _ = parser.parse_known_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(a) + "\n" for a in iter_corpus(args.articles)), encoding="utf-8")
        local = run_local(corpus, Path(tmp) / "local.jsonl")
        one = run_cluster(corpus, Path(tmp) / "d1", 1, args.partition_size)
        two = run_cluster(corpus, Path(tmp) / "d2", 2, args.partition_size)
        same = b"".join(p.read_bytes() for p in sorted((Path(tmp) / "d2").glob("part-*.jsonl"))) == (Path(tmp) / "local.jsonl").read_bytes()
    n = args.articles
    print(f"corpus: {n} articles, partitions of {args.partition_size}")
    print(f"{'mode':<36}{'seconds':>9}{'articles/s':>12}{'start-up s':>12}{'worker peak RSS MB':>22}")
    print(f"{'(l) local, one process':<36}{local:>9.2f}{n / local:>12.1f}{'-':>12}{'-':>22}")
    for name, row in (("(d1) Dask LocalCluster, 1 worker", one), ("(d2) Dask LocalCluster, 2 workers", two)):
        rss = ", ".join(f"{mb:.0f}" for mb in row["rss"])
        print(f"{name:<36}{row['seconds']:>9.2f}{n / row['seconds']:>12.1f}{row['startup']:>12.1f}{rss:>22}")
    print(f"ratio d1/l: {local / one['seconds']:.2f}x   ratio d2/l: {local / two['seconds']:.2f}x")
    print(f"scheduler overhead per partition (empty task round trip): {two['overhead'] * 1000:.1f} ms")
    print(f"d2 output byte-identical to the local run: {same}")


if __name__ == "__main__":
    main()
