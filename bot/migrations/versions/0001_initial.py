"""Workspaces, articles and their parse, entities linked across articles, feeds, channel settings,
and the full-text indexes (SQLite FTS5 tables kept by triggers; PostgreSQL tsvector columns).

Revision ID: 0001
Revises:
Create Date: 2026-05-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Searchable text per table: (table, columns), the same on both backends.
SEARCHED = {
    "claims": ("speaker", "content", "sentence"),
    "key_points": ("text",),
    "entities": ("search_text",),
}
TOKENIZE = "porter unicode61 remove_diacritics 2"


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _ws(table: str) -> sa.Column[int]:
    return sa.Column(
        "workspace_id",
        sa.Integer(),
        sa.ForeignKey("workspaces.id", name=f"fk_{table}_workspace_id_workspaces", ondelete="CASCADE"),
        nullable=False,
    )


def _owned(table: str, parent: str, column: str, ondelete: str | None = "CASCADE") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workspace_id", column],
        [f"{parent}.workspace_id", f"{parent}.id"],
        name=f"fk_{table}_workspace_id_{column}_{parent}",
        ondelete=ondelete,
    )


def _time(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "workspaces",
        _id(),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("external_id", sa.String(128), nullable=False),
        sa.Column("name", sa.String(200)),
        _time("created_at"),
        sa.UniqueConstraint("platform", "external_id", name="uq_workspaces_platform_external_id"),
    )
    op.create_table(
        "articles",
        _id(),
        _ws("articles"),
        sa.Column("url", sa.Text()),
        sa.Column("canonical_url", sa.Text()),
        sa.Column("outlet", sa.String(200)),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("authors", sa.JSON(), nullable=False),
        _time("published_at", nullable=True),
        _time("fetched_at"),
        _time("dated_at"),
        _time("updated_at"),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text()),
        sa.UniqueConstraint("workspace_id", "id", name="uq_articles_workspace_id_id"),
        sa.UniqueConstraint("workspace_id", "content_hash", name="uq_articles_workspace_id_content_hash"),
        sa.UniqueConstraint("workspace_id", "canonical_url", name="uq_articles_workspace_id_canonical_url"),
    )
    op.create_index("ix_articles_workspace_dated", "articles", ["workspace_id", "dated_at"])
    op.create_index("ix_articles_workspace_fetched", "articles", ["workspace_id", "fetched_at"])
    op.create_table(
        "entities",
        _id(),
        _ws("entities"),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("family", sa.String(20), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.UniqueConstraint("workspace_id", "id", name="uq_entities_workspace_id_id"),
        sa.UniqueConstraint("workspace_id", "family", "key", name="uq_entities_workspace_id_family_key"),
    )
    op.create_index("ix_entities_workspace_key", "entities", ["workspace_id", "key"])
    op.create_table(
        "entity_aliases",
        _id(),
        _ws("entity_aliases"),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(300), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.UniqueConstraint(
            "workspace_id", "entity_id", "key", name="uq_entity_aliases_workspace_id_entity_id_key"
        ),
        _owned("entity_aliases", "entities", "entity_id"),
    )
    op.create_index("ix_entity_aliases_workspace_key", "entity_aliases", ["workspace_id", "key"])
    op.create_table(
        "mentions",
        _id(),
        _ws("mentions"),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("role", sa.Text()),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.UniqueConstraint("article_id", "entity_id", name="uq_mentions_article_id_entity_id"),
        _owned("mentions", "articles", "article_id"),
        _owned("mentions", "entities", "entity_id"),
    )
    op.create_index("ix_mentions_workspace_entity", "mentions", ["workspace_id", "entity_id"])
    op.create_table(
        "claims",
        _id(),
        _ws("claims"),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.String(300)),
        sa.Column("speaker_key", sa.String(300)),
        sa.Column("speaker_entity_id", sa.Integer()),
        sa.Column("speaker_kind", sa.String(20)),
        sa.Column("cue", sa.String(100), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("direct_quote", sa.Boolean(), nullable=False),
        sa.Column("hedged", sa.Boolean(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.UniqueConstraint("workspace_id", "id", name="uq_claims_workspace_id_id"),
        _owned("claims", "articles", "article_id"),
        _owned("claims", "entities", "speaker_entity_id", ondelete=None),
    )
    op.create_index("ix_claims_article", "claims", ["article_id"])
    op.create_index("ix_claims_workspace_speaker_entity", "claims", ["workspace_id", "speaker_entity_id"])
    op.create_index("ix_claims_workspace_speaker_key", "claims", ["workspace_id", "speaker_key"])
    op.create_table(
        "claim_subjects",
        sa.Column("claim_id", sa.Integer(), primary_key=True),
        sa.Column("entity_id", sa.Integer(), primary_key=True),
        _ws("claim_subjects"),
        _owned("claim_subjects", "claims", "claim_id"),
        _owned("claim_subjects", "entities", "entity_id"),
    )
    op.create_index("ix_claim_subjects_workspace_entity", "claim_subjects", ["workspace_id", "entity_id"])
    op.create_table(
        "cited_sources",
        _id(),
        _ws("cited_sources"),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer()),
        _owned("cited_sources", "articles", "article_id"),
        _owned("cited_sources", "entities", "entity_id", ondelete=None),
    )
    op.create_index("ix_cited_sources_article", "cited_sources", ["article_id"])
    op.create_index("ix_cited_sources_workspace_key", "cited_sources", ["workspace_id", "key"])
    op.create_table(
        "key_points",
        _id(),
        _ws("key_points"),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _owned("key_points", "articles", "article_id"),
    )
    op.create_index("ix_key_points_article", "key_points", ["article_id"])
    _feeds_and_settings()
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_fts()
    else:
        _postgres_fts()


def _feeds_and_settings() -> None:
    op.create_table(
        "feeds",
        _id(),
        _ws("feeds"),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(128)),
        sa.Column("title", sa.Text()),
        sa.Column("etag", sa.Text()),
        sa.Column("last_modified", sa.String(100)),
        _time("added_at"),
        _time("polled_at", nullable=True),
        sa.Column("last_error", sa.Text()),
        sa.UniqueConstraint("workspace_id", "id", name="uq_feeds_workspace_id_id"),
        sa.UniqueConstraint("workspace_id", "url", name="uq_feeds_workspace_id_url"),
    )
    op.create_table(
        "feed_entries",
        _id(),
        _ws("feed_entries"),
        sa.Column("feed_id", sa.Integer(), nullable=False),
        sa.Column("entry_key", sa.String(512), nullable=False),
        _time("seen_at"),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("articles.id", name="fk_feed_entries_article_id_articles", ondelete="SET NULL"),
        ),
        sa.UniqueConstraint("feed_id", "entry_key", name="uq_feed_entries_feed_id_entry_key"),
        _owned("feed_entries", "feeds", "feed_id"),
    )
    op.create_table(
        "channel_settings",
        _id(),
        _ws("channel_settings"),
        sa.Column("channel", sa.String(128), nullable=False),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.UniqueConstraint(
            "workspace_id", "channel", "key", name="uq_channel_settings_workspace_id_channel_key"
        ),
    )


def _sqlite_fts() -> None:
    """External-content FTS5 tables, kept in sync by triggers inside each writing transaction."""
    for table, columns in SEARCHED.items():
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        fts = f"{table}_fts"
        op.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id', "
            f"tokenize='{TOKENIZE}')"
        )
        add = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
        drop = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
        op.execute(f"CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN {add} END")
        op.execute(f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN {drop} END")
        op.execute(f"CREATE TRIGGER {table}_fts_update AFTER UPDATE ON {table} BEGIN {drop} {add} END")


def _postgres_fts() -> None:
    """A stored tsvector column per searched table, with a GIN index."""
    for table, columns in SEARCHED.items():
        text = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('english'::regconfig, {text})) STORED"
        )
        op.execute(f"CREATE INDEX ix_{table}_search ON {table} USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in SEARCHED:
            for action in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{action}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
    for table in (
        "channel_settings",
        "feed_entries",
        "feeds",
        "key_points",
        "cited_sources",
        "claim_subjects",
        "claims",
        "mentions",
        "entity_aliases",
        "entities",
        "articles",
        "workspaces",
    ):
        op.drop_table(table)
