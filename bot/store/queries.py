"""The questions chat commands and digests ask. Every function takes the workspace and sees only its data.

All are synchronous; from asyncio: `await asyncio.to_thread(queries.top_entities, store, ws, since=t)`.
Periods use each article's date (published, else fetched); `articles_since` uses when it was fetched.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, CompoundSelect, Select, desc, func, or_, select
from sqlalchemy.orm import Session

from bot.store import search as fts
from bot.store.grouping import group_claims
from bot.store.models import Article, CitedSource, Claim, ClaimSubject, Entity, EntityAlias, KeyPoint, Mention
from bot.store.normalize import name_key
from bot.store.store import Store
from bot.store.types import (
    ArticleSummary,
    ClaimGroup,
    ClaimView,
    EntityCount,
    EntityProfile,
    HitKind,
    SearchHit,
    SourceCount,
    Workspace,
)

__all__ = [
    "ClaimGroup",
    "article_sources",
    "articles_since",
    "claim_groups",
    "claims",
    "entity_profile",
    "find_entities",
    "search",
    "single_outlet_claims",
    "top_entities",
    "topic_sources",
    "unnamed_claims",
    "widely_reported_claims",
]

_UNNAMED = "unnamed"
TOPIC_ARTICLES = 500  # topic_sources counts the newest this many articles on the topic


def search(
    store: Store, ws: Workspace, words: str, *, kinds: tuple[HitKind, ...] = fts.KINDS, limit: int = 20
) -> list[SearchHit]:
    """Claims, key points and entities matching all `words` (by stem), best first within each kind."""
    with store.reading() as session:
        return fts.search(session, ws, words, kinds=kinds, limit=limit)


def top_entities(
    store: Store,
    ws: Workspace,
    *,
    since: datetime,
    until: datetime | None = None,
    types: Sequence[str] | None = None,
    limit: int = 10,
) -> list[EntityCount]:
    """The entities mentioned most in the period, with their mention and article counts and roles."""
    mentions = func.sum(Mention.mentions).label("mentions")
    articles = func.count(Mention.article_id).label("articles")
    counted = select(Mention.entity_id, mentions, articles).where(
        Mention.article_id.in_(_articles_in(ws, since, until))
    )
    if types:
        of_types = select(Entity.id).where(
            Entity.workspace_id == ws.id, Entity.type.in_([t.upper() for t in types])
        )
        counted = counted.where(Mention.entity_id.in_(of_types))
    top = (
        counted.group_by(Mention.entity_id)
        .order_by(desc(mentions), desc(articles), Mention.entity_id)
        .limit(limit)
        .subquery()
    )
    query = (
        select(Entity.id, Entity.name, Entity.type, top.c.mentions, top.c.articles)
        .join(top, top.c.entity_id == Entity.id)
        .where(Entity.workspace_id == ws.id)
        .order_by(desc(top.c.mentions), desc(top.c.articles), Entity.id)
    )
    with store.reading() as session:
        rows = session.execute(query).all()
        roles = _roles(session, ws, [r.id for r in rows], since, until)
    return [
        EntityCount(r.id, r.name, r.type, int(r.mentions), int(r.articles), tuple(roles.get(r.id, ())))
        for r in rows
    ]


def find_entities(store: Store, ws: Workspace, name: str) -> list[int]:
    """Entities known by this name or alias, the most mentioned first."""
    with store.reading() as session:
        return _find_entities(session, ws, name)


def entity_profile(
    store: Store, ws: Workspace, entity: str | int, *, limit: int = 20
) -> EntityProfile | None:
    """Who an entity is (by name, alias or id): aliases, roles, the articles behind it, its claims."""
    with store.reading() as session:
        if isinstance(entity, int):
            entity_id: int | None = entity
        else:
            found = _find_entities(session, ws, entity)
            entity_id = found[0] if found else None
        row = session.execute(
            select(Entity.id, Entity.name, Entity.type).where(
                Entity.workspace_id == ws.id, Entity.id == entity_id
            )
        ).first()
        if row is None:
            return None
        aliases = session.scalars(
            select(EntityAlias.alias)
            .where(EntityAlias.workspace_id == ws.id, EntityAlias.entity_id == row.id)
            .order_by(EntityAlias.id)
        ).all()
        mentioned = session.execute(
            select(Mention.role, Mention.mentions).where(
                Mention.workspace_id == ws.id, Mention.entity_id == row.id
            )
        ).all()
        role_counts: Counter[str] = Counter()
        shown_as: dict[str, str] = {}  # one spelling per role: curly and straight quotes differ
        for m in mentioned:
            if m.role:
                key = m.role.replace("’", "'").casefold()
                role_counts[shown_as.setdefault(key, m.role)] += 1
        articles = session.execute(
            _article_summary()
            .where(Article.workspace_id == ws.id, Article.id.in_(_mentioning(ws, [row.id])))
            .order_by(desc(Article.dated_at), desc(Article.id))
            .limit(limit)
        ).all()
        by_them = _claims_query(ws).where(Claim.id.in_(_said_by(ws, [row.id], None))).limit(limit)
        said = _claim_views(session, by_them)
    return EntityProfile(
        entity_id=row.id,
        name=row.name,
        type=row.type,
        aliases=tuple(aliases),
        roles=tuple(role_counts.most_common()),
        mentions=sum(m.mentions for m in mentioned),
        articles=tuple(ArticleSummary(*a) for a in articles),
        claims=tuple(said),
    )


def claims(
    store: Store,
    ws: Workspace,
    *,
    speaker: str | None = None,
    about: str | None = None,
    words: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    hedged: bool | None = None,
    limit: int = 50,
) -> list[ClaimView]:
    """Claims, newest first, filtered by any combination of speaker, subject entity, words and period."""
    query = _claims_query(ws).where(*_period(since, until))
    if hedged is not None:
        query = query.where(Claim.hedged.is_(hedged))
    with store.reading() as session:
        if speaker is not None:
            query = query.where(_spoken_by(session, ws, speaker))
        if about is not None:
            subjects = _find_entities(session, ws, about)
            query = query.where(
                Claim.id.in_(
                    select(ClaimSubject.claim_id).where(
                        ClaimSubject.workspace_id == ws.id, ClaimSubject.entity_id.in_(subjects)
                    )
                )
            )
        if words is not None:
            terms = fts.search_words(words)
            if not terms:
                return []
            query = query.where(Claim.id.in_(fts.matching_ids(store.dialect, "claim", terms)))
        return _claim_views(session, query.limit(limit))


def unnamed_claims(
    store: Store, ws: Workspace, *, since: datetime | None = None, limit: int = 50
) -> list[ClaimView]:
    """Claims resting only on unnamed sources ("analysts", "officials") or on no source at all."""
    query = (
        _claims_query(ws)
        .where(*_period(since, None))
        .where(or_(Claim.speaker_kind == _UNNAMED, Claim.speaker.is_(None)))
        .limit(limit)
    )
    with store.reading() as session:
        return _claim_views(session, query)


def article_sources(store: Store, ws: Workspace, article_id: int) -> list[SourceCount]:
    """The sources an article cites, in its order (the outlet itself is the article's)."""
    query = (
        select(CitedSource.name, CitedSource.kind, CitedSource.claims)
        .where(CitedSource.workspace_id == ws.id, CitedSource.article_id == article_id)
        .order_by(CitedSource.position)
    )
    with store.reading() as session:
        return [SourceCount(r.name, r.kind, int(r.claims), 1) for r in session.execute(query)]


def topic_sources(
    store: Store,
    ws: Workspace,
    words: str,
    *,
    since: datetime | None = None,
    limit: int = 20,
    max_articles: int = TOPIC_ARTICLES,
) -> list[SourceCount]:
    """The sources cited by articles about a topic, most relied-on first.

    An article is about the topic when its claims or key points hold all `words`, or when it
    mentions an entity of that name; the newest `max_articles` of them are counted.
    """
    terms = fts.search_words(words)
    if not terms:
        return []
    with store.reading() as session:
        named = _find_entities(session, ws, words)
        about = (
            select(Claim.article_id)
            .where(Claim.workspace_id == ws.id, Claim.id.in_(fts.matching_ids(store.dialect, "claim", terms)))
            .union(
                select(KeyPoint.article_id).where(
                    KeyPoint.workspace_id == ws.id,
                    KeyPoint.id.in_(fts.matching_ids(store.dialect, "key_point", terms)),
                ),
                _mentioning(ws, named),
            )
        )
        newest = (
            select(Article.id)
            .where(Article.workspace_id == ws.id, Article.id.in_(about), *_period(since, None))
            .order_by(desc(Article.dated_at), desc(Article.id))
            .limit(max_articles)
        )
        article_ids = list(session.scalars(newest))
        claims_total = func.sum(CitedSource.claims).label("claims")
        articles = func.count(func.distinct(CitedSource.article_id)).label("articles")
        query = (
            select(func.min(CitedSource.name), CitedSource.key, CitedSource.kind, claims_total, articles)
            .where(CitedSource.workspace_id == ws.id, CitedSource.article_id.in_(article_ids))
            .group_by(CitedSource.key, CitedSource.kind)
            .order_by(desc(claims_total), desc(articles), CitedSource.key)
            .limit(limit)
        )
        return [SourceCount(r[0], r.kind, int(r.claims), int(r.articles)) for r in session.execute(query)]


def articles_since(store: Store, ws: Workspace, since: datetime, *, limit: int = 100) -> list[ArticleSummary]:
    """Articles fetched at or after `since`, newest first."""
    query = (
        _article_summary()
        .where(Article.workspace_id == ws.id, Article.fetched_at >= since)
        .order_by(desc(Article.fetched_at), desc(Article.id))
        .limit(limit)
    )
    with store.reading() as session:
        return [ArticleSummary(*r) for r in session.execute(query)]


def claim_groups(
    store: Store,
    ws: Workspace,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    threshold: float = 0.3,
    max_claims: int = 5000,
) -> list[ClaimGroup]:
    """Claims grouped across articles (same speaker, similar content), most outlets first."""
    query = _claims_query(ws).where(*_period(since, until), Claim.speaker.is_not(None)).limit(max_claims)
    with store.reading() as session:
        return group_claims(_claim_views(session, query), threshold=threshold)


def widely_reported_claims(
    store: Store, ws: Workspace, *, since: datetime | None = None, min_outlets: int = 2
) -> list[ClaimGroup]:
    """Claims that several outlets reported."""
    return [g for g in claim_groups(store, ws, since=since) if g.outlet_count >= min_outlets]


def single_outlet_claims(store: Store, ws: Workspace, *, since: datetime | None = None) -> list[ClaimGroup]:
    """Claims only one outlet reported."""
    return [g for g in claim_groups(store, ws, since=since) if g.outlet_count == 1]


def _period(since: datetime | None, until: datetime | None) -> list[ColumnElement[bool]]:
    conditions = []
    if since is not None:
        conditions.append(Article.dated_at >= since)
    if until is not None:
        conditions.append(Article.dated_at < until)
    return conditions


def _articles_in(ws: Workspace, since: datetime | None, until: datetime | None) -> Select[int]:
    """The workspace's articles dated in the period. Child rows filtered through them are the
    workspace's own: their composite foreign keys tie their workspace_id to the article's."""
    return select(Article.id).where(Article.workspace_id == ws.id, *_period(since, until))


def _find_entities(session: Session, ws: Workspace, name: str) -> list[int]:
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
    weight = dict(
        session.execute(
            select(Mention.entity_id, func.sum(Mention.mentions))
            .where(Mention.workspace_id == ws.id, Mention.entity_id.in_(found))
            .group_by(Mention.entity_id)
        ).tuples()
    )
    return sorted(found, key=lambda i: (i not in named, -(weight.get(i) or 0), i))


def _mentioning(ws: Workspace, entity_ids: list[int]) -> Select[int]:
    """The articles mentioning any of these entities."""
    return select(Mention.article_id).where(Mention.workspace_id == ws.id, Mention.entity_id.in_(entity_ids))


def _said_by(
    ws: Workspace, entity_ids: list[int], speaker_key: str | None
) -> Select[int] | CompoundSelect[int]:
    """The claims of these entities, or of a speaker written this way ("analysts")."""
    query = select(Claim.id).where(Claim.workspace_id == ws.id, Claim.speaker_entity_id.in_(entity_ids))
    if speaker_key is None:
        return query
    return query.union(select(Claim.id).where(Claim.workspace_id == ws.id, Claim.speaker_key == speaker_key))


def _spoken_by(session: Session, ws: Workspace, speaker: str) -> ColumnElement[bool]:
    """Claims by the entities known by this name, or by a speaker written this way ("analysts")."""
    return Claim.id.in_(_said_by(ws, _find_entities(session, ws, speaker), name_key(speaker)))


def _roles(
    session: Session, ws: Workspace, entity_ids: list[int], since: datetime | None, until: datetime | None
) -> dict[int, list[str]]:
    if not entity_ids:
        return {}
    query = (
        select(Mention.entity_id, Mention.role, func.count().label("n"))
        .where(Mention.article_id.in_(_articles_in(ws, since, until)), Mention.entity_id.in_(entity_ids))
        .where(Mention.role.is_not(None))
        .group_by(Mention.entity_id, Mention.role)
        .order_by(Mention.entity_id, desc("n"), Mention.role)
    )
    roles: dict[int, list[str]] = {}
    for entity_id, role, _n in session.execute(query):
        roles.setdefault(entity_id, []).append(str(role))
    return roles


def _article_summary() -> Select[*tuple[Any, ...]]:
    return select(
        Article.id, Article.title, Article.outlet, Article.url, Article.published_at, Article.fetched_at
    )


def _claims_query(ws: Workspace) -> Select[*tuple[Any, ...]]:
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
        .join(Article, (Article.id == Claim.article_id) & (Article.workspace_id == ws.id))  # see _articles_in
        .outerjoin(Entity, (Entity.id == Claim.speaker_entity_id) & (Entity.workspace_id == ws.id))
        .order_by(desc(Article.dated_at), desc(Article.id), Claim.position)
    )


def _claim_views(session: Session, query: Select[*tuple[Any, ...]]) -> list[ClaimView]:
    return [ClaimView(*row) for row in session.execute(query)]
