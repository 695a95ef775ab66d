"""What a handler works with: the store, the asker's workspace, settings, a clock, paging.

One `Context` serves every event. The router hands each handler a copy narrowed to the
request (`offset`: the page asked for; `article`: the article a thread or "article N"
scopes the question to) with `dataclasses.replace`; the caches are shared by the copies.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Concatenate, ParamSpec, TypeVar

from bot.digest.scheduler import DigestScheduler
from bot.digest.service import DigestService
from bot.errors import UserError
from bot.ingest.follow import Poller
from bot.messages import Event
from bot.paging import Cursor, PageLimits, PageMemory, Pages
from bot.store import Store, Workspace
from bot.store.types import ArticleSummary
from handlers import lookups

P = ParamSpec("P")
T = TypeVar("T")

ThreadArticle = Callable[[Event], Awaitable[int | None]]
"""The article a thread is about (a digest item's thread), or None; built by the digest side."""


EVER = datetime(1970, 1, 1, tzinfo=UTC)  # "all time" for queries that need a start


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class HandlerSettings:
    pages: PageLimits = field(default_factory=PageLimits)
    recent: timedelta = timedelta(days=7)  # "recent" for /who and /sources; all time when it is empty
    profile_items: int = 50  # most articles and claims a profile lists


@dataclass(frozen=True)
class Context:
    store: Store
    settings: HandlerSettings = field(default_factory=HandlerSettings)
    now: Callable[[], datetime] = utc_now
    thread_article: ThreadArticle | None = None
    digests: DigestService | None = None  # /digest; None where nothing can be posted
    schedules: DigestScheduler | None = None  # told when /brief changes a schedule
    feeds: Poller | None = None  # /brief subscribe and add: fetch, parse and store
    pages: Pages = field(default_factory=PageMemory)
    # The request's scope, set by the router:
    offset: int = 0
    article: int | None = None
    _workspaces: dict[tuple[str, str], Workspace] = field(default_factory=dict, repr=False)

    async def workspace(self, event: Event) -> Workspace:
        """The tenant the event belongs to (created on first use, then cached)."""
        key = (event.platform, event.workspace_id)
        found = self._workspaces.get(key)
        if found is None:
            found = await asyncio.to_thread(self.store.workspace, event.platform, event.workspace_id)
            self._workspaces[key] = found
        return found

    async def ask(
        self,
        ws: Workspace,
        query: Callable[Concatenate[Store, Workspace, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run a synchronous store query (`bot.store.queries` style) in a worker thread."""
        return await asyncio.to_thread(query, self.store, ws, *args, **kwargs)

    def cursor(self, command: str, args: str) -> Cursor:
        """Where this request's answer starts."""
        return Cursor(command, args, self.offset, self.article)

    def fetch_limit(self) -> int:
        """How many items to read so that this page and one more are there."""
        return self.offset + self.settings.pages.size + 1

    def since_recent(self) -> datetime:
        return self.now() - self.settings.recent

    def recent_label(self) -> str:
        """The recent window in words: "the last 7 days"."""
        days = self.settings.recent.days
        if days >= 1:
            return "the last day" if days == 1 else f"the last {days} days"
        return f"the last {max(1, round(self.settings.recent.total_seconds() / 3600))} hours"

    async def scoped_article(self, ws: Workspace, article_id: int) -> ArticleSummary:
        """The article a question is about; a UserError when this workspace has no such article."""
        found = await self.ask(ws, lookups.article, article_id)
        if found is None:
            raise UserError(
                f"There is no article {article_id} here. Article numbers appear next to each claim "
                "and digest item; /claims lists the latest."
            )
        return found
