"""Where the store is, how to connect to it, and keeping its schema at the code's revision.

The URL comes from the caller (``--db``), else ``PROVENANCE_DB``, else
``sqlite:///provenance.db`` in the current directory. A bare file path is taken
as a SQLite file. On SQLite every connection gets a busy timeout and foreign keys;
the store is put in WAL mode when its schema is created; nothing else in the code
is SQLite-specific.

Schema changes (:func:`migrating`) run in one transaction on both engines, the
first creation included, under a lock that serialises processes creating one store
at once. Read-only stores (:func:`make_engine` with ``read_only=True``) are opened
so that nothing can write to them.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from provenance.errors import StoreError

ENV_VAR = "PROVENANCE_DB"
DEFAULT_URL = "sqlite:///provenance.db"
SQLITE_BUSY_TIMEOUT_MS = 30_000
SCHEMA_LOCK = 0x70726F7630  # PostgreSQL advisory lock held while migrating ("prov0")
VERSION_TABLE = "alembic_version"


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


def describe(url: str) -> str:
    """The store as errors name it: the SQLite file's path, else the URL without its password."""
    path = sqlite_file(url)
    return str(path) if path is not None else make_url(url).render_as_string(hide_password=True)


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
    # The busy timeout first: every later statement may have to wait for another process's lock.
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _postgres_read_only(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    cursor.close()
    dbapi_connection.commit()


def _sqlite_uri(path: Path, **params: str) -> str:
    """A SQLite URI filename for ``path`` (percent-encoded) with ``params`` (``mode=ro``, ``immutable=1``)."""
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"file:{quote(str(path.resolve()))}?{query}"


def _read_only_sqlite(path: Path) -> str:
    """The URI that opens ``path`` read-only: ``mode=ro``, else (immutable) when SQLite cannot.

    ``mode=ro`` reads a WAL store consistently while others write, but needs its ``-shm`` file: when
    there is none and the folder is not writable for us, SQLite cannot open it ("attempt to write a
    readonly database"). Then no process has the store open (a writer keeps ``-wal`` and ``-shm``), and
    it is read as ``immutable``: without locks or the (absent) write-ahead log.
    """
    uri = _sqlite_uri(path, mode="ro")
    try:
        probe = sqlite3.connect(uri, uri=True)
        try:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            probe.close()
    except sqlite3.DatabaseError as exc:
        wal = path.with_name(path.name + "-wal")
        if "readonly" in str(exc) and not wal.exists():
            return _sqlite_uri(path, mode="ro", immutable="1")
        raise StoreError(f"cannot open store {path}: {exc}") from exc
    return uri


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for ``url`` (already resolved), with SQLite's pragmas when it is SQLite.

    ``read_only``: nothing can be written through it (SQLite ``mode=ro``; PostgreSQL read-only
    transactions), and opening it writes nothing either, so a read-only file or folder will do."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        path = sqlite_file(url)
        if path is not None and not path.parent.exists():
            raise StoreError(f"{database}: folder does not exist")
        if read_only and path is not None:
            uri = _read_only_sqlite(path)
            engine = create_engine(
                url, creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
            )
        else:
            engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError, SQLAlchemyError) as exc:
        raise StoreError(f"cannot use database {parsed.render_as_string(hide_password=True)}: {exc}") from exc
    if read_only:
        event.listen(engine, "connect", _postgres_read_only)
    return engine


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


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def head_revision() -> str:
    return _script().get_current_head() or ""


def current_revision(engine: Engine | Connection) -> str | None:
    if isinstance(engine, Connection):
        return MigrationContext.configure(engine).get_current_revision()
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def refuse_foreign(conn: Connection, url: str) -> None:
    """Raise StoreError("PATH: not a provenance store") when the database holds tables but no
    ``alembic_version``: another application's database, which no command may change."""
    tables = set(inspect(conn).get_table_names())
    if tables and VERSION_TABLE not in tables:
        raise StoreError(
            f"{describe(url)}: not a provenance store (it has tables, {', '.join(sorted(tables)[:3])}"
            f"{', ...' if len(tables) > 3 else ''}, but no {VERSION_TABLE})"
        )


