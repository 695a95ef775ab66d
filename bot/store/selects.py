"""Building blocks of the queries: workspace-filtered SELECTs and lookups (bot/store/queries.py uses them).

Rows reached through an article or an entity of the workspace are the workspace's own:
their composite foreign keys tie their workspace_id to their parent's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    desc,
    func,
    select,
)
from sqlalchemy.orm import Session

from bot.store.idlist import in_ids
from bot.store.models import (
    Article,
    Claim,
    ClaimSubject,
    Entity,
    EntityAlias,
    KeyPoint,
    Mention,
)
from bot.store.normalize import name_key
from bot.store.types import ClaimView, Workspace


def owned(column: Any, ws: Workspace) -> ColumnElement[bool]:
    """`column == ws.id` where another filter (a list of ids) must choose the index.

    SQLite's ANALYZE with `analysis_limit` (Store.optimize) estimates any workspace_id value at
    ~1000 rows, so its planner prefers an index led by workspace_id to a list of 1000 ids, and then
    reads the whole workspace. `+ 0` keeps the filter (every row is still checked) but no index
    serves it; PostgreSQL plans the same either way.
    """
    shifted: ColumnElement[int] = column + 0
    return shifted == ws.id


def scalars(session: Session, query: Select[*tuple[Any, ...]]) -> list[Any]:
    """The first column of `query`, run on the session's connection and fetched at once: the
    ORM's row handling, or fetching row by row, costs more than the query for thousands of ids."""
    return [row[0] for row in session.connection().execute(query).fetchall()]


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
    weight = dict(
        session.execute(
            select(Entity.id, Entity.mentions).where(Entity.workspace_id == ws.id, Entity.id.in_(found))
        ).all()
    )
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


def claims_query(ws: Workspace, *, listed: bool = False) -> Select[*tuple[Any, ...]]:
    """Claims with their article and speaker, newest first; `listed`: for a list of claim ids
    (the workspace filters do not choose the plan, see `owned`)."""
    in_ws = owned if listed else (lambda column, ws: column == ws.id)
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
# last one shown (D); the workspace's articles dated since D are few (an index range), and the
# matches among their rows below the candidates' ids (usually none: an article dated later than
# it arrived) are added and ranked with the rest. When that range is large (D is old) the plain
# query runs instead, so the result is always the one the plain query gives.

CANDIDATES = 400  # ids taken at first for a topic's articles, at least (selects.newest: 4 x limit + 16)
ROUNDS = 5  # steps (each taking twice as many ids) before giving up: the plain query
RECENT_ARTICLES = 5000  # at most this many articles dated since D are checked; more: the plain query

Row = TypeVar("Row")


@dataclass(frozen=True)
class Driver:
    """One filter as ids in an index order: `batch(before, n)` the newest n matching ids below
    `before` (None: from the newest), descending; `among(ids)` those of `ids` that match;
    `condition` the filter as SQL, for the plain query. The ids may include other workspaces'
    rows: the ranking query keeps the workspace's own."""

    batch: Callable[[int | None, int], list[int]]
    among: Callable[[list[int]], list[int]]
    condition: ColumnElement[bool]


def newest(
    driver: Driver,
    rank: Callable[[list[int]], list[Row]],
    plain: Callable[[], list[Row]],
    late: Callable[[datetime, int], list[int] | None],
    dated: Callable[[Row], datetime],
    ident: Callable[[Row], int],
    limit: int,
) -> list[Row]:
    """The `limit` best rows of the driver's matches, as `plain()` gives them.

    `rank(ids)`: the rows with these ids that pass the other filters, best first, at most
    `limit`; `late(D, before)`: the ids below `before` of rows whose article is dated at or after
    D (None: too many articles to check).
    """
    if limit <= 0:
        return []
    top: list[Row] = []
    before: int | None = None
    for step in range(ROUNDS):
        wanted = (4 * limit + 16) << step
        ids = driver.batch(before, wanted)
        top = rank([ident(r) for r in top] + ids) if ids or top else []
        if len(ids) < wanted:  # every match has been ranked
            return top
        before = ids[-1]
        if len(top) == limit:
            break
    else:
        return plain()
    assert before is not None
    below = late(dated(top[-1]), before)
    if below is None:
        return plain()
    extra = driver.among(below) if below else []
    return rank([ident(r) for r in top] + extra) if extra else top


