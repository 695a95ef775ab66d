"""Mention counts kept as articles are saved, so that "most mentioned" never sums every mention.

Three sums of the mentions rows, each kept in the article's own save transaction:

- `entities.mentions` / `entities.articles`: an entity's totals (the /who NAME ranking, all time);
- `entity_hours`: per hour (UTC) of the articles' date, every entity's mentions and articles in
  that hour, packed in one row (the most mentioned in a period: a month is 720 small rows, and
  a save rewrites only its hour's row, however busy the day);
- `entity_roles`: per entity and role, as spelled (a profile's roles).

`add` counts a new parse in, `remove` counts an old one out before its rows are deleted (an
updated article). Entity rows are updated in id order, and an hour's row is locked before it is
read (PostgreSQL; SQLite writers queue anyway), so concurrent saves neither deadlock on the
totals nor lose an hour's update. tests/store/test_store_counts.py checks every sum against the
mentions rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

import numpy as np
from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from bot.store.engine import upsert
from bot.store.models import Article, Entity, EntityHour, EntityRole, Mention, table_of
from bot.store.selects import period

ENTITIES, HOURS, ROLES = map(table_of, (Entity, EntityHour, EntityRole))
_HOUR = timedelta(hours=1)
_PACKED = np.dtype("<i4")  # entity_hours.counts: (entity_id, mentions, articles) triples

Counted = tuple[int, int, int]  # entity_id, mentions, articles


def role_hash(role: str) -> str:
    """The key of a role in entity_roles: roles are free text of any length."""
    return hashlib.sha1(role.encode("utf-8")).hexdigest()


def hour_of(moment: datetime) -> datetime:
    """The hour an article counts in (its dated_at, in UTC, cut to the hour)."""
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def pack(counted: Mapping[int, tuple[int, int]]) -> bytes:
    """entity_id -> (mentions, articles) as entity_hours.counts, in entity order."""
    return np.array([(e, *counted[e]) for e in sorted(counted)], dtype=_PACKED).tobytes()


def unpack(blob: bytes | None) -> dict[int, tuple[int, int]]:
    if not blob:
        return {}
    triples = np.frombuffer(blob, dtype=_PACKED).reshape(-1, 3).tolist()
    return {e: (m, a) for e, m, a in triples}


def add(session: Session, workspace_id: int, hour: datetime, mentions: Iterable[Mapping[str, Any]]) -> None:
    """Count in an article's mentions rows (dicts with entity_id, mentions, role), dated in `hour`."""
    _apply(session, workspace_id, hour, _rows(mentions), 1)


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
    _apply(session, workspace_id, hour_of(dated), _rows(kept), -1)


def _rows(mentions: Iterable[Mapping[str, Any]]) -> list[tuple[int, int, str | None]]:
    return sorted((int(m["entity_id"]), int(m["mentions"]), m["role"] or None) for m in mentions)


def _apply(
    session: Session, workspace_id: int, hour: datetime, rows: list[tuple[int, int, str | None]], sign: int
) -> None:
    if not rows:
        return
    session.execute(_TOTALS, [{"entity": e, "n": sign * n, "one": sign} for e, n, _role in rows])
    _count_hour(session, workspace_id, hour, rows, sign)
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
    if roles:
        session.execute(_roles_upsert(session.get_bind().dialect.name), list(roles.values()))
    if sign < 0 and roles:  # roles no article gives any more go
        session.execute(
            delete(EntityRole).where(
                EntityRole.workspace_id == workspace_id,
                EntityRole.entity_id.in_(sorted({e for e, _role in roles})),
                EntityRole.articles <= 0,
            )
        )


def _count_hour(
    session: Session, workspace_id: int, hour: datetime, rows: list[tuple[int, int, str | None]], sign: int
) -> None:
    """Read, change and write back the hour's packed counts, the row locked meanwhile."""
    dialect = session.get_bind().dialect.name
    the_hour = (EntityHour.workspace_id == workspace_id) & (EntityHour.hour == hour)
    key = {"workspace_id": workspace_id, "hour": hour}
    if dialect == "postgresql":  # a row to lock, even for the hour's first article
        session.execute(_hour_upsert(dialect, new=False), {**key, "counts": b""})
    blob = session.execute(_HOUR_COUNTS, key).scalar()
    counted = unpack(blob)
    for e, n, _role in rows:
        mentions, articles = counted.get(e, (0, 0))
        counted[e] = (mentions + sign * n, articles + sign)
    kept = {e: c for e, c in counted.items() if c[1] > 0}
    if kept:
        session.execute(_hour_upsert(dialect, new=True), {**key, "counts": pack(kept)})
    else:
        session.execute(delete(EntityHour).where(the_hour))


_HOUR_COUNTS = (  # the hour's counts, its row locked (parameters workspace_id, hour)
    select(EntityHour.counts)
    .where(EntityHour.workspace_id == bindparam("workspace_id"), EntityHour.hour == bindparam("hour"))
    .with_for_update()
)
_TOTALS = (
    update(ENTITIES)
    .where(ENTITIES.c.id == bindparam("entity"))
    .values(mentions=ENTITIES.c.mentions + bindparam("n"), articles=ENTITIES.c.articles + bindparam("one"))
)


