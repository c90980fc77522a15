"""Reading articles (SPEC §1) and the error records that bad inputs become."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from pipeline.io import Article, InputError, Sink, iter_articles, render, safe_filename


def read(paths, **kw):
    return list(iter_articles([str(p) for p in paths], **kw))


@pytest.mark.parametrize(
    ("content", "published", "body"),
    [
        ("date 2026-03-05 Roche said", dt.date(2026, 3, 5), "Roche said"),
        ("  \n date 2025-01-31\n\nBody\n", dt.date(2025, 1, 31), "Body\n"),
        ("Roche said on date 2026-03-05", None, "Roche said on date 2026-03-05"),
        ("dated 2026-03-05 text", None, "dated 2026-03-05 text"),
        ("date 26-03-05 text", None, "date 26-03-05 text"),
    ],
    ids=["header", "leading-space-header", "no-header", "not-the-word-date", "short-year"],
)
def test_txt_header(tmp_path, content, published, body):
    path = tmp_path / "a1.txt"
    path.write_text(content, encoding="utf-8")
    (article,) = read([path])
    assert article == Article("a1", body, published, str(path))


def test_published_fallback_only_for_articles_without_date(tmp_path):
    (tmp_path / "a.txt").write_text("date 2024-02-29 Leap day text", encoding="utf-8")
    (tmp_path / "b.txt").write_text("No header here", encoding="utf-8")
    a, b = read([tmp_path], published=dt.date(2026, 1, 1))
    assert a.published == dt.date(2024, 2, 29)
    assert b.published == dt.date(2026, 1, 1)


def test_directory_sorted_and_filtered(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("C", encoding="utf-8")
    (tmp_path / "b.txt").write_text("B", encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "x", "text": "A"}) + "\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored: not an article type", encoding="utf-8")
    assert [item.id for item in read([tmp_path])] == ["x", "b", "c"]


def test_jsonl_meta_and_published(tmp_path):
    path = tmp_path / "batch.jsonl"
    rows = [
        {"id": "one", "text": "First", "published": "2025-07-01", "url": "https://example.org/1"},
        {"id": "two", "text": "Second", "published": None},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    one, two = read([path], published=dt.date(2026, 1, 2))
    assert one.meta == {"url": "https://example.org/1"} and one.published == dt.date(2025, 7, 1)
    assert two.published == dt.date(2026, 1, 2) and two.source == f"{path}:2"


def test_stdin():
    stream = io.BytesIO(b'{"id": "s1", "text": "From stdin"}\n')
    (article,) = list(iter_articles(["-"], stdin=stream))
    assert (article.id, article.text, article.source) == ("s1", "From stdin", "-:1")


@pytest.mark.parametrize(
    ("name", "data", "error_type"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n", "empty"),
        ("header-only.txt", b"date 2026-03-05\n", "empty"),
        ("latin1.txt", "Caf\u00e9 news".encode("latin-1"), "encoding"),
        ("nul.txt", b"text\x00with a NUL", "binary"),
        ("bad-date.txt", b"date 2026-02-30 text", "bad_published"),
        ("empty.jsonl", b"\n\n", "empty"),
    ],
)
def test_bad_files_become_errors(tmp_path, name, data, error_type):
    path = tmp_path / name
    path.write_bytes(data)
    (item,) = read([path])
    assert isinstance(item, InputError) and item.type == error_type
    assert item.record().error.type == error_type


@pytest.mark.parametrize(
    ("line", "error_type"),
    [
        ("{not json", "bad_json"),
        ("[1, 2]", "bad_record"),
        ('{"text": "no id"}', "bad_record"),
        ('{"id": "x"}', "bad_record"),
        ('{"id": "x", "text": ""}', "empty"),
        ('{"id": "x", "text": "t", "published": "05/03/2026"}', "bad_published"),
        ('{"id": "x", "text": "t", "published": 20260305}', "bad_published"),
    ],
)
def test_bad_jsonl_lines_become_errors_and_the_rest_is_read(tmp_path, line, error_type):
    path = tmp_path / "mixed.jsonl"
    path.write_text(line + "\n" + json.dumps({"id": "good", "text": "fine"}) + "\n", encoding="utf-8")
    bad, good = read([path])
    assert isinstance(bad, InputError) and bad.type == error_type and bad.source == f"{path}:1"
    assert isinstance(good, Article) and good.id == "good"


def test_missing_path_is_an_error_not_a_crash(tmp_path):
    (item,) = read([tmp_path / "nope.txt"])
    assert isinstance(item, InputError) and item.type == "unreadable"


@pytest.mark.parametrize("article_id", ["../x", "/etc/passwd", "a/b", "..", "", "naïve id", "x" * 300])
def test_safe_filename_stays_inside(tmp_path, article_id):
    name = safe_filename(article_id)
    assert name and "/" not in name and not name.startswith(".") and len(name) < 140
    assert (tmp_path / f"{name}.json").resolve().parent == tmp_path.resolve()


def test_safe_filename_keeps_plain_ids():
    assert safe_filename("000_18d6ab6d74ca80e2") == "000_18d6ab6d74ca80e2"


def test_sink_duplicate_id_gets_own_error_file(tmp_path):
    from pipeline.models import ErrorInfo, ErrorRecord

    sink = Sink(str(tmp_path))
    first = ErrorRecord(id="same", source="a", error=ErrorInfo(type="empty", message="m"))
    sink.write(render(first, indent=2))
    written = sink.write(render(first.model_copy(update={"source": "b"}), indent=2))
    assert written.failed and json.loads(written.json)["error"]["type"] == "duplicate_id"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["same.json", "same~2.json"]
