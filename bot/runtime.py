"""The running bot: one store, one digest service, one scheduler, one handler context,
shared by every adapter of the process (console, Slack, Discord).

    runtime = await open_runtime(settings)
    adapter = SlackAdapter(runtime, ...)          # adapters only translate
    runtime.digests.add_poster(adapter.poster)    # before start: a digest due now needs it
    await start(runtime)                          # scheduler: digest jobs, catch-up, feed polling
    await adapter.run()
    await close(runtime)

Adapters implement `ChatAdapter`; they take events to `handlers.router.dispatch(event,
runtime.ctx)` and render the replies, and post digests through their `Poster`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from bot.config import Settings
from bot.digest.options import DigestOptions
from bot.digest.ports import Poster
from bot.digest.scheduler import DigestScheduler
from bot.digest.service import DigestService, utc_now
from bot.store import Store

log = logging.getLogger(__name__)


class ChatAdapter(Protocol):
    @property
    def poster(self) -> Poster:
        """What the digest service posts through on this adapter's platform."""
        ...

    async def run(self) -> None:
        """Serve until cancelled or closed."""
        ...


@dataclass
class Runtime:
    settings: Settings
    store: Store
    digests: DigestService
    schedules: DigestScheduler
    scheduler: Any  # apscheduler.schedulers.asyncio.AsyncIOScheduler
    ctx: Any  # handlers.context.Context (handlers import bot, not the other way round)
    poll_feeds: bool = True
    _started: bool = field(default=False, repr=False)


async def open_runtime(
    settings: Settings,
    *,
    store: Store | None = None,
    options: DigestOptions | None = None,
    now: Callable[[], datetime] = utc_now,
    poll_feeds: bool = True,
) -> Runtime:
    """Open (or take) the store and build the services; nothing runs until `start`."""
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.store import open_store
    from bot.store.pages import StorePages
    from handlers.context import Context

    if store is None:
        Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
        store = await asyncio.to_thread(open_store, data_dir=settings.data_dir)
    from bot.ingest.follow import Poller
    from bot.nlp.pipeline import load_nlp

    digests = DigestService(store, options or DigestOptions.from_env(), now=now)
    poller = Poller(store, lambda: load_nlp(settings), settings=settings)
    scheduler = AsyncIOScheduler(timezone="UTC")
    schedules = DigestScheduler(scheduler, digests)
    ctx = Context(
        store=store,
        now=now,
        thread_article=digests.thread_article,
        digests=digests,
        schedules=schedules,
        feeds=poller,
        pages=StorePages(store),
    )
    return Runtime(settings, store, digests, schedules, scheduler, ctx, poll_feeds=poll_feeds)


async def start(runtime: Runtime, *, wait: bool = False) -> None:
    """Start the scheduler: digest jobs from the store, digests missed within the grace period (at
    once in a job; here when `wait`), feed polling."""
    if runtime._started:
        return
    runtime.scheduler.start()
    runtime._started = True
    if runtime.poll_feeds:
        from bot.ingest.polling import add_polling_job

        add_polling_job(runtime.scheduler, runtime.ctx.feeds)
    await runtime.schedules.start(wait=wait)


async def close(runtime: Runtime) -> None:
    if runtime._started:
        runtime.scheduler.shutdown(wait=False)  # AsyncIOScheduler does it on the loop's next turn
        await asyncio.sleep(0)
        runtime._started = False
    runtime.store.close()


def with_context(runtime: Runtime, **changes: Any) -> Runtime:
    """The runtime with some handler-context fields replaced (tests: a clock, page sizes)."""
    return replace(runtime, ctx=replace(runtime.ctx, **changes))
