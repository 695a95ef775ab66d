"""The questions chat commands and digests ask. Every function takes the workspace and sees only its data.

All are synchronous; from asyncio: `await asyncio.to_thread(queries.top_entities, store, ws, since=t)`.
Periods use each article's date (published, else fetched); `articles_since` uses when it was fetched.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import String, bindparam, desc, or_, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from bot.store import counts, late, roles, tallies
from bot.store import drivers as by
from bot.store import search as fts
from bot.store import selects as q
from bot.store.grouping import group_claims
from bot.store.idlist import in_ids
from bot.store.models import Article, CitedSource, Claim, Entity, EntityAlias, EntityRole, KeyPoint
from bot.store.normalize import name_key, stored_time
from bot.store.prepared import IDS, WS, rows, run
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
# topic_sources counts the sources of the newest this many articles on the topic: weeks of a busy
# topic's coverage, and the time of its query grows with it (at 100k articles: p50 ~14 ms for 200,
# ~38 ms for 500 on a busy machine, bench/query_bench.py)
TOPIC_ARTICLES = 200


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
    since: datetime | None,
    until: datetime | None = None,
    types: Sequence[str] | None = None,
    limit: int = 10,
) -> list[EntityCount]:
    """The entities mentioned most in the period, with their mention and article counts and roles.

    From the counts kept at save time (bot/store/counts.py): the entities' totals when the period
    holds every article, else whole days from entity_days and the part-days from the mentions.
    """
    wanted = sorted({t.upper() for t in types}) if types else None
    with store.reading() as session:
        if counts.all_time(session, ws.id, since, until):
            rows = _top_of_all_time(session, ws, wanted, limit)
            given = roles.all_time(session, ws, [r[0] for r in rows])
        else:
            assert since is not None
            ranked = counts.ranked_in_period(session, ws.id, since, until)
            rows = _top_in_period(session, ws, ranked, wanted, limit)
            given = roles.in_period(session, ws, [r[0] for r in rows], since, until)
    return [EntityCount(*r, tuple(given.get(r[0], ()))) for r in rows]


_Top = tuple[int, str, str, int, int]  # id, name, type, mentions, articles


def _top_of_all_time(session: Session, ws: Workspace, types: list[str] | None, limit: int) -> list[_Top]:
    query = select(Entity.id, Entity.name, Entity.type, Entity.mentions, Entity.articles).where(
        Entity.workspace_id == ws.id, Entity.articles > 0
    )
    if types:
        query = query.where(Entity.type.in_(types))
    query = query.order_by(desc(Entity.mentions), desc(Entity.articles), Entity.id).limit(limit)
    return [(r[0], r[1], r[2], int(r[3]), int(r[4])) for r in session.execute(query)]


def _top_in_period(
    session: Session, ws: Workspace, ranked: counts.Ranked, types: list[str] | None, limit: int
) -> list[_Top]:
    """The first `limit` of `ranked` of these types, looked up a few at a time from the top."""
    rows: list[_Top] = []
    step = max(4 * limit, 50)
    for start in range(0, len(ranked), step):
        chunk = ranked.chunk(start, start + step)
        query = select(Entity.id, Entity.name, Entity.type).where(
            Entity.workspace_id == ws.id, q.listed(Entity.id, [c[0] for c in chunk])
        )
        found = {r.id: r for r in session.execute(query)}
        rows += [
            (e, found[e].name, found[e].type, mentions, articles)
            for e, mentions, articles in chunk
            if e in found and (types is None or found[e].type in types)
        ]
        if len(rows) >= limit:
            break
    return rows[:limit]


def find_entities(store: Store, ws: Workspace, name: str) -> list[int]:
    """Entities known by this name or alias, the most mentioned first."""
    with store.reading() as session:
        return q.find_entities(session, ws, name)


@cache
def _profile_statements() -> tuple[Any, ...]:
    """The profile's statements, built once (parameters ws, id)."""
    entity: BindParameter[int] = bindparam("id")
    return (
        select(Entity.id, Entity.name, Entity.type, Entity.mentions).where(
            Entity.workspace_id == WS, Entity.id == entity
        ),
        select(EntityAlias.alias)
        .where(EntityAlias.workspace_id == WS, EntityAlias.entity_id == entity)
        .order_by(EntityAlias.id),
        select(EntityRole.role, EntityRole.articles).where(
            EntityRole.workspace_id == WS, EntityRole.entity_id == entity
        ),
        q.article_summary()
        .add_columns(Article.dated_at)
        .where(q.owned(Article.workspace_id, WS))
        .order_by(desc(Article.dated_at), desc(Article.id)),
        q.claims_query(WS, listed=True),
    )


