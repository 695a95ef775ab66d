"""Store reads the commands need beyond `bot.store.queries`: one article's parse, partial names,
article links, sources per outlet. Synchronous like the queries (call them through `Context.ask`),
and like them, every read is filtered to the workspace.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import desc, or_, select

from bot.store import Store, Workspace, tallies
from bot.store import selects as q
from bot.store.models import Article, Claim, Entity, EntityAlias, KeyPoint, Mention
from bot.store.normalize import name_key
from bot.store.types import ArticleSummary, ClaimView, EntityCount, SourceCount

UNKNOWN_OUTLET = "unknown outlet"


@dataclass(frozen=True)
class EntityMatch:
    id: int
    name: str
    type: str
    mentions: int


@dataclass(frozen=True)
class OutletSources:
    outlet: str
    articles: int
    sources: tuple[SourceCount, ...]  # the most relied-on, at most `per_outlet`
    cited: int  # how many sources its articles cite in all


def article(store: Store, ws: Workspace, article_id: int) -> ArticleSummary | None:
    with store.reading() as session:
        row = session.execute(
            q.article_summary().where(Article.workspace_id == ws.id, Article.id == article_id)
        ).first()
    return ArticleSummary(*row) if row else None


def articles(store: Store, ws: Workspace, ids: Iterable[int]) -> dict[int, ArticleSummary]:
    """The articles with these ids (for their links)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    with store.reading() as session:
        rows = session.execute(
            q.article_summary().where(Article.workspace_id == ws.id, Article.id.in_(wanted))
        ).all()
    return {r.id: ArticleSummary(*r) for r in rows}


def article_claims(
    store: Store, ws: Workspace, article_id: int, *, unnamed_only: bool = False
) -> list[ClaimView]:
    """An article's claims in their order; `unnamed_only`: those resting on no named source."""
    query = q.claims_query(ws).where(Claim.article_id == article_id)
    if unnamed_only:
        query = query.where(or_(Claim.speaker_kind == "unnamed", Claim.speaker.is_(None)))
    with store.reading() as session:
        return q.claim_views(session, query)


def article_entities(store: Store, ws: Workspace, article_id: int) -> list[EntityCount]:
    """Who an article names, most mentioned first, with the role it gave them."""
    query = (
        select(Entity.id, Entity.name, Entity.type, Mention.mentions, Mention.role)
        .join(Mention, (Mention.entity_id == Entity.id) & (Mention.workspace_id == ws.id))
        .where(Entity.workspace_id == ws.id, Mention.article_id == article_id)
        .order_by(desc(Mention.mentions), Mention.position)
    )
    with store.reading() as session:
        rows = session.execute(query).all()
    return [EntityCount(r.id, r.name, r.type, r.mentions, 1, (r.role,) if r.role else ()) for r in rows]


def key_points(store: Store, ws: Workspace, article_id: int) -> list[str]:
    query = (
        select(KeyPoint.text)
        .where(KeyPoint.workspace_id == ws.id, KeyPoint.article_id == article_id)
        .order_by(KeyPoint.position)
    )
    with store.reading() as session:
        return list(session.scalars(query))


def match_entities(store: Store, ws: Workspace, name: str, *, limit: int = 8) -> list[EntityMatch]:
    """The entities a user means by `name`: its exact name or alias (case and dots ignored),
    else names with a word starting so ("matseg", "alexander"). Most mentioned first; one
    result when the name can only mean one thing."""
    key = name_key(name)
    if not key:
        return []
    base = (  # filtered by a list of ids; the mention totals are kept on the entities
        select(Entity.id, Entity.name, Entity.type, Entity.mentions)
        .where(Entity.workspace_id == ws.id, Entity.articles > 0)
        .order_by(desc(Entity.mentions), Entity.id)
        .limit(limit)
    )
    entities = select(Entity.id).where(Entity.workspace_id == ws.id)
    aliased = select(EntityAlias.entity_id).where(EntityAlias.workspace_id == ws.id)
    pattern = _like_escape(key)

    def among(ids: Iterable[int]) -> list[Any]:
        wanted = sorted(set(ids))
        return list(session.execute(base.where(Entity.id.in_(wanted))).all()) if wanted else []

    with store.reading() as session:
        named = list(session.scalars(entities.where(Entity.key == key)))
        found = among(named)
        if len(found) == 1:
            return [EntityMatch(*found[0])]
        found = among([*named, *session.scalars(aliased.where(EntityAlias.key == key))])
        if not found:
            starts = [f"{pattern}%", f"% {pattern}%"]
            by_name = or_(*(Entity.key.like(p, escape="\\") for p in starts))
            by_alias = or_(*(EntityAlias.key.like(p, escape="\\") for p in starts))
            found = among(
                [*session.scalars(entities.where(by_name)), *session.scalars(aliased.where(by_alias))]
            )
    matches = [EntityMatch(*r) for r in found]
    if len({name_key(m.name) for m in matches}) == 1:  # one name, several types: the best known
        return matches[:1]
    return matches


def outlet_sources(
    store: Store, ws: Workspace, *, since: datetime | None, per_outlet: int = 5
) -> list[OutletSources]:
    """Each outlet with its articles in the period and the sources they cite, most articles first."""
    with store.reading() as session:
        found = tallies.by_outlet(session, ws, since, per_outlet, unknown=UNKNOWN_OUTLET)
    found.sort(key=lambda t: (-t.articles, t.outlet == UNKNOWN_OUTLET, t.outlet))
    return [OutletSources(t.outlet, t.articles, t.top, t.sources) for t in found]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
