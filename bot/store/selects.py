"""Building blocks of the queries: workspace-filtered SELECTs and lookups (bot/store/queries.py uses them).

Rows reached through an article or an entity of the workspace are the workspace's own:
their composite foreign keys tie their workspace_id to their parent's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    bindparam,
    desc,
    func,
    select,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from bot.store.idlist import ids_param, in_ids
from bot.store.late import article_of, late_articles, late_rows, late_walk
from bot.store.models import (
    Article,
    Claim,
    Entity,
    EntityAlias,
    Mention,
)
from bot.store.normalize import name_key
from bot.store.prepared import IDS, KEY, WS, rows, run
from bot.store.types import ClaimView, Workspace


def owned(column: Any, ws: Workspace | BindParameter[Any]) -> ColumnElement[bool]:
    """`column == ws.id` (or the parameter `WS`) where another filter (a list of ids) must choose the index.

    SQLite's ANALYZE with `analysis_limit` (Store.optimize) estimates any workspace_id value at
    ~1000 rows, so its planner prefers an index led by workspace_id to a list of 1000 ids, and then
    reads the whole workspace. `+ 0` keeps the filter (every row is still checked) but no index
    serves it; PostgreSQL plans the same either way.
    """
    shifted: ColumnElement[int] = column + 0
    return shifted == _ws_id(ws)


def _ws_id(ws: Workspace | BindParameter[Any]) -> int | BindParameter[Any]:
    """The workspace's id, or the parameter standing for it in a statement built once."""
    return ws if isinstance(ws, BindParameter) else ws.id


def listed(column: Any, ids: Iterable[int]) -> ColumnElement[bool]:
    """`column IN (ids)` with the list bound as one parameter (`idlist.in_ids`): the SQL is the
    same for every list, so it is compiled once. These lists hold hundreds of ids; written into
    the SQL each call compiled anew (~3 ms), and a bound parameter per id cost ~20 µs each."""
    return in_ids(column, ids)


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


@cache
def _entity_lookups() -> tuple[Select[Any], Select[Any], Select[*tuple[Any, ...]]]:
    """Entities by name, by alias, and the mentions of some (parameters ws, key, ids)."""
    by_name: Select[Any] = select(Entity.id).where(Entity.workspace_id == WS, Entity.key == KEY)
    by_alias: Select[Any] = select(EntityAlias.entity_id).where(
        EntityAlias.workspace_id == WS, EntityAlias.key == KEY
    )
    weights: Select[*tuple[Any, ...]] = select(Entity.id, Entity.mentions).where(
        Entity.workspace_id == WS, in_ids(Entity.id, IDS)
    )
    return by_name, by_alias, weights


def find_entities(session: Session, ws: Workspace, name: str) -> list[int]:
    """Entities with this canonical name first, then those with it as an alias; most mentioned first."""
    key = name_key(name)
    if not key:
        return []
    by_name, by_alias, weights = _entity_lookups()
    named = set(run(session, by_name, ws=ws.id, key=key))
    found = sorted(named | set(run(session, by_alias, ws=ws.id, key=key)))
    if len(found) < 2:
        return found
    weight = dict(rows(session, weights, ws=ws.id, ids=found))
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


def article_summary() -> Select[*tuple[Any, ...]]:
    return select(
        Article.id, Article.title, Article.outlet, Article.url, Article.published_at, Article.fetched_at
    )


def claims_query(ws: Workspace | BindParameter[Any], *, listed: bool = False) -> Select[*tuple[Any, ...]]:
    """Claims with their article and speaker, newest first; `listed`: for a list of claim ids
    (the workspace filters do not choose the plan, see `owned`)."""

    def in_ws(column: Any, ws: Workspace | BindParameter[Any]) -> ColumnElement[bool]:
        if listed:
            return owned(column, ws)
        return column == _ws_id(ws)  # type: ignore[no-any-return]

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
        .join(Article, (Article.id == Claim.article_id) & in_ws(Article.workspace_id, ws))  # see articles_in
        .outerjoin(Entity, (Entity.id == Claim.speaker_entity_id) & in_ws(Entity.workspace_id, ws))
        .order_by(desc(Article.dated_at), desc(Article.id), Claim.position)
    )


def claim_views(session: Session, query: Select[*tuple[Any, ...]]) -> list[ClaimView]:
    return [ClaimView(*row) for row in session.execute(query)]


