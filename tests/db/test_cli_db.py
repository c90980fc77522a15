"""`newsfacts extract --out sqlite:///... | postgresql://...` end to end: the README command, kill -9 and --resume, bad input."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

from ..conftest import ROOT
from ..test_batch import corpus
from .dump import counts, dump
from .pgserver import PASSWORD, PASSWORD_ROLE

runner = CliRunner()
EXTRACTED_AT = ("articles.extracted_at",)


def newsfacts(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def one_line_error(result, *needles: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsfacts: "), result.output
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_the_readme_command_writes_output_newsfacts_db(nlp, tmp_path):
    out = tmp_path / "output" / "newsfacts.db"
    result = runner.invoke(app, ["extract", str(ROOT / "seeds"), "--out", f"sqlite:///{out}", "-q"])
    assert result.exit_code == 0, result.output
    found = counts(f"sqlite:///{out}")
    assert found["articles"] == 1 and found["organizations"] >= 5 and found["amounts"] >= 5 and found["mentions"] > found["organizations"]


def test_kill_9_mid_batch_then_resume_gives_the_uninterrupted_contents(nlp, tmp_path, make_db, engine):
    inputs = tmp_path / "in"
    corpus(inputs, 300)
    reference = make_db(engine)
    assert runner.invoke(app, ["extract", str(inputs), "--out", reference, "-q"]).exit_code == 0

    out = make_db(engine)
    proc = subprocess.Popen(newsfacts("extract", str(inputs), "--out", out, "-q"), cwd=ROOT)
    deadline = time.monotonic() + 240
    written = 0
    while time.monotonic() < deadline and written < 100 and proc.poll() is None:
        time.sleep(0.1)
        try:
            written = counts(out)["articles"]
        except Exception:  # the database is being created
            written = 0
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = counts(out)["articles"]
    assert 0 < done_before < 300, "the kill should land mid-run"

    resumed = subprocess.run(newsfacts("extract", str(inputs), "--out", out, "--resume"), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{done_before} unchanged skipped" in resumed.stderr
    assert dump(out, skip=EXTRACTED_AT) == dump(reference, skip=EXTRACTED_AT)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request):
    return request.param


def test_resume_reprocesses_changed_text_and_a_rerun_changes_nothing(nlp, tmp_path, db_url):
    inputs = tmp_path / "in"
    corpus(inputs, 3)
    assert runner.invoke(app, ["extract", str(inputs), "--out", db_url, "-q"]).exit_code == 0
    first = dump(db_url)
    assert runner.invoke(app, ["extract", str(inputs), "--out", db_url, "-q"]).exit_code == 0
    assert dump(db_url) == first
    (inputs / "art0001.txt").write_text("date 2026-03-05 Novartis paid $9 million.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(inputs), "--out", db_url, "--resume"])
    assert "2 unchanged skipped" in result.output
    amounts = [row for row in dump(db_url)["amounts"] if row[0] == "art0001"]
    assert [(row[2], row[5]) for row in amounts] == [("$9 million", 9_000_000)]


def test_an_unreachable_server_is_one_line(tmp_path, pg_server):
    from .pgserver import _free_port

    url = f"postgresql://newsfacts@127.0.0.1:{_free_port()}/nowhere"
    one_line_error(runner.invoke(app, ["extract", str(ROOT / "seeds"), "--out", url, "-q"]), "PostgreSQL database", "127.0.0.1", "nowhere")


def test_a_wrong_password_is_one_line_without_the_password(pg_server):
    url = pg_server.url("postgres", user=PASSWORD_ROLE, password="wrong-secret")
    result = runner.invoke(app, ["extract", str(ROOT / "seeds"), "--out", url, "-q"])
    one_line_error(result, "PostgreSQL database", PASSWORD_ROLE, "password")
    assert "wrong-secret" not in result.output


def test_the_right_password_works(nlp, pg_server):
    name = "newsfacts_password_ok"
    pg_server.create_database(name, owner=PASSWORD_ROLE)
    url = pg_server.url(name, user=PASSWORD_ROLE, password=PASSWORD)
    result = runner.invoke(app, ["extract", str(ROOT / "seeds"), "--out", url, "-q"])
    assert result.exit_code == 0, result.output
    assert counts(url)["articles"] == 1


@pytest.mark.parametrize("where", ["/proc/newsfacts-test.db", "{tmp}", "{tmp}/file.txt/x.db"])
def test_a_sqlite_path_that_cannot_be_written_is_one_line(tmp_path, where):
    (tmp_path / "file.txt").write_text("not a folder", encoding="utf-8")
    path = where.format(tmp=tmp_path)
    result = runner.invoke(app, ["extract", str(ROOT / "seeds"), "--out", f"sqlite:///{path}", "-q"])
    one_line_error(result, "SQLite database", path)


def test_postgresql_without_the_driver_names_the_pip_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    result = runner.invoke(app, ["extract", str(ROOT / "seeds"), "--out", "postgresql://u@127.0.0.1:5/db", "-q"])
    one_line_error(result, "pip install 'newsfacts[postgres]'")


def test_a_newer_database_is_refused_in_one_line(tmp_path):
    from sqlalchemy import create_engine, update

    from pipeline.db import schema
    from pipeline.db.engine import parse
    from pipeline.db.writer import DatabaseSink

    url = f"sqlite:///{tmp_path / 'new.db'}"
    DatabaseSink(url).close()
    engine = create_engine(parse(url))
    with engine.begin() as conn:
        conn.execute(update(schema.meta).values(value="99"))
    engine.dispose()
    one_line_error(runner.invoke(app, ["extract", str(ROOT / "seeds"), "--out", url, "-q"]), "newer than this newsfacts", "upgrade newsfacts")
