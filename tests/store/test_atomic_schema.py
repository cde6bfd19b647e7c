"""Schema changes are atomic: a kill after any SQL statement of the first creation, or of any migration
up or down on a store holding data, leaves the store exactly at the revision before or after, and usable.

Each kill point runs in a forked child that ``os._exit()``s right after its N-th SQL statement (a
SQLAlchemy ``after_cursor_execute`` listener installed in the child only: no hook in the product); the
parent then re-opens the store, compares it with a clean store at either revision (revision, schema,
every row), upgrades it to head and ingests and lists documents. N runs over every statement.
On PostgreSQL the sweep runs over every third statement (the same code path; DDL is transactional
there and each kill point costs a new database).
"""

from __future__ import annotations

import os
import secrets
import shutil
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, event, inspect, text

from provenance.api import docs, ingest_text
from provenance.store import Store
from provenance.store.engine import alembic_config, downgrade, head_revision, make_engine, upgrade
from tests.conftest import TEST_DB_ENV
from tests.pg_admin import drop_database, sync_sequences
from tests.store.test_migrations import FILL, _snapshot

KILLED = 86
ON_POSTGRES = bool(os.environ.get(TEST_DB_ENV))
STRIDE = 3 if ON_POSTGRES else 1
NEW_ARTICLE = (
    "Penguins gathered near the harbour on Tuesday, the wildlife office said. "
    "Counting them took volunteers most of the morning and the whole afternoon."
)


def run_killed_after(n: int | None, action: Callable[[], None]) -> tuple[str, int]:
    """Run ``action`` in a forked child killed (``os._exit``) right after its ``n``-th SQL statement.

    Returns how it ended ("killed", "done" or "failed") and how many statements it had executed."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: count statements, die at the n-th; never return into pytest
        code = 1
        try:
            os.close(read_end)
            count = 0

            def after(*_args: object) -> None:
                nonlocal count
                count += 1
                if count == n:
                    os.write(write_end, str(count).encode())
                    os._exit(KILLED)

            event.listen(Engine, "after_cursor_execute", after)
            action()
            os.write(write_end, str(count).encode())
            code = 0
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        written = pipe.read()
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    how = {KILLED: "killed", 0: "done"}.get(code, "failed")
    return how, int(written or 0)


@dataclass
class Stores:
    """Fresh stores and copies of them, SQLite files or PostgreSQL databases."""

    new: Callable[[], str]
    clone: Callable[[str], str]


@pytest.fixture
def stores(db_factory, tmp_path, request) -> Iterator[Stores]:
    if not ON_POSTGRES:

        def clone_file(url: str) -> str:
            source = url.removeprefix("sqlite:///")
            target = tmp_path / f"clone_{secrets.token_hex(4)}.db"
            shutil.copyfile(source, target)  # templates are closed: their -wal is checkpointed away
            return f"sqlite:///{target}"

        yield Stores(db_factory, clone_file)
        return
    admin = request.getfixturevalue("_postgres_admin")
    made: list[str] = []

    def clone_database(url: str) -> str:
        name = f"t_{secrets.token_hex(8)}"
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {url.rsplit('/', 1)[1]}"))
        made.append(name)
        return admin.url.set(database=name).render_as_string(hide_password=False)

    yield Stores(db_factory, clone_database)
    with admin.connect() as conn:
        for name in made:
            drop_database(conn, name)


def _schema(conn) -> list:
    """The schema as the engine states it: SQLite's own CREATE statements (views too), PostgreSQL's
    catalogue (tables, then views with their definitions)."""
    if conn.dialect.name == "sqlite":  # the lines of each CREATE (batch mode orders constraints at random)
        rows = conn.execute(text("SELECT type, name, sql FROM sqlite_master ORDER BY 1, 2"))
        return [
            (kind, name, sorted(line.strip().rstrip(",").strip() for line in (sql or "").splitlines()))
            for kind, name, sql in rows
        ]
    found = inspect(conn)
    out = []
    for table in sorted(found.get_table_names()):
        columns = [
            (c["name"], str(c["type"]), c["nullable"], c.get("default")) for c in found.get_columns(table)
        ]
        out.append(
            (
                table,
                columns,
                found.get_pk_constraint(table),
                sorted(map(repr, found.get_foreign_keys(table))),
                sorted(map(repr, found.get_indexes(table))),
                sorted(map(repr, found.get_unique_constraints(table))),
                sorted(map(repr, found.get_check_constraints(table))),
            )
        )
    for view in sorted(found.get_view_names()):  # v_matches, v_edges (revision 0008)
        out.append((view, found.get_view_definition(view)))
    return out


def state(url: str) -> tuple:
    """(revision, schema, every row of every table): what two equal stores share."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision(), _schema(conn), _snapshot(conn)
    finally:
        engine.dispose()