# ---------------------------------------------------------------- newest first, without sorting every match
#
# "The newest N claims (or articles) matching X" sorted every match by its article's date: at
# 100k articles the busiest entity has 31k claims and a common word 130k. Ids follow ingestion,
# so the newest ids are (almost always) the newest dates, and an index gives them in id order
# without a sort: take a few times `limit` of the newest matches by id, rank those by date, then make
# the answer exact. A match older by id can only rank if its article is dated at or after the
# last one shown (D); the workspace's articles dated since D with ids below the candidates' are
# few, in the date blocks whose newest date is D or later (models.DateBlock), and the matches
# among their rows (usually none: an article dated later than it arrived) are added and ranked
# with the rest. When those blocks hold many ids the plain query runs instead, so the result is
# always the one the plain query gives.

# a topic's articles: each driver's first batch takes a quarter more ids than articles wanted, at least
CANDIDATES = 64
ROUNDS = 5  # steps (each taking twice as many ids) before giving up: the plain query
RECENT_ARTICLES = 5000  # a topic: at most this many articles dated since D are checked; more: plain
# the late check walks at most this many article ids (those of the date blocks that can hold a late
# article); more: the plain query, for claims always, for a topic when it is also the cheaper one
WALK_ARTICLES = 20000
# a match the plain query reads costs about as much as this many articles the late check walks
# (~7 against ~0.15 µs): below that many matches a long walk gives way to the plain query
PLAIN_COST = 50

Row = TypeVar("Row")


@dataclass(frozen=True)
class Driver:
    """One filter as ids in an index order: `batch(before, n)` the newest n matching ids below
    `before` (None: from the newest), descending; `among(ids)` those of `ids` that match;
    `condition` the filter as SQL, for the plain query. The ids may include other workspaces'
    rows: the ranking query keeps the workspace's own."""

    batch: Callable[[int | None, int], list[int]]
    among: Callable[[list[int]], list[int]]
    make_condition: Callable[[], ColumnElement[bool]]
    # the filter built once with named parameters, and their values (claims' drivers)
    prepared: tuple[ColumnElement[bool], dict[str, Any]] | None = None

    @property
    def condition(self) -> ColumnElement[bool]:
        """Built when asked: most calls never run the plain query, and building it costs."""
        return self.make_condition()


def newest(
    driver: Driver,
    rank: Callable[[list[int]], list[Row]],
    plain: Callable[[], list[Row]],
    late: Callable[[datetime, int, Row, int], list[int] | None],
    dated: Callable[[Row], datetime],
    ident: Callable[[Row], int],
    limit: int,
) -> list[Row]:
    """The `limit` best rows of the driver's matches, as `plain()` gives them.

    `rank(ids)`: the rows with these ids that pass the other filters, best first, at most
    `limit`; `late(D, before, last, taken)`: the ids below `before` of rows whose article is dated
    at or after D, the date of `last`, the last row ranked, when `taken` matches were read by id
    (None: checking would cost more than the plain query).
    """
    if limit <= 0:
        return []
    top: list[Row] = []
    before: int | None = None
    taken = 0
    for step in range(ROUNDS):
        wanted = (4 * limit + 16) << step
        ids = driver.batch(before, wanted)
        taken += len(ids)
        top = rank([ident(r) for r in top] + ids) if ids or top else []
        if len(ids) < wanted:  # every match has been ranked
            return top
        before = ids[-1]
        if len(top) == limit:
            break
    else:
        return plain()
    assert before is not None
    below = late(dated(top[-1]), before, top[-1], taken)
    if below is None:
        return plain()
    extra = driver.among(below) if below else []
    return rank([ident(r) for r in top] + extra) if extra else top


@cache
def _newest_claim() -> Select[Any]:
    return select(func.max(Claim.id))


def late_claims(
    session: Session, ws: Workspace
) -> Callable[[datetime, int, ClaimView, int], list[int] | None]:
    """`late` for claims: the claims below an id in the articles dated since a time, unless the
    plain query is cheaper. The check walks the ids of the date blocks below the last claim's
    article that hold articles dated since then (`late_walk`); the plain query reads every match
    (`PLAIN_COST`), and the matches taken so far, over the span of claim ids they came from,
    estimate how many there are (sparse matches: few)."""

    def late(since: datetime, before: int, _last: ClaimView, taken: int) -> list[int] | None:
        (newest_claim,) = run(session, _newest_claim())
        up_to = article_of(session, Claim, before) + 1
        walk = late_walk(session, ws, since, up_to)
        matches = taken * (newest_claim or 0) / max(1, (newest_claim or 0) - before)
        if walk > WALK_ARTICLES or walk > PLAIN_COST * matches:
            return None
        return late_rows(session, ws, Claim, since, before, up_to)

    return late


