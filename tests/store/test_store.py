"""Store location, schema management and migrations."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from provenance.errors import StoreError
from provenance.store import Store
from provenance.store.engine import (
    current_revision,
    downgrade,
    head_revision,
    make_engine,
    resolve_url,
    upgrade,
)
from provenance.store.models import Base
from tests.conftest import REPO, SEED_000


def test_url_resolution(monkeypatch, tmp_path):
    monkeypatch.delenv("PROVENANCE_DB", raising=False)
    assert resolve_url(None) == "sqlite:///provenance.db"
    monkeypatch.setenv("PROVENANCE_DB", "sqlite:///env.db")
    assert resolve_url(None) == "sqlite:///env.db"
    assert resolve_url("sqlite:///given.db") == "sqlite:///given.db"
    assert resolve_url(str(tmp_path / "plain.db")) == f"sqlite:///{tmp_path / 'plain.db'}"


def test_default_store_is_in_the_current_directory(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("PROVENANCE_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    assert cli("ingest", SEED_000, db=None).exit_code == 0
    assert (tmp_path / "provenance.db").is_file()
    monkeypatch.setenv("PROVENANCE_DB", f"sqlite:///{tmp_path / 'env.db'}")
    assert cli("docs", db=None).exit_code == 1  # a read command creates no store
    assert not (tmp_path / "env.db").exists()
    assert cli("ingest", SEED_000, db=None).exit_code == 0
    assert (tmp_path / "env.db").is_file()
    assert cli("docs", db=None).exit_code == 0


@pytest.mark.skipif(
    bool(os.environ.get("PROVENANCE_TEST_DB")), reason="checks SQLite PRAGMAs; the store is on PostgreSQL"
)
def test_sqlite_runs_in_wal_mode_with_busy_timeout(store):
    with store.read() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_models_match_the_migration_head(store):
    with store.read() as conn:
        assert current_revision(store.engine) == head_revision()
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_upgrade_downgrade_upgrade(db_url):
    engine = make_engine(db_url)
    upgrade(engine)
    assert {"documents", "sentences", "publishers", "licence_notes"} <= set(inspect(engine).get_table_names())
    downgrade(engine, "base")
    assert current_revision(engine) is None
    assert "documents" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert current_revision(engine) == head_revision()


def test_store_newer_than_code_is_refused_untouched(db_url, cli):
    assert cli("ingest", SEED_000).exit_code == 0
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    with pytest.raises(StoreError, match="newer than this code"):
        Store(db_url)
    res = cli("docs")
    assert res.exit_code == 1 and "newer than this code" in res.stderr
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "ffff9999"
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar() == 1


def test_alembic_command_line_from_repo_root(tmp_path):
    env = {**os.environ, "PROVENANCE_DB": f"sqlite:///{tmp_path / 'a.db'}"}
    alembic = Path(sys.executable).with_name("alembic")
    done = subprocess.run(
        [str(alembic), "upgrade", "head"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert current_revision(make_engine(env["PROVENANCE_DB"])) == head_revision()


def test_db_upgrade_from_anywhere(tmp_path):
    exe = Path(sys.executable).with_name("provenance")
    url = f"sqlite:///{tmp_path / 'b.db'}"
    done = subprocess.run(
        [str(exe), "--db", url, "db", "upgrade"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert f"revision {head_revision()}" in done.stdout
    cur = subprocess.run(
        [str(exe), "--db", url, "db", "current"], cwd=tmp_path, capture_output=True, text=True
    )
    assert cur.returncode == 0 and head_revision() in cur.stdout


def test_missing_folder_is_a_clear_error(cli, tmp_path):
    res = cli("docs", db=f"sqlite:///{tmp_path / 'no' / 'such' / 'x.db'}")
    assert res.exit_code == 1
    assert "no store at" in res.stderr
    res = cli("ingest", SEED_000, db=f"sqlite:///{tmp_path / 'no' / 'such' / 'x.db'}")
    assert res.exit_code == 1
    assert "folder does not exist" in res.stderr
