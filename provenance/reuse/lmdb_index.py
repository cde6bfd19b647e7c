"""The candidate index in an LMDB environment beside a SQLite store (``store.db`` -> ``store.db-index/``).

The store stays the truth: its sentences give every posting again (``postings_of`` over the keys
ingest computes, minus the keys in ``common_keys``), and ``common_keys`` stays a table of the store,
written in the store's transaction. The environment holds only what can be rebuilt from them:

* ``postings``: key -> (document id, position), a ``dupsort``/``dupfixed`` table (8-byte key, 8-byte
  values in big-endian order, so a key's postings come back ordered by document id: the first stored
  are the lowest ids, as ``SqlKeyIndex`` gives them);
* ``meta``: ``hwm``, the last document whose postings it holds (the high-water mark), written in the
  same LMDB transaction as the postings, so the two never disagree.

A writer takes the store's write lock first (SQLite has one writer at a time), then LMDB's (one
writer at a time across processes), then brings the index in step with what the store has committed
(:meth:`LmdbKeyIndex.catch_up`) and only then detects. Its LMDB transaction is committed right after
the store's, or aborted with it. A kill between the two leaves the index behind the store: the next
writer (or ``provenance check --repair``, ``provenance index rebuild``) replays the documents above
``hwm``, drops the postings of keys entered in ``common_keys`` meanwhile, and re-reads the documents a
deletion or correction named in a pending note (``pending-*.json``, written before the store's commit
and removed after the index's). Puts into a dupsort table are idempotent, so replaying twice is
harmless.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lmdb
from sqlalchemy import Connection, insert, text

from provenance.errors import StoreError
from provenance.match.candidates import Posting
from provenance.store.bulk import chunks, rows_with_keys
from provenance.store.models import common_keys

FORMAT = b"1"
MAP_SIZE = 1 << 40  # address space reserved, not disk used (LMDB grows its file as it fills)
REPLAY_DOCUMENTS = 500  # documents replayed per LMDB transaction (a rebuild commits as it goes)
_KEY = struct.Struct(">Q")
_VALUE = struct.Struct(">II")
_HWM = struct.Struct(">q")
_SIGN = 1 << 63

# Postings of the stored documents of these ids (None: every one), computed as ingest computes them,
# without keys in ``common``; the caller (the api layer) knows how (``prepare.new_sentence``).
Recompute = Callable[[Connection, Sequence[int], Collection[int]], Iterable[Posting]]
Fresh = Callable[[], AbstractContextManager[Connection]]  # a new connection: what the store has committed


def index_dir(store_file: Path) -> Path:
    """Where a SQLite store's LMDB index lives: beside the file, ``NAME-index/``."""
    return store_file.with_name(store_file.name + "-index")


def _key(k: int) -> bytes:
    return _KEY.pack(k + _SIGN)  # signed keys in numeric order


def _unkey(b: bytes | memoryview) -> int:
    return int(_KEY.unpack(b)[0]) - _SIGN


_ENVS: dict[str, lmdb.Environment] = {}
_USERS: Counter[str] = Counter()  # stores of this process holding each environment (``acquire``)
_ENVS_LOCK = threading.Lock()


def environment(path: Path, *, create: bool = True, read_only: bool = False) -> lmdb.Environment | None:
    """The process's one environment at ``path`` (LMDB wants an environment opened once per process).
    None when it does not exist and ``create`` is false. ``read_only`` (a read-only store): when it
    cannot be opened as usual (a folder or lock file we may not write), it is opened without LMDB's
    lock file, as SQLite opens such a store ``immutable``: no writer can have it open then."""
    where = str(path.resolve())
    with _ENVS_LOCK:
        env = _ENVS.get(where)
        if env is not None:
            return env
        if not create and not (path / "data.mdb").exists():
            return None
        try:
            path.mkdir(exist_ok=True)
            env = lmdb.open(where, map_size=MAP_SIZE, max_dbs=4, metasync=False, readahead=False)
        except (lmdb.Error, OSError) as exc:
            if not read_only:
                raise StoreError(f"cannot open the candidate index {path}: {exc}") from exc
            try:
                env = lmdb.open(where, readonly=True, lock=False, max_dbs=4, readahead=False)
            except (lmdb.Error, OSError) as again:
                raise StoreError(f"cannot open the candidate index {path}: {again}") from again
        _HANDLES.pop(id(env), None)
        _dbs(env)
        _ENVS[where] = env
        return env


