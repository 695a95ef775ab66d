"""Delivery records: the store's side of exactly-once digests, and the posted-message map.

A digest is claimed by inserting its (workspace, channel, slot) row, which is unique: of
two processes, one inserts and posts, the other finds the row and stops. The row keeps the
composed plan, and each posted message is recorded, so that a digest cut short (a crash, a
rate limit) is resumed by whoever takes it over after its lease ran out, posting only the
items that did not go out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exc, func, insert, select, text, update
from sqlalchemy.orm import Session

from bot.store import Store, Workspace
from bot.store.models import DigestDelivery, DigestMessage, WorkspaceRow

CLAIMED = "claimed"  # being posted, or cut short and to be resumed
DONE = "done"
REFUSED = "refused"  # the platform refused it for good (no such channel, not a member)
ABANDONED = "abandoned"  # cut short and not resumed within the grace period
SCHEDULED = "scheduled"
MANUAL = "manual"

Plan = list[list[int]]  # article ids per item, most important item first


@dataclass(frozen=True)
class Delivery:
    id: int
    workspace: Workspace
    channel: str
    slot: str
    kind: str
    status: str
    owner: str
    claimed_at: datetime
    completed_at: datetime | None
    window_start: datetime
    window_end: datetime
    plan: Plan
    posted: int


def claim(
    store: Store,
    ws: Workspace,
    channel: str,
    slot: str,
    *,
    kind: str,
    owner: str,
    now: datetime,
    lease: timedelta,
    compose: Callable[[datetime], tuple[datetime, Plan]],
) -> Delivery | None:
    """Claim the channel's digest for `slot`: the delivery to post, or None when it is not ours.

    A new claim runs `compose(now)` for its (window start, plan). An existing claim is ours
    to resume when it is unfinished and ours already or its lease ran out; a finished one
    is never posted again.
    """
    with store.writing() as session:
        _lock_channel(session, store, ws, channel)  # one claim of a channel at a time (PostgreSQL)
        existing = _find(session, ws, channel, slot)
        if existing is None:
            start, plan = compose(now)
            try:
                with session.begin_nested():
                    new_id = session.scalars(
                        insert(DigestDelivery)
                        .values(
                            workspace_id=ws.id,
                            channel=channel,
                            slot=slot,
                            kind=kind,
                            status=CLAIMED,
                            owner=owner,
                            claimed_at=now,
                            window_start=start,
                            window_end=now,
                            plan=plan,
                            posted=0,
                        )
                        .returning(DigestDelivery.id)
                    ).one()
                return _delivery(session.get_one(DigestDelivery, new_id), ws)
            except exc.IntegrityError:  # another process claimed it first
                existing = _find(session, ws, channel, slot)
                if existing is None:  # pragma: no cover - the winner's row cannot vanish
                    raise
        if existing.status != CLAIMED:
            return None  # done, refused or abandoned: never posted again
        if existing.owner != owner and now - existing.claimed_at < lease:
            return None  # someone is posting it now
        taken = session.execute(
            update(DigestDelivery)
            .where(DigestDelivery.id == existing.id, DigestDelivery.claimed_at == existing.claimed_at)
            .values(owner=owner, claimed_at=now)
        )
        if getattr(taken, "rowcount", 0) != 1:
            return None  # another process took it over in between
        session.refresh(existing)
        return _delivery(existing, ws)


def posted_positions(store: Store, delivery: Delivery) -> set[int]:
    with store.reading() as session:
        return set(
            session.scalars(
                select(DigestMessage.position).where(
                    DigestMessage.workspace_id == delivery.workspace.id,
                    DigestMessage.delivery_id == delivery.id,
                )
            )
        )


def record_message(
    store: Store,
    delivery: Delivery,
    *,
    position: int,
    message_id: str,
    article_ids: list[int],
    now: datetime,
) -> None:
    """Record one posted message, and renew the delivery's lease (the digest is progressing).

    Never fails for a message recorded already: the message is out, and a failure here
    would have the digest resumed and the message posted again.
    """
    with store.writing() as session:
        session.execute(
            store.upsert(DigestMessage)
            .values(
                workspace_id=delivery.workspace.id,
                delivery_id=delivery.id,
                channel=delivery.channel,
                position=position,
                message_id=message_id,
                article_id=article_ids[0] if article_ids else None,
                article_ids=article_ids,
                posted_at=now,
            )
            .on_conflict_do_nothing()  # recorded already (a resumed digest): keep the first record
        )
        session.execute(
            update(DigestDelivery)
            .where(DigestDelivery.id == delivery.id)
            .values(posted=DigestDelivery.posted + (1 if position > 0 else 0))
        )


def renew(store: Store, delivery: Delivery, now: datetime) -> bool:
    """Renew the lease before posting: False when the delivery is no longer this owner's to post
    (another process took it over after the lease ran out, or it is finished)."""
    return _update_if_still_owned(store, delivery, claimed_at=now)


def complete(store: Store, delivery: Delivery, now: datetime, *, status: str = DONE) -> bool:
    """Finish the delivery (done, or refused for good); False when it was not this owner's any more."""
    return _update_if_still_owned(store, delivery, status=status, completed_at=now)


def _update_if_still_owned(store: Store, delivery: Delivery, **values: Any) -> bool:
    """Set `values` on the delivery while this owner still holds its claim; False when it does not."""
    with store.writing() as session:
        updated = session.execute(
            update(DigestDelivery)
            .where(
                DigestDelivery.id == delivery.id,
                DigestDelivery.owner == delivery.owner,
                DigestDelivery.status == CLAIMED,
            )
            .values(**values)
        )
    return getattr(updated, "rowcount", 0) == 1