@lru_cache(maxsize=64)
def _ranking(query: Select[Any], ident: Any) -> Select[Any]:
    """`query` for a list of ids (parameters ids, n), built once per query: callers that run
    one query for every call (a profile's) build it once."""
    return query.where(in_ids(ident, ids_param("ids"))).limit(bindparam("n"))


@lru_cache(maxsize=16)
def _dated_claims(condition: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    """The workspace's claims matching `condition` (parameters ws, n and the condition's), the
    newest n as (id, article), from the narrow (id, workspace, article) and (id, workspace,
    dated) indexes: callers pass conditions built once, so the statement is too."""
    return (
        select(Claim.id, Claim.article_id)
        .join(Article, Article.id == Claim.article_id)
        .where(condition, owned(Article.workspace_id, WS))
        .order_by(desc(Article.dated_at), desc(Article.id), Claim.id)
        .limit(bindparam("n"))
    )


_LISTED_CLAIMS = in_ids(Claim.id, IDS)


def _shown(dated: list[Any], limit: int) -> list[int]:
    """The first `limit` of (claim, article) pairs by date, and the rest of the last one's
    article: its claims rank by position, these by id."""
    last = dated[limit - 1][1] if len(dated) > limit else None
    return [c for c, _a in dated[:limit]] + [c for c, a in dated[limit:] if a == last]


def newest_claims(
    session: Session,
    ws: Workspace,
    query: Select[*tuple[Any, ...]],
    driver: Driver,
    limit: int,
    params: dict[str, Any] | None = None,
    *,
    narrow: bool = False,
) -> list[ClaimView]:
    """`query` (claims_query with any other filters, and their `params`) for the driver's
    claims, newest first. `narrow`: the query has no other filter, so candidates can be ranked
    by date from indexes first, and only the rows shown read in full."""
    ranked = _ranking(query, Claim.id)
    params = params or {}

    def rank(ids: list[int]) -> list[ClaimView]:
        if narrow and len(ids) > limit:
            dated = rows(session, _dated_claims(_LISTED_CLAIMS), ids=ids, ws=ws.id, n=len(ids))
            ids = _shown(dated, limit)
        return [ClaimView(*r) for r in rows(session, ranked, ids=ids, n=limit, **params)]

    def plain() -> list[ClaimView]:
        """The ids first, then their rows: sorting every match with its text cost twice as much.
        Narrow: the ids by date from the indexes alone, and a few more, so that the claims of
        the last article shown are all ranked (by position) with the rest."""
        if narrow and driver.prepared is not None:
            condition, values = driver.prepared
            more = limit + 32
            dated = rows(session, _dated_claims(condition), **{**values, "ws": ws.id, "n": more})
            if len(dated) < more or dated[-1][1] != dated[limit - 1][1]:  # the last article is whole
                return rank(_shown(dated, limit))
        return rank(
            run(session, query.where(driver.condition).with_only_columns(Claim.id).limit(limit), **params)
        )

    return newest(
        driver,
        rank=rank,
        plain=plain,
        late=late_claims(session, ws),
        dated=lambda c: c.dated_at,
        ident=lambda c: c.id,
        limit=limit,
    )


@cache
def _articles_by_date() -> Select[Any]:
    return (
        select(Article.id)
        .where(in_ids(Article.id, IDS), owned(Article.workspace_id, WS))
        .order_by(desc(Article.dated_at), desc(Article.id))
        .limit(bindparam("n"))
    )


def newest_articles(
    session: Session,
    ws: Workspace,
    query: Select[*tuple[Any, ...]],
    driver: Driver,
    limit: int,
    params: dict[str, Any] | None = None,
) -> list[Any]:
    """`query` (selecting Article.id first and Article.dated_at last, filtered to the workspace
    with `owned` and nothing else, newest first; its `params`) for the driver's articles."""
    ranked = _ranking(query, Article.id)
    params = params or {}

    def rank(ids: list[int]) -> list[Any]:
        if len(ids) > limit:  # by date from the (id, workspace, dated) index, then the rows shown
            ids = run(session, _articles_by_date(), ids=ids, ws=ws.id, n=limit)
        return rows(session, ranked, ids=ids, n=limit, **params)

    def late(since: datetime, before: int, _last: Any, _taken: int) -> list[int] | None:
        return late_articles(session, ws, since, before)

    return newest(
        driver,
        rank=rank,
        plain=lambda: rows(session, query.where(driver.condition).limit(limit), **params),
        late=late,
        dated=lambda r: r[-1],
        ident=lambda r: r[0],
        limit=limit,
    )
