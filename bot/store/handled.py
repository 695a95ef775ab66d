"""Which chat events were taken already, in the database every replica shares.

`first_time` claims an event id with one unique insert: of two replicas that get the same
retried event, exactly one answers it. Rows older than `keep` are pruned now and then.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from sqlalchemy import delete

from bot.store import Store
from bot.store.models import HandledEvent

KEEP = timedelta(hours=1)  # Slack's last retry comes about 5 minutes after the event
_PRUNE_EVERY = 500
_calls = itertools.count(1)


def first_time(store: Store, platform: str, event_id: str, now: datetime, *, keep: timedelta = KEEP) -> bool:
    """True for the first claim of (platform, event id), False for every later one, in any process."""
    with store.writing() as session:
        claimed = session.execute(
            store.upsert(HandledEvent)
            .values(platform=platform, event_id=event_id[:255], seen_at=now)
            .on_conflict_do_nothing(index_elements=["platform", "event_id"])
        )
        if next(_calls) % _PRUNE_EVERY == 0:
            session.execute(delete(HandledEvent).where(HandledEvent.seen_at < now - keep))
    return getattr(claimed, "rowcount", 0) == 1