@cache
def _roles_upsert(dialect: str) -> Any:
    """Insert roles, or add to their counts (made once: building it costs more than running it)."""
    statement = upsert(dialect, ROLES)
    return statement.on_conflict_do_update(
        index_elements=["workspace_id", "entity_id", "role_hash"],
        set_={
            "articles": ROLES.c.articles + statement.excluded.articles,
            "mentions": ROLES.c.mentions + statement.excluded.mentions,
        },
    )


@cache
def _hour_upsert(dialect: str, *, new: bool) -> Any:
    """Write an hour's counts (`new`), or make its row if there is none."""
    statement = upsert(dialect, HOURS)
    keys = ["workspace_id", "hour"]
    if not new:
        return statement.on_conflict_do_nothing(index_elements=keys)
    return statement.on_conflict_do_update(index_elements=keys, set_={"counts": statement.excluded.counts})


# ---------------------------------------------------------------- reading them


def all_time(session: Session, ws_id: int, since: datetime | None, until: datetime | None) -> bool:
    """Whether the period holds every article of the workspace (the entities' totals then serve)."""
    if until is not None:
        return False
    if since is None:
        return True
    oldest = session.execute(select(func.min(Article.dated_at)).where(Article.workspace_id == ws_id)).scalar()
    return oldest is None or oldest >= since


def ranked_in_period(session: Session, ws_id: int, since: datetime, until: datetime | None) -> Ranked:
    """Every entity the articles dated in [since, until) mention, with its mentions and articles
    there, the most mentioned first (then most articles, then id): whole hours from entity_hours,
    the part-hours at either end from the mentions rows."""
    since = since.astimezone(UTC)
    until = until.astimezone(UTC) if until is not None else None
    first = hour_of(since) if since == hour_of(since) else hour_of(since) + _HOUR
    last = hour_of(until) if until is not None else None  # whole hours are first <= hour < last
    conn = session.connection()  # plain rows: no ORM row handling for a few thousand
    parts: list[np.ndarray[Any, Any]] = []
    if last is None or first < last:
        hours = [EntityHour.workspace_id == ws_id, EntityHour.hour >= first]
        if last is not None:
            hours.append(EntityHour.hour < last)
        packed = b"".join(b for (b,) in conn.execute(select(EntityHour.counts).where(*hours)) if b)
        parts.append(np.frombuffer(packed, dtype=_PACKED).reshape(-1, 3).astype(np.int64))
    edges = [(since, first if until is None else min(first, until))]
    if until is not None and last is not None:
        edges.append((max(last, first), until))
    for start, end in edges:
        if start < end:
            dated = select(Article.id).where(Article.workspace_id == ws_id, *period(start, end))
            query = (
                select(Mention.entity_id, func.sum(Mention.mentions), func.count())
                .where(Mention.article_id.in_(dated))
                .group_by(Mention.entity_id)
            )
            rows = conn.execute(query).fetchall()
            if rows:
                # from tuples: numpy reads Row objects one attribute at a time (10 ms for 600 rows)
                parts.append(np.array([tuple(r) for r in rows], dtype=np.int64).reshape(-1, 3))
    counted = np.concatenate(parts) if parts else np.empty((0, 3), dtype=np.int64)
    if not len(counted):
        return Ranked(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
    entity_ids = counted[:, 0]
    if entity_ids.max() < 64 * len(counted) + 1024:  # ids dense enough: count by id, no sort
        mentions = np.bincount(entity_ids, weights=counted[:, 1])
        articles = np.bincount(entity_ids, weights=counted[:, 2])
        ids = np.flatnonzero(articles)
        mentions, articles = mentions[ids], articles[ids]
    else:
        ids, where = np.unique(entity_ids, return_inverse=True)
        mentions = np.bincount(where, weights=counted[:, 1])
        articles = np.bincount(where, weights=counted[:, 2])
    order = np.lexsort((ids, -articles, -mentions))
    return Ranked(ids[order], mentions[order].astype(np.int64), articles[order].astype(np.int64))


class Ranked:
    """Entities with their mentions and articles, best first (numpy arrays); `chunk(i, j)` gives
    rows i to j as Python tuples (making all of them costs more than the rest of a month's count)."""

    def __init__(
        self, ids: np.ndarray[Any, Any], mentions: np.ndarray[Any, Any], articles: np.ndarray[Any, Any]
    ):
        self.ids, self.mentions, self.articles = ids, mentions, articles

    def __len__(self) -> int:
        return len(self.ids)

    def chunk(self, start: int, stop: int) -> list[Counted]:
        return list(
            zip(
                self.ids[start:stop].tolist(),
                self.mentions[start:stop].tolist(),
                self.articles[start:stop].tolist(),
                strict=True,
            )
        )
