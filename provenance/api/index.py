"""Which candidate index a store uses, the transactions that keep it in step, and its rebuild.

Two implementations of ``reuse.CandidateIndex``: ``SqlKeyIndex`` (the ``sentence_keys`` table; every
PostgreSQL store, and SQLite stores by default) and ``LmdbKeyIndex`` (an LMDB environment beside a
SQLite file, ``store.db-index/``; see ``provenance.reuse.lmdb_index``). A SQLite store records its
own in its header (``PRAGMA user_version``: no schema change, and a store made before this had 0,
the SQL index). The index a writer uses is the store's, unless one is asked for (``Store(index=)``,
``--index``, ``$PROVENANCE_INDEX``): the store is then switched on its first write, its new index
built from its sentences (:func:`rebuild_index`).

Every transaction that uses the index goes through :func:`writing` or :func:`reading`, which hand out
the connection and the index together and, for LMDB, commit the index right after the store.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, text

from provenance.errors import StoreError, UsageError
from provenance.match.candidates import Posting
from provenance.prepare import new_sentence
from provenance.results import IndexRebuild
from provenance.reuse import CandidateIndex, SqlKeyIndex, postings_of
from provenance.reuse import lmdb_index
from provenance.reuse.lmdb_index import IndexState, LmdbKeyIndex
from provenance.store import Store, documents, integrity
from provenance.store.engine import sqlite_file

ENGINES = ("sql", "lmdb")
ENV_VAR = "PROVENANCE_INDEX"
LMDB_MARK = 0x4C4D4442  # PRAGMA user_version of a SQLite store whose index is LMDB ("LMDB")


def check_engine_name(name: str | None) -> None:
    if name is not None and name not in ENGINES:
        raise UsageError(f"index must be one of {', '.join(ENGINES)}, not {name!r}")


def store_engine(conn: Connection) -> str:
    """The index the store has: ``lmdb`` when its header says so, else ``sql``."""
    if conn.dialect.name != "sqlite":
        return "sql"
    mark = conn.exec_driver_sql("PRAGMA user_version").scalar()
    return "lmdb" if mark == LMDB_MARK else "sql"


def _asked(store: Store) -> str | None:
    asked = store.index or os.environ.get(ENV_VAR) or None
    check_engine_name(asked)
    if asked == "lmdb" and _index_path(store) is None:
        if store.index == "lmdb":
            raise UsageError("the lmdb index is for SQLite store files only (PostgreSQL keeps sentence_keys)")
        return None  # $PROVENANCE_INDEX names the SQLite stores' index: another store keeps its own
    return asked


def _index_path(store: Store) -> Path | None:
    path = sqlite_file(store.url)
    return None if path is None else lmdb_index.index_dir(path)


def recompute(conn: Connection, ids: Sequence[int], common: Collection[int]) -> list[Posting]:
    """The postings of these stored documents, computed from their sentences as ingest computes them
    (``prepare.new_sentence``, ``reuse.postings_of``), without keys in ``common``."""
    loaded = documents.load_documents(conn, ids)
    out: list[Posting] = []
    for d in ids:
        doc = loaded.get(d)
        if doc is None:  # (deleted)
            continue
        sentences = [
            new_sentence(s.position, doc.text, s.start, s.end, evidence=s.evidence) for s in doc.sentences
        ]
        out.extend(postings_of(d, sentences, common))
    return out


def _lmdb_path(store: Store) -> Path:
    path = _index_path(store)
    assert path is not None
    if "index_release" not in store.state:
        release = lmdb_index.acquire(path)
        store.state["index_release"] = release
        store.on_close.append(release)
        weakref.finalize(store, release)
    return path


def engine_of(store: Store, *, write: bool) -> str:
    """The index this store's transactions use now: for a writer, switched first when another is asked."""
    key = "index_engine"
    if key in store.state:
        return str(store.state[key])
    with store.read() as conn:
        have = store_engine(conn)
    asked = _asked(store) if write and not store.read_only else None
    if asked is not None and asked != have:
        rebuild_index(store, engine=asked)
        have = asked
    if write or asked is None:
        store.state[key] = have
    return have


@contextmanager
def writing(store: Store) -> Iterator[tuple[Connection, CandidateIndex]]:
    """One write transaction of the store with its index: committed both, or neither (for LMDB the
    index commits after the store; a kill between is mended by the next writer, see ``lmdb_index``)."""
    if engine_of(store, write=True) == "sql":
        with store.begin() as conn:
            yield conn, SqlKeyIndex(conn)
        return
    path = _lmdb_path(store)
    with store.engine.connect() as conn:
        index = LmdbKeyIndex(conn, path, recompute, store.read, write=True)
        try:
            with conn.begin():
                yield conn, index
                index.before_commit()
        except BaseException:
            index.abort()
            raise
        index.commit()


