"""The newest date of each block of 1024 article ids (`date_blocks`, bot/store/models.py).

The late check of the newest-first queries (bot/store/selects.py) looked for articles dated
since D among every article dated since D; it now walks only the blocks whose newest date is D
or later. Filled from the articles already kept.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "date_blocks",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("block", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("newest", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "block", name="pk_date_blocks"),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name="fk_date_blocks_workspace_id_workspaces",
            ondelete="CASCADE",
        ),
        sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO date_blocks (workspace_id, block, newest)"
        " SELECT workspace_id, id >> 10, max(dated_at) FROM articles GROUP BY workspace_id, id >> 10"
    )


def downgrade() -> None:
    op.drop_table("date_blocks")
