"""Digests: which channel each article was brought to, one delivery record per channel digest
(unique per channel and local date: the exactly-once key), and the messages each digest posted
(for answers in a digest item's thread).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _ws(table: str) -> sa.Column[int]:
    return sa.Column(
        "workspace_id",
        sa.Integer(),
        sa.ForeignKey("workspaces.id", name=f"fk_{table}_workspace_id_workspaces", ondelete="CASCADE"),
        nullable=False,
    )


def _owned(table: str, parent: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workspace_id", column],
        [f"{parent}.workspace_id", f"{parent}.id"],
        name=f"fk_{table}_workspace_id_{column}_{parent}",
        ondelete="CASCADE",
    )


def _time(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "article_channels",
        sa.Column("id", sa.Integer(), primary_key=True),
        _ws("article_channels"),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(128), nullable=False),
        _time("added_at"),
        sa.UniqueConstraint(
            "workspace_id",
            "article_id",
            "channel",
            name="uq_article_channels_workspace_id_article_id_channel",
        ),
        _owned("article_channels", "articles", "article_id"),
    )
    op.create_table(
        "digest_deliveries",
        sa.Column("id", sa.Integer(), primary_key=True),
        _ws("digest_deliveries"),
        sa.Column("channel", sa.String(128), nullable=False),
        sa.Column("slot", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("owner", sa.String(128), nullable=False),
        _time("claimed_at"),
        _time("completed_at", nullable=True),
        _time("window_start"),
        _time("window_end"),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("posted", sa.Integer(), nullable=False),
        sa.UniqueConstraint(
            "workspace_id", "channel", "slot", name="uq_digest_deliveries_workspace_id_channel_slot"
        ),
        sa.UniqueConstraint("workspace_id", "id", name="uq_digest_deliveries_workspace_id_id"),
    )
    op.create_table(
        "digest_messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        _ws("digest_messages"),
        sa.Column("delivery_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(128), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(128), nullable=False),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("articles.id", name="fk_digest_messages_article_id_articles", ondelete="SET NULL"),
        ),
        sa.Column("article_ids", sa.JSON(), nullable=False),
        _time("posted_at"),
        sa.UniqueConstraint("delivery_id", "position", name="uq_digest_messages_delivery_id_position"),
        sa.UniqueConstraint(
            "workspace_id", "channel", "message_id", name="uq_digest_messages_workspace_id_channel_message_id"
        ),
        _owned("digest_messages", "digest_deliveries", "delivery_id"),
    )


def downgrade() -> None:
    for table in ("digest_messages", "digest_deliveries", "article_channels"):
        op.drop_table(table)
