"""Web pages keep their evidence: page licence notes, page metadata, longer publisher names.

* ``licence_notes.origin`` may be ``page``: a licence or copyright statement read from a web
  page's markup or furniture (``rel="license"``, meta tags, JSON-LD, the footer, a figure
  caption) rather than from the article text; ``found_in`` says where ("a[rel=license]",
  "meta dcterms.license", "json-ld NewsArticle.license", "footer", "figcaption").
* ``documents`` gain the page's metadata: ``modified_at``, ``language``, ``authors`` (a JSON
  array of names) and ``page_text``, the page's credit and licence lines outside the article
  text (bylines, "Source: ...", "Based on: URL"): never sentences, but evidence for the audit.

No stored row changes; downgrading drops the new columns and the page notes (which revision
0005's check constraint does not admit).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_ORIGINS_0005 = "origin IN ('detected', 'declared')"
_ORIGINS_0006 = "origin IN ('detected', 'declared', 'page')"


def _rebuild_licence_notes_on_sqlite(origins: str, found_in: bool) -> None:
    """SQLite cannot alter a CHECK constraint: rebuild ``licence_notes`` by hand, in a fixed layout.

    (Alembic's batch mode would do it too, but lists the copied constraints in no fixed order, and two
    stores upgraded alike must have the same schema.) No table references ``licence_notes``.
    """
    columns = (
        'id, document_id, publisher_id, spdx, holder, url, notice, start, "end", origin, created_at, scope'
    )
    op.execute(
        "CREATE TABLE _licence_notes_new (\n"
        "\tid INTEGER NOT NULL, \n\tdocument_id INTEGER, \n\tpublisher_id INTEGER, \n"
        "\tspdx VARCHAR(100) NOT NULL, \n\tholder VARCHAR(300), \n\turl TEXT, \n\tnotice TEXT, \n"
        '\tstart INTEGER, \n\t"end" INTEGER, \n\torigin VARCHAR(16) NOT NULL, \n'
        "\tcreated_at DATETIME NOT NULL, \n\tscope VARCHAR(16) DEFAULT 'article' NOT NULL, \n"
        + ("\tfound_in VARCHAR(64), \n" if found_in else "")
        + "\tCONSTRAINT pk_licence_notes PRIMARY KEY (id), \n"
        "\tCONSTRAINT fk_licence_notes_document_id_documents FOREIGN KEY(document_id) "
        "REFERENCES documents (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT fk_licence_notes_publisher_id_publishers FOREIGN KEY(publisher_id) "
        "REFERENCES publishers (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT ck_licence_notes_one_owner CHECK ((document_id IS NULL) <> (publisher_id IS NULL)), \n"
        f"\tCONSTRAINT ck_licence_notes_origin CHECK ({origins})\n)"
    )
    op.execute(f"INSERT INTO _licence_notes_new ({columns}) SELECT {columns} FROM licence_notes")
    op.execute("DROP TABLE licence_notes")
    op.execute("ALTER TABLE _licence_notes_new RENAME TO licence_notes")
    op.execute("CREATE INDEX ix_licence_notes_document_id ON licence_notes (document_id)")
    op.execute("CREATE INDEX ix_licence_notes_publisher_id ON licence_notes (publisher_id)")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_licence_notes_on_sqlite(_ORIGINS_0006, found_in=True)
    else:
        op.drop_constraint(op.f("ck_licence_notes_origin"), "licence_notes", type_="check")
        op.add_column("licence_notes", sa.Column("found_in", sa.String(length=64), nullable=True))
        op.create_check_constraint("origin", "licence_notes", _ORIGINS_0006)
    for column in (
        sa.Column("modified_at", sa.DateTime(), nullable=True),
        sa.Column("language", sa.String(length=35), nullable=True),
        sa.Column("authors", sa.Text(), nullable=True),
        sa.Column("page_text", sa.Text(), nullable=True),
    ):
        op.add_column("documents", column)


def downgrade() -> None:
    conn = op.get_bind()
    conn.execute(sa.text("DELETE FROM licence_notes WHERE origin = 'page'"))
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): rebuilding ``documents`` in batch mode would
    # DROP TABLE it, and its implicit DELETE would cascade to every sentence, key, match and edge.
    for column in ("page_text", "authors", "language", "modified_at"):
        op.drop_column("documents", column)
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_licence_notes_on_sqlite(_ORIGINS_0005, found_in=False)
    else:
        op.drop_constraint(op.f("ck_licence_notes_origin"), "licence_notes", type_="check")
        op.drop_column("licence_notes", "found_in")
        op.create_check_constraint("origin", "licence_notes", _ORIGINS_0005)
