"""Handled chat events, by platform and event id: retries are answered once across replicas.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handled_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("event_id", sa.String(255), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("platform", "event_id", name="uq_handled_events_platform_event_id"),
    )
    op.create_index("ix_handled_events_seen_at", "handled_events", ["seen_at"])


def downgrade() -> None:
    op.drop_table("handled_events")
