"""Cutting a batch's inputs into partitions that a worker reads and extracts on its own, and the manifest of them.

A partition is a list of units: a whole input as `extract` names it, a file found in a folder, or a line range of
a large `.jsonl` file. The client plans partitions by listing folders and scanning `.jsonl` files for line
offsets, never by holding the articles; a worker reads its units itself, extracts them with the same code as a
local run and writes one `part-NNNNN.jsonl`, so the parts concatenated in order equal a local `--out x.jsonl`.
Nothing here imports Dask.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.io import ARTICLE_SUFFIXES, STDIN, Item, iter_articles, read_jsonl, read_path, write_atomic

PART_NAME = "part-{:05d}.jsonl"
MANIFEST = "_manifest.jsonl"
SUCCESS = "_SUCCESS"
DEFAULT_PARTITION_SIZE = 200


@dataclass(frozen=True)
class Unit:
    """What a worker reads: `input` (a name as given to extract), `file` (found in a folder) or `lines`."""

    kind: str
    path: str
    source: str = ""
    start: int = 0
    end: int = 0
    first_line: int = 1
    # Size and modification time of the file when planned, so that --resume sees an edited input.
    stamp: str = ""


@dataclass(frozen=True)
class Partition:
    index: int
    units: tuple[Unit, ...]

    @property
    def name(self) -> str:
        return PART_NAME.format(self.index)

    @property
    def fingerprint(self) -> str:
        """A digest of what the partition reads; a manifest entry only counts for the same fingerprint."""
        plan = json.dumps([asdict(unit) for unit in self.units], sort_keys=True)
        return hashlib.sha256(plan.encode("utf-8")).hexdigest()


class PlanError(ValueError):
    pass


def _stamp(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return ""
    return f"{info.st_size}:{info.st_mtime_ns}"


def _line_ranges(path: Path, source: str, size: int) -> Iterator[tuple[Unit, int]]:
    """Line ranges of `size` records of a `.jsonl` file, with their record counts, read as bytes (nothing kept)."""
    stamp = _stamp(path)
    start = offset = records = 0
    first = number = 1
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            if records == size:
                yield Unit("lines", path.as_posix(), source, start, offset, first, stamp), records
                start, first, records = offset, number, 0
            offset += len(line)
            records += bool(line.strip())
    if records:
        yield Unit("lines", path.as_posix(), source, start, offset, first, stamp), records


def _units(name: str, size: int) -> Iterator[tuple[Unit, int]]:
    """The units of one input of `extract`, each with the number of records it will give (at least 1)."""
    if name == STDIN:
        raise PlanError("the Dask engine reads files and folders; JSON Lines on stdin (-) needs the local engine")
    path = Path(name)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix in ARTICLE_SUFFIXES and p.is_file())
        if not files:
            yield Unit("input", name), 1
        for file in files:
            yield from _file_units(file, file.as_posix(), "file", size)
    elif path.is_file():
        yield from _file_units(path, name, "input", size)
    else:
        yield Unit("input", name), 1


def _file_units(path: Path, source: str, kind: str, size: int) -> Iterator[tuple[Unit, int]]:
    if path.suffix == ".jsonl":
        ranges = list(_line_ranges(path, source, size)) if path.stat().st_size else []
        if len(ranges) > 1:
            yield from ranges
            return
        # A small file is read whole, so its own errors (an empty file) come out as in a local run.
        count = ranges[0][1] if ranges else 1
        yield Unit(kind, path.as_posix() if kind == "file" else source, source, stamp=_stamp(path)), count
        return
    yield Unit(kind, path.as_posix() if kind == "file" else source, source, stamp=_stamp(path)), 1


def plan_partitions(inputs: Sequence[str], *, size: int = DEFAULT_PARTITION_SIZE) -> Iterator[Partition]:
    """Partitions of about `size` records each, in input order; lazily, one folder listing or file scan at a time."""
    if size < 1:
        raise PlanError("--partition-size must be at least 1")
    units: list[Unit] = []
    records = index = 0
    for name in inputs:
        for unit, count in _units(name, size):
            if units and records + count > size:
                yield Partition(index, tuple(units))
                units, records, index = [], 0, index + 1
            units.append(unit)
            records += count
    if units:
        yield Partition(index, tuple(units))


def read_unit(unit: Unit, *, published: dt.date | None) -> Iterator[Item]:
    """The articles and input errors of one unit, exactly as a local run reads them."""
    if unit.kind == "input":
        yield from iter_articles([unit.path], published=published)
    elif unit.kind == "file":
        yield from read_path(Path(unit.path), source=unit.path, published=published)
    else:
        with open(unit.path, "rb") as handle:
            handle.seek(unit.start)
            lines = _bounded_lines(handle, unit.end - unit.start)
            yield from read_jsonl(lines, name=unit.source, published=published, first_line=unit.first_line)


def _bounded_lines(handle, length: int) -> Iterator[bytes]:
    for line in handle:
        if length <= 0:
            return
        length -= len(line)
        yield line


def read_partition(partition: Partition, *, published: dt.date | None) -> Iterator[Item]:
    for unit in partition.units:
        yield from read_unit(unit, published=published)


def run_partition(partition: Partition, out: str, published: dt.date | None) -> dict:
    """Extract one partition into `out/part-NNNNN.jsonl` (atomically); returns its manifest entry."""
    from pipeline.runner import rendered

    lines: list[str] = []
    errors = 0
    for record in rendered(read_partition(partition, published=published)):
        lines.append(record.json + "\n")
        errors += record.failed
    text = "".join(lines)
    write_atomic(Path(out) / partition.name, text)
    return {
        "index": partition.index,
        "file": partition.name,
        "records": len(lines),
        "errors": errors,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "fingerprint": partition.fingerprint,
    }


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def read_manifest(out: Path) -> dict[int, dict]:
    """The manifest entries written so far, by partition index (a torn last line of a killed run is ignored)."""
    entries: dict[int, dict] = {}
    try:
        lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    except OSError:
        return entries
    for line in lines:
        try:
            entry = json.loads(line)
            entries[int(entry["index"])] = entry
        except (ValueError, KeyError, TypeError):
            continue
    return entries


def is_done(partition: Partition, out: Path, entries: dict[int, dict]) -> bool:
    """True when the partition's output exists and matches its manifest entry for the same plan (--resume)."""
    entry = entries.get(partition.index)
    if not entry or entry.get("fingerprint") != partition.fingerprint:
        return False
    return file_digest(out / partition.name) == entry.get("sha256")


def append_manifest(out: Path, entry: dict) -> None:
    with open(out / MANIFEST, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, sort_keys=True) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def clear_outputs(out: Path, *, keep: Iterable[int] = ()) -> None:
    """Remove part files (all but `keep`) and the manifests of an earlier run, so no stale part is concatenated."""
    kept = {PART_NAME.format(index) for index in keep}
    for path in out.glob("part-*.jsonl"):
        if path.name not in kept:
            path.unlink(missing_ok=True)
    for stale in out.glob(".part-*.jsonl.*.tmp"):
        stale.unlink(missing_ok=True)
    (out / SUCCESS).unlink(missing_ok=True)


def write_success(out: Path, entries: list[dict]) -> None:
    """The `_SUCCESS` manifest: every partition in order with its record count and hash."""
    from pipeline.models import SCHEMA_VERSION

    body = {
        "schema_version": SCHEMA_VERSION,
        "partitions": sorted(entries, key=lambda entry: entry["index"]),
        "records": sum(entry["records"] for entry in entries),
        "errors": sum(entry["errors"] for entry in entries),
    }
    write_atomic(out / SUCCESS, json.dumps(body, indent=2, sort_keys=True) + "\n")
