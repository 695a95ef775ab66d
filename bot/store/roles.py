"""The roles articles gave entities ("Russian ambassador to Pyongyang"): in a period, from each
entity's newest mentions there; of all time, from the counts kept at save time (entity_roles).
Spellings that differ only in quotes or case are one role (`normalize.role_key`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import CompoundSelect, bindparam, desc, func, select, union_all
from sqlalchemy.orm import Session

from bot.store.models import Article, EntityRole, Mention, UTCDateTime
from bot.store.normalize import role_key
from bot.store.selects import period
from bot.store.types import Workspace

ROLE_SAMPLE = 50  # roles in a period: from each entity's newest this many mentions there


def in_period(
    session: Session, ws: Workspace, entity_ids: list[int], since: datetime | None, until: datetime | None
) -> dict[int, list[str]]:
    """The roles the articles dated in the period gave these entities, the most given first (each
    role once, however its quotes and case were typed), from each entity's newest ROLE_SAMPLE
    mentions in the period: a bounded read however often a busy entity was named, and its
    latest roles."""
    if not entity_ids:
        return {}
    in_period = select(func.min(Article.id), func.max(Article.id)).where(
        Article.workspace_id == ws.id, *period(since, until)
    )
    lowest, highest = session.execute(in_period).one()
    if lowest is None:
        return {}
    values: dict[str, Any] = {
        "ws": ws.id,
        "lowest": lowest,
        "highest": highest,
        "since": since,
        "until": until,
    }
    values |= {f"e{i}": entity_id for i, entity_id in enumerate(entity_ids)}
    rows = session.connection().execute(
        _newest_roles(len(entity_ids), since is not None, until is not None), values
    )
    given = Counter((e, role) for e, role in rows if role)
    return _distinct([(e, role, n) for (e, role), n in given.items()])


@cache
def _newest_roles(entities: int, since: bool, until: bool) -> CompoundSelect[Any]:
    """Each of `entities` entities' newest ROLE_SAMPLE mentions (entity, role) in the articles dated
    in the period: an index range of its mentions in the period's article ids, then the dates.
    Made once for each shape: building it costs more than running it."""
    dated = [Article.dated_at >= bindparam("since", type_=UTCDateTime())] if since else []
    if until:
        dated.append(Article.dated_at < bindparam("until", type_=UTCDateTime()))
    newest = [
        select(Mention.entity_id, Mention.role)
        .join(Article, Article.id == Mention.article_id)
        .where(Mention.workspace_id == bindparam("ws"), Mention.entity_id == bindparam(f"e{i}"))
        .where(Mention.article_id >= bindparam("lowest"), Mention.article_id <= bindparam("highest"), *dated)
        .order_by(desc(Mention.article_id))
        .limit(ROLE_SAMPLE)
        .subquery()
        .select()
        for i in range(entities)
    ]
    return union_all(*newest)


def all_time(session: Session, ws: Workspace, entity_ids: list[int]) -> dict[int, list[str]]:
    """The roles articles gave these entities, the most given first (kept counts: entity_roles)."""
    if not entity_ids:
        return {}
    query = select(EntityRole.entity_id, EntityRole.role, EntityRole.articles).where(
        EntityRole.workspace_id == ws.id, EntityRole.entity_id.in_(entity_ids)
    )
    return _distinct(session.execute(query).all())


def _distinct(rows: Sequence[Any]) -> dict[int, list[str]]:
    return {entity: [role for role, _n in ranked] for entity, ranked in merge(rows).items()}


def merge(rows: Sequence[Any]) -> dict[int, list[tuple[str, int]]]:
    """(entity, role, count) rows as each entity's roles with their counts, the most counted
    first. Spellings of one `role_key` are one role: their counts add up, and it is shown as the
    most counted spelling (the first in text order of those counted as often)."""
    totals: dict[tuple[int, str], int] = {}
    spelling: dict[tuple[int, str], str] = {}
    for entity_id, role, n in sorted(rows, key=lambda r: (r[0], -r[2], r[1])):
        key = (entity_id, role_key(str(role)))
        totals[key] = totals.get(key, 0) + int(n)
        spelling.setdefault(key, str(role))
    roles: dict[int, list[tuple[str, int]]] = {}
    for key in sorted(totals, key=lambda k: (k[0], -totals[k], spelling[k])):
        roles.setdefault(key[0], []).append((spelling[key], totals[key]))
    return roles
