"""Building blocks of the queries: workspace-filtered SELECTs and lookups (bot/store/queries.py uses them).

Rows reached through an article or an entity of the workspace are the workspace's own:
their composite foreign keys tie their workspace_id to their parent's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, CompoundSelect, Select, desc, func, select
from sqlalchemy.orm import Session

from bot.store.models import Article, Claim, Entity, EntityAlias, Mention
from bot.store.normalize import name_key
from bot.store.types import ClaimView, Workspace


def period(since: datetime | None, until: datetime | None) -> list[ColumnElement[bool]]:
    conditions = []
    if since is not None:
        conditions.append(Article.dated_at >= since)
    if until is not None:
        conditions.append(Article.dated_at < until)
    return conditions


def articles_in(ws: Workspace, since: datetime | None, until: datetime | None) -> Select[int]:
    """The workspace's articles dated in the period. Child rows filtered through them are the
    workspace's own: their composite foreign keys tie their workspace_id to the article's."""
    return select(Article.id).where(Article.workspace_id == ws.id, *period(since, until))


def find_entities(session: Session, ws: Workspace, name: str) -> list[int]:
    """Entities with this canonical name first, then those with it as an alias; most mentioned first."""
    key = name_key(name)
    if not key:
        return []
    named = set(session.scalars(select(Entity.id).where(Entity.workspace_id == ws.id, Entity.key == key)))
    aliased = set(
        session.scalars(
            select(EntityAlias.entity_id).where(EntityAlias.workspace_id == ws.id, EntityAlias.key == key)
        )
    )
    found = sorted(named | aliased)
    if len(found) < 2:
        return found
    rows = session.execute(
        select(Mention.entity_id, func.sum(Mention.mentions))
        .where(Mention.workspace_id == ws.id, Mention.entity_id.in_(found))
        .group_by(Mention.entity_id)
    ).all()
    weight = {entity_id: total for entity_id, total in rows}
    return sorted(found, key=lambda i: (i not in named, -(weight.get(i) or 0), i))


def mentioning(ws: Workspace, entity_ids: list[int]) -> Select[int]:
    """The articles mentioning any of these entities."""
    return select(Mention.article_id).where(Mention.workspace_id == ws.id, Mention.entity_id.in_(entity_ids))


def said_by(
    ws: Workspace, entity_ids: list[int], speaker_key: str | None
) -> Select[int] | CompoundSelect[int]:
    """The claims of these entities, or of a speaker written this way ("analysts")."""
    query = select(Claim.id).where(Claim.workspace_id == ws.id, Claim.speaker_entity_id.in_(entity_ids))
    if speaker_key is None:
        return query
    return query.union(select(Claim.id).where(Claim.workspace_id == ws.id, Claim.speaker_key == speaker_key))


def spoken_by(session: Session, ws: Workspace, speaker: str) -> ColumnElement[bool]:
    """Claims by the entities known by this name, or by a speaker written this way ("analysts")."""
    return Claim.id.in_(said_by(ws, find_entities(session, ws, speaker), name_key(speaker)))


def roles(
    session: Session, ws: Workspace, entity_ids: list[int], since: datetime | None, until: datetime | None
) -> dict[int, list[str]]:
    if not entity_ids:
        return {}
    query = (
        select(Mention.entity_id, Mention.role, func.count().label("n"))
        .where(Mention.article_id.in_(articles_in(ws, since, until)), Mention.entity_id.in_(entity_ids))
        .where(Mention.role.is_not(None))
        .group_by(Mention.entity_id, Mention.role)
        .order_by(Mention.entity_id, desc("n"), Mention.role)
    )
    roles: dict[int, list[str]] = {}
    seen: set[tuple[int, str]] = set()
    for entity_id, role, _n in session.execute(query):
        key = (entity_id, str(role).replace("’", "'").casefold())  # one role, however it was typed
        if key not in seen:
            seen.add(key)
            roles.setdefault(entity_id, []).append(str(role))
    return roles


def article_summary() -> Select[*tuple[Any, ...]]:
    return select(
        Article.id, Article.title, Article.outlet, Article.url, Article.published_at, Article.fetched_at
    )


def claims_query(ws: Workspace) -> Select[*tuple[Any, ...]]:
    return (
        select(
            Claim.id,
            Claim.article_id,
            Claim.speaker,
            Claim.speaker_entity_id,
            Claim.speaker_kind,
            Claim.cue,
            Claim.content,
            Claim.direct_quote,
            Claim.hedged,
            Claim.sentence,
            Article.outlet,
            Article.title,
            Article.dated_at,
            func.coalesce(Entity.name, Claim.speaker),
        )
        .join(Article, (Article.id == Claim.article_id) & (Article.workspace_id == ws.id))  # see articles_in
        .outerjoin(Entity, (Entity.id == Claim.speaker_entity_id) & (Entity.workspace_id == ws.id))
        .order_by(desc(Article.dated_at), desc(Article.id), Claim.position)
    )


def claim_views(session: Session, query: Select[*tuple[Any, ...]]) -> list[ClaimView]:
    return [ClaimView(*row) for row in session.execute(query)]
