"""Delivery records: the store's side of exactly-once digests, and the posted-message map.

A digest is claimed by inserting its (workspace, channel, slot) row, which is unique: of
two processes, one inserts and posts, the other finds the row and stops. The row keeps the
composed plan, and each posted message is recorded, so that a digest cut short (a crash, a
rate limit) is resumed by whoever takes it over after its lease ran out, posting only the
items that did not go out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exc, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.store import Store, Workspace
from bot.store.models import DigestDelivery, DigestMessage

CLAIMED = "claimed"
DONE = "done"
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
        if existing.status == DONE:
            return None
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
        dialect = postgresql if store.dialect == "postgresql" else sqlite
        session.execute(
            dialect.insert(DigestMessage)
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
            .values(claimed_at=now, posted=DigestDelivery.posted + (1 if position > 0 else 0))
        )


def complete(store: Store, delivery: Delivery, now: datetime) -> None:
    with store.writing() as session:
        session.execute(
            update(DigestDelivery)
            .where(DigestDelivery.id == delivery.id)
            .values(status=DONE, completed_at=now)
        )


def last_window_end(store: Store, ws: Workspace, channel: str) -> datetime | None:
    """Where the channel's previous digest stopped reading articles (None: it never had one)."""
    with store.reading() as session:
        found: datetime | None = session.scalar(
            select(func.max(DigestDelivery.window_end)).where(
                DigestDelivery.workspace_id == ws.id, DigestDelivery.channel == channel
            )
        )
    return found


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
