"""Databases that are not provenance stores are refused untouched; read commands never write or create.

The read-only cases run the command as a user who may not write the store (``nobody`` through
``setpriv`` when the tests run as root, who may write anything; else the file and folder lose their
write permission), with the store's write-ahead log absent (cleanly closed) or present (a writer has
the store open).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from provenance.store.engine import downgrade, head_revision, make_engine
from tests.conftest import SEED_000, SEED_002, TEST_DB_ENV

ON_POSTGRES = bool(os.environ.get(TEST_DB_ENV))
sqlite_only = pytest.mark.skipif(ON_POSTGRES, reason="SQLite files: the store is on PostgreSQL")

READ_COMMANDS = [
    ["docs"],
    ["docs", "--format", "json"],
    ["show", "1"],
    ["report", "1"],
    ["trace", "Iran has always backed a prosperous Iraq"],
    ["audit"],
    ["licence", "list"],
    ["publisher", "list"],
    ["db", "current"],
]
WRITE_COMMANDS = [
    ["ingest", str(SEED_000)],
    ["db", "upgrade"],
    ["db", "downgrade", "base"],
    ["licence", "set", "1", "CC-BY-4.0"],
    ["licence", "unset", "1"],
    ["publisher", "set", "Tehran Times", "--noncommercial"],
    ["publisher", "alias", "Tehran Times", "TT"],
    ["set", "1", "--title", "x"],
    ["delete", "1"],
]


def provenance(*argv: str, db: str, user: str | None = None) -> subprocess.CompletedProcess[str]:
    """The ``provenance`` command in a new process (as ``nobody`` when ``user`` says so)."""
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if user == "nobody" else []
    code = "from provenance.cli import main; main()"
    return subprocess.run(
        [*prefix, sys.executable, "-c", code, "--db", db, *argv],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# --- foreign databases ----------------------------------------------------------------------------


@sqlite_only
def test_a_sqlite_file_of_another_application_is_refused_and_left_byte_for_byte(tmp_path):
    other = tmp_path / "other_app.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO users (name) VALUES ('ada')")
    conn.commit()
    conn.close()
    before = files(tmp_path)
    for argv in READ_COMMANDS + WRITE_COMMANDS + [["check"], ["check", "--repair"]]:
        done = provenance(*argv, db=str(other))
        assert done.returncode != 0, argv
        assert f"error: {other}: not a provenance store" in done.stderr, (argv, done.stderr)
        assert "internal error" not in done.stderr
        assert files(tmp_path) == before, argv  # no byte changed, no -wal, -shm or -journal left


def test_a_database_of_another_application_is_refused_on_both_engines(db_url, cli):
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(20))"))
        conn.execute(text("INSERT INTO users (id, name) VALUES (1, 'ada')"))
    for argv in (["docs"], ["ingest", str(SEED_000)], ["db", "upgrade"], ["db", "current"]):
        res = cli(*argv)
        assert res.exit_code == 1 and "not a provenance store" in res.stderr, (argv, res.stderr)
    with engine.connect() as conn:
        assert inspect(conn).get_table_names() == ["users"]
        assert conn.execute(text("SELECT name FROM users")).all() == [("ada",)]
    engine.dispose()


@sqlite_only
def test_a_read_command_on_an_empty_file_says_so_and_writes_nothing(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    done = provenance("docs", db=str(empty))
    assert done.returncode == 1 and f"error: {empty}: empty store" in done.stderr
    assert files(tmp_path) == {"empty.db": b""}
    assert provenance("ingest", str(SEED_000), db=str(empty)).returncode == 0  # a write command creates it


def test_a_read_command_on_an_older_store_asks_for_db_upgrade_and_changes_nothing(db_url, cli):
    assert cli("ingest", str(SEED_000)).exit_code == 0
    engine = make_engine(db_url)
    downgrade(engine, "0005")
    engine.dispose()
    res = cli("docs")
    assert res.exit_code == 1 and "run `provenance db upgrade`" in res.stderr
    res = cli("db", "current")
    assert res.exit_code == 1 and "0005" in res.stdout
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0005"
    engine.dispose()
    assert cli("db", "upgrade").exit_code == 0
    assert cli("docs").exit_code == 0


# --- read-only stores -----------------------------------------------------------------------------


@pytest.fixture
def store_folder(tmp_path) -> Iterator[Path]:
    """A folder holding a store of two documents, closed; writable by us only (see ``read_only``)."""
    folder = Path(tempfile.mkdtemp(prefix="provenance-ro-")) if os.geteuid() == 0 else tmp_path / "ro"
    folder.mkdir(exist_ok=True)
    folder.chmod(0o755)
    db = folder / "store.db"
    for seed in (SEED_000, SEED_002):
        done = provenance("ingest", str(seed), db=str(db))
        assert done.returncode == 0, done.stderr
    yield folder
    folder.chmod(0o755)
    for p in folder.iterdir():
        p.chmod(0o644)
    if os.geteuid() == 0:
        shutil.rmtree(folder)


def read_only(folder: Path, *, folder_writable: bool = False) -> str | None:
    """Take write permission away from us on the store (its file, and its folder unless
    ``folder_writable``). Returns the user to run as: ``nobody`` when we are root."""
    if os.geteuid() == 0:
        probe = subprocess.run(
            [
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                sys.executable,
                "-c",
                "import provenance",
            ],
            capture_output=True,
            text=True,
        )
        if probe.returncode != 0:  # e.g. a clone inside a root-only folder (mktemp -d is mode 700)
            last = (probe.stderr.strip().splitlines() or ["?"])[-1]
            pytest.skip(
                f"as root the read-only store is read as nobody, who cannot import this checkout: {last}"
            )
        folder.chmod(0o777 if folder_writable else 0o755)
        for p in folder.iterdir():
            p.chmod(0o644)  # root's: readable by nobody, not writable
        return "nobody"
    for p in folder.iterdir():
        p.chmod(0o444)
    folder.chmod(0o777 if folder_writable else 0o555)
    return None


def _run_read_commands(db: Path, user: str | None) -> None:
    for argv in READ_COMMANDS + [["check"]]:
        done = provenance(*argv, db=str(db), user=user)
        assert done.returncode in (0, 3), (argv, done.stderr)  # audit: 3 on findings
        assert "error" not in done.stderr, (argv, done.stderr)


@sqlite_only
def test_read_commands_work_on_a_read_only_store_in_a_read_only_folder(store_folder):
    db = store_folder / "store.db"
    assert sorted(files(store_folder)) == ["store.db"]  # closed: no write-ahead log
    user = read_only(store_folder)
    before = files(store_folder)
    _run_read_commands(db, user)
    assert files(store_folder) == before
    done = provenance("docs", "--format", "json", db=str(db), user=user)
    assert done.stdout.count('"sha256"') + done.stdout.count('"id"') >= 2
    done = provenance("ingest", str(SEED_000), db=str(db), user=user)  # writing fails with a clear line
    assert done.returncode == 1 and "internal error" not in done.stderr


@sqlite_only
def test_read_commands_work_on_a_read_only_store_a_writer_has_open(store_folder):
    db = store_folder / "store.db"
    writer = sqlite3.connect(db)  # keeps -wal and -shm in place, with a commit the file does not hold yet
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("UPDATE documents SET title = 'Changed in the log' WHERE id = 1")
    writer.commit()
    try:
        assert {"store.db-wal", "store.db-shm"} <= set(files(store_folder))
        user = read_only(store_folder)
        main_file = db.read_bytes()
        _run_read_commands(db, user)
        done = provenance("show", "1", db=str(db), user=user)
        assert "Changed in the log" in done.stdout  # read through the write-ahead log
        assert db.read_bytes() == main_file
    finally:
        writer.close()


@sqlite_only
def test_read_commands_on_a_read_only_file_in_a_writable_folder_leave_the_file_unchanged(store_folder):
    db = store_folder / "store.db"
    user = read_only(store_folder, folder_writable=True)
    before = db.read_bytes()
    _run_read_commands(db, user)
    assert db.read_bytes() == before
    assert provenance("db", "current", db=str(db), user=user).stdout.count(head_revision()) >= 1
