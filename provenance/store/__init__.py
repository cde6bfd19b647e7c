"""The store: SQLAlchemy models, engine and schema management, bulk writes, queries.

It knows nothing of the command line or of rendering.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine

from provenance.store.engine import ensure_schema, make_engine, resolve_url


class Store:
    """An open store. ``Store(url)`` resolves the URL, connects and brings an empty store to head."""

    def __init__(self, url: str | None = None, *, check_schema: bool = True) -> None:
        self.url = resolve_url(url)
        self.engine: Engine = make_engine(self.url)
        if check_schema:
            ensure_schema(self.engine)

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
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["Store"]
