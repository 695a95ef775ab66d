"""Query indexes for the chat commands at 100k articles (bench/query_bench.py).

Three indexes are widened (their old column lists are prefixes of the new ones, so nothing
that used them loses): an entity's mentions in article order (profile articles newest first),
a subject's claims in id order (claims about an entity, newest first), and an article's cited
sources within its workspace. An entity's mentions by role, with the count, give the profile's
role counts and the mention sums (/who NAME) from the index alone. The index of cited sources
by (workspace, key) goes: no query looks sources up by key, and SQLite's planner chose it to
group a list of articles' sources by key, reading every cited source of the workspace (750 ms
at 100k articles).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# (table, old index, its columns, new index, its columns)
_WIDENED = (
    (
        "mentions",
        "ix_mentions_workspace_entity", ["workspace_id", "entity_id"],
        "ix_mentions_workspace_entity_article", ["workspace_id", "entity_id", "article_id"],
    ),
    (
        "claim_subjects",
        "ix_claim_subjects_workspace_entity", ["workspace_id", "entity_id"],
        "ix_claim_subjects_workspace_entity_claim", ["workspace_id", "entity_id", "claim_id"],
    ),
    (
        "cited_sources",
        "ix_cited_sources_article", ["article_id"],
        "ix_cited_sources_workspace_article", ["workspace_id", "article_id"],
    ),
)  # fmt: skip

_ROLES = ("ix_mentions_workspace_entity_role", "mentions", ["workspace_id", "entity_id", "role", "mentions"])


def upgrade() -> None:
    for table, old, _old_columns, new, columns in _WIDENED:
        op.create_index(new, table, columns)
        op.drop_index(old, table_name=table)
    op.create_index(*_ROLES)
    op.drop_index("ix_cited_sources_workspace_key", table_name="cited_sources")


def downgrade() -> None:
    op.create_index("ix_cited_sources_workspace_key", "cited_sources", ["workspace_id", "key"])
    op.drop_index(_ROLES[0], table_name=_ROLES[1])
    for table, old, old_columns, new, _columns in _WIDENED:
        op.create_index(old, table, old_columns)
        op.drop_index(new, table_name=table)
