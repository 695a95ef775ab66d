"""'more' continues the last long answer on any replica: page tokens kept in the store."""

from __future__ import annotations

from bot.paging import Cursor
from bot.store import open_store
from bot.store.pages import StorePages

ASKER = ("slack", "T1", "C1", "", "U1")


async def test_a_token_remembered_by_one_replica_is_found_by_another(database_url: str) -> None:
    first, second = open_store(database_url), open_store(database_url)
    try:
        one, other = StorePages(first), StorePages(second)
        await one.remember(ASKER, Cursor("claims", "by Matsegora", 8).token())
        assert await other.last(ASKER) == Cursor("claims", "by Matsegora", 8)
        assert await other.last(("slack", "T2", "C1", "", "U1")) is None  # another workspace's asker
        await other.remember(ASKER, Cursor("who", "", 16).token())  # a newer answer replaces it
        assert await one.last(ASKER) == Cursor("who", "", 16)
        await one.remember(ASKER, None)  # an answer that fits one page ends the conversation's paging
        assert await other.last(ASKER) is None
    finally:
        first.close()
        second.close()