def acquire(path: Path) -> Callable[[], None]:
    """Count one more user (a store) of the environment at ``path``; the function returned releases
    it, closing the environment with its last user (each maps ``MAP_SIZE`` of address space)."""
    where = str(path.resolve())
    with _ENVS_LOCK:
        _USERS[where] += 1
    done = False

    def release() -> None:
        nonlocal done
        if done:
            return
        done = True
        with _ENVS_LOCK:
            _USERS[where] -= 1
            if _USERS[where] > 0:
                return
            del _USERS[where]
            env = _ENVS.pop(where, None)
        if env is not None:
            env.close()

    return release


def close_environment(path: Path) -> None:
    with _ENVS_LOCK:
        env = _ENVS.pop(str(path.resolve()), None)
    if env is not None:
        env.close()


def remove_environment(path: Path) -> None:
    close_environment(path)
    shutil.rmtree(path, ignore_errors=True)


_HANDLES: dict[int, tuple[Any, Any]] = {}


def _dbs(env: lmdb.Environment, txn: lmdb.Transaction | None = None) -> tuple[Any, Any]:
    """The environment's two tables, opened (and created) once, when it is opened."""
    found = _HANDLES.get(id(env))
    if found is None:
        postings = env.open_db(b"postings", dupsort=True, dupfixed=True)
        meta = env.open_db(b"meta")
        found = _HANDLES[id(env)] = (postings, meta)
    return found


@dataclass(frozen=True)
class IndexState:
    """Where the index stands against the store."""

    hwm: int | None  # last document held (None: never built)
    store_max: int  # the store's highest document id (0: none)
    pending: int  # pending notes of edits not yet applied
    postings: int  # postings held

    @property
    def in_step(self) -> bool:
        return self.hwm is not None and self.hwm == self.store_max and not self.pending


