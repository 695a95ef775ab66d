"""Digests: stories grouped across outlets, exactly once per channel and day, resumed not reposted."""

from __future__ import annotations

from datetime import date, time, timedelta

from contracts import claim
from digest_news import Clock, RecordingPoster, bridge, corridor, save

from bot.digest import channels, records
from bot.digest.compose import web_url
from bot.digest.options import DigestOptions
from bot.digest.schedule import Schedule, save_schedule
from bot.digest.service import DigestService
from bot.messages import Event
from bot.store import Store, Workspace

CHANNEL = "C-news"


def service(store: Store, clock: Clock, poster: RecordingPoster, **options: object) -> DigestService:
    made = DigestService(store, DigestOptions(**options), now=clock, owner="test-a")  # type: ignore[arg-type]
    made.add_poster(poster)
    return made


def newsroom(store: Store, ws: Workspace, clock: Clock) -> dict[str, int]:
    at = clock() - timedelta(hours=2)
    ids = {
        outlet: save(store, ws, corridor(outlet, n), at)
        for n, outlet in enumerate(("Rioni Daily", "Corvane Wire", "Commodity Ledger"))
    }
    ids["bridge"] = save(store, ws, bridge(), at)
    return ids


async def test_reports_of_one_event_are_one_item_with_its_outlets_points_and_claims(
    store: Store, ws: Workspace, clock: Clock
) -> None:
    ids = newsroom(store, ws, clock)
    poster = RecordingPoster()
    report = await service(store, clock, poster).deliver_now(ws, CHANNEL)
    assert report.status == "posted" and report.items == 2
    header, grain, harbour = (r for _, _, r, _ in poster.posts)
    assert "2 stories from 4 articles" in header.sections[0].lines[0]
    assert "Caspian grain corridor" in grain.title and grain.url is not None
    assert {link.label for link in grain.links} == {"Rioni Daily", "Corvane Wire", "Commodity Ledger"}
    points = next(s for s in grain.sections if s.heading == "Key points").lines
    assert 2 <= len(points) <= 3
    assert sum("4.5 million tonnes" in p for p in points) == 1  # the same point from 3 outlets, once
    said = next(s for s in grain.sections if s.heading == "Who says what").lines
    assert said[0].startswith("Aigerim Sadykova (said) [3 outlets]: the corridor should carry")
    assert not any(line.startswith("analysts") for line in said)  # unnamed sources are not headlines
    assert "Harbour bridge" in harbour.title
    assert [m for _, _, _, m in poster.posts] == [f"{CHANNEL}-1", f"{CHANNEL}-2", f"{CHANNEL}-3"]
    assert ids  # the newsroom was stored


async def test_a_scheduled_digest_posts_once_however_often_it_is_asked(
    store: Store, ws: Workspace, clock: Clock
) -> None:
    newsroom(store, ws, clock)
    poster = RecordingPoster()
    first, second = service(store, clock, poster), service(store, clock, poster)
    second.owner = "test-b"
    day = date(2026, 3, 2)
    assert (await first.deliver_scheduled(ws, CHANNEL, day)).status == "posted"
    assert (await first.deliver_scheduled(ws, CHANNEL, day)).status == "taken"
    assert (await second.deliver_scheduled(ws, CHANNEL, day)).status == "taken"
    assert len(poster.posts) == 3
    clock.advance(timedelta(days=1))
    assert (await second.deliver_scheduled(ws, CHANNEL, day)).status == "taken"  # a day late: still once
    assert len(poster.posts) == 3


async def test_nothing_new_posts_nothing_unless_configured(store: Store, ws: Workspace, clock: Clock) -> None:
    poster = RecordingPoster()
    report = await service(store, clock, poster).deliver_scheduled(ws, CHANNEL, date(2026, 3, 2))
    assert report.status == "empty" and poster.posts == []
    loud = service(store, clock, poster, post_empty=True)
    report = await loud.deliver_scheduled(ws, CHANNEL, date(2026, 3, 3))
    assert report.status == "empty"
    assert poster.titles() == ["Nothing new for the digest"]


async def test_each_digest_holds_what_came_in_since_the_last(
    store: Store, ws: Workspace, clock: Clock
) -> None:
    newsroom(store, ws, clock)
    poster = RecordingPoster()
    digests = service(store, clock, poster)
    await digests.deliver_scheduled(ws, CHANNEL, date(2026, 3, 2))
    clock.advance(timedelta(hours=5))
    save(store, ws, bridge(7), clock())
    clock.advance(timedelta(hours=19))
    poster.posts.clear()
    report = await digests.deliver_scheduled(ws, CHANNEL, date(2026, 3, 3))
    assert report.items == 1
    assert poster.titles()[1] == "Harbour bridge closed for repairs 7"