def _sqlite_migration_pragmas(
    dbapi_connection: Any, _record: object
) -> None:  # pragma: no cover - exercised via every test
    """A migration connection: pysqlite begins no transaction of its own (SQLAlchemy's recipe for
    SQLite, ``isolation_level=None`` and an explicit BEGIN on the ``begin`` event), so that DDL is
    inside the transaction too; WAL, set before any transaction (it cannot change inside one); and
    foreign keys off, which only takes effect outside a transaction: a table rebuilt by a migration
    (batch mode, 0006's ``licence_notes``) is dropped without its ``DROP TABLE``'s implicit DELETE
    cascading to the rows that reference it. ``foreign_key_check`` runs before the commit instead."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_immediate(conn: Connection) -> None:
    # IMMEDIATE: take the write lock now (waiting up to the busy timeout for another process's), so
    # that processes creating or upgrading one store at once take turns.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def migrating(url: str, engine: Engine | None = None) -> Iterator[Connection]:
    """A connection for schema changes: one transaction, DDL included, committed only if all succeeds.

    On SQLite DDL is transactional with pysqlite's own transaction handling off (see
    :func:`_sqlite_migration_pragmas`), and ``BEGIN IMMEDIATE`` serialises processes; on PostgreSQL DDL
    is transactional and an advisory lock serialises them. A kill at any statement leaves the store as
    it was before. A database with tables but no ``alembic_version`` is refused, untouched.
    (An in-memory SQLite database lives in ``engine``'s one connection: it is migrated there.)"""
    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite and sqlite_file(url) is None and engine is not None:
        with engine.begin() as conn:
            yield conn
        return
    if sqlite:
        path = sqlite_file(url)
        if path is not None and not path.parent.exists():
            raise StoreError(f"{parsed.database}: folder does not exist")
        if path is not None and path.exists():
            _refuse_foreign_file(url)  # before WAL mode, which rewrites the file's header
        engine = create_engine(url, poolclass=NullPool)
        event.listen(engine, "connect", _sqlite_migration_pragmas)
        event.listen(engine, "begin", _begin_immediate)
    else:
        try:
            engine = create_engine(url, poolclass=NullPool)
        except (ArgumentError, ImportError, SQLAlchemyError) as exc:
            raise StoreError(f"cannot use database {describe(url)}: {exc}") from exc
    try:
        with engine.begin() as conn:
            if not sqlite:
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK})")
            refuse_foreign(conn, url)
            yield conn
            if sqlite:
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise StoreError(
                        f"{describe(url)}: the migration would leave {len(broken)} rows whose foreign "
                        f"key points nowhere (first in table {broken[0][0]}); nothing was changed"
                    )
    finally:
        engine.dispose()


def _refuse_foreign_file(url: str) -> None:
    engine = make_engine(url, read_only=True)
    try:
        with engine.connect() as conn:
            refuse_foreign(conn, url)
    finally:
        engine.dispose()


def _url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run migrations up to ``revision`` on the store behind ``engine``, in one transaction."""
    url = _url_of(engine)
    cfg = alembic_config(url)
    with migrating(url, engine) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    if sqlite_file(url) is not None:
        engine.dispose()  # its pooled connections were opened on the store as it was before


def downgrade(engine: Engine, revision: str) -> None:
    """Run migrations down to ``revision`` (``base``: empty) on the store behind ``engine``, in one
    transaction."""
    url = _url_of(engine)
    cfg = alembic_config(url)
    with migrating(url, engine) as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
    if sqlite_file(url) is not None:
        engine.dispose()  # its pooled connections were opened on the store as it was before


def ensure_schema(engine: Engine, *, create: bool = True) -> None:
    """Bring an empty store to head (``create``); refuse a store at any other revision, touching nothing.

    Refused with a clear StoreError, untouched: another application's database (tables but no
    ``alembic_version``), an empty store when ``create`` is false (read commands), a store newer than
    the code (upgrade provenance) or older (run ``provenance db upgrade``)."""
    url = _url_of(engine)
    where = describe(url)
    try:
        with engine.connect() as conn:
            refuse_foreign(conn, url)
            current = current_revision(conn)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open store {where}: {getattr(exc, 'orig', None) or exc}") from exc
    head = head_revision()
    if current == head:
        return
    if current is None:
        if not create:
            raise StoreError(
                f"{where}: empty store, no schema yet (ingest or `provenance db upgrade` creates it)"
            )
        upgrade(engine)
        return
    known = {rev.revision for rev in _script().walk_revisions()}
    if current not in known:
        raise StoreError(
            f"store {where} is at schema revision {current}, newer than this code knows (head {head}); "
            "upgrade provenance"
        )
    raise StoreError(
        f"store {where} is at schema revision {current}, the code needs {head}: run `provenance db upgrade`"
    )