class LmdbKeyIndex:
    """:class:`~provenance.reuse.index.CandidateIndex` over an LMDB environment, for one store
    transaction on ``conn``. ``write``: the store transaction writes (ingest, set, delete, repair);
    the index then takes the store's write lock and LMDB's, and catches up, at its first use.
    Call :meth:`before_commit`, commit the store, then :meth:`commit` (or :meth:`abort` on failure)."""

    def __init__(
        self,
        conn: Connection,
        path: Path,
        recompute: Recompute,
        fresh: Fresh,
        *,
        write: bool = True,
        catch_up: bool = True,
        as_is: bool = False,
    ) -> None:
        self.conn = conn
        self.path = path
        self.recompute = recompute
        self.fresh = fresh
        self.write = write
        self._catch_up = catch_up
        self._as_is = as_is  # a reader that takes the index as it is (``provenance check``)
        self._txn: lmdb.Transaction | None = None
        self._env: lmdb.Environment | None = None
        self._db: Any = None
        self._cap: int | None = None  # the store's highest id, after a deletion
        self._top = 0  # highest document id added in this transaction
        self._removed: dict[int, list[int]] = {}  # document -> keys whose postings it dropped
        self._marked = False
        self.replayed = 0  # documents the catch-up replayed
        self._notes: list[Path] = []  # pending notes applied by the catch-up, and this one's own

    # --- transaction ------------------------------------------------------------------------------

    def _open(self) -> lmdb.Transaction:
        if self._txn is not None:
            return self._txn
        if self.write:
            # The store's write lock first (a no-op write takes it), LMDB's second: every writer takes
            # them in this order, so none waits for LMDB while holding what another waits for.
            if self.conn.dialect.name == "sqlite":
                self.conn.exec_driver_sql("DELETE FROM common_keys WHERE 0")
            env = environment(self.path)
            assert env is not None
            self._env = env
            self._txn = env.begin(write=True)
            self._db, _ = _dbs(env, self._txn)
            if self._catch_up:
                self._notes = _pending(self.path)
                self.replayed = replay(env, self._txn, self.path, self.recompute, self.fresh)
        else:
            env = environment(self.path, create=self._catch_up, read_only=not self._catch_up)
            if env is None:  # never built, and this reader may not build it
                if _store_max_fresh(self.fresh) and not self._as_is:
                    raise StoreError(
                        f"the candidate index {self.path} is missing: run `provenance index rebuild`"
                    )
                env = environment(self.path)
                assert env is not None
            self._env = env
            if not self._as_is and not state(env, self.path, self.fresh).in_step:
                # A writer between its store's commit and the index's: its LMDB lock waits for it.
                with env.begin(write=True) as txn:
                    notes = _pending(self.path)
                    if self._catch_up:
                        replay(env, txn, self.path, self.recompute, self.fresh)
                if self._catch_up:
                    clear_pending(self.path, notes)
                else:
                    now = state(env, self.path, self.fresh)
                    if not now.in_step:
                        raise StoreError(
                            f"the candidate index {self.path} is out of step with the store (it holds "
                            f"documents up to {now.hwm}, the store up to {now.store_max}, {now.pending} "
                            "pending edits): run `provenance check --repair` or `provenance index rebuild`"
                        )
            self._db, _ = _dbs(env)
            self._txn = env.begin(write=False)
        return self._txn

    def before_commit(self) -> None:
        """Before the store commits: note what an edit changes, so that a kill after the store's commit
        and before the index's is mended by the next writer (postings are found by key, and a deleted
        document's keys cannot be computed again)."""
        if self._txn is None or not self.write or not (self._removed or self._marked):
            return
        if self._removed:  # a deleted highest id may be given again: hold no more than the store has
            self._cap = _store_max(self.conn)
        body = {"removed": {str(d): keys for d, keys in self._removed.items()}, "common": self._marked}
        tmp = self.path / f".pending-{uuid.uuid4().hex}.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(body, f)
            f.flush()
            os.fsync(f.fileno())
        note = tmp.with_name(tmp.name[1:].removesuffix(".tmp") + ".json")
        os.replace(tmp, note)
        _fsync_dir(self.path)
        self._notes.append(note)

    def commit(self) -> None:
        """After the store committed: the postings and the high-water mark, in one LMDB transaction."""
        txn, self._txn = self._txn, None
        if txn is None:
            return
        if not self.write:
            txn.abort()
            return
        assert self._env is not None
        _, meta = _dbs(self._env, txn)
        hwm = _read_hwm(txn, meta)
        if hwm is not None:
            top = max(hwm, self._top)
            if self._cap is not None:
                top = min(top, self._cap)
            txn.put(b"hwm", _HWM.pack(top), db=meta)
        txn.commit()
        clear_pending(self.path, self._notes)  # (only those it applied: another writer's may come next)

    def abort(self) -> None:
        txn, self._txn = self._txn, None
        if txn is not None:
            txn.abort()

    # --- CandidateIndex ---------------------------------------------------------------------------

    def lock(self) -> None:
        """Detection holds the store's write lock and LMDB's until the commit (see the module)."""
        self._open()

    def add(self, postings: Sequence[Posting]) -> None:
        txn = self._open()
        if not postings:
            return
        cursor = txn.cursor(db=self._db)
        cursor.putmulti([(_key(k), _VALUE.pack(d, p)) for k, d, p in sorted(postings)], dupdata=False)
        self._top = max(self._top, max(d for _, d, _ in postings))

    def common(self, keys: Iterable[int]) -> dict[int, int]:
        sql = "SELECT key, postings FROM common_keys WHERE key IN ({keys})"
        return {int(k): int(n) for k, n in rows_with_keys(self.conn, sql, keys)}

    def mark_common(self, postings: Mapping[int, int]) -> None:
        if not postings:
            return
        txn = self._open()
        known = self.common(postings)
        fresh = sorted(k for k in postings if k not in known)
        if fresh:
            self.conn.execute(insert(common_keys), [{"key": k, "postings": postings[k]} for k in fresh])
        for k in sorted(postings):
            txn.delete(_key(k), db=self._db)  # every duplicate of the key
        self._marked = True

    def sweep(self, max_postings: int) -> int:
        txn = self._open()
        cursor = txn.cursor(db=self._db)
        found = {}
        if cursor.first():
            while True:
                n = cursor.count()
                if n > max_postings:
                    found[_unkey(cursor.key())] = n
                if not cursor.next_nodup():
                    break
        self.mark_common(found)
        return len(found)

    def counts(self, keys: Iterable[int]) -> dict[int, int]:
        cursor = self._open().cursor(db=self._db)
        out = {}
        for k in set(keys):
            if cursor.set_key(_key(k)):
                out[k] = cursor.count()
        return out

    def document_counts(self, keys: Iterable[int]) -> dict[int, int]:
        wanted = set(keys)
        out = self.common(wanted)
        cursor = self._open().cursor(db=self._db)
        for k in wanted - set(out):
            if cursor.set_key(_key(k)):
                out[k] = len({v[:4] for v in cursor.iternext_dup()})
        return out

    def postings(self, keys: Iterable[int], *, per_key: int | None = None) -> list[Posting]:
        cursor = self._open().cursor(db=self._db)
        out: list[Posting] = []
        unpack = _VALUE.unpack
        for k in set(keys):
            if not cursor.set_key(_key(k)):
                continue
            for i, v in enumerate(cursor.iternext_dup()):
                if per_key is not None and i >= per_key:
                    break
                d, p = unpack(v)
                out.append((k, d, p))
        return out

    def sentences_with_keys(self, keys: Iterable[int], *, max_postings: int) -> list[tuple[int, int]]:
        wanted = set(keys)
        wanted -= set(self.common(wanted))
        found = self.postings(wanted)
        per_key = Counter(key for key, _, _ in found)
        return sorted({(d, p) for key, d, p in found if per_key[key] <= max_postings})

    def remove(self, doc_id: int, keys: Iterable[int]) -> int:
        txn = self._open()
        keys = sorted(set(keys))
        dropped = _remove(txn, self._db, doc_id, keys)
        self._removed.setdefault(doc_id, []).extend(keys)
        return dropped