@contextmanager
def reading(store: Store, conn: Connection | None = None) -> Iterator[tuple[Connection, CandidateIndex]]:
    """A read of the store with its index (on ``conn`` when given). An LMDB index found behind the
    store is caught up first, unless the store is read-only (then it must be in step)."""
    if conn is None:
        with store.read() as own, reading(store, own) as pair:
            yield pair
        return
    if store_engine(conn) == "sql":
        yield conn, SqlKeyIndex(conn)
        return
    path = _lmdb_path(store)
    index = LmdbKeyIndex(conn, path, recompute, store.read, write=False, catch_up=not store.read_only)
    try:
        yield conn, index
    finally:
        index.abort()


def index_state(store: Store) -> IndexState | None:
    """Where an LMDB index stands against its store (None for the SQL index)."""
    with store.read() as conn:
        if store_engine(conn) == "sql":
            return None
    path = _lmdb_path(store)
    env = lmdb_index.environment(path, create=False)
    if env is None:
        with store.read() as conn:
            top = int(conn.execute(text("SELECT coalesce(max(id), 0) FROM documents")).scalar_one())
        return IndexState(hwm=None, store_max=top, pending=0, postings=0)
    return lmdb_index.state(env, path, store.read)


def catch_up(store: Store) -> int:
    """Replay into an LMDB index what the store has and it lacks. Returns the documents replayed."""
    with writing(store) as (_, index):
        if isinstance(index, LmdbKeyIndex):
            index.lock()
            return index.replayed
    return 0


def rebuild_index(
    store: Store,
    *,
    engine: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> IndexRebuild:
    """Build the store's candidate index again from its sentences (the store stays as it is): the
    one it has, or ``engine`` (the store is then switched to it). The keys in ``common_keys`` stay."""
    check_engine_name(engine)
    if store.read_only:
        raise UsageError("rebuilding the index writes: the store is open read-only")
    with store.read() as conn:
        have = store_engine(conn)
    engine = engine or have
    path = _index_path(store)
    if engine == "lmdb" and path is None:
        raise UsageError("the lmdb index is for SQLite store files only (PostgreSQL keeps sentence_keys)")
    store.state.pop("index_engine", None)
    if engine == "lmdb":
        path = _lmdb_path(store)
        done = lmdb_index.rebuild(path, recompute, store.read, progress=on_progress)
        env = lmdb_index.environment(path)
        assert env is not None
        with (
            store.engine.connect() as conn
        ):  # the last documents, and the switch: the store's write lock, then LMDB's
            txn = None
            try:
                with conn.begin():
                    conn.exec_driver_sql("DELETE FROM common_keys WHERE 0")
                    txn = env.begin(write=True)
                    done += lmdb_index.replay(env, txn, path, recompute, store.read)
                    if have != "lmdb":
                        conn.exec_driver_sql("DELETE FROM sentence_keys")
                        conn.exec_driver_sql(f"PRAGMA user_version = {LMDB_MARK}")
            except BaseException:
                if txn is not None:
                    txn.abort()
                raise
            txn.commit()  # after the store's: a kill between leaves an index behind, caught up by the next writer
        lmdb_index.clear_pending(path)
        held = lmdb_index.state(env, path, store.read).postings
    else:
        with store.begin() as conn:
            common = integrity.common_keys(conn)
            ids = list(integrity.sentence_counts(conn))
            conn.exec_driver_sql("DELETE FROM sentence_keys")
            done = 0
            for i in range(0, len(ids), lmdb_index.REPLAY_DOCUMENTS):
                step = ids[i : i + lmdb_index.REPLAY_DOCUMENTS]
                SqlKeyIndex(conn).add(recompute(conn, step, common))
                done += len(step)
                if on_progress is not None:
                    on_progress(done, len(ids))
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA user_version = 0")
            held = int(conn.execute(text("SELECT count(*) FROM sentence_keys")).scalar_one())
        if path is not None and have == "lmdb":
            release = store.state.pop("index_release", None)
            if callable(release):
                release()
            lmdb_index.remove_environment(path)
    store.state["index_engine"] = engine
    return IndexRebuild(
        store=str(sqlite_file(store.url) or store.dialect),
        engine=engine,
        switched=engine != have,
        documents=done,
        postings=held,
        path=str(path) if engine == "lmdb" and path is not None else None,
    )


__all__ = [
    "ENGINES",
    "IndexRebuild",
    "StoreError",
    "catch_up",
    "check_engine_name",
    "engine_of",
    "index_state",
    "reading",
    "rebuild_index",
    "recompute",
    "store_engine",
    "writing",
]
