"""The store's schema: its revision against the code's, upgrades and downgrades (Alembic)."""

from __future__ import annotations

from collections.abc import Callable

from alembic.util import CommandError
from sqlalchemy import Engine

from provenance.errors import UsageError
from provenance.results import SchemaState
from provenance.store.engine import (
    current_revision,
    downgrade,
    head_revision,
    make_engine,
    refuse_foreign,
    require_existing,
    resolve_url,
    upgrade,
)


def schema_state(url: str | None = None) -> SchemaState:
    """The revision of the store at ``url`` (``$PROVENANCE_DB``, ./provenance.db) and the code's.

    Reads only (a read-only store will do); a database that is not a provenance store is refused."""
    resolved = resolve_url(url)
    require_existing(resolved)
    engine = make_engine(resolved, read_only=True)
    try:
        with engine.connect() as conn:
            refuse_foreign(conn, resolved)
            return SchemaState(store=current_revision(conn), code=head_revision())
    finally:
        engine.dispose()


def upgrade_schema(url: str | None = None, revision: str = "head") -> SchemaState:
    """Upgrade the store's schema to ``revision`` (creating the store if needed), in one transaction."""
    return _on_store(url, lambda engine: upgrade(engine, revision))


def downgrade_schema(url: str | None, revision: str) -> SchemaState:
    """Downgrade the store's schema to ``revision`` (``base``: empty), in one transaction; data in
    dropped tables is lost."""
    return _on_store(url, lambda engine: downgrade(engine, revision))


def _on_store(url: str | None, action: Callable[[Engine], None]) -> SchemaState:
    engine = make_engine(resolve_url(url))
    try:
        try:
            action(engine)
        except CommandError as exc:  # a revision Alembic does not know, or cannot reach from here
            raise UsageError(f"revision: {str(exc).splitlines()[0]}") from None
        return SchemaState(store=current_revision(engine), code=head_revision())
    finally:
        engine.dispose()
