"""Full-text search over claims, key points and entities, on SQLite (FTS5) and PostgreSQL (tsvector).

The indexes are made by the migration: SQLite keeps `<table>_fts` tables in step by triggers,
PostgreSQL a generated `search_vector` column with a GIN index. Words are matched by stem
(porter / english), all of them must appear, common words are ignored.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    bindparam,
    column,
    desc,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from bot.store.idlist import ids_param, in_ids
from bot.store.models import Claim, Entity, KeyPoint, Mention
from bot.store.normalize import STOPWORDS
from bot.store.prepared import run
from bot.store.selects import Driver
from bot.store.types import HitKind, SearchHit, Workspace

_WORD = re.compile(r"\w+")
_TABLES: dict[HitKind, Any] = {"claim": Claim, "key_point": KeyPoint, "entity": Entity}
KINDS: tuple[HitKind, ...] = ("claim", "key_point", "entity")


def search_words(words: str) -> list[str]:
    """The words a search looks for: lower-cased, without punctuation and common words."""
    found = [w.casefold() for w in _WORD.findall(words)]
    return list(dict.fromkeys(w for w in found if w not in STOPWORDS))


def match_text(dialect: str, words: list[str]) -> str:
    """The search as the backend's parameter: an FTS5 query of quoted words, or plain words."""
    if dialect == "sqlite":
        return " ".join('"' + w.replace('"', "") + '"' for w in words)
    return " ".join(words)


def matching(
    dialect: str, kind: HitKind, words: list[str] | BindParameter[str]
) -> tuple[Select[Any], ColumnElement[Any]]:
    """(ids of `kind` rows matching all `words`, as a SELECT of (id, rank); the rank column, lower
    better). `words` may be a parameter, to be given `match_text(dialect, words)`."""
    model = _TABLES[kind]
    name = model.__tablename__
    query: Any = words if isinstance(words, BindParameter) else match_text(dialect, words)
    if dialect == "sqlite":
        fts = table(f"{name}_fts", column("rowid"))
        rank: ColumnElement[Any] = func.bm25(literal_column(f"{name}_fts")).label("rank")
        return select(fts.c.rowid.label("id"), rank).where(
            literal_column(f"{name}_fts").op("MATCH")(query)
        ), rank
    vector: ColumnElement[Any] = literal_column(f"{name}.search_vector")
    tsquery = func.plainto_tsquery(literal_column("'english'::regconfig"), query)
    rank = (-func.ts_rank(vector, tsquery)).label("rank")
    return select(model.id.label("id"), rank).where(vector.op("@@")(tsquery)), rank


def matching_ids(dialect: str, kind: HitKind, words: list[str]) -> Select[Any]:
    """Just the ids (for `IN (...)` filters)."""
    query, _rank = matching(dialect, kind, words)
    return query.with_only_columns(query.selected_columns[0])


@cache
def _scoped(dialect: str, kind: HitKind) -> tuple[Select[Any], ColumnElement[Any]]:
    """The ids of `kind` rows matching the search (parameters match, and ws on PostgreSQL), and
    the column they are ordered by: FTS5's rowid (ids of every workspace), else the table's id."""
    matched, _rank = matching(dialect, kind, bindparam("match", type_=String()))
    ids = matched.with_only_columns(matched.selected_columns[0])
    if dialect == "sqlite":
        return ids, literal_column("rowid")
    model = _TABLES[kind]
    return ids.where(model.workspace_id == bindparam("ws")), model.id


@cache
def _driver_statements(dialect: str, kind: HitKind) -> tuple[Select[Any], Select[Any], Select[Any]]:
    """The driver's statements, built once (parameters: match, ws, n, before, low, high, ids):
    the newest n matches, the newest n below `before`, and those among ids."""
    scoped, key = _scoped(dialect, kind)
    if dialect == "sqlite":
        among = scoped.where(key >= bindparam("low"), key <= bindparam("high"))
    else:
        among = scoped.where(in_ids(key, ids_param("ids")))
    newest = scoped.order_by(desc(key)).limit(bindparam("n"))
    return newest, newest.where(key < bindparam("before")), among


def driver(session: Session, workspace: Workspace, kind: HitKind, words: list[str]) -> Driver:
    """The rows of `kind` matching all `words`, newest (highest id) first: SQLite's FTS5 gives
    them in rowid order without reading the rest (ids of every workspace: callers keep their
    own); PostgreSQL's GIN index cannot, so there the workspace's matches are sorted by id."""
    dialect = session.get_bind().dialect.name
    newest, older, among_ids = _driver_statements(dialect, kind)
    params = {"match": match_text(dialect, words), "ws": workspace.id}

    def batch(before: int | None, n: int) -> list[int]:
        if before is None:
            return run(session, newest, **params, n=n)
        return run(session, older, **params, n=n, before=before)

    def among(ids: list[int]) -> list[int]:
        if not ids:
            return []
        if dialect == "sqlite":  # a rowid range of the index, then these ids of it
            wanted = set(ids)
            found = run(session, among_ids, **params, low=min(ids), high=max(ids))
            return [i for i in found if i in wanted]
        return run(session, among_ids, **params, ids=ids)

    prepared = _matched(dialect, kind), {**params}
    return Driver(batch, among, lambda: _TABLES[kind].id.in_(matching_ids(dialect, kind, words)), prepared)


@cache
def _matched(dialect: str, kind: HitKind) -> ColumnElement[bool]:
    """Rows of `kind` matching the search (parameters match, ws)."""
    return _TABLES[kind].id.in_(_scoped(dialect, kind)[0])  # type: ignore[no-any-return]


def search(
    session: Session,
    workspace: Workspace,
    words: str,
    *,
    kinds: tuple[HitKind, ...] = KINDS,
    limit: int = 20,
) -> list[SearchHit]:
    """Best matches of each kind in `kinds` (at most `limit` of each), in that order."""
    terms = search_words(words)
    if not terms:
        return []
    dialect = session.get_bind().dialect.name
    hits: list[SearchHit] = []
    for kind in kinds:
        found, _rank = matching(dialect, kind, terms)
        sub = found.subquery()
        model = _TABLES[kind]
        text_column = {"claim": Claim.content, "key_point": KeyPoint.text, "entity": Entity.name}[kind]
        article = literal_column("NULL") if kind == "entity" else model.article_id
        query = (
            select(model.id, article, text_column, sub.c.rank)
            .join(sub, sub.c.id == model.id)
            .where(model.workspace_id == workspace.id)
            .order_by(sub.c.rank, model.id)
            .limit(limit)
        )
        if kind == "entity":  # only entities some article still mentions
            mentioned = select(Mention.id).where(
                Mention.workspace_id == workspace.id, Mention.entity_id == Entity.id
            )
            query = query.where(mentioned.exists())
        for row_id, article_id, text, rank in session.execute(query):
            hits.append(SearchHit(kind, row_id, article_id, text, float(rank)))
    return hits
