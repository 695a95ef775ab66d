"""Each conversation's last "more" token, in the database, so that "more" works on any replica.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "page_tokens",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("conversation", sa.String(64), nullable=False),
        sa.Column("token", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("conversation", name="uq_page_tokens_conversation"),
    )
    op.create_index("ix_page_tokens_updated_at", "page_tokens", ["updated_at"])


def downgrade() -> None:
    op.drop_table("page_tokens")
