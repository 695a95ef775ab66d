"""Following feeds: add one without flooding the workspace, and poll them for what is new.

Adding a feed records its current entries as seen and ingests only the newest few (the
backfill). A poll asks with the feed's ETag / Last-Modified (conditional GET) and ingests
entries not seen before. An entry is known by `entry_key` (its canonical link, or its guid
when it has no link of its own), never by its date, so feeds that rewrite GUIDs or dates
bring nothing new; the store's own dedupe by canonical URL and content hash catches what
slips through. An entry whose title or summary changed is fetched again, and its article
is re-parsed if its content changed (an update, never a duplicate).

An entry is recorded as seen only once its article is stored, and the feed's validators are
kept only when every entry went in, so an entry that failed (a timeout, a 500) is tried
again on the next poll, and a poll stopped halfway finishes on the next one.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from spacy.language import Language

from bot.config import Settings
from bot.errors import InputError, UserError
from bot.ingest.feeds import FeedEntry, entry_key, fetch_feed
from bot.ingest.fetch import Fetched
from bot.ingest.guard import Resolver
from bot.ingest.options import IngestSettings
from bot.ingest.run import NlpLoader, Outcome, Summary, ingest
from bot.ingest.settings import FetchSettings
from bot.ingest.sources import Loaded, load_entries, load_urls
from bot.ingest.subscriptions import (
    VERSION_PREFIX,
    FeedInfo,
    add_feed,
    all_feeds,
    find_feed,
    list_feeds,
    mark_seen,
    record_poll,
    seen_keys,
)
from bot.store import Store, Workspace

log = logging.getLogger(__name__)
PollStatus = Literal["added", "polled", "not modified", "failed"]


@dataclass(frozen=True)
class PollReport:
    """One feed added or polled: its entries, the new or changed ones, and what became of them."""

    feed: FeedInfo
    status: PollStatus
    entries: int = 0  # entries in the feed document
    candidates: int = 0  # entries ingested: new, changed, or the backfill of a new feed
    summary: Summary = field(default_factory=Summary)
    error: str | None = None

    def line(self) -> str:
        name = f"feed #{self.feed.id} {self.feed.title or self.feed.url}"
        if self.status == "failed":
            return f"{name}: failed: {self.error}"
        if self.status == "not modified":
            return f"{name}: not modified since the last poll"
        if self.status == "added":
            seen = self.entries - self.candidates
            return (
                f"{name}: following it; {seen} current entr{'y' if seen == 1 else 'ies'} marked as seen, "
                f"{self.candidates} ingested now: {self.summary.headline()}"
            )
        return f"{name}: {self.entries} entries, {self.candidates} new or changed: {self.summary.headline()}"


def version_key(entry: FeedEntry) -> str:
    """What an entry says (title and summary, not its guid or dates), as a seen-entry key."""
    digest = hashlib.sha256("\x1f".join((entry_key(entry), entry.title, entry.summary)).encode()).hexdigest()
    return VERSION_PREFIX + digest[:40]


def newest_first(entries: Sequence[FeedEntry]) -> list[FeedEntry]:
    """By publication time, newest first; undated entries keep the feed's order, after the dated."""
    dated = sorted((e for e in entries if e.published), key=lambda e: e.published or _EPOCH, reverse=True)
    return dated + [e for e in entries if not e.published]


