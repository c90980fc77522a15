"""What `newsfacts render` reads: articles (run through the pipeline) or `extract` outputs (folders, record
.jsonl files, stdin, a newsfacts database), as (record, body) entries.

Every input kind is one reader function in READERS: it is asked in order whether it takes an input name
and then yields entries for it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pipeline.io import STDIN, Article, InputError, Item, iter_articles, read_jsonl, read_txt

RECORD_SUFFIX = ".json"
NLP_BATCH = 32


@dataclass(frozen=True)
class Entry:
    """One article's output record (SPEC §2, as JSON) and the body its offsets point into, when known."""

    record: dict[str, Any]
    text: str | None
    note: str | None = None  # why the body is missing, for a page to say

    @property
    def failed(self) -> bool:
        return "error" in self.record


def error_entry(article_id: str, source: str, kind: str, message: str) -> Entry:
    record = {"schema_version": "1.0", "id": article_id, "source": source, "error": {"type": kind, "message": message}}
    return Entry(record, None)


# ---- bodies of records read from outputs -------------------------------------------------------


class BodyLookup:
    """The body of an output record, re-read from its `source` (a .txt path or `file.jsonl:LINE`).

    Records of one .jsonl input usually come in line order, so a .jsonl source is read forward with one open
    cursor (memory stays flat, one file open at a time); going back or to another file reopens.
    """

    def __init__(self) -> None:
        self._path: str | None = None
        self._position = 0
        self._items: Iterator[Item] = iter(())
        self._handle: IO[bytes] | None = None

    def body(self, record: dict[str, Any]) -> tuple[str | None, str | None]:
        source = record.get("source")
        if not isinstance(source, str) or not source or source.startswith(f"{STDIN}:"):
            return None, "the article body is not shown: its source cannot be read again (stdin or none)"
        item = self._read(source)
        if not isinstance(item, Article):
            reason = item.message if isinstance(item, InputError) else f"{source} has no such line"
            return None, f"the article body is not shown: {reason}"
        digest = hashlib.sha256(item.text.encode("utf-8")).hexdigest()
        if record.get("text_sha256") not in (None, digest):
            return None, f"the article body is not shown: {source} changed since it was extracted (text_sha256 differs)"
        return item.text, None

    def _read(self, source: str) -> Item | None:
        path, _, line = source.rpartition(":")
        if path and line.isdigit() and path.endswith(".jsonl"):
            return self._jsonl_line(path, int(line))
        return read_txt(Path(source), source=source, published=None)

    def _jsonl_line(self, path: str, number: int) -> Item | None:
        if path != self._path or self._position >= number:
            self.close()
            try:
                self._handle = open(path, "rb")  # noqa: SIM115 - kept open while the cursor is read forward
            except OSError as exc:
                return InputError(path, path, "unreadable", f"cannot read {path}: {exc.strerror or exc}")
            self._path, self._position = path, 0
            self._items = read_jsonl(self._handle, name=path, published=None)
        for item in self._items:
            self._position = int(item.source.rpartition(":")[2])
            if self._position >= number:
                return item if self._position == number else None
        return None

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
        self._path, self._position, self._items, self._handle = None, 0, iter(()), None


# ---- readers ------------------------------------------------------------------------------------


def _first_object(path: Path, *, lines: int = 100) -> Any:
    """The first line of a .jsonl file that parses (a broken first line does not decide what the file holds)."""
    try:
        with path.open("rb") as handle:
            for _, raw in zip(range(lines), handle):
                try:
                    return json.loads(raw)
                except ValueError:
                    continue
    except OSError:
        return None
    return None


def is_record(obj: Any) -> bool:
    """An `extract` output record (a result or an error record), as opposed to an input article."""
    return isinstance(obj, dict) and "schema_version" in obj and isinstance(obj.get("id"), str)


def _record_entry(obj: Any, where: str, lookup: BodyLookup, fallback_id: str) -> Entry:
    if not is_record(obj):
        return error_entry(fallback_id, where, "bad_record", "not a newsfacts output record (no schema_version and string id)")
    if "error" in obj:
        return Entry(obj, None)
    text, note = lookup.body(obj)
    return Entry(obj, text, note)


