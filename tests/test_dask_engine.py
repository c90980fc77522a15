"""`extract --engine dask` on a real LocalCluster of two worker processes: the local run's bytes, faults, resume."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.partitions import MANIFEST, SUCCESS, plan_partitions, read_partition
from pipeline.runner import run_extract

from .conftest import GOLD_DIR, ROOT

distributed = pytest.importorskip("distributed", reason="Dask's distributed is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def cluster():
    try:
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None, silence_logs=40
        )
    except Exception as exc:  # noqa: BLE001 - the reason is printed with the skip
        pytest.skip(f"a Dask LocalCluster cannot start here: {type(exc).__name__}: {exc}")
    yield cluster
    cluster.close()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    """Gold articles as a .jsonl with a bad line inside, a folder of .txt files, and a missing path."""
    root = tmp_path_factory.mktemp("inputs")
    lines = (GOLD_DIR / "dev.jsonl").read_text(encoding="utf-8").splitlines()[:9]
    lines.insert(4, '{"id": "broken", "text": ')
    (root / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    folder = root / "folder"
    folder.mkdir()
    for article in (json.loads(line) for line in lines[-3:]):
        (folder / f"{article['id']}-copy.txt").write_text(f"date {article['published']}\n{article['text']}", encoding="utf-8")
    return [str(root / "batch.jsonl"), str(folder), str(root / "missing.txt")]


def _local(inputs: list[str], tmp_path: Path) -> bytes:
    out = tmp_path / "local.jsonl"
    run_extract(inputs, out=str(out))
    return out.read_bytes()


def _parts(out: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(out.glob("part-*.jsonl")))


def _run(inputs, out, cluster, **options):
    from pipeline.dask_engine import run_dask_extract

    return run_dask_extract(inputs, out=str(out), scheduler=cluster.scheduler_address, partition_size=3, **options)


def test_partitions_read_what_a_local_run_reads(inputs):
    from pipeline.io import iter_articles

    planned = [item for partition in plan_partitions(inputs, size=3) for item in read_partition(partition, published=None)]
    assert planned == list(iter_articles(inputs))


def test_parts_concatenated_equal_the_local_output(inputs, cluster, tmp_path):
    summary = _run(inputs, tmp_path / "dask", cluster)
    assert _parts(tmp_path / "dask") == _local(inputs, tmp_path)
    records = [json.loads(line) for line in _parts(tmp_path / "dask").splitlines()]
    assert {r["error"]["type"] for r in records if "error" in r} == {"bad_json", "unreadable"}
    manifest = json.loads((tmp_path / "dask" / SUCCESS).read_text())
    assert manifest["records"] == len(records) == summary.articles
    assert [p["file"] for p in manifest["partitions"]] == sorted(p.name for p in (tmp_path / "dask").glob("part-*.jsonl"))


def test_a_killed_worker_loses_nothing(inputs, cluster, tmp_path):
    client = distributed.Client(cluster.scheduler_address)
    killed: list[int] = []

    def kill_one(entry: dict) -> None:
        if not killed:
            pids = client.run(os.getpid)
            killed.append(next(iter(pids.values())))
            os.kill(killed[0], signal.SIGKILL)

    try:
        _run(inputs, tmp_path / "dask", cluster, on_partition=kill_one)
        client.wait_for_workers(2, timeout=60)
        assert killed and killed[0] not in client.run(os.getpid).values()
    finally:
        client.close()
    assert _parts(tmp_path / "dask") == _local(inputs, tmp_path)


def test_resume_skips_matching_partitions_and_reruns_an_edited_one(inputs, cluster, tmp_path):
    out = tmp_path / "dask"
    _run(inputs, out, cluster)
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*.jsonl")}
    again = _run(inputs, out, cluster, resume=True)
    assert again.articles == 0 and again.skipped == sum(1 for _ in _parts(out).splitlines())
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("part-*.jsonl")} == stamps

    edited = sorted(Path(inputs[1]).glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nNovartis paid $5 million on Friday.", encoding="utf-8")
    third = _run(inputs, out, cluster, resume=True)
    assert 0 < third.articles < again.skipped
    assert _parts(out) == _local(inputs, tmp_path)
    assert len((out / MANIFEST).read_text().splitlines()) > len(stamps)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_an_unreachable_scheduler_is_one_line_and_exit_1(tmp_path):
    seed = next((ROOT / "seeds").glob("*.txt"))
    address = f"tcp://127.0.0.1:{_free_port()}"
    done = _cli("extract", str(seed), "--out", str(tmp_path / "o"), "--engine", "dask", "--scheduler", address)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and address in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_stdin_and_a_jsonl_out_are_usage_errors_with_dask(tmp_path):
    assert _cli("extract", "-", "--out", str(tmp_path / "o"), "--engine", "dask").returncode == 2
    assert _cli("extract", "seeds", "--out", str(tmp_path / "o.jsonl"), "--engine", "dask").returncode == 2


def test_the_local_path_never_imports_dask(tmp_path):
    code = (
        "import sys; from typer.testing import CliRunner; from pipeline.cli import app; "
        f"r = CliRunner().invoke(app, ['extract', 'seeds', '--out', {str(tmp_path / 'o')!r}, '-q']); "
        "assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_without_the_extra_the_error_names_the_pip_command(tmp_path):
    code = (
        "import sys; sys.modules['distributed'] = None; from typer.testing import CliRunner; from pipeline.cli import app; "
        f"r = CliRunner().invoke(app, ['extract', 'seeds', '--out', {str(tmp_path / 'o')!r}, '--engine', 'dask']); "
        "print(r.exit_code); print(r.output)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.stdout.splitlines()[0] == "1"
    assert 'pip install "newsfacts[dask]"' in done.stdout
