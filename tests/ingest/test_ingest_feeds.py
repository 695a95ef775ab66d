"""RSS and Atom through feedparser, safely: entity bombs refused before parsing, bozo feeds judged."""

from __future__ import annotations

import dataclasses
import time
import tracemalloc
from datetime import UTC, datetime

import pytest
from ingest_server import FEEDS, Server

from bot.errors import InputError
from bot.ingest import FeedEntry, FetchSettings, entry_key, fetch_feed, parse_feed


async def test_rss_feed(server: Server, settings: FetchSettings) -> None:
    url = server.url("/feeds/ledger.rss")
    fetched, feed = await fetch_feed(url, settings)
    assert fetched.content_type == "application/rss+xml"
    assert feed is not None
    assert (feed.title, feed.link) == ("The Harbour Ledger", "https://ledger.example/")
    bridge, fares, live1, live2 = feed.entries
    assert bridge.entry_id == "ledger-1001-rev3"
    assert bridge.title == "Harbour bridge to close for six weeks"
    assert bridge.summary == "The bridge closes for six weeks from Monday."
    assert bridge.published == datetime(2025, 6, 3, 7, 15, tzinfo=UTC)
    assert entry_key(bridge) == "https://ledger.example/news/bridge-closure"
    assert fares.title == "Transit fares rise & ferries expand"
    assert fares.url == server.url("/news/fares")  # relative links resolve against the feed's URL
    assert fares.summary == "Fares rise by 5%."
    assert fares.published is None
    # Two live-blog entries share one link: the link would merge them, so the guid keys them.
    assert live1.shared_link and live2.shared_link
    assert (entry_key(live1), entry_key(live2)) == ("id:live-1", "id:live-2")


async def test_atom_feed(server: Server, settings: FetchSettings) -> None:
    _, feed = await fetch_feed(server.url("/feeds/wire.atom"), settings)
    assert feed is not None
    assert (feed.title, feed.link) == ("Northstar Wire", "https://wire.example/")
    talks, fines = feed.entries
    assert talks.title == "Grain export talks resume"
    assert talks.summary == "Negotiators met in Geneva."
    assert talks.entry_id == "tag:wire.example,2025:grain-talks"
    assert talks.published == datetime(2025, 6, 3, 7, 30, tzinfo=UTC)  # no <published>: <updated>
    assert entry_key(talks) == "https://wire.example/2025/06/grain-talks"
    assert fines.published == datetime(2025, 6, 2, 16, 0, tzinfo=UTC)
    assert fines.summary == "Three plants were fined."


async def test_feed_not_modified(server: Server, settings: FetchSettings) -> None:
    url = server.url("/feeds/wire.atom")
    first, feed = await fetch_feed(url, settings)
    assert feed is not None and first.etag == '"wire.atom"'
    again, unchanged = await fetch_feed(url, settings, etag=first.etag)
    assert again.not_modified and unchanged is None


async def test_malformed_feed_is_refused(server: Server, settings: FetchSettings) -> None:
    url = server.url("/feeds/broken.xml")
    with pytest.raises(InputError) as caught:
        await fetch_feed(url, settings)
    assert caught.value.source == url
    assert caught.value.reason.startswith("is not a readable RSS or Atom feed (not well-formed")
    assert "at line 3" in caught.value.reason


async def test_html_page_is_not_a_feed(server: Server, settings: FetchSettings) -> None:
    with pytest.raises(InputError, match="is not an RSS or Atom feed: give the feed's address"):
        await fetch_feed(server.url("/article"), settings)


def test_recoverable_bozo_feed_is_kept() -> None:
    feed = parse_feed((FEEDS / "recoverable.rss").read_bytes(), "recoverable.rss")
    assert [e.title for e in feed.entries] == ["Tom & Jerry return"]
    assert feed.title == "Sloppy & Sons"


@pytest.mark.parametrize("name", ["bomb.xml", "bomb-hidden.xml", "bomb-utf16.xml", "xxe.xml"])
def test_entity_declarations_are_refused_fast_and_small(name: str) -> None:
    data = (FEEDS / name).read_bytes()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(InputError, match=r"declares XML entities \(<!ENTITY \.\.\.>\)"):
            parse_feed(data, name)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 0.5
    assert peak < 1_000_000


async def test_billion_laughs_over_http(server: Server, settings: FetchSettings) -> None:
    with pytest.raises(InputError, match="declares XML entities"):
        await fetch_feed(server.url("/feeds/bomb-hidden.xml"), settings)


def test_feed_size_is_capped() -> None:
    data = (FEEDS / "ledger.rss").read_bytes()
    with pytest.raises(InputError, match=r"over the 100-byte limit"):
        parse_feed(data, "ledger.rss", max_bytes=100)


def test_empty_but_valid_feed_has_no_entries() -> None:
    data = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    feed = parse_feed(data, "quiet.rss")
    assert (feed.title, feed.entries) == ("Quiet", [])


def test_entry_key_survives_rewritten_guids_and_dates() -> None:
    first = FeedEntry(
        "guid-1", "https://News.example/a/story/?utm_source=rss&id=7#comments", "Story", None, ""
    )
    again = dataclasses.replace(
        first,
        entry_id="guid-1-edited",
        url="https://news.example:443/a/story?id=7&fbclid=x",
        published=datetime(2025, 6, 4, tzinfo=UTC),
    )
    assert entry_key(first) == entry_key(again) == "https://news.example/a/story?id=7"


def test_entry_key_falls_back_to_the_guid() -> None:
    assert entry_key(FeedEntry("g-1", "", "t", None, "")) == "id:g-1"
    assert entry_key(FeedEntry("g-2", "https://news.example/", "t", None, "")) == "id:g-2"
