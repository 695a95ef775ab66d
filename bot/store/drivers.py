"""Drivers for the newest-first queries (`selects.newest`): each filter as ids read newest
first from an index, with the matches among some ids and the filter as SQL for the plain query.

Claims by a speaker (the (workspace, speaker) indexes), claims about an entity and articles
mentioning one (the (workspace, entity, row) indexes of claim subjects and mentions). The
full-text driver is in bot/store/search.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, desc, select
from sqlalchemy.orm import Session

from bot.store.idlist import ids_param, in_ids
from bot.store.models import Article, Claim, ClaimSubject, Mention
from bot.store.prepared import KEY, WS, run
from bot.store.selects import Driver, listed, mentioning, owned, said_by
from bot.store.types import Workspace


def _merged(per_key: Sequence[list[int]], n: int) -> list[int]:
    return sorted({i for ids in per_key for i in ids}, reverse=True)[:n]


@cache
def _newest_ids(column: Any, row_id: Any, workspace_id: Any, older: bool) -> Select[Any]:
    """The newest n ids (`row_id`) with `column` = value in the workspace (parameters ws, value,
    n, and before when `older`), by a (workspace, column, row_id) index."""
    query = select(row_id).where(workspace_id == WS, column == bindparam("value"))
    if older:
        query = query.where(row_id < bindparam("before"))
    return query.order_by(desc(row_id)).limit(bindparam("n"))


def _batches(
    session: Session, ws: Workspace, by: list[tuple[Any, Any]], row_id: Any, workspace_id: Any
) -> Any:
    """`Driver.batch` over one index range per (column, value) in `by`, merged."""

    def batch(before: int | None, n: int) -> list[int]:
        older = {"before": before} if before is not None else {}
        found = [
            run(
                session,
                _newest_ids(column, row_id, workspace_id, bool(older)),
                ws=ws.id,
                value=value,
                n=n,
                **older,
            )
            for column, value in by
        ]
        return _merged(found, n)

    return batch


def speaker_driver(session: Session, ws: Workspace, entity_ids: list[int], speaker_key: str | None) -> Driver:
    """Claims by these entities, or by a speaker written this way: by (workspace, speaker) index."""
    by: list[tuple[Any, Any]] = [(Claim.speaker_entity_id, e) for e in entity_ids]
    if speaker_key is not None:
        by.append((Claim.speaker_key, speaker_key))

    def among(ids: list[int]) -> list[int]:
        if not by:
            return []
        spoke: ColumnElement[bool] = Claim.speaker_entity_id.in_(entity_ids)
        if speaker_key is not None:
            spoke = spoke | (Claim.speaker_key == speaker_key)
        return run(
            session, select(Claim.id).where(owned(Claim.workspace_id, ws), listed(Claim.id, ids), spoke)
        )

    batch = _batches(session, ws, by, Claim.id, Claim.workspace_id)
    prepared = _spoken(speaker_key is not None), {"entities": entity_ids, "key": speaker_key}
    return Driver(batch, among, lambda: Claim.id.in_(said_by(ws, entity_ids, speaker_key)), prepared)


@cache
def _spoken(keyed: bool) -> ColumnElement[bool]:
    """Claims by some entities (parameter entities), or by a speaker written so (key)."""
    query: Any = select(Claim.id).where(
        Claim.workspace_id == WS, in_ids(Claim.speaker_entity_id, ids_param("entities"))
    )
    if keyed:
        query = query.union(select(Claim.id).where(Claim.workspace_id == WS, Claim.speaker_key == KEY))
    return Claim.id.in_(query)


@cache
def _about() -> ColumnElement[bool]:
    """Claims about some entities (parameter entities)."""
    subjects = select(ClaimSubject.claim_id).where(
        ClaimSubject.workspace_id == WS, in_ids(ClaimSubject.entity_id, ids_param("entities"))
    )
    return Claim.id.in_(subjects)


def subject_driver(session: Session, ws: Workspace, entity_ids: list[int]) -> Driver:
    """Claims about these entities: by the (workspace, entity, claim) index of claim subjects."""

    def condition() -> ColumnElement[bool]:
        mine = ClaimSubject.workspace_id == ws.id
        return Claim.id.in_(select(ClaimSubject.claim_id).where(mine, ClaimSubject.entity_id.in_(entity_ids)))

    link = (ClaimSubject.workspace_id, ClaimSubject.entity_id, ClaimSubject.claim_id)
    driver = _entity_link_driver(session, ws, entity_ids, link, condition)
    return replace(driver, prepared=(_about(), {"entities": entity_ids}))


def mention_driver(session: Session, ws: Workspace, entity_ids: list[int]) -> Driver:
    """Articles mentioning these entities: by the (workspace, entity, article) index of mentions."""
    link = (Mention.workspace_id, Mention.entity_id, Mention.article_id)
    return _entity_link_driver(
        session, ws, entity_ids, link, lambda: Article.id.in_(mentioning(ws, entity_ids))
    )


def _entity_link_driver(
    session: Session,
    ws: Workspace,
    entity_ids: list[int],
    link: tuple[Any, Any, Any],
    condition: Callable[[], ColumnElement[bool]],
) -> Driver:
    """A driver over a table linking entities to rows, by its (workspace, entity, row) index:
    `link` is those three columns."""
    workspace_id, entity_id, row_id = link
    among_ids = _linked_among(link)

    def among(ids: list[int]) -> list[int]:
        if not entity_ids:
            return []
        return run(session, among_ids, ws=ws.id, entities=entity_ids, ids=ids)

    batch = _batches(session, ws, [(entity_id, e) for e in entity_ids], row_id, workspace_id)
    return Driver(batch, among, condition)


@cache
def _linked_among(link: tuple[Any, Any, Any]) -> Select[Any]:
    workspace_id, entity_id, row_id = link
    return (
        select(row_id)
        .distinct()
        .where(
            owned(workspace_id, WS),
            in_ids(entity_id, ids_param("entities")),
            in_ids(row_id, ids_param("ids")),
        )
    )
