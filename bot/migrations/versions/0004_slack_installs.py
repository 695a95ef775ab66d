"""Slack app installs (OAuth, many workspaces): the tables and columns of slack_sdk's SQLAlchemy
installation and state stores (slack_bots, slack_installations, slack_oauth_states), so that
adapters/slack/install_store.py, or slack_sdk's own stores later, keep them in our database.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_BOT = (
    ("app_id", 32), ("enterprise_id", 32), ("enterprise_name", 200), ("team_id", 32), ("team_name", 200),
    ("bot_token", 200), ("bot_id", 32), ("bot_user_id", 32), ("bot_scopes", 1000), ("bot_refresh_token", 200),
)  # fmt: skip
_INSTALL = (
    *_BOT, ("enterprise_url", 200), ("user_id", 32), ("user_token", 200), ("user_scopes", 1000),
    ("user_refresh_token", 200), ("incoming_webhook_url", 200), ("incoming_webhook_channel", 200),
    ("incoming_webhook_channel_id", 200), ("incoming_webhook_configuration_url", 200), ("token_type", 32),
)  # fmt: skip


def _installs(name: str, columns: tuple[tuple[str, int], ...], times: tuple[str, ...]) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("client_id", sa.String(32), nullable=False),
        *(sa.Column(col, sa.String(size)) for col, size in columns),
        *(sa.Column(col, sa.DateTime()) for col in times),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        sa.Column("installed_at", sa.DateTime(), nullable=False),
    )
    op.create_index(f"{name}_idx", name, ["client_id", "enterprise_id", "team_id", "installed_at"])


def upgrade() -> None:
    _installs("slack_bots", _BOT, ("bot_token_expires_at",))
    _installs("slack_installations", _INSTALL, ("bot_token_expires_at", "user_token_expires_at"))
    op.create_table(
        "slack_oauth_states",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("state", sa.String(200), nullable=False),
        sa.Column("expire_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    for table in ("slack_oauth_states", "slack_installations", "slack_bots"):
        op.drop_table(table)
