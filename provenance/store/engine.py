"""Where the store is, how to connect to it, and keeping its schema at the code's revision.

The URL comes from the caller (``--db``), else ``PROVENANCE_DB``, else
``sqlite:///provenance.db`` in the current directory. A bare file path is taken
as a SQLite file. On SQLite every connection gets WAL journaling, a busy
timeout and foreign keys; nothing else in the code is SQLite-specific.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from provenance.errors import StoreError

ENV_VAR = "PROVENANCE_DB"
DEFAULT_URL = "sqlite:///provenance.db"
SQLITE_BUSY_TIMEOUT_MS = 30_000
SCHEMA_LOCK = 0x70726F7630  # PostgreSQL advisory lock held while migrating ("prov0")


def resolve_url(url: str | None = None) -> str:
    """The store URL: ``url``, else ``$PROVENANCE_DB``, else ./provenance.db. Paths become sqlite URLs."""
    chosen = url or os.environ.get(ENV_VAR) or DEFAULT_URL
    if "://" not in chosen:
        chosen = f"sqlite:///{Path(chosen).expanduser()}"
    try:
        make_url(chosen)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {chosen!r}") from exc
    return chosen


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite store URL (already resolved); None for another database or in memory."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def require_existing(url: str) -> None:
    """Refuse to open a SQLite store whose file does not exist, before anything creates it.

    Read commands call this: connecting would create an empty file (and its -wal), and a typo in
    ``--db`` would then read as an empty store. Write commands (ingest, ``db upgrade``) create the store.
    """
    path = sqlite_file(url)
    if path is not None and not path.exists():
        raise StoreError(f"no store at {path} (ingest creates one)")


def _sqlite_pragmas(
    dbapi_connection: Any, _record: object
) -> None:  # pragma: no cover - exercised via every test
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (already resolved), with SQLite's pragmas when it is SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not Path(database).parent.exists():
            raise StoreError(f"{database}: folder does not exist")
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError, SQLAlchemyError) as exc:
        raise StoreError(f"cannot use database {parsed.render_as_string(hide_password=True)}: {exc}") from exc


@cache
def migrations_dir() -> Path:
    """The Alembic script directory: the repo's ``migrations/`` or its installed copy."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "migrations", here / "_migrations"):
        if (candidate / "env.py").is_file():
            return candidate
    raise StoreError("cannot find the migrations folder of this installation")


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run migrations up to ``revision`` on the store behind ``engine``."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        if (
            conn.dialect.name == "postgresql"
        ):  # processes opening a new store at once: one migrates, the others wait
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK})")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def ensure_schema(engine: Engine) -> None:
    """Bring an empty store to head; refuse a store at any other revision, touching nothing."""
    try:
        current = current_revision(engine)
    except SQLAlchemyError as exc:
        raise StoreError(
            f"cannot open store {engine.url.render_as_string(hide_password=True)}: {getattr(exc, 'orig', None) or exc}"
        ) from exc
    head = head_revision()
    if current == head:
        return
    if current is None:
        upgrade(engine)
        return
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    known = {rev.revision for rev in script.walk_revisions()}
    where = engine.url.render_as_string(hide_password=True)
    if current not in known:
        raise StoreError(
            f"store {where} is at schema revision {current}, newer than this code knows (head {head}); "
            "upgrade provenance"
        )
    raise StoreError(
        f"store {where} is at schema revision {current}, the code needs {head}: run `provenance db upgrade`"
    )
