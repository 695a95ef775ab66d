"""`Pages` in the store: each conversation's last "more" token, shared by every replica.

The conversation key (platform, workspace, channel, thread, user) is stored hashed; the
token holds only the command and its arguments. Tokens unused for a day are pruned now and then.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select

from bot.paging import Cursor
from bot.store import Store
from bot.store.models import PageToken

KEEP = timedelta(days=1)
_PRUNE_EVERY = 500


class StorePages:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._writes = itertools.count(1)

    async def remember(self, key: tuple[str, ...], token: str | None) -> None:
        await asyncio.to_thread(self._remember, _hashed(key), token, datetime.now(UTC))

    async def last(self, key: tuple[str, ...]) -> Cursor | None:
        token = await asyncio.to_thread(self._last, _hashed(key))
        return Cursor.parse(token) if token else None

    def _remember(self, conversation: str, token: str | None, now: datetime) -> None:
        with self.store.writing() as session:
            if token is None:
                session.execute(delete(PageToken).where(PageToken.conversation == conversation))
            else:
                insert = self.store.upsert(PageToken).values(
                    conversation=conversation, token=token, updated_at=now
                )
                session.execute(
                    insert.on_conflict_do_update(
                        index_elements=["conversation"],
                        set_={"token": insert.excluded.token, "updated_at": insert.excluded.updated_at},
                    )
                )
            if next(self._writes) % _PRUNE_EVERY == 0:
                session.execute(delete(PageToken).where(PageToken.updated_at < now - KEEP))

    def _last(self, conversation: str) -> str | None:
        with self.store.reading() as session:
            found: str | None = session.scalar(
                select(PageToken.token).where(PageToken.conversation == conversation)
            )
        return found


def _hashed(key: tuple[str, ...]) -> str:
    return hashlib.sha256("\x1f".join(key).encode()).hexdigest()