def _remove(txn: lmdb.Transaction, db: Any, doc_id: int, keys: Iterable[int]) -> int:
    cursor = txn.cursor(db=db)
    dropped = 0
    first = _VALUE.pack(doc_id, 0)
    for k in keys:
        kb = _key(k)
        if not cursor.set_range_dup(kb, first):
            continue
        while cursor.key() == kb and cursor.value()[:4] == first[:4]:
            dropped += 1
            if not cursor.delete():
                break
    return dropped


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _pending(path: Path) -> list[Path]:
    return sorted(path.glob("pending-*.json")) if path.is_dir() else []


def clear_pending(path: Path, notes: Iterable[Path] | None = None) -> None:
    for note in _pending(path) if notes is None else notes:
        with suppress(FileNotFoundError):
            note.unlink()


def _read_hwm(txn: lmdb.Transaction, meta: Any) -> int | None:
    raw = txn.get(b"hwm", db=meta)
    return None if raw is None else int(_HWM.unpack(raw)[0])


def _store_max(conn: Connection) -> int:
    return int(conn.execute(text("SELECT coalesce(max(id), 0) FROM documents")).scalar_one())


def _store_max_fresh(fresh: Fresh) -> int:
    with fresh() as conn:
        return _store_max(conn)


def state(env: lmdb.Environment, path: Path, fresh: Fresh) -> IndexState:
    postings, meta = _dbs(env)
    with env.begin() as txn:
        hwm = _read_hwm(txn, meta)
        held = int(txn.stat(postings)["entries"])
    with fresh() as conn:
        top = _store_max(conn)
    return IndexState(hwm=hwm, store_max=top, pending=len(_pending(path)), postings=held)


def reset(env: lmdb.Environment) -> None:
    """Empty the index and mark it built up to no document (a rebuild then replays every one)."""
    postings, meta = _dbs(env)
    with env.begin(write=True) as txn:
        txn.drop(postings, delete=False)
        txn.drop(meta, delete=False)
        txn.put(b"format", FORMAT, db=meta)
        txn.put(b"hwm", _HWM.pack(0), db=meta)


