"""Mention counts kept as articles are saved, so that "most mentioned" never sums every mention.

Three sums of the mentions rows, each kept in the article's own save transaction:

- `entities.mentions` / `entities.articles`: an entity's totals (the /who NAME ranking, all time);
- `entity_days`: per entity and UTC day of the article's date (the most mentioned in a period);
- `entity_roles`: per entity and role, as spelled (a profile's roles).

`add` counts a new parse in, `remove` counts an old one out before its rows are deleted (an
updated article). Statements go in entity order, so two writers on PostgreSQL take row locks in
the same order. tests/store/test_store_counts.py checks the sums against the mentions rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from bot.store.engine import upsert
from bot.store.models import Article, Entity, EntityDay, EntityRole, Mention, table_of

ENTITIES, DAYS, ROLES = map(table_of, (Entity, EntityDay, EntityRole))


def role_hash(role: str) -> str:
    """The key of a role in entity_roles: roles are free text of any length."""
    return hashlib.sha1(role.encode("utf-8")).hexdigest()


def day_of(moment: datetime) -> date:
    """The UTC day an article counts in (its dated_at, stored as UTC)."""
    return moment.date()


def add(session: Session, workspace_id: int, day: date, mentions: Iterable[Mapping[str, Any]]) -> None:
    """Count in an article's mentions rows (dicts with entity_id, mentions, role), dated `day`."""
    _apply(session, workspace_id, day, _rows(mentions), 1)


def remove(session: Session, workspace_id: int, article_id: int) -> None:
    """Count out an article's current mentions rows (call before deleting them)."""
    dated = session.execute(select(Article.dated_at).where(Article.id == article_id)).scalar()
    if dated is None:
        return
    rows = session.execute(
        select(Mention.entity_id, Mention.mentions, Mention.role).where(
            Mention.workspace_id == workspace_id, Mention.article_id == article_id
        )
    ).all()
    kept = [{"entity_id": e, "mentions": n, "role": role} for e, n, role in rows]
    _apply(session, workspace_id, day_of(dated), _rows(kept), -1)


def _rows(mentions: Iterable[Mapping[str, Any]]) -> list[tuple[int, int, str | None]]:
    return sorted((int(m["entity_id"]), int(m["mentions"]), m["role"] or None) for m in mentions)


def _apply(
    session: Session, workspace_id: int, day: date, rows: list[tuple[int, int, str | None]], sign: int
) -> None:
    if not rows:
        return
    session.execute(
        update(ENTITIES)
        .where(ENTITIES.c.id == bindparam("entity"))
        .values(
            mentions=ENTITIES.c.mentions + bindparam("n"), articles=ENTITIES.c.articles + bindparam("one")
        ),
        [{"entity": e, "n": sign * n, "one": sign} for e, n, _role in rows],
    )
    days = [
        {"workspace_id": workspace_id, "day": day, "entity_id": e, "mentions": sign * n, "articles": sign}
        for e, n, _role in rows
    ]
    roles: dict[tuple[int, str], dict[str, Any]] = {}
    for e, n, role in rows:
        if role is None:
            continue
        row = roles.setdefault(
            (e, role),
            {"workspace_id": workspace_id, "entity_id": e, "role_hash": role_hash(role), "role": role,
             "articles": 0, "mentions": 0},
        )  # fmt: skip
        row["articles"] += sign
        row["mentions"] += sign * n
    _accumulate(session, DAYS, days, ("workspace_id", "day", "entity_id"))
    _accumulate(session, ROLES, list(roles.values()), ("workspace_id", "entity_id", "role_hash"))
    if sign < 0:  # rows counting nothing any more go
        entity_ids = sorted({e for e, _n, _role in rows})
        session.execute(
            delete(EntityDay).where(
                EntityDay.workspace_id == workspace_id,
                EntityDay.day == day,
                EntityDay.entity_id.in_(entity_ids),
                EntityDay.articles <= 0,
            )
        )
        session.execute(
            delete(EntityRole).where(
                EntityRole.workspace_id == workspace_id,
                EntityRole.entity_id.in_(entity_ids),
                EntityRole.articles <= 0,
            )
        )


def _accumulate(session: Session, table: Any, rows: list[dict[str, Any]], key: tuple[str, ...]) -> None:
    """Insert the rows, or add their articles and mentions to the rows already there."""
    if not rows:
        return
    statement = upsert(session.get_bind().dialect.name, table)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=list(key),
            set_={
                "articles": table.c.articles + statement.excluded.articles,
                "mentions": table.c.mentions + statement.excluded.mentions,
            },
        ),
        rows,
    )


# ---------------------------------------------------------------- reading them


def all_time(session: Session, ws_id: int, since: datetime | None, until: datetime | None) -> bool:
    """Whether the period holds every article of the workspace (the entities' totals then serve)."""
    if until is not None:
        return False
    if since is None:
        return True
    oldest = session.scalar(select(func.min(Article.dated_at)).where(Article.workspace_id == ws_id))
    return oldest is None or oldest >= since


def in_period(
    session: Session, ws_id: int, since: datetime, until: datetime | None
) -> dict[int, tuple[int, int]]:
    """Each entity's mentions and articles in the articles dated in [since, until): whole UTC days
    from entity_days, the part-days at either end from the mentions rows."""
    since = since.astimezone(UTC)
    until = until.astimezone(UTC) if until is not None else None
    first = since.date() if since == _midnight(since.date()) else since.date() + timedelta(days=1)
    last = until.date() if until is not None else None  # whole days are first <= day < last
    totals: dict[int, list[int]] = {}

    def count(rows: Iterable[Any]) -> None:
        for entity_id, mentions, articles in rows:
            total = totals.setdefault(entity_id, [0, 0])
            total[0] += int(mentions)
            total[1] += int(articles)

    days = [EntityDay.workspace_id == ws_id, EntityDay.day >= first]
    if last is not None:
        days.append(EntityDay.day < last)
    if last is None or first < last:
        count(
            session.execute(
                select(EntityDay.entity_id, func.sum(EntityDay.mentions), func.sum(EntityDay.articles))
                .where(*days)
                .group_by(EntityDay.entity_id)
            )
        )
    edges = [(since, _midnight(first) if until is None else min(_midnight(first), until))]
    if until is not None and last is not None:
        edges.append((max(_midnight(last), _midnight(first)), until))
    for start, end in edges:
        if start < end:
            dated = select(Article.id).where(
                Article.workspace_id == ws_id, Article.dated_at >= start, Article.dated_at < end
            )
            count(
                session.execute(
                    select(Mention.entity_id, func.sum(Mention.mentions), func.count())
                    .where(Mention.article_id.in_(dated))
                    .group_by(Mention.entity_id)
                )
            )
    return {entity_id: (m, a) for entity_id, (m, a) in totals.items()}


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
