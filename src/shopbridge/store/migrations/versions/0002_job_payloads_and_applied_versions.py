"""job payloads and applied versions

A job can carry its own payload (one item of a batch the event holds), and the store
keeps the newest source version applied per key so late, older updates are dropped.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("payload", sa.LargeBinary(), nullable=True))
    op.create_table(
        "applied_versions",
        sa.Column("scope", sa.String(length=255), nullable=False),
        sa.Column("key", sa.String(length=512), nullable=False),
        sa.Column("version", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key", name=op.f("pk_applied_versions")),
    )


def downgrade() -> None:
    op.drop_table("applied_versions")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("payload")
