"""Feed polling on an interval: one APScheduler job that polls every workspace's feeds.

The bot (issue 4) owns the `AsyncIOScheduler` and starts it; this module only adds the
job. Polls never overlap (`max_instances=1`), a backlog of missed runs collapses into one
(`coalesce=True`), and a run up to half an interval late still happens (misfire grace).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.ingest.follow import Poller, PollReport

log = logging.getLogger(__name__)
JOB_ID = "briefbot:poll-feeds"


async def poll_feeds(poller: Poller) -> list[PollReport]:
    """Poll every feed once and log a line per feed (the job's function)."""
    reports = await poller.poll_all()
    for report in reports:
        if report.status == "failed" or report.summary.failures:
            log.warning("%s", report.line())
        else:
            log.info("%s", report.line())
    return reports


def add_polling_job(
    scheduler: Any,
    poller: Poller,
    *,
    interval: timedelta | None = None,
    first_run: datetime | None = None,
) -> Any:
    """Add (or replace) the job polling every feed to an APScheduler 3 `AsyncIOScheduler`.

    `interval` defaults to BRIEFBOT_FEED_INTERVAL_MINUTES (`poller.options`); the first poll
    is one interval after the scheduler starts unless `first_run` says when. Returns the Job.
    """
    from apscheduler.triggers.interval import IntervalTrigger

    every = interval if interval is not None else timedelta(minutes=poller.options.feed_interval_minutes)
    if every <= timedelta(0):
        raise ValueError(f"the polling interval must be positive, not {every}")
    options: dict[str, Any] = {}
    if first_run is not None:
        options["next_run_time"] = first_run.astimezone(UTC)
    return scheduler.add_job(
        poll_feeds,
        IntervalTrigger(seconds=every.total_seconds(), timezone=UTC),
        args=[poller],
        id=JOB_ID,
        name="poll every feed",
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=max(1, int(every.total_seconds() // 2)),
        **options,
    )
