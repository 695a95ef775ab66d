"""Indexes for the chat queries at 100k articles (bench/query_bench.py, bench/README.md):
mentions and claim subjects by entity carry the article / claim id, and cited sources can be
found per article within a workspace without scanning the workspace.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_mentions_workspace_entity", table_name="mentions")
    op.create_index(
        "ix_mentions_workspace_entity_article", "mentions", ["workspace_id", "entity_id", "article_id"]
    )
    op.drop_index("ix_claim_subjects_workspace_entity", table_name="claim_subjects")
    op.create_index(
        "ix_claim_subjects_workspace_entity_claim",
        "claim_subjects",
        ["workspace_id", "entity_id", "claim_id"],
    )
    op.create_index("ix_cited_sources_workspace_article", "cited_sources", ["workspace_id", "article_id"])


def downgrade() -> None:
    op.drop_index("ix_cited_sources_workspace_article", table_name="cited_sources")
    op.drop_index("ix_claim_subjects_workspace_entity_claim", table_name="claim_subjects")
    op.create_index("ix_claim_subjects_workspace_entity", "claim_subjects", ["workspace_id", "entity_id"])
    op.drop_index("ix_mentions_workspace_entity_article", table_name="mentions")
    op.create_index("ix_mentions_workspace_entity", "mentions", ["workspace_id", "entity_id"])
