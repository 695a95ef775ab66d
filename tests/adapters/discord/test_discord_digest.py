"""Digests on Discord: the digest core posts through the adapter's poster to the fake Discord.

One message per item, each an embed whose title links to the article; a mention in the thread
started from an item (same id as its message) is about that item's article; a digest cut by
a dropped connection and asked again for the same slot posts only what did not go out.
"""

from __future__ import annotations

from datetime import date

import pytest
from discord_harness import Bot, pings_nobody, shown
from fake_discord import CHANNEL_ID, GUILD_ID, OTHER_CHANNEL_ID, Call, mention, text_channel

from bot.digest import records
from bot.store import Workspace

pytestmark = pytest.mark.slow  # the store holds the samples parsed with the spaCy model


def posts(bot: Bot, channel: int) -> list[Call]:
    return [c for c in bot.fake.find("POST", f"/channels/{channel}/messages") if not c.dropped]


def workspace(bot: Bot) -> Workspace:
    return bot.runtime.store.workspace("discord", str(GUILD_ID))


async def test_a_digest_posts_one_message_per_item_and_its_threads_answer_about_the_item(
    discord_bot: Bot,
) -> None:
    ws = workspace(discord_bot)
    report = await discord_bot.runtime.digests.deliver_now(ws, str(CHANNEL_ID))
    assert report.status == "posted" and report.items >= 3
    header, *items = posts(discord_bot, CHANNEL_ID)
    assert len(items) == report.items
    assert "Morning briefing" in header.body["embeds"][0]["title"]
    for item in items:
        [embed] = item.body["embeds"]  # one embed per item
        assert embed["title"] and pings_nobody(item)
    linked = [i for i in items if i.body["embeds"][0].get("url")]
    assert len(linked) >= 3  # the title links to the article when it has an address
    assert all(i.body["embeds"][0].get("url", "https://").startswith("https://") for i in items)
    assert not any("@everyone" in shown(i) or "<@&" in shown(i) for i in [header, *items])

    # the message ids came back to the core; a thread started from an item has the same id
    delivery = records.deliveries(discord_bot.runtime.store, ws, str(CHANNEL_ID))[-1]
    item = linked[0]
    message_id = int(_message_ids(discord_bot, delivery)[1 + items.index(item)])
    discord_bot.fake.add_thread(message_id, CHANNEL_ID)
    asked = mention("summary", channel_id=message_id)
    await discord_bot.fake.dispatch("MESSAGE_CREATE", asked)
    path = f"/channels/{message_id}/messages"
    await discord_bot.fake.wait_for(lambda calls: any(c.path == path for c in calls))
    [answer] = discord_bot.fake.find("POST", path)
    assert "message_reference" not in answer.body  # in a thread: answered in the thread
    assert discord_bot.fake.find("GET", f"/channels/{message_id}")  # the unknown thread was looked up
    event = discord_bot.events[-1]
    assert (event.channel, event.thread, event.text) == (str(CHANNEL_ID), str(message_id), "summary")
    article_title = item.body["embeds"][0]["title"]
    assert article_title in shown(answer) and pings_nobody(answer)


async def test_a_digest_cut_by_a_dropped_connection_is_finished_once_for_its_slot(discord_bot: Bot) -> None:
    ws = workspace(discord_bot)
    channel, day = OTHER_CHANNEL_ID, date(2026, 5, 20)
    # the header and one item go out; then the connection drops on every attempt at the next item
    discord_bot.fake.drops[channel] = [False, False, True, True, True]
    first = await discord_bot.runtime.digests.deliver_scheduled(ws, str(channel), day)
    assert first.status == "failed" and first.items == 1
    assert len([c for c in discord_bot.fake.find("POST", f"/channels/{channel}/messages") if c.dropped]) == 3

    second = await discord_bot.runtime.digests.deliver_scheduled(ws, str(channel), day)
    assert second.status == "posted"
    titles = [p.body["embeds"][0]["title"] for p in posts(discord_bot, channel)]
    assert len(titles) == len(set(titles)) == 1 + first.items + second.items  # each item once
    third = await discord_bot.runtime.digests.deliver_scheduled(ws, str(channel), day)
    assert third.status == "taken" and len(posts(discord_bot, channel)) == len(titles)


def _message_ids(bot: Bot, delivery: records.Delivery) -> list[str]:
    """The posted message ids of a delivery, by position (0 is the header)."""
    from sqlalchemy import select

    from bot.store.models import DigestMessage

    with bot.runtime.store.reading() as session:
        rows = session.execute(
            select(DigestMessage.position, DigestMessage.message_id)
            .where(DigestMessage.delivery_id == delivery.id)
            .order_by(DigestMessage.position)
        ).all()
    return [row.message_id for row in rows]


async def test_a_lost_answer_or_a_429_never_doubles_a_post(
    discord_bot: Bot,
) -> None:
    ws = workspace(discord_bot)
    channel = OTHER_CHANNEL_ID + 100
    discord_bot.fake.channels[channel] = text_channel(channel, "briefing")
    discord_bot.fake.drops[channel] = [False, "after"]  # item 1 is created, but its answer is lost
    discord_bot.fake.rate_limits[channel] = [
        False,
        False,
        True,
    ]  # item 2 meets a 429 (the lost post skips this)
    report = await discord_bot.runtime.digests.deliver_now(ws, str(channel))
    assert report.status == "posted"
    attempts = [c for c in discord_bot.fake.find("POST", f"/channels/{channel}/messages")]
    assert attempts[1].dropped and attempts[1].body["nonce"] == attempts[2].body["nonce"]
    assert attempts[2].body["enforce_nonce"] is True
    assert attempts[3].dropped and attempts[3].body == attempts[4].body  # 429: discord.py waited, sent again
    titles = [p.body["embeds"][0]["title"] for p in posts(discord_bot, channel)]
    assert len(titles) == 1 + report.items  # the retry returned the message created the first time
    delivery = records.deliveries(discord_bot.runtime.store, ws, str(channel))[-1]
    assert len(set(_message_ids(discord_bot, delivery))) == 1 + report.items
