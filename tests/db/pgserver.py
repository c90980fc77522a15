"""A throwaway PostgreSQL server for tests and benchmarks: initdb + pg_ctl in a temporary folder on 127.0.0.1.

Debian keeps initdb and pg_ctl in /usr/lib/postgresql/<version>/bin. initdb refuses to run as root, so
under root the server runs as the `postgres` user the package creates (else `nobody`) via runuser. Every
local role is trusted except PASSWORD_ROLE, which needs its password over TCP (the wrong-password test).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "newsfacts"
PASSWORD_ROLE = "newsfacts_pw"
PASSWORD = "right-password"


# Stops the server when the process that started it dies without stopping it (pytest killed by the OOM
# killer or kill -9), so no server outlives its tests.
WATCHDOG = """
import os, shutil, subprocess, sys, time
parent, command, folder = int(sys.argv[1]), sys.argv[2:-1], sys.argv[-1]
while os.path.isdir(folder):
    try:
        os.kill(parent, 0)
    except ProcessLookupError:
        subprocess.run(command, cwd=folder, capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)
        break
    time.sleep(1)
"""


class ServerUnavailable(Exception):
    """No PostgreSQL server can be started here; the message says why."""


def find_bin() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    if not candidates:
        raise ServerUnavailable("PostgreSQL is not installed (no pg_ctl on PATH or in /usr/lib/postgresql/*/bin); "
                                "apt-get install postgresql, or let .ci/run install it")
    return Path(candidates[-1]).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise ServerUnavailable("running as root and there is neither a postgres nor a nobody user to run the server")


@dataclass
class PostgresServer:
    bin: Path
    folder: Path
    port: int
    user: str | None
    fsync: bool = False

    def _command(self, *args: str) -> list[str]:
        return ["runuser", "-u", self.user, "--", *args] if self.user else list(args)

    def _run(self, *args: str) -> None:
        done = subprocess.run(self._command(*args), cwd=self.folder, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise ServerUnavailable(f"{Path(args[0]).name} failed: {(done.stderr or done.stdout).strip()[-500:]}")

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres", *, user: str = SUPERUSER, password: str | None = None) -> str:
        auth = f"{user}:{password}" if password is not None else user
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-locale")
        (self.data / "pg_hba.conf").write_text(
            f"local all all trust\nhost all {PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 trust\n",
            encoding="utf-8",
        )
        # Tests need no durability across a power cut; a benchmark asks for a server that syncs like a real one.
        fsync = "on" if self.fsync else "off"
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync={fsync}"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")
        self.execute(f"CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD '{PASSWORD}'")
        stop = self._command(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        subprocess.Popen([sys.executable, "-c", WATCHDOG, str(os.getpid()), *stop, str(self.folder)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def execute(self, statement: str) -> None:
        """One statement as the superuser, outside a transaction (CREATE DATABASE needs that)."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True) as conn:
            conn.execute(statement)

    def create_database(self, name: str, *, owner: str = SUPERUSER) -> str:
        self.execute(f'CREATE DATABASE "{name}" OWNER {owner}')
        return self.url(name)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(self._command(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"),
                           cwd=self.folder, capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


def start_server(*, fsync: bool = False) -> PostgresServer:
    """A running server on a free port; raises ServerUnavailable with the reason when none can be started."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise ServerUnavailable("psycopg is not installed: pip install -e '.[test]'") from None
    bin_dir = find_bin()
    user = _run_as()
    folder = Path(tempfile.mkdtemp(prefix="newsfacts-pg-"))
    if user:
        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    server = PostgresServer(bin_dir, folder, _free_port(), user, fsync)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server