async def test_a_digest_cut_short_is_resumed_without_reposting(
    store: Store, ws: Workspace, clock: Clock
) -> None:
    newsroom(store, ws, clock)
    poster = RecordingPoster()
    poster.fail_at = 2  # the header and the first item go out, then the connection drops
    first = service(store, clock, poster, lease=timedelta(minutes=10))
    day = date(2026, 3, 2)
    report = await first.deliver_scheduled(ws, CHANNEL, day)
    assert report.status == "failed" and report.items == 1
    other = service(store, clock, poster, lease=timedelta(minutes=10))
    other.owner = "test-b"
    assert (await other.deliver_scheduled(ws, CHANNEL, day)).status == "taken"  # within the lease
    clock.advance(timedelta(minutes=11))
    resumed = await other.deliver_scheduled(ws, CHANNEL, day)
    assert resumed.status == "posted" and resumed.items == 1
    titles = poster.titles()
    assert len(titles) == 3 and len(set(titles)) == 3  # header, item 1, item 2: nothing twice
    assert (await first.deliver_scheduled(ws, CHANNEL, day)).status == "taken"  # done now


async def test_a_refused_channel_stops_the_digest_with_the_reason(
    store: Store, ws: Workspace, clock: Clock
) -> None:
    newsroom(store, ws, clock)
    poster = RecordingPoster()
    poster.refuse = True
    report = await service(store, clock, poster).deliver_now(ws, CHANNEL)
    assert report.status == "failed" and "channel_not_found" in (report.error or "")


async def test_a_thread_under_an_item_is_about_its_article(store: Store, ws: Workspace, clock: Clock) -> None:
    ids = newsroom(store, ws, clock)
    poster = RecordingPoster()
    digests = service(store, clock, poster)
    await digests.deliver_now(ws, CHANNEL)
    by_title = {r.title: m for _, _, r, m in poster.posts}

    def event(thread: str | None, workspace: str = "T1") -> Event:
        return Event(platform="slack", workspace_id=workspace, channel=CHANNEL, thread=thread, user="U1",
                     text="@briefbot claims", event_id="E1", is_mention=True)  # fmt: skip

    harbour = next(m for t, m in by_title.items() if t.startswith("Harbour"))
    assert await digests.thread_article(event(harbour)) == ids["bridge"]
    grain = next(m for t, m in by_title.items() if t.startswith("Caspian"))
    assert await digests.thread_article(event(grain)) in {
        ids["Rioni Daily"],
        ids["Corvane Wire"],
        ids["Commodity Ledger"],
    }
    header = poster.posts[0][3]
    assert await digests.thread_article(event(header)) is None
    assert await digests.thread_article(event(None)) is None
    assert await digests.thread_article(event(harbour, workspace="T-other")) is None  # another tenant


async def test_articles_brought_to_a_channel_stay_in_its_digest(
    store: Store, ws: Workspace, clock: Clock
) -> None:
    at = clock() - timedelta(hours=1)
    everywhere = save(store, ws, bridge(1), at)
    mine = save(store, ws, corridor("Rioni Daily", 1), at)
    channels.bring(store, ws, [mine], "C-grain", at)
    poster = RecordingPoster()
    digests = service(store, clock, poster)
    await digests.deliver_now(ws, "C-grain")
    await digests.deliver_now(ws, "C-other")
    grain_titles, other_titles = poster.titles("C-grain"), poster.titles("C-other")
    assert any("Caspian" in t for t in grain_titles) and any("bridge" in t for t in grain_titles)
    assert not any("Caspian" in t for t in other_titles) and any("bridge" in t for t in other_titles)
    assert everywhere != mine


async def test_todays_digest_can_be_shown_again_as_it_was(store: Store, ws: Workspace, clock: Clock) -> None:
    newsroom(store, ws, clock)
    save_schedule(store, ws, CHANNEL, Schedule(at=time(6), tz="UTC"))
    poster = RecordingPoster()
    digests = service(store, clock, poster)
    assert await digests.todays(ws, CHANNEL) is None
    assert (await digests.run_due())[0].status == "posted"
    again = await digests.todays(ws, CHANNEL)
    assert again is not None and [i.reply.title for i in again.items] == poster.titles()[1:]
    delivered = records.deliveries(store, ws, CHANNEL)
    assert [(d.slot, d.status, d.posted) for d in delivered] == [("2026-03-02", "done", 2)]


def test_links_are_web_addresses() -> None:
    assert web_url("https://news.example/a") == "https://news.example/a"
    assert web_url("www.leevalleypost.ie") == "https://www.leevalleypost.ie"
    assert web_url("javascript:alert(1)") is None
    assert web_url("/tmp/article.txt") is None and web_url(None) is None


