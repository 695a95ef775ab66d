"""The feeds a workspace follows and the entries already seen in each, kept in the store.

Plain functions over `store.reading()` / `store.writing()` sessions and the Feed and
FeedEntry tables; every query is scoped to one workspace. No ORM object leaves this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, exc, func, insert, select, update
from sqlalchemy.orm import Session

from bot.errors import UserError
from bot.ingest.urls import canonical_url
from bot.store import Store, Workspace
from bot.store.models import Feed, FeedEntry, WorkspaceRow

_ATTEMPTS = 3  # a concurrent poll of the same feed may record the same entry first


@dataclass(frozen=True)
class FeedInfo:
    id: int
    workspace: Workspace
    url: str
    channel: str | None
    title: str | None
    etag: str | None
    last_modified: str | None
    added_at: datetime
    polled_at: datetime | None
    last_error: str | None


def add_feed(
    store: Store,
    ws: Workspace,
    url: str,
    *,
    channel: str | None = None,
    title: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    seen: Iterable[str] = (),
) -> FeedInfo:
    """Follow a feed, with the entry keys in `seen` recorded as seen, in one transaction.

    Raises UserError when the workspace follows the feed already (under any spelling of its URL).
    """
    now = datetime.now(UTC)
    with store.writing() as session:
        existing = _same_url(session, ws, url)
        if existing is not None:
            raise UserError(f"this workspace follows {url} already (feed #{existing.id}): nothing to add")
        feed_id = session.scalars(
            insert(Feed)
            .values(
                workspace_id=ws.id,
                url=url,
                channel=channel,
                title=title,
                etag=etag,
                last_modified=last_modified,
                added_at=now,
                polled_at=now,
            )
            .returning(Feed.id)
        ).one()
        keys = sorted(set(seen))
        if keys:
            rows = [{"workspace_id": ws.id, "feed_id": feed_id, "entry_key": k, "seen_at": now} for k in keys]
            session.execute(insert(FeedEntry), rows)
        row = session.get_one(Feed, feed_id)
        return _info(row, ws)


def find_feed(store: Store, ws: Workspace, url_or_id: str) -> FeedInfo | None:
    """The workspace's feed with this id ("3" or "#3") or this URL (any spelling of it)."""
    with store.reading() as session:
        wanted = url_or_id.strip().removeprefix("#")
        if wanted.isdigit():
            row = session.scalars(
                select(Feed).where(Feed.workspace_id == ws.id, Feed.id == int(wanted))
            ).first()
        else:
            row = _same_url(session, ws, wanted)
        return _info(row, ws) if row is not None else None


def list_feeds(store: Store, ws: Workspace) -> list[FeedInfo]:
    with store.reading() as session:
        rows = session.scalars(select(Feed).where(Feed.workspace_id == ws.id).order_by(Feed.id))
        return [_info(row, ws) for row in rows]


def all_feeds(store: Store) -> list[FeedInfo]:
    """Every workspace's feeds (what the scheduled poll goes through)."""
    with store.reading() as session:
        rows = session.execute(select(Feed, WorkspaceRow).join(WorkspaceRow).order_by(Feed.id))
        return [_info(feed, Workspace(w.id, w.platform, w.external_id)) for feed, w in rows]


def remove_feed(store: Store, ws: Workspace, url_or_id: str) -> FeedInfo:
    """Stop following a feed (its seen entries go with it; its articles stay)."""
    found = find_feed(store, ws, url_or_id)
    if found is None:
        raise UserError(f"this workspace follows no feed {url_or_id!r}: `briefbot feeds list` shows them")
    with store.writing() as session:
        session.execute(
            delete(FeedEntry).where(FeedEntry.workspace_id == ws.id, FeedEntry.feed_id == found.id)
        )
        session.execute(delete(Feed).where(Feed.workspace_id == ws.id, Feed.id == found.id))
    return found


def seen_counts(store: Store, ws: Workspace) -> dict[int, int]:
    """Entries recorded as seen, per feed of the workspace (versions not counted)."""
    query = (
        select(FeedEntry.feed_id, func.count())
        .where(FeedEntry.workspace_id == ws.id, ~FeedEntry.entry_key.startswith(VERSION_PREFIX))
        .group_by(FeedEntry.feed_id)
    )
    with store.reading() as session:
        return {int(row[0]): int(row[1]) for row in session.execute(query)}


VERSION_PREFIX = "v:"  # keys of entry versions (see bot.ingest.polling), not of entries


def seen_keys(store: Store, feed: FeedInfo, keys: Iterable[str]) -> set[str]:
    """Which of `keys` the feed has recorded as seen."""
    wanted = sorted(set(keys))
    found: set[str] = set()
    with store.reading() as session:
        for start in range(0, len(wanted), 500):
            found.update(
                session.scalars(
                    select(FeedEntry.entry_key).where(
                        FeedEntry.workspace_id == feed.workspace.id,
                        FeedEntry.feed_id == feed.id,
                        FeedEntry.entry_key.in_(wanted[start : start + 500]),
                    )
                )
            )
    return found


def mark_seen(store: Store, feed: FeedInfo, keys: dict[str, int | None]) -> None:
    """Record entry keys as seen (with the article each brought, when known); known keys are kept."""
    if not keys:
        return
    ws_id = feed.workspace.id
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            with store.writing() as session:
                known = set(
                    session.scalars(
                        select(FeedEntry.entry_key).where(
                            FeedEntry.workspace_id == ws_id,
                            FeedEntry.feed_id == feed.id,
                            FeedEntry.entry_key.in_(sorted(keys)),
                        )
                    )
                )
                now = datetime.now(UTC)
                rows = [
                    {
                        "workspace_id": ws_id,
                        "feed_id": feed.id,
                        "entry_key": key,
                        "seen_at": now,
                        "article_id": art,
                    }
                    for key, art in sorted(keys.items())
                    if key not in known
                ]
                if rows:
                    session.execute(insert(FeedEntry), rows)
            return
        except exc.IntegrityError:
            if attempt == _ATTEMPTS:
                raise


def record_poll(
    store: Store,
    feed: FeedInfo,
    *,
    error: str | None,
    etag: str | None = None,
    last_modified: str | None = None,
    title: str | None = None,
    keep_validators: bool = False,
) -> None:
    """Note a poll: when, its error (None when it went well), and the feed's new validators.

    With `keep_validators` the ETag / Last-Modified stay as they were, so that the next poll
    downloads the feed again (some of its entries could not be ingested this time).
    """
    values: dict[str, object] = {"polled_at": datetime.now(UTC), "last_error": error}
    if not keep_validators and error is None:
        values.update(etag=etag, last_modified=last_modified)
    if title:
        values["title"] = title
    with store.writing() as session:
        session.execute(
            update(Feed).where(Feed.workspace_id == feed.workspace.id, Feed.id == feed.id).values(**values)
        )


def _same_url(session: Session, ws: Workspace, url: str) -> Feed | None:
    wanted = canonical_url(url)
    rows = session.scalars(select(Feed).where(Feed.workspace_id == ws.id).order_by(Feed.id))
    return next((row for row in rows if canonical_url(row.url) == wanted), None)


def _info(row: Feed, ws: Workspace) -> FeedInfo:
    return FeedInfo(
        row.id,
        ws,
        row.url,
        row.channel,
        row.title,
        row.etag,
        row.last_modified,
        row.added_at,
        row.polled_at,
        row.last_error,
    )
