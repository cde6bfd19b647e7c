"""The store's schema: its revision against the code's, upgrades and downgrades (Alembic)."""

from __future__ import annotations

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
    engine = make_engine(resolve_url(url))
    try:
        return SchemaState(store=current_revision(engine), code=head_revision())
    finally:
        engine.dispose()


def upgrade_schema(url: str | None = None, revision: str = "head") -> SchemaState:
    """Upgrade the store's schema to ``revision`` (creating the store if needed)."""
    engine = make_engine(resolve_url(url))
    try:
        upgrade(engine, revision)
        return SchemaState(store=current_revision(engine), code=head_revision())
    finally:
        engine.dispose()


def downgrade_schema(url: str | None, revision: str) -> SchemaState:
    """Downgrade the store's schema to ``revision`` (``base``: empty); data in dropped tables is lost."""
    engine = make_engine(resolve_url(url))
    try:
        downgrade(engine, revision)
        return SchemaState(store=current_revision(engine), code=head_revision())
    finally:
        engine.dispose()
