"""Licence notes get a scope: ``article`` (the text) or ``media`` (a photo or image credit).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("licence_notes") as batch:
        batch.add_column(sa.Column("scope", sa.String(length=16), server_default="article", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("licence_notes") as batch:
        batch.drop_column("scope")
