"""/brief: this channel's feeds, digest schedule and articles.

Everyone may look (`feeds`, `help`) and bring an article (`add URL`); changing the
channel's settings (subscribe, unsubscribe, schedule, pause, resume) is for admins,
as the adapter says who is one. Answers are for the asker only.
"""

from __future__ import annotations

import asyncio

from bot.digest import channels, schedule
from bot.digest.options import DigestOptions
from bot.errors import UserError
from bot.ingest.subscriptions import list_feeds, remove_feed
from bot.messages import Event, Reply, Section, clip
from bot.store import Workspace
from handlers.context import Context

COMMAND = "brief"
ADMIN_ONLY = frozenset({"subscribe", "unsubscribe", "schedule", "pause", "resume"})
USAGE = (
    ("subscribe FEED", "follow an RSS or Atom feed; its new articles come to this channel's digest"),
    ("unsubscribe FEED", "stop following a feed (its URL or number from /brief feeds)"),
    ("feeds", "the feeds followed and this channel's digest schedule"),
    ("add URL", "read an article (or a feed's entries) now, for this channel's next digest"),
    (
        "schedule HH:MM [TZ] [weekdays|daily]",
        "when this channel gets its digest, e.g. 07:30 Europe/London weekdays",
    ),
    ("pause / resume", "stop and restart this channel's digest"),
)
MAX_URLS = 10


async def handle(event: Event, ctx: Context) -> Reply:
    action, _, rest = event.text.strip().partition(" ")
    action, rest = action.casefold(), rest.strip()
    if action in ("", "help"):
        return _help()
    if action in ADMIN_ONLY and not event.user_is_admin:
        raise UserError(
            "Only admins can change briefbot's settings for this channel. "
            "Ask an admin, or see the current ones with /brief feeds."
        )
    ws = await ctx.workspace(event)
    if action == "feeds":
        return await _feeds(event, ctx, ws)
    if action == "schedule":
        return await _schedule(event, ctx, ws, rest)
    if action in ("pause", "resume"):
        return await _pause(event, ctx, ws, paused=action == "pause")
    if action == "subscribe":
        return await _subscribe(event, ctx, ws, rest)
    if action == "unsubscribe":
        return await _unsubscribe(ctx, ws, rest)
    if action == "add":
        return await _add(event, ctx, ws, rest)
    raise UserError(f"“{clip(action, 30)}” is not something /brief does. /brief help lists what it does.")


def _help() -> Reply:
    lines = tuple(f"/brief {usage}: {what}" for usage, what in USAGE)
    note = "Changing settings is for admins; everyone may look and add articles."
    return Reply(
        title="/brief: feeds, schedule and articles",
        sections=(Section(lines=(*lines, note)),),
        ephemeral=True,
    )


def _answer(title: str, *lines: str) -> Reply:
    return Reply(title=title, sections=(Section(lines=tuple(clip(x, 400) for x in lines)),), ephemeral=True)


def _options(ctx: Context) -> DigestOptions:
    return ctx.digests.options if ctx.digests is not None else DigestOptions()


async def _current(ctx: Context, ws: Workspace, channel: str) -> schedule.Schedule | None:
    return await asyncio.to_thread(schedule.get_schedule, ctx.store, ws, channel)


async def _ensure_schedule(ctx: Context, ws: Workspace, channel: str) -> tuple[schedule.Schedule, bool]:
    """The channel's schedule, created with the defaults when it has none (True: just created)."""
    found, made = await asyncio.to_thread(schedule.ensure_schedule, ctx.store, ws, channel, _options(ctx))
    if made:
        await _changed(ctx, ws, channel)
    return found, made


async def _changed(ctx: Context, ws: Workspace, channel: str) -> None:
    if ctx.schedules is not None:
        await ctx.schedules.changed(ws, channel)


def _next(ctx: Context, plan: schedule.Schedule) -> str:
    upcoming = plan.next_after(ctx.now())
    if upcoming is None:
        return "The digest is paused: /brief resume restarts it."
    local = upcoming.astimezone(plan.zone)
    return f"Next digest: {local:%A} {local.day} {local:%B} at {local:%H:%M} ({plan.tz})."


async def _feeds(event: Event, ctx: Context, ws: Workspace) -> Reply:
    feeds = await asyncio.to_thread(list_feeds, ctx.store, ws)
    current = await _current(ctx, ws, event.channel)
    lines = []
    for feed in feeds:
        where = "this channel" if feed.channel == event.channel else (feed.channel or "every channel")
        trouble = f" · last poll failed: {feed.last_error}" if feed.last_error else ""
        lines.append(clip(f"#{feed.id} {feed.title or feed.url} · {feed.url} · to {where}{trouble}", 400))
    if not lines:
        lines.append("No feeds yet. An admin can follow one with /brief subscribe FEED.")
    digest = (
        f"This channel's digest: {current.describe()}. {_next(ctx, current)}"
        if current
        else "This channel gets no digest yet: an admin can set one with /brief schedule 08:00 Europe/London."
    )
    return Reply(
        title="Feeds and digest",
        sections=(Section(heading="Feeds", lines=tuple(lines)), Section(heading="Digest", lines=(digest,))),
        ephemeral=True,
    )


