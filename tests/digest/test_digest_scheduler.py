"""The scheduler: jobs from the store's schedules, catch-up on start, and two schedulers on one
store posting each channel's digest exactly once a day over many simulated days."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from digest_news import Clock, RecordingPoster, bridge, corridor, save

from bot.digest.options import DigestOptions
from bot.digest.schedule import WEEKDAYS, Schedule, save_schedule, set_paused
from bot.digest.scheduler import PREFIX, DigestScheduler, job_id
from bot.digest.service import DigestService
from bot.store import Store, Workspace, open_store

LONDON, NEW_YORK = "Europe/London", "America/New_York"


def digests(
    store: Store, clock: Clock, poster: RecordingPoster, owner: str, **options: object
) -> DigestService:
    made = DigestService(store, DigestOptions(**options), now=clock, owner=owner)  # type: ignore[arg-type]
    made.add_poster(poster)
    return made


async def test_jobs_follow_the_stores_schedules(store: Store, ws: Workspace, clock: Clock) -> None:
    save_schedule(store, ws, "C1", Schedule(at=time(8), tz=LONDON))
    save_schedule(store, ws, "C2", Schedule(at=time(7, 30), tz=NEW_YORK, days=WEEKDAYS))
    save_schedule(store, ws, "C3", Schedule(at=time(9), tz="UTC", paused=True))
    other = store.workspace("discord", "G1")  # no Discord adapter in this process: no job
    save_schedule(store, other, "D1", Schedule(at=time(8), tz="UTC"))
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.start(paused=True)  # jobs are kept but none runs
    try:
        await _follow(scheduler, store, ws, clock)
    finally:
        scheduler.shutdown(wait=False)


async def _follow(scheduler: AsyncIOScheduler, store: Store, ws: Workspace, clock: Clock) -> None:
    jobs = DigestScheduler(scheduler, digests(store, clock, RecordingPoster(), "a"))
    await jobs.sync()
    assert sorted(j.id for j in scheduler.get_jobs()) == sorted([job_id(ws, "C1"), job_id(ws, "C2")])
    first = scheduler.get_job(job_id(ws, "C1")).trigger.get_next_fire_time(None, clock())
    assert first == datetime(2026, 3, 2, 8, tzinfo=ZoneInfo(LONDON))
    assert scheduler.get_job(job_id(ws, "C1")).misfire_grace_time == 3 * 3600

    save_schedule(store, ws, "C1", Schedule(at=time(6, 45), tz=LONDON))  # changed by /brief
    await jobs.changed(ws, "C1")
    moved = scheduler.get_job(job_id(ws, "C1")).trigger.get_next_fire_time(None, clock())
    assert moved == datetime(2026, 3, 2, 6, 45, tzinfo=ZoneInfo(LONDON))
    set_paused(store, ws, "C2", True)
    await jobs.changed(ws, "C2")
    assert scheduler.get_job(job_id(ws, "C2")) is None
    set_paused(store, ws, "C3", False)  # changed by another process: the resync picks it up
    await jobs.sync()
    assert scheduler.get_job(job_id(ws, "C3")) is not None


async def test_a_digest_missed_while_down_is_posted_on_start_once(
    store: Store, ws: Workspace, clock: Clock
) -> None:
    save(store, ws, bridge(), clock() - timedelta(hours=1))
    save_schedule(store, ws, "C1", Schedule(at=time(5), tz="UTC"))  # an hour ago: within the grace period
    save_schedule(store, ws, "C2", Schedule(at=time(2), tz="UTC"))  # four hours ago: too late
    poster = RecordingPoster()
    for restart in range(2):
        scheduler = AsyncIOScheduler(timezone="UTC")
        scheduler.start()
        try:
            await DigestScheduler(scheduler, digests(store, clock, poster, f"process-{restart}")).start(
                wait=True
            )
        finally:
            scheduler.shutdown(wait=False)
    assert {c for _, c, _, _ in poster.posts} == {"C1"}
    assert len(poster.posts) == 2  # the header and one story, once across two starts


async def test_two_schedulers_on_one_store_post_each_channel_once_a_day(database_url: str) -> None:
    """Two processes (two stores on one database, each with its own APScheduler and jobs) live 45
    simulated days across both DST changes of March: their cron jobs fire when the clock passes
    their trigger's next fire time, the resync runs hourly, and some mornings both are down and
    start again (catching up within the grace period)."""
    stores = [open_store(database_url), open_store(database_url)]
    schedulers = [AsyncIOScheduler(timezone="UTC") for _ in stores]
    try:
        ws = stores[0].workspace("slack", "T1")
        save_schedule(stores[0], ws, "C-london", Schedule(at=time(8), tz=LONDON))
        save_schedule(stores[0], ws, "C-newyork", Schedule(at=time(7, 30), tz=NEW_YORK, days=WEEKDAYS))
        clock = Clock(datetime(2026, 3, 1, 0, 0, tzinfo=UTC))
        poster = RecordingPoster()
        processes = []
        for n, (store, scheduler) in enumerate(zip(stores, schedulers, strict=True)):
            scheduler.start(paused=True)  # the test fires the jobs on its own clock
            service = digests(store, clock, poster, f"process-{n}", post_empty=True, grace=timedelta(hours=3))
            processes.append(DigestScheduler(scheduler, service))
        await asyncio.gather(*(p.start(wait=True) for p in processes))
        down = {
            (3, 7),
            (3, 8),
            (3, 9),
            (10, 6),
            (10, 7),
            (10, 8),
            (10, 9),
            (10, 10),
            (10, 11),
        }  # (day, UTC hour)
        seen_at: dict[str, list[datetime]] = {"C-london": [], "C-newyork": []}
        end, step, was_down = clock() + timedelta(days=45), timedelta(minutes=30), False
        while clock() < end:
            if clock().hour == 3 and clock().minute == 0:
                save(stores[0], ws, bridge(clock().day + 100 * clock().month), clock())
            if clock().month == 3 and (clock().day, clock().hour) in down:
                was_down = True
                clock.advance(step)
                continue
            before = len(poster.posts)
            if was_down:  # both processes start again
                await asyncio.gather(*(p.start(wait=True) for p in processes))
                was_down = False
            await asyncio.gather(*(_fire_due(s, clock() - step, clock()) for s in schedulers))
            if clock().minute == 0:
                await asyncio.gather(*(p.tick() for p in processes))
            for _, channel, reply, _ in poster.posts[before:]:
                if reply.title.startswith(("Morning briefing", "Nothing new")):
                    seen_at[channel].append(clock())
            clock.advance(step)
        london = [t.astimezone(ZoneInfo(LONDON)) for t in seen_at["C-london"]]
        newyork = [t.astimezone(ZoneInfo(NEW_YORK)) for t in seen_at["C-newyork"]]
        assert max(Counter(t.date() for t in london).values()) == 1
        assert max(Counter(t.date() for t in newyork).values()) == 1
        # Every day but 10 March (down past the grace period) in London, every weekday in New York.
        assert len(london) == 45 - 1
        assert all(t.date().weekday() < 5 for t in newyork) and len(newyork) == 32
        # On time, on both sides of each DST change, except the morning of 3 March, caught up late.
        late = [t for t in london if t.time() != time(8)]
        assert [t.date().isoformat() for t in late] == ["2026-03-03"] and late[0].time() == time(10)
        late = [t for t in newyork if t.time() != time(7, 30)]  # 10 March: up again 30 minutes late
        assert [t.date().isoformat() for t in late] == ["2026-03-10"] and late[0].time() == time(8)
    finally:
        for scheduler in schedulers:
            if scheduler.running:
                scheduler.shutdown(wait=False)
        for store in stores:
            store.close()


async def _fire_due(scheduler: AsyncIOScheduler, since: datetime, now: datetime) -> None:
    """Run each digest job whose cron trigger fires in (since, now], as APScheduler would."""
    for job in scheduler.get_jobs():
        if not job.id.startswith(PREFIX):
            continue
        fires = job.trigger.get_next_fire_time(None, since + timedelta(microseconds=1))
        if fires is not None and fires <= now:
            await job.func(*job.args)


async def test_a_digest_cut_short_is_finished_by_a_later_tick(
    store: Store, ws: Workspace, clock: Clock
) -> None:
    save(store, ws, bridge(1), clock() - timedelta(hours=1))
    save(store, ws, corridor("Rioni Daily", 1), clock() - timedelta(hours=1))
    save_schedule(store, ws, "C1", Schedule(at=time(6), tz="UTC"))
    poster = RecordingPoster()
    poster.fail_at = 1  # the header goes out, then the network fails
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.start(paused=True)
    try:
        jobs = DigestScheduler(scheduler, digests(store, clock, poster, "a", lease=timedelta(minutes=10)))
        await jobs.start(wait=True)
        assert len(poster.posts) == 1
        await jobs.tick()  # within the lease: this process's own claim, resumed at once
        assert len(poster.posts) == 3
        clock.advance(timedelta(minutes=30))
        await jobs.tick()
        assert len(poster.posts) == 3  # finished: nothing more
    finally:
        scheduler.shutdown(wait=False)