class Poller:
    """Adds and polls feeds into the store; parses with the model `nlp` loads (once, when needed)."""

    def __init__(
        self,
        store: Store,
        nlp: NlpLoader,
        *,
        settings: Settings | None = None,
        fetch_settings: FetchSettings | None = None,
        options: IngestSettings | None = None,
        resolve: Resolver | None = None,
    ) -> None:
        self.store = store
        self.settings = settings or Settings.from_env()
        self.fetch_settings = fetch_settings or FetchSettings.from_env(self.settings)
        self.options = options or IngestSettings.from_env(self.settings)
        self.resolve = resolve
        self._nlp = _Once(nlp)
        self._parsing = asyncio.Lock()  # one ingest at a time: the model is not shared between threads

    async def add(
        self, ws: Workspace, url: str, *, channel: str | None = None, backfill: int | None = None
    ) -> PollReport:
        """Follow the feed at `url`: its entries are marked seen but for the newest `backfill`."""
        if await asyncio.to_thread(find_feed, self.store, ws, url) is not None:
            raise UserError(f"this workspace follows {url} already: `briefbot feeds list` shows it")
        fetched, feed = await fetch_feed(url, self.fetch_settings, resolve=self.resolve)
        assert feed is not None  # no validators were sent, so the answer is never "not modified"
        count = self.options.feed_backfill if backfill is None else max(0, backfill)
        chosen = newest_first(feed.entries)[:count]
        skipped = [e for e in feed.entries if e not in chosen]
        seen = [k for e in skipped for k in (entry_key(e), version_key(e))]
        info = await asyncio.to_thread(
            add_feed, self.store, ws, url, channel=channel, title=feed.title or None, seen=seen
        )
        summary = await self._ingest(info, chosen)
        await self._record(info, summary, fetched)
        return PollReport(info, "added", len(feed.entries), len(chosen), summary)

    async def add_urls(self, ws: Workspace, urls: Sequence[str]) -> Summary:
        """Fetch, parse and store the articles at `urls` (a feed URL gives its entries) now."""
        loaded = await load_urls(
            urls,
            self.fetch_settings,
            self.settings,
            concurrency=self.options.fetch_concurrency,
            resolve=self.resolve,
        )
        summary = Summary()
        async with self._parsing:
            outcomes = await asyncio.to_thread(
                lambda: list(
                    ingest(
                        self.store,
                        ws,
                        loaded,
                        self._nlp,
                        batch_size=self.options.batch_size,
                        workers=self.options.parse_workers,
                    )
                )
            )
        for outcome in outcomes:
            summary.add(outcome)
        return summary

    async def _record(
        self, info: FeedInfo, summary: Summary, fetched: Fetched, title: str | None = None
    ) -> None:
        """Remember the poll: its error if any, and the validators unless an entry must be retried."""
        await asyncio.to_thread(
            record_poll,
            self.store,
            info,
            error=_error(summary),
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            title=title,
            keep_validators=bool(summary.failures),
        )

    async def poll(self, info: FeedInfo) -> PollReport:
        """Poll one feed now; a failure is reported (and kept on the feed), never raised."""
        try:
            fetched, feed = await fetch_feed(
                info.url,
                self.fetch_settings,
                etag=info.etag,
                last_modified=info.last_modified,
                resolve=self.resolve,
            )
        except InputError as exc:
            await asyncio.to_thread(record_poll, self.store, info, error=exc.reason)
            return PollReport(info, "failed", error=exc.reason)
        if feed is None:
            await asyncio.to_thread(
                record_poll,
                self.store,
                info,
                error=None,
                etag=fetched.etag,
                last_modified=fetched.last_modified,
            )
            return PollReport(info, "not modified")
        keys = {e: (entry_key(e), version_key(e)) for e in feed.entries}
        known = await asyncio.to_thread(
            seen_keys, self.store, info, [k for pair in keys.values() for k in pair]
        )
        chosen, taken = [], set()
        for entry, (key, version) in keys.items():
            if version not in known and key not in taken:  # new, or its text changed
                chosen.append(entry)
                taken.add(key)
        summary = await self._ingest(info, chosen)
        await self._record(info, summary, fetched, title=feed.title)
        return PollReport(info, "polled", len(feed.entries), len(chosen), summary)

    async def poll_workspace(self, ws: Workspace) -> list[PollReport]:
        return await self._poll_each(await asyncio.to_thread(list_feeds, self.store, ws))

    async def poll_all(self) -> list[PollReport]:
        """Poll every workspace's feeds (the scheduled job)."""
        return await self._poll_each(await asyncio.to_thread(all_feeds, self.store))

    async def _poll_each(self, feeds: list[FeedInfo]) -> list[PollReport]:
        limit = asyncio.Semaphore(self.options.fetch_concurrency)

        async def one(info: FeedInfo) -> PollReport:
            async with limit:
                try:
                    return await self.poll(info)
                except Exception as exc:  # one feed's trouble (even the store's) must not stop the rest
                    log.exception("polling feed #%d (%s) failed", info.id, info.url)
                    return PollReport(info, "failed", error=f"{type(exc).__name__}: {exc}")

        return list(await asyncio.gather(*(one(info) for info in feeds)))

    async def _ingest(self, info: FeedInfo, entries: list[FeedEntry]) -> Summary:
        summary = Summary()
        if not entries:
            return summary
        loaded = await load_entries(
            entries,
            self.fetch_settings,
            self.settings,
            concurrency=self.options.fetch_concurrency,
            resolve=self.resolve,
        )
        versions = {entry_key(e): version_key(e) for e in entries}
        async with self._parsing:
            outcomes = await asyncio.to_thread(self._store_all, info, loaded, versions)
        for outcome in outcomes:
            summary.add(outcome)
        return summary

    def _store_all(self, info: FeedInfo, loaded: list[Loaded], versions: dict[str, str]) -> list[Outcome]:
        outcomes = []
        for outcome in ingest(
            self.store,
            info.workspace,
            loaded,
            self._nlp,
            batch_size=self.options.batch_size,
            workers=self.options.parse_workers,
        ):
            outcomes.append(outcome)
            if outcome.status != "failed" and outcome.tag is not None:
                mark_seen(self.store, info, {outcome.tag: outcome.article_id, versions[outcome.tag]: None})
        return outcomes


class _Once:
    """A model loader called at most once, whichever thread asks first."""

    def __init__(self, load: NlpLoader) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._nlp: Language | None = None

    def __call__(self) -> Language:
        with self._lock:
            if self._nlp is None:
                self._nlp = self._load()
            return self._nlp


def _error(summary: Summary) -> str | None:
    failures = summary.failures
    if not failures:
        return None
    first = failures[0]
    more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
    return f"{len(failures)} entr{'y' if len(failures) == 1 else 'ies'} failed: {first.line()}{more}"


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
