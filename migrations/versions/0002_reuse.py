"""Reuse detection: candidate keys per sentence, sentence matches, article reuse edges.

Documents already stored get their sentences' candidate keys (computed with the
key function of this release, frozen in ``migrations/frozen/r0002_keys.py``), so
that articles ingested from now on are compared with them. Reuse among the
documents stored before this revision is not detected by the migration.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
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


def _doc_fk(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["documents.id"], name=op.f(f"fk_{table}_{column}_documents"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "sentence_keys",
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _doc_fk("document_id", "sentence_keys"),
        sa.PrimaryKeyConstraint("key", "document_id", "position", name=op.f("pk_sentence_keys")),
    )
    op.create_table(
        "matches",
        sa.Column("later_id", sa.Integer(), nullable=False),
        sa.Column("later_position", sa.Integer(), nullable=False),
        sa.Column("earlier_id", sa.Integer(), nullable=False),
        sa.Column("earlier_position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("quote", sa.Boolean(), nullable=False),
        _doc_fk("later_id", "matches"),
        _doc_fk("earlier_id", "matches"),
        sa.PrimaryKeyConstraint(
            "later_id", "later_position", "earlier_id", "earlier_position", name=op.f("pk_matches")
        ),
    )
    op.create_index("ix_matches_earlier_id", "matches", ["earlier_id"])
    op.create_table(
        "reuse_edges",
        sa.Column("later_id", sa.Integer(), nullable=False),
        sa.Column("earlier_id", sa.Integer(), nullable=False),
        sa.Column("matched_sentences", sa.Integer(), nullable=False),
        sa.Column("coverage", sa.Float(), nullable=False),
        sa.Column("source_share", sa.Float(), nullable=False),
        sa.Column("verbatim", sa.Integer(), nullable=False),
        sa.Column("near_verbatim", sa.Integer(), nullable=False),
        sa.Column("paraphrase", sa.Integer(), nullable=False),
        sa.Column("quotes", sa.Integer(), nullable=False),
        sa.Column("derivation", sa.String(length=24), nullable=False),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        _doc_fk("later_id", "reuse_edges"),
        _doc_fk("earlier_id", "reuse_edges"),
        sa.PrimaryKeyConstraint("later_id", "earlier_id", name=op.f("pk_reuse_edges")),
    )
    op.create_index("ix_reuse_edges_earlier_id", "reuse_edges", ["earlier_id"])
    _backfill_keys()


def _backfill_keys() -> None:
    frozen = _frozen("r0002_keys")  # the key rule of this revision, never today's
    conn = op.get_bind()
    keys = sa.table("sentence_keys", sa.column("key"), sa.column("document_id"), sa.column("position"))
    doc_ids = [r[0] for r in conn.execute(sa.text("SELECT id FROM documents ORDER BY id"))]
    for doc_id in doc_ids:
        text = conn.execute(sa.text("SELECT text FROM documents WHERE id = :id"), {"id": doc_id}).scalar_one()
        spans = conn.execute(
            sa.text('SELECT position, start, "end" FROM sentences WHERE document_id = :id ORDER BY position'),
            {"id": doc_id},
        ).all()
        rows = {
            (key, position)
            for position, start, end in spans
            for key in frozen.sentence_keys(frozen.normalise(text[start:end]))
        }
        if rows:
            conn.execute(
                sa.insert(keys), [{"key": k, "document_id": doc_id, "position": p} for k, p in sorted(rows)]
            )


def downgrade() -> None:
    op.drop_table("reuse_edges")
    op.drop_table("matches")
    op.drop_table("sentence_keys")
