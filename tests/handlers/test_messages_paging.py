"""The neutral message model and paging, without a store."""

from __future__ import annotations

import dataclasses

import pytest

from bot.messages import Event, Link, Reply, Section, clip, section_size
from bot.paging import Cursor, PageLimits, PageMemory, fitting, paged


def test_messages_are_frozen_plain_values() -> None:
    event = Event(
        platform="console", workspace_id="console", channel="main", user="me", text="hi", event_id="1"
    )
    assert (event.thread, event.user_is_admin, event.is_mention, event.command) == (None, False, False, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.text = "changed"  # type: ignore[misc]
    reply = Reply(
        title="t", sections=(Section(heading="h", lines=("a",), links=(Link("x", "https://x.test"),)),)
    )
    assert (reply.more, reply.ephemeral, reply.thread, reply.footer) == (None, False, None, None)
    with pytest.raises(TypeError):
        Event("console", "console", "main", None, "me", False, "hi", "1")  # type: ignore[misc]  # keywords only


def test_clip_cuts_at_a_word_and_flattens_lines() -> None:
    assert clip("short\n text", 20) == "short text"
    clipped = clip("one two three four five six seven", 16)
    assert clipped == "one two three…" and len(clipped) <= 16
    assert len(clip("x" * 50, 10)) == 10


def test_cursor_tokens_round_trip() -> None:
    cursor = Cursor("claims", "by Matsegora: about Russia", 16, 7)
    assert Cursor.parse(cursor.token()) == cursor
    assert Cursor.parse(Cursor("who").token()) == Cursor("who", "", 0, None)
    for junk in ("", "claims", "claims:x::", "cl aims:1::", "claims:1:x:", "claims:99999999::", "::::"):
        assert Cursor.parse(junk) is None, junk


def test_a_page_holds_whole_items_within_count_and_characters() -> None:
    items = [Section(heading=f"item {i}", lines=("x" * 100,)) for i in range(10)]
    assert fitting(items, PageLimits(size=4, chars=10_000)) == 4
    assert fitting(items, PageLimits(size=8, chars=3 * section_size(items[0]))) == 3
    huge = [Section(lines=("y" * 5000,)), *items]
    assert fitting(huge, PageLimits(size=8, chars=1000)) == 1  # one item always, never cut


def test_paged_reply_offers_more_only_when_there_is_more() -> None:
    items = [Section(heading=f"item {i}") for i in range(5)]
    first = paged(
        "Things", items, Cursor("claims", "x"), PageLimits(size=3), intro=(Section(lines=("intro",)),)
    )
    assert [s.heading for s in first.sections] == [None, "item 0", "item 1", "item 2"]
    assert first.more == "claims:3::x" and first.footer and "Items 1–3" in first.footer
    last = paged("Things", items[3:], Cursor("claims", "x", 3), PageLimits(size=3), intro=(Section(),))
    assert [s.heading for s in last.sections] == ["item 3", "item 4"]  # no intro after the first page
    assert last.more is None and last.title == "Things (continued)" and "the last" in (last.footer or "")
    single = paged("Things", items[:2], Cursor("claims"), PageLimits(size=3))
    assert single.more is None and single.footer is None


async def test_page_memory_is_bounded_and_forgets_finished_answers() -> None:
    memory = PageMemory(capacity=2)
    for n in range(3):
        await memory.remember((str(n),), Cursor("who", offset=n).token())
    assert await memory.last(("0",)) is None and await memory.last(("2",)) == Cursor("who", offset=2)
    await memory.remember(("2",), None)
    assert await memory.last(("2",)) is None


def test_an_old_token_past_the_end_says_so() -> None:
    reply = paged("Things", [], Cursor("claims", "x", 40), PageLimits(), noun="claims")
    assert reply.title == "Things (continued)" and reply.more is None
    assert reply.sections[0].lines == ("No more claims: ask again for a fresh list.",)
