"""The LMDB candidate index (``provenance.reuse.lmdb_index``) against the SQL one.

Equivalence: the same edges, matches and report JSON with either index, on the seeds, the order corpus
in random orders and after deletions and corrections. Crash: a process killed between the store's
commit and the index's (a kill at a chosen point: ``os._exit`` in the commit path), in the middle of a
rebuild, and with SIGKILL at random moments of an ingest, then the next ingest gives the edges of an
uninterrupted run. Concurrency: several ingest processes give a sequential run's edges. An existing
store (``sentence_keys`` filled) gets its LMDB index on first use. The index is SQLite's only.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

import provenance
from provenance.api.index import index_state
from provenance.errors import StoreError, UsageError
from provenance.render import to_json
from provenance.readers import Article
from provenance.reuse import lmdb_index
from tests.conftest import REPO, SEED_000, SEED_002, TEST_DB_ENV
from tests.test_order import CORPUS, _DATE_ORDER, _edges

pytestmark = pytest.mark.skipif(bool(os.environ.get(TEST_DB_ENV)), reason="the LMDB index is SQLite's only")


def _articles(order: list[int]) -> list[Article]:
    return [Article(text=CORPUS[k][1], source=CORPUS[k][0], published_at=CORPUS[k][2]) for k in order]


def _run(folder: Path, order: list[int], *, index: str, batch: int) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    with provenance.open_store(f"sqlite:///{folder / 'store.db'}", index=index) as store:
        provenance.ingest_articles(store, _articles(order), batch_articles=batch, workers=0)
        assert (folder / "store.db-index").is_dir() == (index == "lmdb")
        return _edges(store)


def _sql_reference(tmp_path: Path) -> dict:
    return _run(tmp_path / "sql-reference", _DATE_ORDER, index="sql", batch=len(CORPUS))


def test_lmdb_gives_the_sql_index_edges_and_report(tmp_path: Path) -> None:
    want = _sql_reference(tmp_path)
    assert sum(1 for v in want.values() if v[0] != "non-derived") >= 5
    got = _run(tmp_path / "lmdb", _DATE_ORDER, index="lmdb", batch=len(CORPUS))
    assert got == want
    reports = []
    for name in ("sql-reference", "lmdb"):
        with provenance.open_store(f"sqlite:///{tmp_path / name / 'store.db'}", read_only=True) as store:
            with store.read() as conn:
                ids = dict(conn.exec_driver_sql("SELECT name, id FROM documents").all())
                keys = conn.exec_driver_sql("SELECT count(*) FROM sentence_keys").scalar()
            assert (keys == 0) == (name == "lmdb")  # the LMDB store keeps no sentence_keys rows
            out = {}
            for doc in ("reuse0.txt", "reuse2.txt", "story1.txt"):
                rendered = to_json(provenance.report(store, ids[doc]))
                out[doc] = json.loads(rendered)
            trace = provenance.trace(store, CORPUS[0][1].split("\n\n")[0])
            out["trace"] = json.loads(to_json(trace))
            assert provenance.check(store).sound
            reports.append(out)
    assert reports[0] == reports[1]


_runs = 0


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations(range(len(CORPUS))), st.sampled_from([1, 4, len(CORPUS)]))
def test_lmdb_in_any_order_gives_the_sql_edges(tmp_path: Path, order: list[int], batch: int) -> None:
    global _runs
    _runs += 1
    ref = tmp_path / "sql.repr"
    if not ref.exists():
        ref.write_text(repr(sorted(_sql_reference(tmp_path).items())))
    got = _run(tmp_path / f"lmdb{_runs}", list(order), index="lmdb", batch=batch)
    assert repr(sorted(got.items())) == ref.read_text()


def test_seeds_with_lmdb_give_the_frozen_edges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_same_edges import _same_as_fixture

    monkeypatch.setenv("PROVENANCE_INDEX", "lmdb")
    _same_as_fixture("seeds-backfill", tmp_path)
    assert (tmp_path / "seeds-backfill.db-index").is_dir()


@pytest.mark.eval
def test_generated_corpus_with_lmdb_gives_the_frozen_edges(
    tmp_path: Path, eval_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_same_edges import _same_as_fixture

    monkeypatch.setenv("PROVENANCE_INDEX", "lmdb")
    _same_as_fixture("generated", tmp_path, eval_dir)
    assert (tmp_path / "generated.db-index").is_dir()


def _edit_all(store: provenance.Store) -> dict:
    """Delete three documents (the highest id among them) and re-date one: the edges after."""
    from datetime import datetime

    with store.read() as conn:
        ids = dict(conn.exec_driver_sql("SELECT name, id FROM documents").all())
    for name in ("other3.txt", "reuse1.txt", max(ids, key=ids.__getitem__)):
        provenance.delete_document(store, ids[name])
    provenance.set_document(store, ids["story2.txt"], published_at=datetime(2024, 6, 1))
    return _edges(store)


def test_delete_and_set_give_the_sql_edges(tmp_path: Path) -> None:
    got = {}
    for index in ("sql", "lmdb"):
        folder = tmp_path / index
        _run(folder, _DATE_ORDER, index=index, batch=len(CORPUS))
        with provenance.open_store(f"sqlite:///{folder / 'store.db'}", index=index) as store:
            got[index] = _edit_all(store)
            # the deleted highest id is given again to the next article: its postings must be indexed
            provenance.ingest_articles(store, _articles([_DATE_ORDER[-1]]), workers=0)
            got[index + "+again"] = _edges(store)
            assert provenance.check(store).sound
    assert got["lmdb"] == got["sql"]
    assert got["lmdb+again"] == got["sql+again"]


# --- crashes ----------------------------------------------------------------------------------------

_KILL_AFTER_STORE_COMMIT = """
import os, sys
from provenance.reuse import lmdb_index
calls = {{"n": 0}}
real = lmdb_index.LmdbKeyIndex.commit
def commit(self):
    calls["n"] += 1
    if calls["n"] == {at}:
        os._exit(9)  # killed: the store committed, the index did not
    real(self)