def few_recent(session: Session, ws: Workspace, since: datetime, most: int | None = None) -> bool:
    """Whether at most `most` (default RECENT_ARTICLES) of the workspace's articles are dated at or
    after `since` (a range of the (workspace, dated) index, counted up to most + 1)."""
    most = RECENT_ARTICLES if most is None else most
    recent = (
        select(Article.id).where(Article.workspace_id == ws.id, Article.dated_at >= since).limit(most + 1)
    )
    counted = session.connection().execute(select(func.count()).select_from(recent.subquery())).scalar()
    return (counted or 0) <= most


def dated_since(ws: Workspace, since: datetime) -> ColumnElement[bool]:
    """Articles of the workspace dated at or after `since`: with `below` on the joined rows'
    ids, SQLite walks the (workspace, dated) index range and each article's rows by their
    (article_id) index alone. Rows joined to the workspace's articles are its own (composite
    foreign keys), so they need no workspace filter of their own, which would read each row."""
    return (Article.workspace_id == ws.id) & (Article.dated_at >= since)


def below(column: ColumnElement[int] | Any, before: int) -> ColumnElement[bool]:
    """`column < before`, written so that no index is chosen for it (`+ 0`): the rows wanted are
    found through another filter, and a range of ids from the first would be most of a table."""
    shifted: ColumnElement[int] = column + 0
    return shifted < before


def article_of(session: Session, model: type[Claim] | type[KeyPoint], row_id: int) -> int:
    """The article of a claim or key point; a row gone since (its article re-parsed): the
    highest article id, so that filters by it filter nothing out."""
    found = session.execute(select(model.article_id).where(model.id == row_id)).scalar()
    return int(found) if found is not None else 2**62


def late_rows(
    session: Session, ws: Workspace, model: type[Claim] | type[KeyPoint], since: datetime, before: int
) -> list[int]:
    """The ids below `before` of `model`'s rows (claims, key points) in the workspace's articles
    dated at or after `since`. A parse's rows are written after its article, so only articles
    with ids up to the article of row `before` can hold such rows: the walk over the articles
    dated since then skips the others by id (in the index) before reading any of their rows."""
    late = (
        select(model.id)
        .join(Article, Article.id == model.article_id)
        .where(dated_since(ws, since), below(model.id, before))
        .where(below(Article.id, article_of(session, model, before) + 1))
    )
    return list(scalars(session, late))


def late_claims(session: Session, ws: Workspace) -> Callable[[datetime, int], list[int] | None]:
    """`late` for claims: the claims below an id in the articles dated since a time."""

    def late(since: datetime, before: int) -> list[int] | None:
        if not few_recent(session, ws, since):
            return None
        return late_rows(session, ws, Claim, since, before)

    return late


def newest_claims(
    session: Session, ws: Workspace, query: Select[*tuple[Any, ...]], driver: Driver, limit: int
) -> list[ClaimView]:
    """`query` (claims_query with any other filters) for the driver's claims, newest first."""
    return newest(
        driver,
        rank=lambda ids: claim_views(session, query.where(listed(Claim.id, ids)).limit(limit)),
        plain=lambda: claim_views(session, query.where(driver.condition).limit(limit)),
        late=late_claims(session, ws),
        dated=lambda c: c.dated_at,
        ident=lambda c: c.id,
        limit=limit,
    )


def _merged(per_key: Sequence[list[int]], n: int) -> list[int]:
    return sorted({i for ids in per_key for i in ids}, reverse=True)[:n]