def abandon(store: Store, delivery: Delivery, now: datetime) -> bool:
    """Give up a digest cut short long ago: its unposted stories go to the channel's next digest."""
    with store.writing() as session:
        given_up = session.execute(
            update(DigestDelivery)
            .where(
                DigestDelivery.id == delivery.id,
                DigestDelivery.status == CLAIMED,
                DigestDelivery.claimed_at == delivery.claimed_at,
            )
            .values(status=ABANDONED, completed_at=now)
        )
    return getattr(given_up, "rowcount", 0) == 1


def unfinished(store: Store, platforms: tuple[str, ...]) -> list[Delivery]:
    """Deliveries cut short (or being posted now) in workspaces of `platforms`, oldest first."""
    with store.reading() as session:
        rows = session.execute(
            select(DigestDelivery, WorkspaceRow.platform, WorkspaceRow.external_id)
            .join(WorkspaceRow, WorkspaceRow.id == DigestDelivery.workspace_id)
            .where(DigestDelivery.status == CLAIMED, WorkspaceRow.platform.in_(platforms))
            .order_by(DigestDelivery.claimed_at)
        ).all()
        return [
            _delivery(row, Workspace(row.workspace_id, platform, external))
            for row, platform, external in rows
        ]


def next_window_start(store: Store, ws: Workspace, channel: str) -> datetime | None:
    """Where the channel's next digest starts reading articles: where its last finished digest
    stopped; before any finished, where its first digest started (None: it never had one).

    Digests refused or abandoned do not move it: their stories come in the next one.
    """
    mine = (DigestDelivery.workspace_id == ws.id, DigestDelivery.channel == channel)
    with store.reading() as session:
        done: datetime | None = session.scalar(
            select(func.max(DigestDelivery.window_end)).where(*mine, DigestDelivery.status == DONE)
        )
        if done is not None:
            return done
        first: datetime | None = session.scalar(select(func.min(DigestDelivery.window_start)).where(*mine))
    return first


def taken_articles(store: Store, ws: Workspace, channel: str, since: datetime) -> set[int]:
    """Articles no new digest of the channel may hold: posted to it already (by any digest since
    `since`), or in the plan of a digest being posted or to be resumed."""
    taken: set[int] = set()
    with store.reading() as session:
        for ids in session.scalars(
            select(DigestMessage.article_ids)
            .join(DigestDelivery, DigestDelivery.id == DigestMessage.delivery_id)
            .where(
                DigestMessage.workspace_id == ws.id,
                DigestMessage.channel == channel,
                DigestDelivery.window_end >= since,
            )
        ):
            taken.update(int(i) for i in ids or ())
        for plan in session.scalars(
            select(DigestDelivery.plan).where(
                DigestDelivery.workspace_id == ws.id,
                DigestDelivery.channel == channel,
                DigestDelivery.status == CLAIMED,
            )
        ):
            taken.update(int(i) for item in plan or () for i in item)
    return taken


def find_delivery(store: Store, ws: Workspace, channel: str, slot: str) -> Delivery | None:
    with store.reading() as session:
        row = _find(session, ws, channel, slot)
        return _delivery(row, ws) if row is not None else None


def deliveries(store: Store, ws: Workspace, channel: str) -> list[Delivery]:
    """The channel's digests, oldest first."""
    with store.reading() as session:
        rows = session.scalars(
            select(DigestDelivery)
            .where(DigestDelivery.workspace_id == ws.id, DigestDelivery.channel == channel)
            .order_by(DigestDelivery.window_end, DigestDelivery.id)
        ).all()
        return [_delivery(row, ws) for row in rows]


def message_ids(store: Store, delivery: Delivery) -> dict[int, str]:
    """The messages a delivery posted, by position (0: the header, then its items)."""
    with store.reading() as session:
        rows = session.execute(
            select(DigestMessage.position, DigestMessage.message_id).where(
                DigestMessage.workspace_id == delivery.workspace.id, DigestMessage.delivery_id == delivery.id
            )
        ).all()
    return {position: message_id for position, message_id in rows}


def article_for_message(store: Store, ws: Workspace, channel: str, message_id: str) -> int | None:
    """The article a digest item's message is about (None for other messages and the header)."""
    with store.reading() as session:
        found: int | None = session.scalar(
            select(DigestMessage.article_id).where(
                DigestMessage.workspace_id == ws.id,
                DigestMessage.channel == channel,
                DigestMessage.message_id == message_id,
            )
        )
    return found


def _lock_channel(session: Session, store: Store, ws: Workspace, channel: str) -> None:
    """Serialise claims of one channel's digests till the transaction ends: on PostgreSQL with a
    transaction-scoped advisory lock (SQLite's writers are one at a time already)."""
    if store.dialect == "postgresql":
        digest = hashlib.blake2b(f"{ws.id}:{channel}".encode(), digest_size=8).digest()
        key = int.from_bytes(digest, "big", signed=True)
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def _find(session: Session, ws: Workspace, channel: str, slot: str) -> DigestDelivery | None:
    return session.scalars(
        select(DigestDelivery).where(
            DigestDelivery.workspace_id == ws.id,
            DigestDelivery.channel == channel,
            DigestDelivery.slot == slot,
        )
    ).first()


def _delivery(row: DigestDelivery, ws: Workspace) -> Delivery:
    return Delivery(
        id=row.id, workspace=ws, channel=row.channel, slot=row.slot, kind=row.kind, status=row.status,
        owner=row.owner, claimed_at=row.claimed_at, completed_at=row.completed_at,
        window_start=row.window_start, window_end=row.window_end,
        plan=[list(map(int, item)) for item in (row.plan or [])], posted=row.posted,
    )  # fmt: skip