def replay(
    env: lmdb.Environment,
    txn: lmdb.Transaction,
    path: Path,
    recompute: Recompute,
    fresh: Fresh,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Bring the index in step with what the store has committed, in ``txn``. Returns the documents
    replayed. A never-built index (or one ahead of its store: another store's) is rebuilt whole."""
    postings, meta = _dbs(env, txn)
    hwm = _read_hwm(txn, meta)
    notes = _pending(path)
    with fresh() as conn:
        top = _store_max(conn)
        if hwm is not None and hwm == top and not notes:
            return 0
        if hwm is None or (hwm > top and not notes):
            txn.drop(postings, delete=False)
            txn.put(b"format", FORMAT, db=meta)
            hwm = 0
        common = {int(k) for (k,) in conn.execute(text("SELECT key FROM common_keys"))}
        for note in notes:
            try:
                removed = json.loads(note.read_text(encoding="utf-8"))["removed"]
            except (OSError, ValueError, KeyError):
                continue  # (removed meanwhile by the writer that made it)
            for d, keys in removed.items():
                _remove(txn, postings, int(d), keys)
            ids = [int(d) for d in removed]
            _put(txn, postings, recompute(conn, ids, common))
        # Keys entered as common by a transaction whose index write was lost: drop their postings.
        cursor = txn.cursor(db=postings)
        for k in common:
            if cursor.set_key(_key(k)):
                cursor.delete(dupdata=True)
        hwm = min(hwm, top)
        ids = [
            int(d)
            for (d,) in conn.execute(text("SELECT id FROM documents WHERE id > :h ORDER BY id"), {"h": hwm})
        ]
        for i, step in enumerate(chunks(ids, REPLAY_DOCUMENTS)):
            _put(txn, postings, recompute(conn, step, common))
            if progress is not None:
                progress(min((i + 1) * REPLAY_DOCUMENTS, len(ids)), len(ids))
        txn.put(b"hwm", _HWM.pack(top), db=meta)
    return len(ids)


def _put(txn: lmdb.Transaction, db: Any, postings: Iterable[Posting]) -> None:
    items = sorted((_key(k), _VALUE.pack(d, p)) for k, d, p in postings)
    if items:
        txn.cursor(db=db).putmulti(items, dupdata=False)


def rebuild(
    path: Path,
    recompute: Recompute,
    fresh: Fresh,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Build the index again from the store, committing every ``REPLAY_DOCUMENTS`` documents (a kill
    leaves a high-water mark the next writer continues from). Returns the documents indexed."""
    env = environment(path)
    assert env is not None
    reset(env)
    clear_pending(path)
    with fresh() as conn:
        total = _store_max(conn)
    done = 0
    while True:
        with env.begin(write=True) as txn:
            postings, meta = _dbs(env, txn)
            hwm = _read_hwm(txn, meta) or 0
            with fresh() as conn:
                common = {int(k) for (k,) in conn.execute(text("SELECT key FROM common_keys"))}
                ids = [
                    int(d)
                    for (d,) in conn.execute(
                        text("SELECT id FROM documents WHERE id > :h ORDER BY id LIMIT :n"),
                        {"h": hwm, "n": REPLAY_DOCUMENTS},
                    )
                ]
                if not ids:
                    break
                _put(txn, postings, recompute(conn, ids, common))
            txn.put(b"hwm", _HWM.pack(ids[-1]), db=meta)
        done += len(ids)
        if progress is not None:
            progress(done, max(done, total))
    return done


def all_postings(path: Path) -> Iterator[Posting]:
    """Every posting held, in key order (for ``provenance check``)."""
    env = environment(path, create=False)
    if env is None:
        return
    postings, _ = _dbs(env)
    with env.begin() as txn:
        for kb, v in txn.cursor(db=postings).iternext(keys=True, values=True):
            d, p = _VALUE.unpack(v)
            yield _unkey(kb), d, p


@contextmanager
def read_txn(path: Path) -> Iterator[tuple[lmdb.Transaction, Any] | None]:
    env = environment(path, create=False)
    if env is None:
        yield None
        return
    postings, _ = _dbs(env)
    with env.begin() as txn:
        yield txn, postings


def document_postings(
    txn: lmdb.Transaction, db: Any, doc_id: int, keys: Iterable[int]
) -> set[tuple[int, int]]:
    """(key, position) of the postings of ``doc_id`` under these keys."""
    cursor = txn.cursor(db=db)
    first = _VALUE.pack(doc_id, 0)
    out = set()
    for k in set(keys):
        kb = _key(k)
        if not cursor.set_range_dup(kb, first):
            continue
        while cursor.key() == kb:
            v = cursor.value()
            if v[:4] != first[:4]:
                break
            out.add((k, _VALUE.unpack(v)[1]))
            if not cursor.next_dup():
                break
    return out


def key_counts(txn: lmdb.Transaction, db: Any) -> Iterator[tuple[int, int]]:
    cursor = txn.cursor(db=db)
    if not cursor.first():
        return
    while True:
        yield _unkey(cursor.key()), cursor.count()
        if not cursor.next_nodup():
            break
