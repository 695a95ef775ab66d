"""Following feeds: no flood on add, conditional GET, dedupe across rewritten GUIDs and dates,
updates re-parsed, failures retried; and the APScheduler job that polls them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]
from ingest_helpers import count, story, story_text
from ingest_server import FEEDS
from site_server import Item, Site, rss
from spacy.language import Language
from sqlalchemy import select

from bot.config import Settings
from bot.errors import InputError, UserError
from bot.ingest import FetchSettings
from bot.ingest.follow import Poller, newest_first
from bot.ingest.options import IngestSettings
from bot.ingest.polling import JOB_ID, add_polling_job
from bot.ingest.subscriptions import find_feed, list_feeds
from bot.store import Store, Workspace
from bot.store.models import Article

FEED = "/feed.xml"


@pytest.fixture
def poller(store: Store, nlp: Language, settings: FetchSettings) -> Poller:
    options = IngestSettings(feed_backfill=2, fetch_concurrency=3)
    return Poller(store, lambda: nlp, settings=Settings(), fetch_settings=settings, options=options)


def day(n: int) -> datetime:
    return datetime(2025, 6, n, 8, 0, tzinfo=UTC)


def items_for(site: Site, numbers: range, *, version: int = 0, guid: str = "g") -> list[Item]:
    """Feed items whose links are article pages on the site (written as well)."""
    items = []
    for n in numbers:
        title, paragraphs = story(n, version)
        link = site.put_article(f"/news/{n}", title, *paragraphs)
        items.append(Item(title, link + "?utm_source=rss", f"{guid}-{n}", day(n), paragraphs[0]))
    return items


def publish(site: Site, items: list[Item], etag: str) -> str:
    return site.put(FEED, rss(items), "application/rss+xml", etag=etag)


def article_hits(site: Site) -> int:
    return sum(n for path, n in site.hits.items() if path.startswith("/news/"))


async def test_adding_a_feed_does_not_flood(site: Site, poller: Poller, store: Store, ws: Workspace) -> None:
    items = items_for(site, range(1, 6))
    url = publish(site, [items[2], items[0], items[4], items[1], items[3]], etag='"1"')

    report = await poller.add(ws, url, channel="#news")

    assert (report.status, report.entries, report.candidates) == ("added", 5, 2)
    assert sorted(o.title for o in report.summary.outcomes) == [items[3].title, items[4].title]  # newest
    assert report.line().endswith("3 current entries marked as seen, 2 ingested now: "
                                  "2 articles: 2 added, 0 updated, 0 unchanged, 0 failed")  # fmt: skip
    assert count(store) == 2 and article_hits(site) == 2
    [info] = list_feeds(store, ws)
    assert (info.url, info.channel, info.title, info.etag) == (url, "#news", "The Local Ledger", '"1"')

    again = await poller.poll(info)
    assert again.status == "not modified" and site.conditional[FEED] == 1
    assert count(store) == 2 and article_hits(site) == 2


async def test_new_entries_are_ingested_once(site: Site, poller: Poller, store: Store, ws: Workspace) -> None:
    items = items_for(site, range(1, 4))
    url = publish(site, items, etag='"1"')
    await poller.add(ws, url, backfill=0)
    assert count(store) == 0

    items += items_for(site, range(4, 5))
    publish(site, items, etag='"2"')
    info = find_feed(store, ws, url)
    assert info is not None
    report = await poller.poll(info)
    assert (report.status, report.entries, report.candidates) == ("polled", 4, 1)
    assert report.summary.counts["added"] == 1 and count(store) == 1

    publish(site, items, etag='"3"')  # the same entries under a new ETag
    quiet = await poller.poll(find_feed(store, ws, url))  # type: ignore[arg-type]
    assert (quiet.status, quiet.candidates) == ("polled", 0)


async def test_rewritten_guids_and_dates_bring_nothing_new(
    site: Site, poller: Poller, store: Store, ws: Workspace
) -> None:
    items = items_for(site, range(1, 4))
    linkless = Item("Council notice", None, "notice-1", day(9), story_text(8))
    url = publish(site, [*items, linkless], etag='"1"')
    await poller.add(ws, url, backfill=10)
    assert count(store) == 4
    fetched_before = article_hits(site)

    rewritten = [
        Item(i.title, i.link, f"rewritten-{i.guid}", i.published + timedelta(days=3), i.summary)  # type: ignore[operator]
        for i in [*items, linkless]
    ]
    rewritten[-1] = Item(linkless.title, None, "notice-1-v2", day(20), linkless.summary)
    publish(site, rewritten, etag='"2"')
    report = await poller.poll(find_feed(store, ws, url))  # type: ignore[arg-type]

    assert report.summary.counts["added"] == 0 and report.summary.counts["updated"] == 0
    assert count(store) == 4
    assert article_hits(site) == fetched_before  # linked entries are known by their link: not fetched
    assert [o.status for o in report.summary.outcomes] == ["unchanged"]  # the link-less one, by content


async def test_a_changed_entry_is_reparsed_not_duplicated(
    site: Site, poller: Poller, store: Store, ws: Workspace
) -> None:
    items = items_for(site, range(1, 4))
    url = publish(site, items, etag='"1"')
    await poller.add(ws, url, backfill=3)
    with store.reading() as session:
        ids_before = set(session.scalars(select(Article.id)))

    edited = items_for(site, range(2, 3), version=5)  # the article and its summary change
    items[1] = Item(
        edited[0].title, items[1].link, "g-2-rev2", items[1].published, "Corrected: " + items[1].summary
    )
    publish(site, items, etag='"2"')
    report = await poller.poll(find_feed(store, ws, url))  # type: ignore[arg-type]

    assert report.candidates == 1
    assert [o.status for o in report.summary.outcomes] == ["updated"]
    with store.reading() as session:
        assert set(session.scalars(select(Article.id))) == ids_before
        text = session.scalars(select(Article.text).where(Article.title == edited[0].title)).one()
    assert "every 15 minutes" in text


async def test_a_failed_entry_is_tried_again_on_the_next_poll(
    site: Site, poller: Poller, store: Store, ws: Workspace
) -> None:
    items = items_for(site, range(1, 3))
    url = publish(site, items, etag='"1"')
    await poller.add(ws, url, backfill=0)
    items += items_for(site, range(3, 4))
    site.put("/news/3", "down for maintenance", "text/plain", status=503)
    publish(site, items, etag='"2"')

    failed = await poller.poll(find_feed(store, ws, url))  # type: ignore[arg-type]
    assert [o.status for o in failed.summary.outcomes] == ["failed"]
    assert "HTTP 503" in failed.summary.failures[0].reason
    info = find_feed(store, ws, url)
    assert info is not None and info.etag == '"1"'  # validators kept: the next poll reads the feed again
    assert info.last_error is not None and info.last_error.startswith("1 entry failed: ")

    site.put_article("/news/3", *story_text(3).split("\n\n"))
    retried = await poller.poll(info)
    assert [o.status for o in retried.summary.outcomes] == ["added"]
    info = find_feed(store, ws, url)
    assert info is not None and (info.etag, info.last_error) == ('"2"', None)


async def test_feeds_that_fail_are_reported_and_the_others_polled(
    site: Site, poller: Poller, store: Store, ws: Workspace
) -> None:
    good = publish(site, items_for(site, range(1, 3)), etag='"1"')
    site.put("/bomb.xml", (FEEDS / "bomb.xml").read_bytes(), "application/rss+xml")
    site.put("/other.xml", rss(items_for(site, range(5, 6))), "application/rss+xml")
    await poller.add(ws, good, backfill=0)
    await poller.add(ws, site.url("/other.xml"), backfill=0)
    site.put("/other.xml", "gone", status=404)

    reports = await poller.poll_workspace(ws)
    assert [r.status for r in reports] == ["not modified", "failed"]
    assert "HTTP 404" in (reports[1].error or "")
    assert reports[1].line().startswith("feed #2 The Local Ledger: failed: was not found (HTTP 404)")
    assert "HTTP 404" in (find_feed(store, ws, "#2").last_error or "")  # type: ignore[union-attr]

    with pytest.raises(InputError, match="declares XML entities"):
        await poller.add(ws, site.url("/bomb.xml"))
    with pytest.raises(UserError, match=r"follows .* already"):
        await poller.add(ws, good + "?utm_source=x")
    assert len(list_feeds(store, ws)) == 2


async def test_poll_all_covers_every_workspace(
    site: Site, poller: Poller, store: Store, ws: Workspace
) -> None:
    team = store.workspace("slack", "T0001")
    url = publish(site, items_for(site, range(1, 3)), etag='"1"')
    await poller.add(ws, url, backfill=0)
    await poller.add(team, url, backfill=1)
    assert (count(store, ws=ws), count(store, ws=team)) == (0, 1)

    publish(site, items_for(site, range(1, 4)), etag='"2"')
    reports = await poller.poll_all()
    assert sorted((r.feed.workspace.platform, r.summary.counts["added"]) for r in reports) == [
        ("console", 1),
        ("slack", 1),
    ]
    assert (count(store, ws=ws), count(store, ws=team)) == (1, 2)


def test_newest_first_keeps_undated_entries_last_in_feed_order() -> None:
    from bot.ingest import FeedEntry

    a, b, c, d = (FeedEntry(x, "", x, when, "") for x, when in
                  [("a", None), ("b", day(2)), ("c", None), ("d", day(5))])  # fmt: skip
    assert newest_first([a, b, c, d]) == [d, b, a, c]


async def test_polling_job_on_a_real_scheduler(
    site: Site, poller: Poller, store: Store, ws: Workspace
) -> None:
    url = publish(site, items_for(site, range(1, 3)), etag='"1"')
    await poller.add(ws, url, backfill=0)
    publish(site, items_for(site, range(1, 4)), etag='"2"')

    scheduler = AsyncIOScheduler(timezone=UTC)
    job = add_polling_job(scheduler, poller, first_run=datetime.now(UTC))
    assert (job.id, job.coalesce, job.max_instances) == (JOB_ID, True, 1)
    assert job.trigger.interval == timedelta(minutes=poller.options.feed_interval_minutes)
    assert job.misfire_grace_time == poller.options.feed_interval_minutes * 30
    scheduler.start()
    try:
        for _ in range(200):
            if count(store) == 1 and find_feed(store, ws, url).etag == '"2"':  # type: ignore[union-attr]
                break
            await asyncio.sleep(0.05)
        assert count(store) == 1
        assert scheduler.get_job(JOB_ID).next_run_time > datetime.now(UTC) + timedelta(minutes=29)
    finally:
        scheduler.shutdown(wait=False)

    short = AsyncIOScheduler(timezone=UTC)
    again = add_polling_job(short, poller, interval=timedelta(seconds=0.2))
    replaced = add_polling_job(short, poller, interval=timedelta(seconds=0.3))
    assert again.id == replaced.id and replaced.misfire_grace_time == 1
    short.start()
    try:
        [job] = short.get_jobs()  # the second replaced the first
        assert job.trigger.interval == timedelta(seconds=0.3)
        before = site.hits[FEED]
        for _ in range(100):
            if site.hits[FEED] >= before + 2:
                break
            await asyncio.sleep(0.05)
        assert site.hits[FEED] >= before + 2  # it keeps polling on its interval
    finally:
        short.shutdown(wait=False)
    with pytest.raises(ValueError, match="must be positive"):
        add_polling_job(short, poller, interval=timedelta(0))