def read_record_lines(path: Path, lookup: BodyLookup) -> Iterator[Entry]:
    """Entries of a .jsonl file of output records, one per non-blank line; a broken line is an error entry."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            where = f"{path.as_posix()}:{number}"
            try:
                obj = json.loads(raw)
            except ValueError as exc:
                yield error_entry(f"{path.stem}:{number}", where, "bad_json", f"not a JSON record: {exc}")
                continue
            yield _record_entry(obj, where, lookup, f"{path.stem}:{number}")


def read_record_file(path: Path, lookup: BodyLookup) -> Iterator[Entry]:
    """The entry of one `<id>.json` output file."""
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        yield error_entry(path.stem, path.as_posix(), "bad_json", f"not a JSON record: {exc}")
        return
    yield _record_entry(obj, path.as_posix(), lookup, path.stem)


def _file_source(path: Path, lookup: BodyLookup, published: dt.date | None) -> Iterator[Entry | Item]:
    if path.suffix == RECORD_SUFFIX:
        yield from read_record_file(path, lookup)
    elif path.suffix == ".jsonl" and is_record(_first_object(path)):
        yield from read_record_lines(path, lookup)
    else:
        yield from iter_articles([path.as_posix()], published=published)


@dataclass(frozen=True)
class ReadContext:
    """What every reader is given besides the input name."""

    lookup: BodyLookup
    published: dt.date | None
    stdin: IO[bytes] | None


def read_path(name: str, ctx: ReadContext) -> Iterator[Entry | Item]:
    """A file or a folder: output records (.json, .jsonl of records) and articles (.txt, .jsonl of articles)."""
    path = Path(name)
    if not path.is_dir():
        if path.is_file():
            yield from _file_source(path, ctx.lookup, ctx.published)
        else:
            yield from iter_articles([name], published=ctx.published)  # its error record says why
        return
    files = sorted(p for p in path.rglob("*") if p.suffix in (RECORD_SUFFIX, ".txt", ".jsonl") and p.is_file())
    if not files:
        yield InputError(path.name or name, name, "empty", f"no .json, .txt or .jsonl files under {name}")
    for file in files:
        yield from _file_source(file, ctx.lookup, ctx.published)


def read_stdin(name: str, ctx: ReadContext) -> Iterator[Entry | Item]:
    """JSON Lines on stdin: output records or articles, told apart line by line."""
    import sys

    stream = ctx.stdin if ctx.stdin is not None else sys.stdin.buffer
    for number, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except ValueError:
            obj = None
        if is_record(obj):
            yield _record_entry(obj, f"{STDIN}:{number}", ctx.lookup, f"stdin:{number}")
            continue
        for item in read_jsonl([raw], name=STDIN, published=ctx.published):
            if isinstance(item, InputError):
                item = InputError(f"stdin:{number}", f"{STDIN}:{number}", item.type, item.message)
            yield item


def read_database(name: str, ctx: ReadContext) -> Iterator[Entry | Item]:
    """The records of a newsfacts database (`sqlite:///PATH.db`, `postgresql://...`); one that cannot be read is
    one error entry naming it, so the report lists it rather than stopping."""
    from pipeline.db import DatabaseError
    from pipeline.db.reader import iter_records

    try:
        for record in iter_records(name):
            yield _record_entry(record, name, ctx.lookup, str(record.get("id")))
    except DatabaseError as exc:
        yield error_entry(name, name, "unreadable", str(exc))


def _is_database(name: str) -> bool:
    from pipeline.db import is_database_url

    return is_database_url(name)


Reader = Callable[[str, ReadContext], Iterator["Entry | Item"]]

# (does it take this input name?, reader), asked in order.
READERS: list[tuple[Callable[[str], bool], Reader]] = [
    (lambda name: name == STDIN, read_stdin),
    (_is_database, read_database),
    (lambda name: True, read_path),
]


def _reader_for(name: str, ctx: ReadContext) -> Iterator[Entry | Item]:
    reader = next(reader for takes, reader in READERS if takes(name))
    return reader(name, ctx)


def _extracted(articles: list[Item], state: dict[str, Any]) -> Iterator[Entry]:
    """Articles run through the pipeline (the model loaded on the first article that needs it)."""
    from pipeline.core import process

    if not any(isinstance(a, Article) for a in articles):
        yield from (Entry(a.record().model_dump(mode="json"), None) for a in articles if isinstance(a, InputError))
        return
    if "nlp" not in state:
        from pipeline.nlp import load_nlp

        state["nlp"] = load_nlp()
    queue = deque(articles)
    for record in process(articles, state["nlp"], batch_size=NLP_BATCH):
        item = queue.popleft()
        yield Entry(record.model_dump(mode="json"), item.text if isinstance(item, Article) else None)


def iter_entries(inputs: Sequence[str], *, published: dt.date | None = None, stdin: IO[bytes] | None = None) -> Iterator[Entry]:
    """Entries in input order, streaming: articles are extracted in small batches, records read one at a time."""
    ctx = ReadContext(BodyLookup(), published, stdin)
    state: dict[str, Any] = {}
    pending: list[Item] = []
    for name in inputs:
        for item in _reader_for(name, ctx):
            if isinstance(item, Entry):
                yield from _extracted(pending, state)
                pending = []
                yield item
                continue
            pending.append(item)
            if len(pending) >= NLP_BATCH:
                yield from _extracted(pending, state)
                pending = []
    yield from _extracted(pending, state)
    ctx.lookup.close()

