"""Shared fixtures: a fresh store per test, the CLI runner, and the one gate to ../shared/eval."""

from __future__ import annotations

import os
import secrets
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.pg_admin import drop_database

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SEED_000 = SEEDS / "000_19c93ae14d6297da.txt"
SEED_002 = SEEDS / "002_ef60c64282a98839.txt"

# (phrase in 002's sentence, phrase in 000's sentence): the 12 pairs of issue 3.
SEED_PAIRS = [
    ("must take full responsibility for battling", "must shoulder their full responsibility"),
    ("Amir-Abdollahian stated", "Amir-Abdollahian said in a meeting"),
    ("Iran has always backed a prosperous", "Iran has always supported a developed"),
    ("The top diplomat went on to add", "the top diplomat emphasized"),
    ("expanding strategic ties in all areas", "growing strategic relations in all sectors"),
    ("We see the security of Iraq", "We regard Iraq's security"),
    ("will unquestionably respond", "would definitely counter"),
    ("Al-Araji headed a high-ranking security delegation", "would definitely counter"),
    ("no person or group is permitted", "no individual or movement is allowed"),
    (
        "Recent military operations by the Islamic Revolution Guards Corps",
        "launched a series of multi-pronged military attacks",
    ),
    ("During a phone chat with his Iraqi counterpart", "In a phone call with his Iraqi counterpart"),
    (
        "We will not tolerate the continuation of aggression",
        "We will not tolerate the continuation of aggression",
    ),
]


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    """The labelled evaluation data in ../shared/eval (never copied into the repo).

    A user's clone lacks it, so tests that need it skip with this reason; CI always has it.
    """
    path = REPO.parent / "shared" / "eval"
    if not (path / "clough-stevenson").is_dir():
        pytest.skip(f"evaluation data absent: {path} (only the developers' checkout and CI have it)")
    return path


TEST_DB_ENV = "PROVENANCE_TEST_DB"  # a PostgreSQL server URL: every test gets its own new database there


@pytest.fixture(scope="session")
def _postgres_admin():
    """An AUTOCOMMIT engine on ``$PROVENANCE_TEST_DB`` that creates and drops the per-test databases."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(os.environ[TEST_DB_ENV])
    if url.get_backend_name() != "postgresql":
        raise pytest.UsageError(f"{TEST_DB_ENV} must be a postgresql URL, not {url.render_as_string()}")
    admin = create_engine(url, isolation_level="AUTOCOMMIT", pool_size=1)
    yield admin
    admin.dispose()


@pytest.fixture
def db_factory(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Callable[[], str]]:
    """Makes fresh, empty stores: SQLite files, or new PostgreSQL databases when ``$PROVENANCE_TEST_DB`` is set.

    The PostgreSQL databases are dropped after the test, once every engine that connected to them is disposed.
    """
    made: list[str] = []
    if not os.environ.get(TEST_DB_ENV):

        def new_sqlite() -> str:
            made.append(f"store{len(made) or ''}.db")
            return f"sqlite:///{tmp_path / made[-1]}"

        yield new_sqlite
        return
    from sqlalchemy import Engine, event, text

    admin = request.getfixturevalue("_postgres_admin")
    engines: weakref.WeakSet[Engine] = weakref.WeakSet()

    def track(conn) -> None:
        if conn.engine.url.database in made:
            engines.add(conn.engine)

    def new_postgres() -> str:
        name = f"t_{secrets.token_hex(8)}"
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name} TEMPLATE template0"))
        made.append(name)
        return admin.url.set(database=name).render_as_string(hide_password=False)

    event.listen(Engine, "engine_connect", track)
    try:
        yield new_postgres
    finally:
        event.remove(Engine, "engine_connect", track)
        for engine in list(engines):
            engine.dispose()
        with admin.connect() as conn:
            for name in made:
                drop_database(conn, name)


@pytest.fixture
def db_url(db_factory: Callable[[], str]) -> str:
    """A fresh, empty store per test (see ``db_factory``)."""
    return db_factory()


@pytest.fixture
def cli(db_url: str):
    """Run the CLI against the per-test store: ``cli("ingest", path)`` → click Result (stdout/stderr apart)."""
    from typer.testing import CliRunner

    from provenance.cli import app

    runner = CliRunner()

    def run(*args: str, input: str | bytes | None = None, db: str | None = db_url):
        argv = (["--db", db] if db else []) + [str(a) for a in args]
        return runner.invoke(app, argv, input=input, catch_exceptions=False)

    return run


@pytest.fixture
def store(db_url: str):
    from provenance.store import Store

    s = Store(db_url)
    yield s
    s.close()


def dump_tables(url: str, *queries: str) -> tuple:
    """The rows of each query, sorted: two stores compared table by table."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return tuple(sorted(tuple(r) for r in conn.execute(text(sql))) for sql in queries)
    finally:
        engine.dispose()


def start_as_from_a_terminal(argv: list[str]):
    """Start a command in its own process group with SIGINT's default disposition, as a terminal's is.

    A job started in the background by a non-interactive shell (nohup, `&`) inherits SIGINT ignored,
    and Python then keeps it ignored; ``os.killpg(proc.pid, SIGINT)`` is then a terminal's Ctrl-C."""
    import signal
    import subprocess

    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # fmt: skip


def wait_for_documents(engine, proc, at_least: int) -> int:
    """Wait until the store behind ``engine`` holds ``at_least`` documents or ``proc`` ends; the count."""
    import time

    from sqlalchemy import text

    stored = 0
    while stored < at_least and proc.poll() is None:
        time.sleep(0.05)
        try:
            with engine.connect() as conn:
                stored = conn.execute(text("SELECT count(*) FROM documents")).scalar()
        except Exception:  # the store is still being created
            stored = 0
    return stored
