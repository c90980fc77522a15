"""Reading articles (SPEC §1: .txt, .jsonl, directories, stdin) and writing records (SPEC §2, §6)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TextIO

from pipeline.models import ErrorInfo, ErrorRecord, Record

HEADER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})(?:\s+|\Z)")
ARTICLE_SUFFIXES = (".txt", ".jsonl")
STDIN = "-"


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    published: dt.date | None
    source: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class InputError:
    """An input that could not become an article; it is written as an error record in its place."""

    id: str
    source: str
    type: str
    message: str

    def record(self) -> ErrorRecord:
        return ErrorRecord(id=self.id, source=self.source, error=ErrorInfo(type=self.type, message=self.message))


Item = Article | InputError


def parse_date(value: str) -> dt.date:
    """An ISO `YYYY-MM-DD` date, strictly (no times, no other formats)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"{value!r} is not a YYYY-MM-DD date")
    return dt.date.fromisoformat(value)


def _decode(data: bytes, *, id: str, source: str) -> str | InputError:
    if not data.strip():
        return InputError(id, source, "empty", "the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return InputError(id, source, "encoding", f"not valid UTF-8: byte {exc.start}: {exc.reason}")
    if "\x00" in text:
        return InputError(id, source, "binary", f"contains a NUL byte at character {text.index(chr(0))}; not a text file")
    return text.removeprefix("\ufeff")


def read_txt(path: Path, *, source: str, published: dt.date | None) -> Item:
    article_id = path.stem
    try:
        data = path.read_bytes()
    except OSError as exc:
        return InputError(article_id, source, "unreadable", f"cannot read {source}: {exc.strerror or exc}")
    text = _decode(data, id=article_id, source=source)
    if isinstance(text, InputError):
        return text
    header = HEADER.match(text)
    if header:
        try:
            published = parse_date(header.group(1))
        except ValueError as exc:
            return InputError(article_id, source, "bad_published", f"the date header is not a real date: {exc}")
        text = text[header.end() :]
        if not text.strip():
            return InputError(article_id, source, "empty", "the article has a date header but no body")
    return Article(article_id, text, published, source)


def _jsonl_record(line: str, *, id: str, source: str, published: dt.date | None) -> Item:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(id, source, "bad_json", f"not a JSON object: {exc.msg} at column {exc.colno}")
    if not isinstance(obj, dict):
        return InputError(id, source, "bad_record", f"a line must be a JSON object, not {type(obj).__name__}")
    article_id = obj.get("id")
    if not isinstance(article_id, str) or not article_id.strip():
        return InputError(id, source, "bad_record", "missing or non-string 'id'")
    text = obj.get("text")
    if not isinstance(text, str):
        return InputError(article_id, source, "bad_record", "missing or non-string 'text'")
    if not text.strip():
        return InputError(article_id, source, "empty", "the article text is empty")
    if "\x00" in text:
        return InputError(article_id, source, "binary", "the text contains a NUL character")
    raw_published = obj.get("published")
    if raw_published is not None:
        try:
            if not isinstance(raw_published, str):
                raise ValueError(f"{raw_published!r} is not a YYYY-MM-DD string")
            published = parse_date(raw_published)
        except ValueError as exc:
            return InputError(article_id, source, "bad_published", f"'published' must be YYYY-MM-DD or null: {exc}")
    meta = {key: value for key, value in obj.items() if key not in ("id", "text", "published")}
    return Article(article_id, text, published, source, meta)


def read_jsonl(
    stream: Iterable[bytes], *, name: str, published: dt.date | None, first_line: int = 1
) -> Iterator[Item]:
    """One article (or error) per non-blank line; a line is identified as `name:LINE` until its id is known.

    `first_line` is the number of the stream's first line when it is a slice of a larger file.
    """
    stem = Path(name).stem if name != STDIN else "stdin"
    for number, raw in enumerate(stream, first_line):
        source = f"{name}:{number}"
        fallback_id = f"{stem}:{number}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield InputError(fallback_id, source, "encoding", f"not valid UTF-8: byte {exc.start}: {exc.reason}")
            continue
        if not line.strip():
            continue
        yield _jsonl_record(line, id=fallback_id, source=source, published=published)


def _read_jsonl_file(path: Path, *, source: str, published: dt.date | None) -> Iterator[Item]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputError(path.stem, source, "unreadable", f"cannot read {source}: {exc.strerror or exc}")
        return
    with handle:
        empty = True
        for item in read_jsonl(handle, name=source, published=published):
            empty = False
            yield item
        if empty:
            yield InputError(path.stem, source, "empty", "the JSONL file has no records")


def read_path(path: Path, *, source: str, published: dt.date | None) -> Iterator[Item]:
    """The articles of one file: a `.jsonl` line by line, anything else as a `.txt`."""
    if path.suffix == ".jsonl":
        yield from _read_jsonl_file(path, source=source, published=published)
    else:
        yield read_txt(path, source=source, published=published)


def iter_articles(
    inputs: Sequence[str], *, published: dt.date | None = None, stdin: IO[bytes] | None = None
) -> Iterator[Item]:
    """Articles and input errors in input order; directories in sorted path order. Lazy: one file at a time."""
    for name in inputs:
        if name == STDIN:
            yield from read_jsonl(stdin if stdin is not None else sys.stdin.buffer, name=STDIN, published=published)
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix in ARTICLE_SUFFIXES and p.is_file())
            if not files:
                yield InputError(path.name or name, name, "empty", f"no .txt or .jsonl files under {name}")
            for file in files:
                yield from read_path(file, source=file.as_posix(), published=published)
        elif path.is_file():
            yield from read_path(path, source=name, published=published)
        elif path.exists():
            yield InputError(path.stem or name, name, "unreadable", f"{name} is not a regular file or directory")
        else:
            yield InputError(path.stem or name, name, "unreadable", f"{name} does not exist")


