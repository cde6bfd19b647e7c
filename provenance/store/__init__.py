"""The store: SQLAlchemy models, engine and schema management, bulk writes, queries.

It knows nothing of the command line or of rendering.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine

from provenance.store.engine import ensure_schema, make_engine, require_existing, resolve_url


class Store:
    """An open store. ``Store(url)`` resolves the URL, connects and brings an empty store to head.

    ``Store(url, read_only=True)`` (read commands) writes nothing, ever: the store must exist and be at
    the code's revision, and may be a read-only file in a read-only folder. A database that is not a
    provenance store (tables but no ``alembic_version``) is refused either way, untouched.

    ``index``: the candidate index its writers use, ``"sql"`` (the ``sentence_keys`` table) or
    ``"lmdb"`` (an LMDB environment beside a SQLite file); None: ``$PROVENANCE_INDEX``, else the one
    the store has (``provenance.api.index``). A store given another index than its own is switched on
    its first write."""

    def __init__(
        self,
        url: str | None = None,
        *,
        check_schema: bool = True,
        read_only: bool = False,
        index: str | None = None,
    ) -> None:
        self.url = resolve_url(url)
        self.read_only = read_only
        self.index = index
        self.on_close: list[Callable[[], None]] = []  # what is opened for the store beside it (its index)
        self.state: dict[str, object] = {}  # per-store state of the layers above (the index chosen)
        if read_only:
            require_existing(self.url)
        self.engine: Engine = make_engine(self.url, read_only=read_only)
        if check_schema:
            try:
                ensure_schema(self.engine, create=not read_only)
            except BaseException:
                self.engine.dispose()
                raise

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection inside one transaction, committed on success, rolled back on any error."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        while self.on_close:
            self.on_close.pop()()
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["Store"]
