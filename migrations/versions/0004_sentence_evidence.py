"""Sentences get an ``evidence`` flag: False for licence notices and credit lines.

Whether a sentence is a notice or a credit line depends on the article's text
alone, so it is decided once, on ingest, instead of on every comparison. The
documents already stored are flagged here with this release's detectors, frozen in
``migrations/frozen/r0004_evidence.py``.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _frozen(name: str) -> ModuleType:
    """``migrations/frozen/<name>.py`` beside this folder (the repo's or the installed copy), by its path."""
    path = Path(__file__).resolve().parent.parent / "frozen" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_provenance_migrations_frozen_{name}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade() -> None:
    with op.batch_alter_table("sentences") as batch:
        batch.add_column(sa.Column("evidence", sa.Boolean(), server_default=sa.true(), nullable=False))
    _backfill()


def _backfill() -> None:
    non_evidence_positions = _frozen("r0004_evidence").non_evidence_positions  # this revision's detectors
    conn = op.get_bind()
    for (doc_id,) in conn.execute(sa.text("SELECT id FROM documents ORDER BY id")).all():
        text = conn.execute(sa.text("SELECT text FROM documents WHERE id = :id"), {"id": doc_id}).scalar_one()
        spans = conn.execute(
            sa.text('SELECT start, "end" FROM sentences WHERE document_id = :id ORDER BY position'),
            {"id": doc_id},
        ).all()
        for position in sorted(non_evidence_positions(text, [tuple(s) for s in spans])):
            conn.execute(
                sa.text("UPDATE sentences SET evidence = false WHERE document_id = :id AND position = :p"),
                {"id": doc_id, "p": position},
            )


def downgrade() -> None:
    with op.batch_alter_table("sentences") as batch:
        batch.drop_column("evidence")