# ---- writing ----------------------------------------------------------------------------------

_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def safe_filename(article_id: str) -> str:
    """A file name for an id that cannot leave the output folder; ids that needed changing get a hash suffix."""
    name = _SAFE.sub("_", article_id).lstrip(".")[:120]
    if name != article_id or not name:
        name = f"{name or 'article'}-{hashlib.sha256(article_id.encode()).hexdigest()[:8]}"
    return name


def dumps(record: Record, *, indent: int | None = None) -> str:
    """The record's JSON: compact for JSON Lines, indented for files; UTF-8 text is written as is."""
    return record.model_dump_json(indent=indent)


@dataclass(frozen=True)
class Rendered:
    """A record as the text that will be written, made where it was extracted (in a worker process)."""

    id: str
    source: str
    failed: bool
    json: str


def render(record: Record, *, indent: int | None) -> Rendered:
    return Rendered(record.id, record.source, isinstance(record, ErrorRecord), dumps(record, indent=indent))


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a JSON behind."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Sink:
    """Where records go: a folder of `<id>.json`, a `.jsonl` file, or JSON Lines on stdout."""

    def __init__(self, out: str, *, stdout: TextIO | None = None) -> None:
        self.out = out
        self._seen: set[str] = set()
        self._stream: TextIO | None = None
        self._close = False
        if out == STDIN:
            self.kind = "stdout"
            self._stream = stdout or sys.stdout
        elif out.endswith(".jsonl"):
            self.kind = "jsonl"
            Path(out).parent.mkdir(parents=True, exist_ok=True)
            self._stream = open(out, "w", encoding="utf-8")
            self._close = True
        else:
            self.kind = "dir"
            Path(out).mkdir(parents=True, exist_ok=True)
            # Temporary files of an earlier run that was killed mid-write; never a finished record.
            for stale in Path(out).glob(".*.json.*.tmp"):
                stale.unlink(missing_ok=True)

    def path_for(self, article_id: str) -> Path:
        return Path(self.out) / f"{safe_filename(article_id)}.json"

    @property
    def indent(self) -> int | None:
        return 2 if self.kind == "dir" else None

    def write(self, rendered: Rendered) -> Rendered:
        """Write one rendered record; returns what was written (an error record in place of a clashing id)."""
        if self.kind != "dir":
            assert self._stream is not None
            self._stream.write(rendered.json + "\n")
            self._stream.flush()
            return rendered
        name = safe_filename(rendered.id)
        if name in self._seen:
            # Two inputs with one id would share one output file: the later one becomes an error record
            # in a file of its own, so neither is lost.
            copy = 2
            while f"{name}~{copy}" in self._seen:
                copy += 1
            message = f"an earlier input of this run has the same id {rendered.id!r}; rename one of them"
            error = ErrorInfo(type="duplicate_id", message=message)
            rendered = render(ErrorRecord(id=rendered.id, source=rendered.source, error=error), indent=self.indent)
            name = f"{name}~{copy}"
        self._seen.add(name)
        write_atomic(Path(self.out) / f"{name}.json", rendered.json + "\n")
        return rendered

    def close(self) -> None:
        if self._close and self._stream is not None:
            self._stream.close()

    def __enter__(self) -> Sink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