async def test_stories_of_a_digest_cut_short_are_never_lost(
    store: Store, ws: Workspace, clock: Clock
) -> None:
    newsroom(store, ws, clock)
    poster = RecordingPoster()
    poster.fail_at = 1  # the header goes out, then the network fails
    digests = service(store, clock, poster, lease=timedelta(minutes=10))
    assert (await digests.deliver_scheduled(ws, CHANNEL, date(2026, 3, 2))).status == "failed"
    now = await digests.deliver_now(ws, CHANNEL)  # the stories are pending, not posted again here
    assert now.status == "empty" and len(poster.posts) == 1
    other = service(store, clock, poster)
    other.owner = "test-b"
    assert await other.resume_unfinished() == []  # within the lease: left to its owner
    clock.advance(timedelta(minutes=11))
    [resumed] = await other.resume_unfinished()
    assert resumed.status == "posted" and resumed.items == 2
    assert len(poster.titles()) == 3 == len(set(poster.titles()))


async def test_a_digest_cut_short_too_long_ago_hands_its_stories_to_the_next(
    store: Store, ws: Workspace, clock: Clock
) -> None:
    newsroom(store, ws, clock)
    poster = RecordingPoster()
    poster.fail_at = 2  # the header and one story go out
    digests = service(store, clock, poster)
    await digests.deliver_scheduled(ws, CHANNEL, date(2026, 3, 2))
    first_story = poster.titles()[1]
    clock.advance(timedelta(hours=4))  # past the 3-hour grace period
    assert await digests.resume_unfinished() == []
    assert [d.status for d in records.deliveries(store, ws, CHANNEL)] == ["abandoned"]
    poster.posts.clear()
    report = await digests.deliver_scheduled(ws, CHANNEL, date(2026, 3, 3))
    assert report.items == 1 and first_story not in poster.titles()  # only the story never posted


async def test_a_refused_digest_is_not_retried_and_its_stories_wait(
    store: Store, ws: Workspace, clock: Clock
) -> None:
    newsroom(store, ws, clock)
    poster = RecordingPoster()
    poster.refuse = True
    digests = service(store, clock, poster)
    assert (await digests.deliver_scheduled(ws, CHANNEL, date(2026, 3, 2))).status == "failed"
    clock.advance(timedelta(minutes=30))
    assert await digests.resume_unfinished() == []  # refused for good: no retry every few minutes
    poster.refuse = False  # the bot was invited to the channel
    clock.advance(timedelta(days=1))
    assert (await digests.deliver_scheduled(ws, CHANNEL, date(2026, 3, 3))).items == 2


def test_a_lease_taken_over_fences_off_its_old_owner(store: Store, ws: Workspace, clock: Clock) -> None:
    lease = timedelta(minutes=10)

    def claim(owner: str) -> records.Delivery | None:
        return records.claim(store, ws, CHANNEL, "2026-03-02", kind=records.SCHEDULED, owner=owner,
                             now=clock(), lease=lease, compose=lambda now: (now, [[1]]))  # fmt: skip

    first = claim("a")
    assert first is not None and claim("b") is None
    clock.advance(timedelta(minutes=11))
    second = claim("b")
    assert second is not None and second.owner == "b"
    assert not records.renew(store, first, clock()) and not records.complete(store, first, clock())
    assert records.renew(store, second, clock()) and records.complete(store, second, clock())
    assert claim("a") is None


async def test_stories_beyond_the_limit_are_named_in_the_header(
    store: Store, ws: Workspace, clock: Clock
) -> None:
    newsroom(store, ws, clock)
    poster = RecordingPoster()
    report = await service(store, clock, poster, max_items=1).deliver_now(ws, CHANNEL)
    assert report.items == 1
    header = poster.posts[0][2]
    assert header.sections[1].heading == "Also new (1)"
    assert header.sections[1].lines == ("• Harbour bridge closed for repairs 0",)


async def test_who_says_what_holds_statements_not_deeds(store: Store, ws: Workspace, clock: Clock) -> None:
    data = bridge(3)
    deed = claim("Aoife Brennan", "the bridge on Monday with two engineers", cue="inspected")
    data["claims"].insert(0, deed)
    save(store, ws, data, clock() - timedelta(hours=1))
    poster = RecordingPoster()
    await service(store, clock, poster).deliver_now(ws, CHANNEL)
    said = next(s for s in poster.posts[1][2].sections if s.heading == "Who says what").lines
    assert [line.split(":")[0] for line in said] == ["Aoife Brennan (said)"]