def entity_profile(
    store: Store, ws: Workspace, entity: str | int, *, limit: int = 20
) -> EntityProfile | None:
    """Who an entity is (by name, alias or id): aliases, roles, the articles behind it, its claims."""
    by_id, aliased, roled, newest_first, said_query = _profile_statements()
    with store.reading() as session:
        if isinstance(entity, int):
            entity_id: int | None = entity
        else:
            found = q.find_entities(session, ws, entity)
            entity_id = found[0] if found else None
        if entity_id is None:
            return None
        found_rows = rows(session, by_id, ws=ws.id, id=entity_id)
        if not found_rows:
            return None
        row = found_rows[0]
        aliases = run(session, aliased, ws=ws.id, id=row.id)
        by_role = rows(session, roled, ws=ws.id, id=row.id)
        articles = q.newest_articles(
            session, ws, newest_first, by.mention_driver(session, ws, [row.id]), limit, {"ws": ws.id}
        )
        said = q.newest_claims(
            session,
            ws,
            said_query,
            by.speaker_driver(session, ws, [row.id], None),
            limit,
            {"ws": ws.id},
            narrow=True,
        )
    return EntityProfile(
        entity_id=row.id,
        name=row.name,
        type=row.type,
        aliases=tuple(aliases),
        roles=tuple(roles.merge([(row.id, role, n) for role, n in by_role]).get(row.id, ())),
        mentions=int(row.mentions),
        articles=tuple(ArticleSummary(*a[:-1]) for a in articles),
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
    conditions = q.period(since, until)
    if hedged is not None:
        conditions.append(Claim.hedged.is_(hedged))
    with store.reading() as session:
        drivers: list[q.Driver] = []  # each filter as ids newest first; the first drives, the rest filter
        if speaker is not None:
            drivers.append(
                by.speaker_driver(session, ws, q.find_entities(session, ws, speaker), name_key(speaker))
            )
        if about is not None:
            drivers.append(by.subject_driver(session, ws, q.find_entities(session, ws, about)))
        if words is not None:
            terms = fts.search_words(words)
            if not terms:
                return []
            drivers.append(fts.driver(session, ws, "claim", terms))
        if not drivers:  # the newest articles' claims: the (workspace, dated) index already
            return q.claim_views(session, q.claims_query(ws).where(*conditions).limit(limit))
        first, *others = drivers
        if not conditions and not others:  # one filter: the statement built once (see _profile_statements)
            return q.newest_claims(
                session, ws, _profile_statements()[-1], first, limit, {"ws": ws.id}, narrow=True
            )
        query = q.claims_query(ws, listed=True).where(*conditions, *(d.condition for d in others))
        return q.newest_claims(session, ws, query, first, limit)


def unnamed_claims(
    store: Store, ws: Workspace, *, since: datetime | None = None, limit: int = 50
) -> list[ClaimView]:
    """Claims resting only on unnamed sources ("analysts", "officials") or on no source at all."""
    query = (
        q.claims_query(ws)
        .where(*q.period(since, None))
        .where(or_(Claim.speaker_kind == _UNNAMED, Claim.speaker.is_(None)))
        .limit(limit)
    )
    with store.reading() as session:
        return q.claim_views(session, query)


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
        named = q.find_entities(session, ws, words)
        article_ids = _topic_articles(session, ws, terms, named, since, max_articles)
        return tallies.for_articles(session, ws, article_ids, limit)


@cache
def _topic_statements(since: bool) -> tuple[Any, ...]:
    """`_topic_articles`' statements, built once: the newest `most` of some articles (dated
    since `since`), and the articles of some claims and key points."""
    ranked = (  # the dates as stored: only the last one is read, and parsing 200 costs ~1 ms
        select(Article.id, type_coerce(Article.dated_at, String()).label("dated_at"))
        .where(q.owned(Article.workspace_id, WS), in_ids(Article.id, IDS))
        .order_by(desc(Article.dated_at), desc(Article.id))
        .limit(bindparam("most"))
    )
    if since:
        ranked = ranked.where(Article.dated_at >= bindparam("since"))
    of_claims, of_points = (
        select(model.article_id).distinct().where(q.owned(model.workspace_id, WS), in_ids(model.id, IDS))
        for model in (Claim, KeyPoint)
    )
    return ranked, of_claims, of_points


@cache
def _rows_below(model: type[Claim] | type[KeyPoint]) -> Any:
    """The ids below `before` of the rows of some articles (parameters ids, before)."""
    return select(model.id).where(in_ids(model.article_id, IDS), late.below(model.id, bindparam("before")))


def _topic_articles(
    session: Session, ws: Workspace, terms: list[str], named: list[int], since: datetime | None, most: int
) -> list[int]:
    """The newest `most` articles whose claims or key points hold all `terms` or that mention
    one of `named`: from the newest matches of each by id, made exact as in `selects.newest`."""
    if most <= 0:
        return []
    ranked, of_claims, of_points = _topic_statements(since is not None)
    params = {"ws": ws.id, "most": most, **({"since": since} if since is not None else {})}
    by_claims = fts.driver(session, ws, "claim", terms)
    by_points = fts.driver(session, ws, "key_point", terms)
    by_name = by.mention_driver(session, ws, named)

    def articles_of(model: type[Claim] | type[KeyPoint], ids: list[int]) -> set[int]:
        if not ids:
            return set()
        return set(run(session, of_claims if model is Claim else of_points, ws=ws.id, ids=ids))

    def plain() -> list[int]:
        about = (
            select(Claim.article_id)
            .where(Claim.workspace_id == ws.id, by_claims.condition)
            .union(
                select(KeyPoint.article_id).where(KeyPoint.workspace_id == ws.id, by_points.condition),
                q.mentioning(ws, named),
            )
        )
        newest = (
            select(Article.id)
            .where(q.owned(Article.workspace_id, ws), *q.period(since, None), Article.id.in_(about))
            .order_by(desc(Article.dated_at), desc(Article.id))
            .limit(most)
        )
        return run(session, newest)

    if session.get_bind().dialect.name != "sqlite":
        # PostgreSQL's GIN index gives no id order, so each full-text batch sorts every match:
        # there the plain query is faster (10k articles: p50 21 ms against 78, p95 52 against 183)
        return plain()
    # each driver: its rows' model (None: the ids are article ids) and the driver
    drivers: list[tuple[Any, q.Driver]] = [(Claim, by_claims), (KeyPoint, by_points), (None, by_name)]
    oldest: dict[int, int | None] = {}
    first: dict[int, int] = {}  # each driver's newest id, and how many it gave
    taken: dict[int, int] = {}
    done: set[int] = set()
    top: list[Any] = []
    n = max(most * 5 // 4, q.CANDIDATES)
    for _ in range(q.ROUNDS):
        found: set[int] = {r.id for r in top}
        for i, (model, driver) in enumerate(drivers):
            if i in done:
                continue
            ids = driver.batch(oldest.get(i), n)
            if len(ids) < n:
                done.add(i)  # every match of this driver has been taken
            if ids:
                oldest[i] = ids[-1]
                first.setdefault(i, ids[0])
                taken[i] = taken.get(i, 0) + len(ids)
            found |= set(ids) if model is None else articles_of(model, ids)
        top = rows(session, ranked, **params, ids=sorted(found)) if found else []
        if len(done) == len(drivers):
            return [r.id for r in top]
        if len(top) == most:
            break
        n *= 2
    else:
        return plain()
    dated = stored_time(top[-1].dated_at)
    pending: list[tuple[Any, q.Driver, int]] = []  # the drivers with matches not taken yet
    for i, (model, driver) in enumerate(drivers):
        before = oldest.get(i)
        if i not in done and before is not None:
            pending.append((model, driver, before))
    if not pending:
        return [r.id for r in top]
    up_to = max(
        (before - 1 if model is None else late.article_of(session, model, before))
        for model, driver, before in pending
    )
    # a topic article older by id than a driver's candidates may still be dated since the last
    # one kept: such "late" articles are found in the date blocks below the candidates' articles
    # that hold articles dated since then. That walk costs with the ids of those blocks, the
    # plain query with the matches (each as much as q.PLAIN_COST articles), estimated from the
    # span of ids each driver's came from
    walk = late.late_walk(session, ws, dated, up_to + 1)
    matches = sum(
        taken[i] if i in done else taken[i] * first[i] / max(1, first[i] - (oldest[i] or 0) + 1)
        for i in taken
    )
    if walk > q.WALK_ARTICLES and walk > q.PLAIN_COST * matches:
        return plain()
    late_articles = late.late_articles(session, ws, dated, up_to + 1, q.RECENT_ARTICLES + 1)
    if len(late_articles) > q.RECENT_ARTICLES:
        return plain()
    extra: set[int] = set()
    for model, driver, before in pending:
        if model is None:
            extra |= set(driver.among([a for a in late_articles if a < before]))
            continue
        below = run(session, _rows_below(model), ids=late_articles, before=before) if late_articles else []
        extra |= articles_of(model, driver.among(below))
    if not extra - {r.id for r in top}:
        return [r.id for r in top]
    return [r.id for r in rows(session, ranked, **params, ids=[r.id for r in top] + sorted(extra))]


def articles_since(store: Store, ws: Workspace, since: datetime, *, limit: int = 100) -> list[ArticleSummary]:
    """Articles fetched at or after `since`, newest first."""
    query = (
        q.article_summary()
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
    query = q.claims_query(ws).where(*q.period(since, until), Claim.speaker.is_not(None)).limit(max_claims)
    with store.reading() as session:
        return group_claims(q.claim_views(session, query), threshold=threshold)


def widely_reported_claims(
    store: Store, ws: Workspace, *, since: datetime | None = None, min_outlets: int = 2
) -> list[ClaimGroup]:
    """Claims that several outlets reported."""
    return [g for g in claim_groups(store, ws, since=since) if g.outlet_count >= min_outlets]


def single_outlet_claims(store: Store, ws: Workspace, *, since: datetime | None = None) -> list[ClaimGroup]:
    """Claims only one outlet reported."""
    return [g for g in claim_groups(store, ws, since=since) if g.outlet_count == 1]
