"""durable timers

Timers that outlive a restart: when one is due, its engine event and jobs are
appended and the timer removed in one transaction.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "timers",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("shop", sa.String(length=128), nullable=True),
        sa.Column("topic", sa.String(length=128), nullable=False),
        sa.Column("fire_at", sa.Float(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_timers")),
    )
    op.create_index("ix_timers_fire_at", "timers", ["fire_at"])


def downgrade() -> None:
    op.drop_index("ix_timers_fire_at", table_name="timers")
    op.drop_table("timers")
