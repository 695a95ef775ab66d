"""Digest jobs on an APScheduler 3 `AsyncIOScheduler`, built from the store's channel settings.

One cron job per scheduled channel, in the channel's time zone (CronTrigger keeps 08:00
local on both sides of a DST change), weekdays only where asked. The jobs only wake the
service: `DigestService.deliver_due` reads the schedule afresh and claims the day's digest
in the store, so a job of a stale schedule, a second process or a restart never posts
twice. No APScheduler job store is used (the memory one is per process), and a resync job
picks up schedules changed by another process and retries digests cut short.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

from bot.digest import schedule
from bot.digest.service import DigestService
from bot.store import Workspace

log = logging.getLogger(__name__)
PREFIX = "briefbot:digest:"
RESYNC_ID = "briefbot:digest-resync"
CATCH_UP_ID = "briefbot:digest-catch-up"
RESYNC_EVERY = timedelta(minutes=5)


def job_id(ws: Workspace, channel: str) -> str:
    return f"{PREFIX}{ws.id}:{channel}"


def trigger_for(plan: schedule.Schedule) -> Any:
    from apscheduler.triggers.cron import CronTrigger

    days = "mon-fri" if plan.days == schedule.WEEKDAYS else "*"
    return CronTrigger(day_of_week=days, hour=plan.at.hour, minute=plan.at.minute, timezone=plan.zone)


class DigestScheduler:
    """Keeps one job per scheduled channel on `scheduler`, in step with the store."""

    def __init__(self, scheduler: Any, service: DigestService) -> None:
        self.scheduler = scheduler
        self.service = service

    async def start(self, *, wait: bool = False) -> None:
        """Build the jobs and the resync job; catch up digests missed within the grace period and
        finish those cut short. The catch-up runs as a job at once, so that adapters still
        connecting are not waited for; `wait=True` runs it here (the console, ready at once)."""
        from apscheduler.triggers.interval import IntervalTrigger

        await self.sync()
        self.scheduler.add_job(
            self.tick,
            IntervalTrigger(seconds=RESYNC_EVERY.total_seconds()),
            id=RESYNC_ID,
            name="digest schedules from the store",
            replace_existing=True,
            coalesce=True,
            max_instances=1,
        )
        if wait:
            await self.catch_up()
        else:
            self.scheduler.add_job(
                self.catch_up, id=CATCH_UP_ID, name="digests missed while down", replace_existing=True
            )

    async def catch_up(self) -> None:
        for report in [*await self.service.resume_unfinished(), *await self.service.run_due()]:
            if report.status != "taken":
                log.info("digest caught up: %s %s %s", report.channel, report.slot, report.status)

    async def tick(self) -> None:
        """Every few minutes: jobs in step with the store (another process may have changed a
        schedule), and any digest still due retried (one cut short, once its lease ran out)."""
        await self.sync()
        await self.catch_up()

    async def sync(self) -> None:
        """Add, replace or remove jobs so that they match the store's schedules."""
        found = await asyncio.to_thread(
            schedule.scheduled_channels, self.service.store, self.service.platforms
        )
        wanted = {job_id(e.workspace, e.channel): e for e in found if not e.schedule.paused}
        for job in self.scheduler.get_jobs():
            if job.id.startswith(PREFIX) and job.id not in wanted:
                job.remove()
        for key, entry in wanted.items():
            self._put(key, entry.workspace, entry.channel, entry.schedule)

    async def changed(self, ws: Workspace, channel: str) -> None:
        """A channel's schedule changed here (by /brief): rebuild its job now."""
        current = await asyncio.to_thread(schedule.get_schedule, self.service.store, ws, channel)
        key = job_id(ws, channel)
        if current is None or current.paused:
            if self.scheduler.get_job(key) is not None:
                self.scheduler.remove_job(key)
            return
        self._put(key, ws, channel, current)

    def _put(self, key: str, ws: Workspace, channel: str, plan: schedule.Schedule) -> None:
        existing = self.scheduler.get_job(key)
        trigger = trigger_for(plan)
        if existing is not None and str(existing.trigger) == str(trigger):
            return
        self.scheduler.add_job(
            self.service.deliver_due, trigger, args=[ws, channel], id=key, name=f"digest {channel}",
            replace_existing=True, coalesce=True, max_instances=1,
            misfire_grace_time=max(1, int(self.service.options.grace.total_seconds())),
        )  # fmt: skip
