"""Candidate keys become stem pairs; keys too common to be evidence are listed in ``common_keys``.

``sentence_keys`` is rebuilt with this release's key function (the fingerprint
and one key per pair of sketch stems, and the key of the sentence's template,
counted for boilerplate; frozen in ``migrations/frozen/r0005_keys.py``), for the
sentences that are evidence (not licence notices or credit lines); on SQLite it
becomes a ``WITHOUT ROWID`` table (its rows live in its primary key, stored
once). Keys held by more than 1,000 sentences (``DetectConfig.max_key_postings``)
are entered in the new ``common_keys`` table and their postings dropped.

Downgrading restores the table layout of revision 0004 with the keys of this
release: an older release then finds fewer candidates among these documents.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

MAX_KEY_POSTINGS = 1000  # DetectConfig.max_key_postings of this release
_DOCS_PER_STEP = 500


def _frozen(name: str) -> ModuleType:
    """``migrations/frozen/<name>.py`` beside this folder (the repo's or the installed copy), by its path."""
    path = Path(__file__).resolve().parent.parent / "frozen" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_provenance_migrations_frozen_{name}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sentence_keys(without_rowid: bool) -> None:
    op.create_table(
        "sentence_keys",
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_sentence_keys_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", "document_id", "position", name=op.f("pk_sentence_keys")),
        sqlite_with_rowid=not without_rowid,
    )


def upgrade() -> None:
    op.drop_table("sentence_keys")
    _sentence_keys(without_rowid=True)
    op.create_table(
        "common_keys",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("postings", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_common_keys")),
    )
    _rebuild_keys()
    conn = op.get_bind()
    conn.execute(
        sa.text(
            "INSERT INTO common_keys (key, postings) "
            "SELECT key, count(*) FROM sentence_keys GROUP BY key HAVING count(*) > :limit"
        ),
        {"limit": MAX_KEY_POSTINGS},
    )
    conn.execute(sa.text("DELETE FROM sentence_keys WHERE key IN (SELECT key FROM common_keys)"))


def _in_ids(sql: str) -> sa.TextClause:
    return sa.text(sql).bindparams(sa.bindparam("ids", expanding=True))


def _rebuild_keys() -> None:
    index_keys = _frozen("r0005_keys").index_keys  # the key rule of this revision, never today's
    conn = op.get_bind()
    keys = sa.table("sentence_keys", sa.column("key"), sa.column("document_id"), sa.column("position"))
    doc_ids = [r[0] for r in conn.execute(sa.text("SELECT id FROM documents ORDER BY id"))]
    for i in range(0, len(doc_ids), _DOCS_PER_STEP):
        step = doc_ids[i : i + _DOCS_PER_STEP]
        texts = dict(
            conn.execute(_in_ids("SELECT id, text FROM documents WHERE id IN :ids"), {"ids": step}).all()
        )
        spans = conn.execute(
            _in_ids(
                'SELECT document_id, position, start, "end" FROM sentences WHERE evidence AND document_id IN :ids'
            ),
            {"ids": step},
        ).all()
        rows = {
            (key, doc_id, position)
            for doc_id, position, start, end in spans
            for key in index_keys(texts[doc_id][start:end])
        }
        if rows:
            conn.execute(
                sa.insert(keys), [{"key": k, "document_id": d, "position": p} for k, d, p in sorted(rows)]
            )


def downgrade() -> None:
    conn = op.get_bind()
    conn.execute(
        sa.text("CREATE TABLE sentence_keys_copy AS SELECT key, document_id, position FROM sentence_keys")
    )
    op.drop_table("common_keys")
    op.drop_table("sentence_keys")
    _sentence_keys(without_rowid=False)
    conn.execute(
        sa.text("INSERT INTO sentence_keys (key, document_id, position) SELECT * FROM sentence_keys_copy")
    )
    op.drop_table("sentence_keys_copy")
