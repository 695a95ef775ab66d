"""Mention counts kept at save time (bot/store/counts.py), filled in from the mentions already kept.

- `entities.mentions` and `entities.articles`: each entity's totals, indexed by workspace and
  mentions (the most mentioned of all time);
- `entity_hours`: per hour (UTC) of the articles' date, every entity's mentions and articles
  in that hour, packed in one row (the most mentioned in a period);
- `entity_roles`: per entity and role (a profile's roles).

The mentions index by (workspace, entity, role, mentions) goes: it served the role counts and
mention sums these now give. On SQLite the entities' full-text trigger fires on updates of the
searched text only, no longer on every update (each save now updates its entities' totals).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_ROLES_INDEX = (
    "ix_mentions_workspace_entity_role",
    "mentions",
    ["workspace_id", "entity_id", "role", "mentions"],
)
_BATCH = 5000


def _owned_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workspace_id", "entity_id"],
        ["entities.workspace_id", "entities.id"],
        name=f"fk_{table}_workspace_id_entity_id_entities",
        ondelete="CASCADE",
    )


def _workspace_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workspace_id"], ["workspaces.id"], name=f"fk_{table}_workspace_id_workspaces", ondelete="CASCADE"
    )


def upgrade() -> None:
    # plain ALTER TABLE on both backends (a batch on SQLite would rebuild the table and lose the
    # full-text triggers the entities carry)
    op.add_column("entities", sa.Column("mentions", sa.Integer(), server_default="0", nullable=False))
    op.add_column("entities", sa.Column("articles", sa.Integer(), server_default="0", nullable=False))
    op.create_table(
        "entity_hours",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("hour", sa.DateTime(), nullable=False),
        sa.Column("counts", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "hour", name="pk_entity_hours"),
        _workspace_fk("entity_hours"),
    )
    op.create_table(
        "entity_roles",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("role_hash", sa.String(40), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "entity_id", "role_hash", name="pk_entity_roles"),
        _workspace_fk("entity_roles"),
        _owned_fk("entity_roles"),
        sqlite_with_rowid=False,
    )
    _fill()
    if op.get_bind().dialect.name == "sqlite":
        _fts_update_trigger(" OF search_text")
    op.create_index("ix_entities_workspace_mentions", "entities", ["workspace_id", "mentions"])
    op.drop_index(_ROLES_INDEX[0], table_name=_ROLES_INDEX[1])


def _fill() -> None:
    """The counts of the mentions already kept, computed as bot/store/counts.py keeps them."""
    bind = op.get_bind()
    op.execute(
        "UPDATE entities SET"
        " mentions = coalesce((SELECT sum(m.mentions) FROM mentions m WHERE m.entity_id = entities.id), 0),"
        " articles = (SELECT count(*) FROM mentions m WHERE m.entity_id = entities.id)"
    )
    # the hour as the store writes it: SQLite keeps "YYYY-MM-DD HH:MM:SS.ffffff" text
    hour = (
        "strftime('%Y-%m-%d %H:00:00.000000', a.dated_at)"
        if bind.dialect.name == "sqlite"
        else "date_trunc('hour', a.dated_at)"
    )
    per_hour = bind.execute(
        sa.text(
            f"SELECT m.workspace_id, {hour}, m.entity_id, sum(m.mentions), count(*)"
            " FROM mentions m JOIN articles a ON a.id = m.article_id"
            f" GROUP BY m.workspace_id, {hour}, m.entity_id"
        )
    ).fetchall()
    hours: dict[tuple[int, Any], dict[int, tuple[int, int]]] = {}
    for workspace_id, at, entity_id, mentions, articles in per_hour:
        hours.setdefault((workspace_id, at), {})[entity_id] = (int(mentions), int(articles))
    insert_hour = sa.text(
        "INSERT INTO entity_hours (workspace_id, hour, counts) VALUES (:workspace_id, :hour, :counts)"
    )
    rows = [{"workspace_id": w, "hour": at, "counts": _pack(counted)} for (w, at), counted in hours.items()]
    for start in range(0, len(rows), _BATCH):
        bind.execute(insert_hour, rows[start : start + _BATCH])
    roles = bind.execute(
        sa.text(
            "SELECT workspace_id, entity_id, role, count(*), sum(mentions) FROM mentions"
            " WHERE role IS NOT NULL AND role != '' GROUP BY workspace_id, entity_id, role"
        )
    ).fetchall()
    insert = sa.text(
        "INSERT INTO entity_roles (workspace_id, entity_id, role_hash, role, articles, mentions)"
        " VALUES (:workspace_id, :entity_id, :role_hash, :role, :articles, :mentions)"
    )
    for start in range(0, len(roles), _BATCH):
        rows = [
            {"workspace_id": w, "entity_id": e, "role_hash": hashlib.sha1(r.encode("utf-8")).hexdigest(),
             "role": r, "articles": n, "mentions": m}
            for w, e, r, n, m in roles[start : start + _BATCH]
        ]  # fmt: skip
        bind.execute(insert, rows)


def _pack(counted: dict[int, tuple[int, int]]) -> bytes:
    """As bot/store/counts.py packs an hour (written out here: a migration keeps its own format)."""
    return np.array([(e, *counted[e]) for e in sorted(counted)], dtype="<i4").tobytes()


_FTS_UPDATE = (
    "CREATE TRIGGER entities_fts_update AFTER UPDATE{columns} ON entities BEGIN"
    " INSERT INTO entities_fts(entities_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);"
    " INSERT INTO entities_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
)


def _fts_update_trigger(columns: str) -> None:
    op.execute("DROP TRIGGER entities_fts_update")
    op.execute(_FTS_UPDATE.format(columns=columns))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _fts_update_trigger("")
    op.create_index(*_ROLES_INDEX)
    op.drop_index("ix_entities_workspace_mentions", table_name="entities")
    op.drop_table("entity_roles")
    op.drop_table("entity_hours")
    op.execute("ALTER TABLE entities DROP COLUMN articles")  # SQLite >= 3.35 and PostgreSQL
    op.execute("ALTER TABLE entities DROP COLUMN mentions")
