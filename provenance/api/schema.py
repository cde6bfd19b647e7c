"""The store's schema: its revision against the code's, upgrades and downgrades (Alembic)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine

from provenance.results import SchemaState
from provenance.store.engine import (
    current_revision,
    downgrade,
    head_revision,
    make_engine,
    resolve_url,
    upgrade,
)


def schema_state(url: str | None = None) -> SchemaState:
    """The revision of the store at ``url`` (``$PROVENANCE_DB``, ./provenance.db) and the code's."""
    return _on_store(url, lambda engine: None)


def upgrade_schema(url: str | None = None, revision: str = "head") -> SchemaState:
    """Upgrade the store's schema to ``revision`` (creating the store if needed)."""
    return _on_store(url, lambda engine: upgrade(engine, revision))


def downgrade_schema(url: str | None, revision: str) -> SchemaState:
    """Downgrade the store's schema to ``revision`` (``base``: empty); data in dropped tables is lost."""
    return _on_store(url, lambda engine: downgrade(engine, revision))


def _on_store(url: str | None, action: Callable[[Engine], None]) -> SchemaState:
    engine = make_engine(resolve_url(url))
    try:
        action(engine)
        return SchemaState(store=current_revision(engine), code=head_revision())
    finally:
        engine.dispose()