async def _schedule(event: Event, ctx: Context, ws: Workspace, rest: str) -> Reply:
    words = rest.split()
    if not words:
        raise UserError(
            "When? Write /brief schedule HH:MM [TZ] [weekdays|daily], "
            "e.g. /brief schedule 07:30 Europe/London weekdays"
        )
    at = schedule.parse_time(words[0])
    current = await _current(ctx, ws, event.channel)
    tz = current.tz if current else _options(ctx).default_tz
    days = current.days if current else schedule.DAILY
    for word in words[1:]:
        folded = word.casefold()
        if folded in (schedule.WEEKDAYS, "weekday", "mon-fri"):
            days = schedule.WEEKDAYS
        elif folded in (schedule.DAILY, "everyday", "every-day"):
            days = schedule.DAILY
        else:
            tz = schedule.parse_tz(word)
    made = schedule.Schedule(at=at, tz=tz, days=days, paused=False)
    await asyncio.to_thread(schedule.save_schedule, ctx.store, ws, event.channel, made)
    await _changed(ctx, ws, event.channel)
    return _answer("Digest scheduled", f"This channel's digest: {made.describe()}.", _next(ctx, made))


async def _pause(event: Event, ctx: Context, ws: Workspace, *, paused: bool) -> Reply:
    changed = await asyncio.to_thread(schedule.set_paused, ctx.store, ws, event.channel, paused)
    if changed is None:
        raise UserError("This channel has no digest to pause or resume: set one with /brief schedule 08:00.")
    await _changed(ctx, ws, event.channel)
    if paused:
        return _answer("Digest paused", "No digest will be posted here until /brief resume.")
    return _answer("Digest resumed", f"This channel's digest: {changed.describe()}.", _next(ctx, changed))


async def _subscribe(event: Event, ctx: Context, ws: Workspace, url: str) -> Reply:
    if not url or " " in url:
        raise UserError("Which feed? Write /brief subscribe https://example.com/feed.xml")
    if ctx.feeds is None:
        raise UserError("Feeds cannot be followed from here: use `briefbot feeds add URL --channel ...`.")
    report = await ctx.feeds.add(ws, url, channel=event.channel)
    plan, created = await _ensure_schedule(ctx, ws, event.channel)
    name = report.feed.title or report.feed.url
    lines = [
        f"Following {name} (feed #{report.feed.id}): {report.entries} entries now, "
        f"{report.summary.stored} read for the next digest; older ones are skipped.",
        f"This channel's digest: {plan.describe()}."
        + (" Change it with /brief schedule." if created else ""),
    ]
    if report.summary.failures:
        lines.append(
            f"{len(report.summary.failures)} entries could not be read: {report.summary.failures[0].line()}"
        )
    return _answer("Feed followed", *lines)


async def _unsubscribe(ctx: Context, ws: Workspace, url: str) -> Reply:
    if not url:
        raise UserError("Which feed? Give its URL or its number from /brief feeds.")
    gone = await asyncio.to_thread(remove_feed, ctx.store, ws, url.lstrip("#"))
    return _answer(
        "Feed removed", f"No longer following {gone.title or gone.url}; its articles stay searchable."
    )


async def _add(event: Event, ctx: Context, ws: Workspace, rest: str) -> Reply:
    urls = [u.strip("<>") for u in rest.split()]
    if not urls:
        raise UserError("Which article? Write /brief add https://example.com/news/story")
    if len(urls) > MAX_URLS:
        raise UserError(f"That is {len(urls)} links; /brief add takes up to {MAX_URLS} at a time.")
    if ctx.feeds is None:
        raise UserError("Articles cannot be fetched from here: use `briefbot ingest URL`.")
    summary = await ctx.feeds.add_urls(ws, urls)
    stored = [o.article_id for o in summary.outcomes if o.article_id is not None and o.status != "failed"]
    await asyncio.to_thread(channels.bring, ctx.store, ws, stored, event.channel, ctx.now())
    lines = [f"{summary.headline()}."]
    lines += [o.line() for o in summary.outcomes[:5]]
    if summary.stored:
        lines.append("New articles come in this channel's next digest; /digest preview shows it.")
    return _answer("Articles read", *lines)
