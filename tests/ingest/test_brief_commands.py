"""/brief subscribe, add and unsubscribe through the router, against a real site on loopback."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from ingest_helpers import story
from site_server import Item, Site, rss
from spacy.language import Language

from bot.config import Settings
from bot.digest.schedule import get_schedule
from bot.digest.service import DigestService
from bot.ingest import FetchSettings
from bot.ingest.follow import Poller
from bot.ingest.options import IngestSettings
from bot.ingest.subscriptions import list_feeds
from bot.messages import Event, Reply
from bot.store import Store, Workspace
from handlers.context import Context
from handlers.router import dispatch


@pytest.fixture
def ctx(store: Store, nlp: Language, settings: FetchSettings) -> Context:
    poller = Poller(
        store,
        lambda: nlp,
        settings=Settings(),
        fetch_settings=settings,
        options=IngestSettings(feed_backfill=1),
    )
    return Context(store=store, feeds=poller, digests=DigestService(store))


def brief(text: str, *, admin: bool = True, channel: str = "console") -> Event:
    return Event(platform="console", workspace_id="console", channel=channel, user="u1", user_is_admin=admin,
                 text=text, event_id="e1", command="brief")  # fmt: skip


def said(reply: Reply) -> str:
    return "\n".join([reply.title, *(line for s in reply.sections for line in s.lines)])


def publish(site: Site, count: int) -> str:
    items = []
    for n in range(1, count + 1):
        title, paragraphs = story(n, 0)
        link = site.put_article(f"/news/{n}", title, *paragraphs)
        items.append(Item(title, link, f"g-{n}", datetime(2025, 6, n, 8, tzinfo=UTC), paragraphs[0]))
    return site.put("/feed.xml", rss(items), "application/rss+xml", etag='"1"')


async def test_an_admin_subscribes_the_channel_to_a_feed(
    site: Site, ctx: Context, store: Store, ws: Workspace
) -> None:
    url = publish(site, 3)
    reply = await dispatch(brief(f"subscribe {url}"), ctx)
    assert reply.ephemeral and reply.title == "Feed followed", said(reply)
    assert "3 entries now, 1 read for the next digest" in said(reply)
    [feed] = list_feeds(store, ws)
    assert feed.channel == "console" and feed.url == url
    assert get_schedule(store, ws, "console") is not None  # a digest schedule, with the defaults
    again = await dispatch(brief(f"subscribe {url}"), ctx)
    assert "follows" in said(again) and "already" in said(again)
    listed = said(await dispatch(brief("feeds", admin=False), ctx))
    assert url in listed and "to this channel" in listed and "08:00 UTC, every day" in listed
    gone = await dispatch(brief(f"unsubscribe #{feed.id}"), ctx)
    assert gone.title == "Feed removed" and list_feeds(store, ws) == []


async def test_settings_are_for_admins_but_anyone_may_look(
    site: Site, ctx: Context, store: Store, ws: Workspace
) -> None:
    url = publish(site, 1)
    for text in (f"subscribe {url}", "schedule 07:00", "pause", "resume", f"unsubscribe {url}"):
        reply = await dispatch(brief(text, admin=False), ctx)
        assert "Only admins" in said(reply), text
    assert list_feeds(store, ws) == [] and get_schedule(store, ws, "console") is None
    assert (await dispatch(brief("feeds", admin=False), ctx)).title == "Feeds and digest"
    assert "/brief subscribe FEED" in said(await dispatch(brief("help", admin=False), ctx))


async def test_anyone_adds_an_article_for_this_channels_digest(
    site: Site, ctx: Context, store: Store, ws: Workspace
) -> None:
    title, paragraphs = story(7, 0)
    link = site.put_article("/news/7", title, *paragraphs)
    reply = await dispatch(brief(f"add <{link}>", admin=False, channel="C-grain"), ctx)
    assert "1 article: 1 added" in said(reply), said(reply)
    assert ctx.digests is not None
    mine = await ctx.digests.preview(ws, "C-grain")
    others = await ctx.digests.preview(ws, "C-other")
    assert [i.reply.title for i in mine.items] == [title] and others.items == []


async def test_a_private_address_is_refused_and_said_so(ctx: Context) -> None:
    reply = await dispatch(brief("add http://169.254.169.254/latest/meta-data/"), ctx)
    assert "1 failed" in said(reply) and "169.254.169.254" in said(reply)
    assert "Traceback" not in said(reply)