lmdb_index.LmdbKeyIndex.commit = commit
import provenance
from tests.test_order import CORPUS
from provenance.readers import Article
order = {order}
with provenance.open_store(sys.argv[1], index="lmdb") as store:
    {action}
"""

_INGEST = (
    "provenance.ingest_articles(store, [Article(text=CORPUS[k][1], source=CORPUS[k][0], "
    "published_at=CORPUS[k][2]) for k in order], batch_articles={batch}, workers=0)"
)


def _script(tmp_path: Path, *, at: int, order: list[int], action: str) -> int:
    script = _KILL_AFTER_STORE_COMMIT.format(at=at, order=order, action=action)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    done = subprocess.run([sys.executable, "-c", script, url], cwd=REPO, capture_output=True, text=True)
    return done.returncode


@pytest.mark.parametrize("at", [1, 3, 6])
def test_a_kill_between_the_store_commit_and_the_index_commit_is_replayed(tmp_path: Path, at: int) -> None:
    want = _sql_reference(tmp_path)
    work = tmp_path / "killed"
    work.mkdir()
    rc = _script(work, at=at, order=_DATE_ORDER, action=_INGEST.format(batch=3))
    assert rc == 9
    with provenance.open_store(f"sqlite:///{work / 'store.db'}") as store:
        behind = index_state(store)
        assert behind is not None and not behind.in_step  # the last batch is in the store, not the index
        assert any(p.kind == "index" and "out of step" in p.message for p in provenance.check(store).problems)
        provenance.ingest_articles(store, _articles(_DATE_ORDER), batch_articles=3, workers=0)
        state = index_state(store)
        assert state is not None and state.in_step
        assert _edges(store) == want
        assert provenance.check(store).sound


def test_a_kill_after_a_deletion_commits_is_mended_by_the_next_writer(tmp_path: Path) -> None:
    for index in ("sql", "lmdb"):
        _run(tmp_path / index, _DATE_ORDER, index=index, batch=len(CORPUS))
    sql_url = f"sqlite:///{tmp_path / 'sql' / 'store.db'}"
    with provenance.open_store(sql_url) as store:
        with store.read() as conn:
            ids = dict(conn.exec_driver_sql("SELECT name, id FROM documents").all())
        top = max(ids, key=ids.__getitem__)
        provenance.delete_document(store, ids[top])
        provenance.ingest_articles(store, _articles([_DATE_ORDER[0]]), workers=0)  # present: nothing new
        provenance.ingest_articles(
            store, _articles([CORPUS.index(next(c for c in CORPUS if c[0] == top))]), workers=0
        )
        want = _edges(store)
    work = tmp_path / "lmdb"
    action = f"provenance.delete_document(store, {ids[top]})"
    assert _script(work, at=1, order=[], action=action) == 9
    with provenance.open_store(f"sqlite:///{work / 'store.db'}") as store:
        state = index_state(store)
        assert state is not None and state.pending == 1  # the deletion's note, left for the next writer
        assert not provenance.check(store).sound
        provenance.ingest_articles(store, _articles([_DATE_ORDER[0]]), workers=0)
        provenance.ingest_articles(
            store, _articles([CORPUS.index(next(c for c in CORPUS if c[0] == top))]), workers=0
        )
        assert _edges(store) == want
        assert provenance.check(store).sound


def test_a_rebuild_killed_midway_is_continued(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    want = _sql_reference(tmp_path)
    work = tmp_path / "lmdb"
    _run(work, _DATE_ORDER, index="lmdb", batch=len(CORPUS))
    monkeypatch.setattr(lmdb_index, "REPLAY_DOCUMENTS", 4)
    script = (
        "import os, sys\nfrom provenance.reuse import lmdb_index\nlmdb_index.REPLAY_DOCUMENTS = 4\n"
        "real = lmdb_index._put\nn = {'n': 0}\n"
        "def put(*a):\n    n['n'] += 1\n    if n['n'] == 3: os._exit(9)\n    real(*a)\n"
        "lmdb_index._put = put\nimport provenance\n"
        "with provenance.open_store(sys.argv[1]) as store: provenance.rebuild_index(store)\n"
    )
    url = f"sqlite:///{work / 'store.db'}"
    assert subprocess.run([sys.executable, "-c", script, url], cwd=REPO).returncode == 9
    with provenance.open_store(url) as store:
        state = index_state(store)
        assert state is not None and state.hwm == 8 and not state.in_step  # two steps of four committed
        provenance.ingest_articles(store, _articles(_DATE_ORDER), workers=0)  # all present: catches up
        assert _edges(store) == want
        assert provenance.check(store).sound


def test_sigkill_at_random_moments_of_an_ingest(tmp_path: Path) -> None:
    """Through the CLI, a batch of one article a transaction, killed after a random delay; then the
    same ingest again gives the uninterrupted run's edges (of the SQL index)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, body, when in CORPUS:
        (corpus / (name.removesuffix(".txt") + ".md")).write_text(
            f"---\npublished_at: {when.isoformat()}\n---\n{body}\n"
        )
    rng = random.Random(16)

    def argv(url: str, index: str) -> list[str]:
        return [sys.executable, "-c", "from provenance.cli import main; main()", "--db", url, "--index", index,
                "ingest", "--batch", "1", str(corpus)]  # fmt: skip

    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    assert subprocess.run(argv(reference, "sql"), cwd=REPO, capture_output=True).returncode == 0
    with provenance.open_store(reference) as store:
        want = _edges(store)
    url = f"sqlite:///{tmp_path / 'killed.db'}"
    kills = 0
    for _ in range(6):
        proc = subprocess.Popen(
            argv(url, "lmdb"), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.5, 2.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
    assert subprocess.run(argv(url, "lmdb"), cwd=REPO, capture_output=True).returncode == 0
    assert kills >= 1
    with provenance.open_store(url) as store:
        assert _edges(store) == want, f"after {kills} kills"
        assert provenance.check(store).sound


# --- concurrency and first use ----------------------------------------------------------------------


def test_four_concurrent_lmdb_ingests_equal_a_sequential_run(tmp_path: Path) -> None:
    from tests.store.test_concurrency import ARTICLES, PROCESSES, _corpus, _state

    paths = _corpus(tmp_path)
    sequential, concurrent = (f"sqlite:///{tmp_path / n}" for n in ("seq.db", "conc.db"))

    def ingest(url: str, files: list[Path], batch: int) -> subprocess.Popen:
        argv = [sys.executable, "-c", "from provenance.cli import main; main()", "--db", url, "--index", "lmdb",
                "ingest", "--batch", str(batch), *map(str, files)]  # fmt: skip
        return subprocess.Popen(argv, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    done = ingest(sequential, paths, 200)
    assert done.wait(timeout=300) == 0, done.stderr.read() if done.stderr else ""
    provenance.open_store(concurrent, index="lmdb").close()
    procs = [ingest(concurrent, paths[i * ARTICLES // PROCESSES :] + paths[: i * ARTICLES // PROCESSES], 3)
             for i in range(PROCESSES)]  # fmt: skip
    outcomes = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in procs]
    assert all(rc == 0 for rc, _ in outcomes), outcomes
    assert (tmp_path / "conc.db-index").is_dir()
    assert _state(concurrent) == _state(sequential)
    assert len(_state(sequential)[1]) >= ARTICLES
    with provenance.open_store(concurrent) as store:
        assert provenance.check(store).sound


def test_a_store_made_with_the_sql_index_gets_its_lmdb_index_on_first_use(tmp_path: Path) -> None:
    half = len(_DATE_ORDER) // 2
    want = _sql_reference(tmp_path)
    folder = tmp_path / "old"
    _run(folder, _DATE_ORDER[:half], index="sql", batch=4)
    url = f"sqlite:///{folder / 'store.db'}"
    with provenance.open_store(url) as store, store.read() as conn:
        held = conn.execute(text("SELECT count(*) FROM sentence_keys")).scalar()
    assert held and held > 100
    with provenance.open_store(url, index="lmdb") as store:  # the first write builds it
        provenance.ingest_articles(store, _articles(_DATE_ORDER[half:]), batch_articles=4, workers=0)
        state = index_state(store)
        assert state is not None and state.in_step and state.postings >= held
        with store.read() as conn:
            assert conn.execute(text("SELECT count(*) FROM sentence_keys")).scalar() == 0
        assert _edges(store) == want
    with provenance.open_store(url) as store:  # the store remembers its index
        assert index_state(store) is not None
        assert provenance.check(store).sound
        provenance.rebuild_index(store, engine="sql")  # and can go back
        assert index_state(store) is None and provenance.check(store).sound
        assert _edges(store) == want
    assert not (folder / "store.db-index").exists()


def test_a_missing_index_directory_is_built_again(tmp_path: Path) -> None:
    want = _sql_reference(tmp_path)
    folder = tmp_path / "lmdb"
    _run(folder, _DATE_ORDER, index="lmdb", batch=len(CORPUS))
    lmdb_index.remove_environment(folder / "store.db-index")
    url = f"sqlite:///{folder / 'store.db'}"
    with provenance.open_store(url, read_only=True) as store:
        with pytest.raises(StoreError, match="index rebuild"):
            provenance.report(store, 1)
    with provenance.open_store(url) as store:
        assert not provenance.check(store).sound
        provenance.ingest_articles(
            store, _articles(_DATE_ORDER), workers=0
        )  # all present; the index is replayed
        assert _edges(store) == want and provenance.check(store).sound


def test_postgres_urls_refuse_lmdb() -> None:
    with pytest.raises(UsageError, match="SQLite"):
        from provenance.api.index import _asked

        store = provenance.Store.__new__(provenance.Store)
        store.url, store.index = "postgresql+psycopg://x/y", "lmdb"
        _asked(store)


def test_seed_pair_through_the_cli_with_lmdb(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from provenance.cli import app

    db = str(tmp_path / "s.db")
    runner = CliRunner()
    r = runner.invoke(app, ["--db", db, "--index", "lmdb", "ingest", str(SEED_000), str(SEED_002)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["--db", db, "index", "rebuild", "--format", "json"])
    assert r.exit_code == 0, r.output
    got = json.loads(r.output)
    assert got["engine"] == "lmdb" and got["documents"] == 2 and got["postings"] > 100 and not got["switched"]
    r = runner.invoke(app, ["--db", db, "check", "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.output)["sound"], r.output


def _corrupt(folder: Path, change) -> None:
    env = lmdb_index.environment(folder / "store.db-index")
    assert env is not None
    postings, _ = lmdb_index._dbs(env)
    with env.begin(write=True) as txn:
        change(txn, postings)


def _first_posting(txn, db) -> tuple[bytes, bytes]:
    cursor = txn.cursor(db=db)
    assert cursor.first()
    return cursor.key(), cursor.value()


@pytest.mark.parametrize("corruption", ["stray", "missing", "common"])
def test_check_names_a_corrupt_lmdb_index_and_repair_rebuilds_it(tmp_path: Path, corruption: str) -> None:
    want = _sql_reference(tmp_path)
    folder = tmp_path / "lmdb"
    _run(folder, _DATE_ORDER, index="lmdb", batch=len(CORPUS))
    url = f"sqlite:///{folder / 'store.db'}"
    with provenance.open_store(url) as store:
        with store.read() as conn:
            common = conn.exec_driver_sql("SELECT key FROM common_keys LIMIT 1").scalar()

        def change(txn, db) -> None:
            if corruption == "stray":
                txn.put(lmdb_index._key(12345), lmdb_index._VALUE.pack(1, 999), db=db)
            elif corruption == "missing":
                key, value = _first_posting(txn, db)
                assert txn.delete(key, value, db=db)
            else:
                key = lmdb_index._key(common) if common is not None else _first_posting(txn, db)[0]
                txn.put(key, lmdb_index._VALUE.pack(2, 0), db=db)
                if common is None:  # no key is common in this corpus: enter the first one as such
                    with store.begin() as conn:
                        conn.exec_driver_sql(
                            "INSERT INTO common_keys (key, postings) VALUES (?, 5000)",
                            (lmdb_index._unkey(key),),
                        )

        _corrupt(folder, change)
        found = provenance.check(store)
        assert not found.sound
        kinds = {p.kind for p in found.problems}
        assert kinds & {"index", "keys"}, found.problems
    repaired = provenance.check_store(url, repair=True)
    assert repaired.sound, repaired.problems
    with provenance.open_store(url) as store:
        assert provenance.check(store).sound
        if corruption != "common":
            assert _edges(store) == want


def test_read_commands_read_an_lmdb_store_in_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "lmdb"
    _run(folder, _DATE_ORDER, index="lmdb", batch=len(CORPUS))
    for p in [folder, folder / "store.db-index"]:
        for f in p.iterdir():
            if f.is_file():
                f.chmod(0o444)
        p.chmod(0o555)
    try:
        if os.access(folder / "store.db-index" / "lock.mdb", os.W_OK):
            pytest.skip("running as a user who may write anything (root): the folder is not read-only")
        with provenance.open_store(f"sqlite:///{folder / 'store.db'}", read_only=True) as store:
            assert provenance.report(store, 1).document.id == 1
    finally:
        for p in [folder, folder / "store.db-index"]:
            p.chmod(0o755)