def speaker_driver(session: Session, ws: Workspace, entity_ids: list[int], speaker_key: str | None) -> Driver:
    """Claims by these entities, or by a speaker written this way: by (workspace, speaker) index."""
    mine = Claim.workspace_id == ws.id
    by = [Claim.speaker_entity_id == e for e in entity_ids]
    if speaker_key is not None:
        by.append(Claim.speaker_key == speaker_key)

    def batch(before: int | None, n: int) -> list[int]:
        below = [Claim.id < before] if before is not None else []
        return _merged(
            [
                list(
                    scalars(
                        session, select(Claim.id).where(mine, one, *below).order_by(desc(Claim.id)).limit(n)
                    )
                )
                for one in by
            ],
            n,
        )

    def among(ids: list[int]) -> list[int]:
        if not by:
            return []
        spoke: ColumnElement[bool] = Claim.speaker_entity_id.in_(entity_ids)
        if speaker_key is not None:
            spoke = spoke | (Claim.speaker_key == speaker_key)
        return list(
            scalars(
                session, select(Claim.id).where(owned(Claim.workspace_id, ws), listed(Claim.id, ids), spoke)
            )
        )

    return Driver(batch, among, Claim.id.in_(said_by(ws, entity_ids, speaker_key)))


def subject_driver(session: Session, ws: Workspace, entity_ids: list[int]) -> Driver:
    """Claims about these entities: by the (workspace, entity, claim) index of claim subjects."""
    mine = ClaimSubject.workspace_id == ws.id
    condition = Claim.id.in_(
        select(ClaimSubject.claim_id).where(mine, ClaimSubject.entity_id.in_(entity_ids))
    )
    link = (ClaimSubject.workspace_id, ClaimSubject.entity_id, ClaimSubject.claim_id)
    return _entity_link_driver(session, ws, entity_ids, link, condition)


def mention_driver(session: Session, ws: Workspace, entity_ids: list[int]) -> Driver:
    """Articles mentioning these entities: by the (workspace, entity, article) index of mentions."""
    link = (Mention.workspace_id, Mention.entity_id, Mention.article_id)
    return _entity_link_driver(session, ws, entity_ids, link, Article.id.in_(mentioning(ws, entity_ids)))


def _entity_link_driver(
    session: Session,
    ws: Workspace,
    entity_ids: list[int],
    link: tuple[Any, Any, Any],
    condition: ColumnElement[bool],
) -> Driver:
    """A driver over a table linking entities to rows, by its (workspace, entity, row) index:
    `link` is those three columns."""
    workspace_id, entity_id, row_id = link
    mine = workspace_id == ws.id

    def batch(before: int | None, n: int) -> list[int]:
        below = [row_id < before] if before is not None else []
        return _merged(
            [
                list(
                    scalars(
                        session,
                        select(row_id).where(mine, entity_id == e, *below).order_by(desc(row_id)).limit(n),
                    )
                )
                for e in entity_ids
            ],
            n,
        )

    def among(ids: list[int]) -> list[int]:
        if not entity_ids:
            return []
        return list(
            scalars(
                session,
                select(row_id)
                .distinct()
                .where(owned(workspace_id, ws), entity_id.in_(entity_ids), listed(row_id, ids)),
            )
        )

    return Driver(batch, among, condition)


def newest_articles(
    session: Session, ws: Workspace, query: Select[*tuple[Any, ...]], driver: Driver, limit: int
) -> list[Any]:
    """`query` (selecting Article.id first and Article.dated_at last, filtered to the workspace
    with `owned`, newest first) for the driver's articles."""

    def late(since: datetime, before: int) -> list[int] | None:
        return list(
            scalars(session, select(Article.id).where(dated_since(ws, since), below(Article.id, before)))
        )

    return newest(
        driver,
        rank=lambda ids: list(session.execute(query.where(listed(Article.id, ids)).limit(limit))),
        plain=lambda: list(session.execute(query.where(driver.condition).limit(limit))),
        late=late,
        dated=lambda r: r[-1],
        ident=lambda r: r[0],
        limit=limit,
    )
