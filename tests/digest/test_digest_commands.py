"""/digest and /brief schedule, pause and resume through the router, as a user types them."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from digest_news import Clock, RecordingPoster, bridge, corridor, save

from bot.digest.schedule import get_schedule
from bot.digest.scheduler import DigestScheduler, job_id
from bot.digest.service import DigestService
from bot.messages import MAX_SECTION_TEXT, Event, Reply, section_size
from bot.paging import PageLimits
from bot.store import Store, Workspace
from handlers.context import Context, HandlerSettings
from handlers.router import dispatch


def event(text: str, command: str | None = None, *, admin: bool = True, thread: str | None = None) -> Event:
    return Event(
        platform="slack", workspace_id="T1", channel="C1", thread=thread, user="U1", user_is_admin=admin,
        text=text, event_id="E1", command=command, is_mention=command is None,
    )  # fmt: skip


def said(reply: Reply) -> str:
    return "\n".join([reply.title, *(line for s in reply.sections for line in s.lines), reply.footer or ""])


def context(store: Store, clock: Clock, poster: RecordingPoster | None = None) -> Context:
    digests = DigestService(store, now=clock, owner="test")
    if poster is not None:
        digests.add_poster(poster)
    return Context(store=store, now=clock, digests=digests, thread_article=digests.thread_article)


async def test_digest_preview_shows_the_asker_what_would_go_out(
    store: Store, ws: Workspace, clock: Clock
) -> None:
    ctx = context(store, clock)
    empty = await dispatch(event("", "digest"), ctx)
    assert empty.ephemeral and "Nothing new" in empty.title and "/brief add" in said(empty)
    for n, outlet in enumerate(("Rioni Daily", "Corvane Wire")):
        save(store, ws, corridor(outlet, n), clock() - timedelta(hours=1))
    save(store, ws, bridge(), clock() - timedelta(hours=1))
    preview = await dispatch(event("preview", "digest"), ctx)
    assert preview.ephemeral and preview.title.startswith("Digest preview")
    headings = [s.heading for s in preview.sections if s.heading]
    assert len(headings) == 2 and "Caspian grain corridor" in headings[0]
    assert all(section_size(s) <= MAX_SECTION_TEXT for s in preview.sections)
    assert "/digest now" in said(preview)


async def test_digest_now_posts_to_the_channel_and_a_thread_under_an_item_is_about_it(
    store: Store, ws: Workspace, clock: Clock
) -> None:
    bridge_id = save(store, ws, bridge(), clock() - timedelta(hours=1))
    poster = RecordingPoster()
    ctx = context(store, clock, poster)
    done = await dispatch(event("now", "digest"), ctx)
    assert done.ephemeral and "Posted the digest to this channel: 1 story" in said(done)
    assert poster.titles("C1")[1] == "Harbour bridge closed for repairs 0"
    again = await dispatch(event("now", "digest"), ctx)
    assert "Nothing new since this channel's last digest" in said(again) and len(poster.posts) == 2
    item = poster.posts[1][3]
    answer = await dispatch(event("@briefbot claims", thread=item), ctx)
    assert answer.thread == item and "Harbour bridge closed for repairs 0" in answer.title
    assert "Aoife Brennan" in said(answer) or any(
        "Aoife Brennan" in (s.heading or "") for s in answer.sections
    )
    summary = await dispatch(event("@briefbot summary", thread=item), ctx)
    assert f"article {bridge_id}" in said(summary)
    elsewhere = await dispatch(event("@briefbot summary"), ctx)  # not in a digest thread: which article?
    assert "Which article?" in said(elsewhere)


async def test_digest_without_a_chat_to_post_to_says_so(store: Store, clock: Clock) -> None:
    reply = await dispatch(event("now", "digest"), context(store, clock))
    assert "cannot post a digest from here" in said(reply)
    nonsense = await dispatch(event("yesterday", "digest"), context(store, clock))
    assert "/digest preview or /digest now" in said(nonsense)


async def test_brief_schedule_pause_and_resume_change_the_job(
    store: Store, ws: Workspace, clock: Clock
) -> None:
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.start(paused=True)
    try:
        ctx = context(store, clock, RecordingPoster())
        assert ctx.digests is not None
        schedules = DigestScheduler(scheduler, ctx.digests)
        ctx = Context(store=store, now=clock, digests=ctx.digests, schedules=schedules)
        set_to = await dispatch(event("schedule 7:30 Europe/London weekdays", "brief"), ctx)
        assert "07:30 Europe/London, on weekdays" in said(set_to)
        assert "Next digest: Monday 2 March at 07:30 (Europe/London)" in said(set_to)
        job = scheduler.get_job(job_id(ws, "C1"))
        assert job is not None and str(job.trigger.timezone) == "Europe/London"
        paused = await dispatch(event("pause", "brief"), ctx)
        assert paused.title == "Digest paused" and scheduler.get_job(job_id(ws, "C1")) is None
        resumed = await dispatch(event("resume", "brief"), ctx)
        assert "Digest resumed" in said(resumed) and scheduler.get_job(job_id(ws, "C1")) is not None
        bad = await dispatch(event("schedule 7:30 Mars/Base", "brief"), ctx)
        assert "not a time zone I know" in said(bad)
        late = await dispatch(event("schedule 25:00", "brief"), ctx)
        assert "HH:MM" in said(late)
        current = get_schedule(store, ws, "C1")
        assert current is not None and current.describe() == "07:30 Europe/London, on weekdays"
        refused = await dispatch(event("schedule 09:00", "brief", admin=False), ctx)
        assert "Only admins" in said(refused)
        unknown = await dispatch(event("frobnicate", "brief"), ctx)
        assert "/brief help" in said(unknown)
    finally:
        scheduler.shutdown(wait=False)


async def test_mentions_reach_digest_and_brief(store: Store, clock: Clock) -> None:
    ctx = context(store, clock)
    assert (await dispatch(event("@briefbot digest"), ctx)).title == "Nothing new for the digest"
    assert "/brief subscribe FEED" in said(await dispatch(event("@briefbot brief"), ctx))


async def test_a_long_preview_comes_in_pages(store: Store, ws: Workspace, clock: Clock) -> None:
    for n in range(3):
        save(store, ws, bridge(n) if n else corridor("Rioni Daily", n), clock() - timedelta(hours=1))
    save(store, ws, corridor("Corvane Wire", 9), clock() - timedelta(hours=1))
    ctx = replace(context(store, clock), settings=HandlerSettings(pages=PageLimits(size=1)))
    first = await dispatch(event("preview", "digest"), ctx)
    assert first.more is not None and "Stories 1" in (first.footer or "") and first.ephemeral
    second = await dispatch(event("more", "digest"), ctx)
    assert second.title.endswith("(continued)") and len(second.sections) == 1
    assert second.sections[0].heading != first.sections[-1].heading
