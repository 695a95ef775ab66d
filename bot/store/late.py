"""The late check of the newest-first queries (bot/store/selects.py, `newest`): the articles,
or their claims and key points, dated since D with ids below the candidates', found in the date
blocks (models.DateBlock) that can hold them."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Select, TextClause, bindparam, func, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from bot.store import models
from bot.store.models import Article, Claim, DateBlock, KeyPoint, UTCDateTime, date_block
from bot.store.prepared import WS, run
from bot.store.types import Workspace


def below(column: ColumnElement[int] | Any, before: int | BindParameter[int]) -> ColumnElement[bool]:
    """`column < before`, written so that no index is chosen for it (`+ 0`): the rows wanted are
    found through another filter, and a range of ids from the first would be most of a table."""
    shifted: ColumnElement[int] = column + 0
    return shifted < before


@cache
def _article_of(model: type[Claim] | type[KeyPoint]) -> Select[Any]:
    return select(model.article_id).where(model.id == bindparam("id"))


# above any article id (a 32-bit integer on PostgreSQL, which refuses a larger parameter for it)
_ABOVE_ANY_ARTICLE = 2**31 - 2


def article_of(session: Session, model: type[Claim] | type[KeyPoint], row_id: int) -> int:
    """The article of a claim or key point; a row gone since (its article re-parsed): an id
    above every article's, so that filters by it filter nothing out."""
    found = run(session, _article_of(model), id=row_id)
    return int(found[0]) if found else _ABOVE_ANY_ARTICLE


@cache
def _late_in_blocks(dialect: str, model: type[Claim] | type[KeyPoint] | None, limited: bool = False) -> Any:
    """The ids of the workspace's articles dated since `since` with ids below `up_to` (`model`
    None), or of their rows below `before`: the date blocks below `up_to` whose newest date is
    `since` or later (parameter `top`, the block of up_to - 1), and in each the (id, workspace,
    dated) index range of its ids (parameter `size`, the ids of a block). A parse's rows join
    its article (composite foreign keys make them the workspace's own); their ids are filtered
    without an index (`below`)."""
    if dialect == "sqlite":
        return _sqlite_late_in_blocks(model, limited)
    first = DateBlock.block * bindparam("size")
    query = (
        select(Article.id if model is None else model.id)
        .select_from(DateBlock)
        .join(Article, (Article.id >= first) & (Article.id < first + bindparam("size")))
        .where(DateBlock.workspace_id == WS, DateBlock.block <= bindparam("top"))
        .where(DateBlock.newest >= bindparam("since"), Article.id < bindparam("up_to"))
        .where(Article.workspace_id == WS, Article.dated_at >= bindparam("since"))
    )
    if model is not None:
        query = query.join(model, model.article_id == Article.id).where(below(model.id, bindparam("before")))
    return query.limit(bindparam("n")) if limited else query


def _sqlite_late_in_blocks(model: type[Claim] | type[KeyPoint] | None, limited: bool) -> TextClause:
    """The same in SQLite's SQL, which can name the index to read: its planner reads a block's
    ids from the articles' rows (or the (workspace, id) index and the rows), ~15x slower at 100k
    articles than from the narrow (id, workspace, dated) index that holds all it needs."""
    rows = model.__tablename__ if model is not None else ""
    sql = (
        f"SELECT {'r.id' if rows else 'a.id'} FROM date_blocks AS b"
        " JOIN articles AS a INDEXED BY ix_articles_id_dated"
        " ON a.id >= b.block * :size AND a.id < b.block * :size + :size"
        + (f" JOIN {rows} AS r ON r.article_id = a.id" if rows else "")
        + " WHERE b.workspace_id = :ws AND b.block <= :top AND b.newest >= :since"
        " AND a.id < :up_to AND a.workspace_id = :ws AND a.dated_at >= :since"
        + (" AND r.id + 0 < :before" if rows else "")
        + (" LIMIT :n" if limited else "")
    )
    return text(sql).bindparams(bindparam("since", type_=UTCDateTime()))


@cache
def _late_blocks() -> Select[Any]:
    return select(func.count()).where(
        DateBlock.workspace_id == WS,
        DateBlock.block <= bindparam("top"),
        DateBlock.newest >= bindparam("since"),
    )


def late_walk(session: Session, ws: Workspace, since: datetime, up_to: int) -> int:
    """How many article ids a late check (articles dated since `since` with ids below `up_to`)
    walks at most: the ids of the date blocks it reads."""
    params = _walk(ws, since, up_to)
    (blocks,) = run(session, _late_blocks(), **params)
    return int(blocks) * int(params["size"])


def late_rows(
    session: Session,
    ws: Workspace,
    model: type[Claim] | type[KeyPoint],
    since: datetime,
    before: int,
    up_to: int,
) -> list[int]:
    """The ids below `before` of `model`'s rows (claims, key points) in the workspace's articles
    dated at or after `since`. A parse's rows are written after its article, so only articles
    with ids below `up_to` (`article_of` row `before`, and one) can hold such rows."""
    return run(session, _late_in_blocks(_dialect(session), model), **_walk(ws, since, up_to), before=before)


def late_articles(
    session: Session, ws: Workspace, since: datetime, before: int, most: int | None = None
) -> list[int]:
    """The workspace's articles dated at or after `since` with ids below `before` (at most
    `most`), from the date blocks that can hold them."""
    params = _walk(ws, since, before)
    if most is None:
        return run(session, _late_in_blocks(_dialect(session), None), **params)
    return run(session, _late_in_blocks(_dialect(session), None, True), **params, n=most)


def _walk(ws: Workspace, since: datetime, up_to: int) -> dict[str, Any]:
    """The parameters of `_late_in_blocks` for the articles dated since `since` below `up_to`."""
    top, size = date_block(up_to - 1), (1 << models.DATE_BLOCK_BITS)
    return {"ws": ws.id, "since": since, "up_to": up_to, "top": top, "size": size}


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name