def assert_usable(url: str) -> None:
    """The store upgrades to head, takes a new article and lists it."""
    engine = make_engine(url)
    upgrade(engine, "head")
    engine.dispose()
    with Store(url) as store:
        before = len(docs(store).documents)
        assert ingest_text(store, NEW_ARTICLE).status == "stored"
        assert len(docs(store).documents) == before + 1


def sweep(
    stores: Stores,
    template: str,
    action: Callable[[str], None],
    expected: dict[str, tuple],
    *,
    usable_every: int = 1,
) -> int:
    """Kill ``action`` (on a copy of ``template``) after each of its statements; every copy must equal
    one of the ``expected`` states (before and after, in this order), and be usable (checked on every ``usable_every``-th copy and the
    last; a copy equal to an expected state, revision, schema and rows, is as usable as that state,
    which is checked on a clean copy). Returns the number of kill points tried."""
    probe = stores.clone(template)
    how, total = run_killed_after(None, lambda: action(probe))
    assert how == "done" and total > 0
    assert [state(template), state(probe)] == list(expected.values())  # before, after: as the caller says
    if usable_every > 1:  # the two states themselves
        assert_usable(stores.clone(template))
        assert_usable(probe)
    tried = 0
    points = range(1, total + 1, STRIDE)
    for n in points:
        url = stores.clone(template)
        how, at = run_killed_after(n, lambda url=url: action(url))
        assert (how, at) == ("killed", n), (n, how)
        found = state(url)
        matching = [name for name, want in expected.items() if found == want]
        assert matching, (
            f"killed after statement {n} of {total}: store at {found[0]}, equal to no expected state"
        )
        if tried % usable_every == 0 or n == points[-1]:
            assert_usable(url)
        tried += 1
    return tried


def _create(url: str) -> None:
    Store(url).close()


def test_a_kill_at_any_statement_of_the_first_creation_leaves_no_store_or_a_whole_one(stores):
    template = stores.new()
    if not ON_POSTGRES:
        open(template.removeprefix("sqlite:///"), "wb").close()  # the empty file a first command meets
    clean = stores.clone(template)
    _create(clean)
    expected = {"empty": state(template), "head": state(clean)}
    assert expected["head"][0] == head_revision() and expected["empty"][:2] == (None, [])
    assert sweep(stores, template, _create, expected) >= 40 // STRIDE


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [rev.revision for rev in reversed(list(script.walk_revisions("base", "heads")))]


@pytest.fixture
def chain(stores) -> dict[str, tuple[str, str]]:
    """For every revision R: (a store at R holding the replay test's data of every revision up to R
    but R's own, a copy of it that also holds R's data), both closed."""
    url = stores.new()
    engine = make_engine(url)
    out: dict[str, tuple[str, str]] = {}
    docs_: dict = {}
    for revision in _revisions():
        upgrade(engine, revision)
        engine.dispose()
        arrived = stores.clone(url)
        if revision in FILL:
            with engine.begin() as conn:
                FILL[revision](conn, docs_)
                sync_sequences(conn)
        engine.dispose()
        out[revision] = (arrived, stores.clone(url))
    engine.dispose()
    return out


def test_a_kill_at_any_statement_of_any_migration_up_or_down_leaves_one_revision_or_the_other(stores, chain):
    revisions = _revisions()
    tried = {}
    for previous, revision in zip(revisions, revisions[1:], strict=False):
        start = chain[previous][1]  # at `previous`, with data from every revision so far

        def up(url: str, revision: str = revision) -> None:
            engine = make_engine(url)
            upgrade(engine, revision)
            engine.dispose()

        def down(url: str, previous: str = previous) -> None:
            engine = make_engine(url)
            downgrade(engine, previous)
            engine.dispose()

        upgraded = chain[revision][0]
        down_clean = stores.clone(upgraded)
        down(down_clean)
        tried[f"{previous}->{revision}"] = sweep(
            stores, start, up, {previous: state(start), revision: state(upgraded)}, usable_every=10
        )
        tried[f"{revision}->{previous}"] = sweep(
            stores, upgraded, down, {revision: state(upgraded), previous: state(down_clean)}, usable_every=10
        )
    assert set(tried) >= {f"{a}->{b}" for a, b in zip(revisions, revisions[1:], strict=False)}
    assert all(n >= 1 for n in tried.values()), tried


def test_a_kill_during_a_whole_upgrade_from_0001_to_head_leaves_0001_or_head(stores, chain):
    start = chain["0001"][1]

    def up(url: str) -> None:
        engine = make_engine(url)
        upgrade(engine, "head")
        engine.dispose()

    done = stores.clone(start)
    up(done)
    assert (
        sweep(stores, start, up, {"0001": state(start), "head": state(done)}, usable_every=10) >= 20 // STRIDE
    )
