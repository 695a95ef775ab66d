"""Sources by id, and each article's cited sources packed in one row (bot/store/tallies.py).

- `sources`: one id per workspace for each (key, kind) cited, named as first cited;
- `source_tallies`: per article, its date and outlet and (source id, claims) pairs, which bare
  /sources and topic sources sum instead of grouping every cited source by name.

Both are filled in from the cited sources already kept. Two narrow indexes serve lists of ids:
articles by (id, workspace, date), for ranking a topic's candidate articles by date without
reading their rows, and claims and key points by (id, workspace, article), for the articles of a
list of them (a topic's full-text matches).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""

from __future__ import annotations

import numpy as np
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_BATCH = 5000


def _workspace_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workspace_id"], ["workspaces.id"], name=f"fk_{table}_workspace_id_workspaces", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sources"),
        sa.UniqueConstraint("workspace_id", "key", "kind", name="uq_sources_workspace_id_key_kind"),
        _workspace_fk("sources"),
    )
    op.create_table(
        "source_tallies",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("dated_at", sa.DateTime(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("outlet", sa.String(200), nullable=True),
        sa.Column("counts", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "dated_at", "article_id", name="pk_source_tallies"),
        sa.UniqueConstraint("workspace_id", "article_id", name="uq_source_tallies_workspace_id_article_id"),
        _workspace_fk("source_tallies"),
        sa.ForeignKeyConstraint(
            ["workspace_id", "article_id"],
            ["articles.workspace_id", "articles.id"],
            name="fk_source_tallies_workspace_id_article_id_articles",
            ondelete="CASCADE",
        ),
        sqlite_with_rowid=False,
    )
    _fill()
    op.create_index("ix_articles_id_dated", "articles", ["id", "workspace_id", "dated_at"])
    op.create_index("ix_claims_id_article", "claims", ["id", "workspace_id", "article_id"])
    op.create_index("ix_key_points_id_article", "key_points", ["id", "workspace_id", "article_id"])


def _fill() -> None:
    """The sources and tallies of the cited sources already kept, as bot/store/tallies.py writes them."""
    bind = op.get_bind()
    op.execute(
        "INSERT INTO sources (workspace_id, key, kind, name)"
        " SELECT c.workspace_id, c.key, c.kind, c.name FROM cited_sources c"
        " WHERE c.id IN (SELECT min(id) FROM cited_sources GROUP BY workspace_id, key, kind)"
        " ORDER BY c.id"
    )
    pairs: dict[int, list[tuple[int, int]]] = {}
    per_article = bind.execute(
        sa.text(
            "SELECT c.article_id, s.id, sum(c.claims) FROM cited_sources c JOIN sources s"
            " ON s.workspace_id = c.workspace_id AND s.key = c.key AND s.kind = c.kind"
            " GROUP BY c.article_id, s.id ORDER BY c.article_id, s.id"
        )
    )
    for article_id, source_id, claims in per_article:
        pairs.setdefault(article_id, []).append((source_id, int(claims)))
    insert = sa.text(
        "INSERT INTO source_tallies (workspace_id, dated_at, article_id, outlet, counts)"
        " VALUES (:workspace_id, :dated_at, :article_id, :outlet, :counts)"
    )
    articles = bind.execute(sa.text("SELECT workspace_id, dated_at, id, outlet FROM articles ORDER BY id"))
    while batch := articles.fetchmany(_BATCH):
        rows = [
            {"workspace_id": w, "dated_at": d, "article_id": a, "outlet": o,
             "counts": np.array(pairs.get(a, []), dtype="<i4").tobytes()}
            for w, d, a, o in batch
        ]  # fmt: skip
        bind.execute(insert, rows)


def downgrade() -> None:
    op.drop_index("ix_key_points_id_article", table_name="key_points")
    op.drop_index("ix_claims_id_article", table_name="claims")
    op.drop_index("ix_articles_id_dated", table_name="articles")
    op.drop_table("source_tallies")
    op.drop_table("sources")
