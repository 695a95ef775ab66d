"""The digest service: compose a channel's digest and post it exactly once, through an adapter.

Adapters register a `Poster` per platform. The scheduler calls `deliver_due` when a
channel's time comes (and `run_due` on start, to catch up within the grace period);
`/digest now` calls `deliver_now`; `/digest preview` calls `preview`, which posts nothing.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.digest import compose, records, schedule
from bot.digest.options import DigestOptions
from bot.digest.ports import Poster
from bot.digest.records import Delivery
from bot.errors import DeliveryError
from bot.messages import Event, Reply
from bot.store import Store, Workspace

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Report:
    """What one delivery did."""

    channel: str
    slot: str
    status: str  # posted | empty | taken | failed | no-poster
    items: int = 0  # stories posted by this run
    error: str | None = None


@dataclass(frozen=True)
class Preview:
    header: Reply
    items: list[compose.DigestItem]
    message_ids: tuple[str | None, ...] = ()  # each item's posted message, for a digest shown again


class DigestService:
    def __init__(
        self,
        store: Store,
        options: DigestOptions | None = None,
        *,
        now: Callable[[], datetime] = utc_now,
        owner: str | None = None,
    ) -> None:
        self.store = store
        self.options = options or DigestOptions()
        self.now = now
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.posters: dict[str, Poster] = {}
        self._locks: dict[tuple[int, str], asyncio.Lock] = {}

    def add_poster(self, poster: Poster) -> None:
        self.posters[poster.platform] = poster

    @property
    def platforms(self) -> tuple[str, ...]:
        return tuple(self.posters)

    # -- scheduled digests -------------------------------------------------------------

    async def run_due(self, now: datetime | None = None) -> list[Report]:
        """Post every digest due now (fired at most the grace period ago) and not posted yet."""
        moment = now or self.now()
        found = await asyncio.to_thread(schedule.scheduled_channels, self.store, self.platforms)
        reports = []
        for entry in found:
            day = entry.schedule.due(moment, self.options.grace)
            if day is not None:
                reports.append(await self.deliver_scheduled(entry.workspace, entry.channel, day, now=moment))
        return reports

    async def deliver_due(self, ws: Workspace, channel: str) -> Report | None:
        """The scheduler's job: post the channel's digest if its schedule (read afresh) says it is due."""
        moment = self.now()
        current = await asyncio.to_thread(schedule.get_schedule, self.store, ws, channel)
        day = current.due(moment, self.options.grace) if current else None
        if day is None:
            return None
        return await self.deliver_scheduled(ws, channel, day, now=moment)

    async def deliver_scheduled(
        self, ws: Workspace, channel: str, day: date, *, now: datetime | None = None
    ) -> Report:
        """The digest of `day` (the channel's local date), at most once however often it is asked."""
        return await self._deliver(ws, channel, day.isoformat(), records.SCHEDULED, now or self.now())

    # -- on demand ---------------------------------------------------------------------

    async def deliver_now(self, ws: Workspace, channel: str) -> Report:
        """Post what is new since the channel's last digest now (`/digest now`)."""
        moment = self.now()
        slot = f"manual:{moment:%Y-%m-%dT%H:%M:%S}:{uuid.uuid4().hex[:8]}"
        return await self._deliver(ws, channel, slot, records.MANUAL, moment)

    async def preview(self, ws: Workspace, channel: str) -> Preview:
        """What the channel's next digest would hold now; nothing is posted or recorded."""
        moment = self.now()
        zone = await self.zone(ws, channel)
        since, planned = await asyncio.to_thread(self._plan, ws, channel, moment)
        return await self._shown(ws, planned, since, moment, zone, title="Digest preview")

    async def todays(self, ws: Workspace, channel: str) -> Preview | None:
        """Today's scheduled digest as it was posted, or None when there was none today."""
        zone = await self.zone(ws, channel)
        slot = self.now().astimezone(zone).date().isoformat()
        found = await asyncio.to_thread(records.find_delivery, self.store, ws, channel, slot)
        if found is None or found.status != records.DONE:
            return None
        shown = await self._shown(ws, found.plan, found.window_start, found.window_end, zone)
        posted = await asyncio.to_thread(records.message_ids, self.store, found)
        return Preview(
            shown.header, shown.items, tuple(posted.get(n) for n in range(1, len(shown.items) + 1))
        )

    async def thread_article(self, event: Event) -> int | None:
        """The article a thread is about, when the thread hangs under a digest item."""
        if event.thread is None:
            return None
        ws = await asyncio.to_thread(self.store.workspace, event.platform, event.workspace_id)
        return await asyncio.to_thread(
            records.article_for_message, self.store, ws, event.channel, event.thread
        )

    # -- digests cut short ----------------------------------------------------------------

    async def resume_unfinished(self, now: datetime | None = None) -> list[Report]:
        """Finish digests cut short (a crash, a network failure) once their lease ran out; give up
        those older than the grace period, whose stories then come in the channel's next digest."""
        moment = now or self.now()
        reports = []
        for delivery in await asyncio.to_thread(records.unfinished, self.store, self.platforms):
            if moment - delivery.window_end > self.options.grace:
                await asyncio.to_thread(records.abandon, self.store, delivery, moment)
                log.warning(
                    "gave up the digest %s of %s: cut short too long ago", delivery.slot, delivery.channel
                )
                continue
            if delivery.owner != self.owner and moment - delivery.claimed_at < self.options.lease:
                continue  # being posted by another process now
            reports.append(
                await self._deliver(
                    delivery.workspace, delivery.channel, delivery.slot, delivery.kind, moment
                )
            )
        return reports

    # -- posting -----------------------------------------------------------------------

    async def _deliver(self, ws: Workspace, channel: str, slot: str, kind: str, now: datetime) -> Report:
        poster = self.posters.get(ws.platform)
        if poster is None:
            return Report(channel, slot, "no-poster", error=f"no {ws.platform} adapter is running")
        lock = self._locks.setdefault((ws.id, channel), asyncio.Lock())
        async with lock:  # one digest of a channel at a time in this process
            zone = await self.zone(ws, channel)
            delivery = await asyncio.to_thread(
                records.claim,
                self.store,
                ws,
                channel,
                slot,
                kind=kind,
                owner=self.owner,
                now=now,
                lease=self.options.lease,
                compose=lambda moment: self._plan(ws, channel, moment),
            )
            if delivery is None:
                return Report(channel, slot, "taken")
            return await self._post(poster, delivery, zone)

    def _plan(self, ws: Workspace, channel: str, now: datetime) -> tuple[datetime, records.Plan]:
        """(where the new digest's window starts, its stories): the channel's articles since its last
        finished digest that no digest has posted there and none is posting."""
        last = records.next_window_start(self.store, ws, channel)
        since = min(last, now) if last is not None else now - self.options.first_lookback
        taken = frozenset(records.taken_articles(self.store, ws, channel, since))
        return since, compose.plan(self.store, ws, channel, since, now, exclude=taken)

    async def _shown(
        self,
        ws: Workspace,
        planned: records.Plan,
        since: datetime,
        until: datetime,
        zone: ZoneInfo,
        *,
        title: str = "Morning briefing",
    ) -> Preview:
        """The header and the items of a plan: the first `max_items` stories posted, the rest named."""
        limit = self.options.max_items
        items = await asyncio.to_thread(compose.render, self.store, ws, planned[:limit], self.options)
        more = await asyncio.to_thread(compose.also_new, self.store, ws, planned[limit:])
        if not items:
            return Preview(compose.empty_reply(since=since, until=until, zone=zone), [])
        return Preview(
            compose.header(items, since=since, until=until, zone=zone, title=title, more=more), items
        )

    async def _post(self, poster: Poster, delivery: Delivery, zone: ZoneInfo) -> Report:
        store, ws, channel = self.store, delivery.workspace, delivery.channel
        shown = await self._shown(ws, delivery.plan, delivery.window_start, delivery.window_end, zone)
        if not shown.items and not self.options.post_empty:
            await asyncio.to_thread(records.complete, store, delivery, self.now())
            return Report(channel, delivery.slot, "empty")
        messages: list[tuple[int, Reply, list[int]]] = [(0, shown.header, [])]
        messages += [(n, item.reply, list(item.article_ids)) for n, item in enumerate(shown.items, 1)]
        done = await asyncio.to_thread(records.posted_positions, store, delivery)
        posted = 0
        for position, reply, article_ids in messages:
            if position in done:
                continue
            if not await asyncio.to_thread(records.renew, store, delivery, self.now()):
                return Report(channel, delivery.slot, "taken", posted)  # another process took it over
            try:
                message_id = await poster.post(ws.external_id, channel, reply)
            except DeliveryError as error:
                log.warning("the digest for %s %s was refused: %s", ws.platform, channel, error)
                await asyncio.to_thread(records.complete, store, delivery, self.now(), status=records.REFUSED)
                return Report(channel, delivery.slot, "failed", posted, error=str(error))
            except Exception:  # left claimed: resumed after its lease, from this item
                log.exception(
                    "posting the digest for %s %s failed at item %d", ws.platform, channel, position
                )
                problem = f"{ws.platform} could not be reached; the rest of the digest will follow"
                return Report(channel, delivery.slot, "failed", posted, error=problem)
            await asyncio.to_thread(
                records.record_message,
                store,
                delivery,
                position=position,
                message_id=message_id,
                article_ids=article_ids,
                now=self.now(),
            )
            posted += 1 if position else 0
        await asyncio.to_thread(records.complete, store, delivery, self.now())
        return Report(channel, delivery.slot, "posted" if shown.items else "empty", posted)

    async def zone(self, ws: Workspace, channel: str) -> ZoneInfo:
        """The channel's time zone (its schedule's, else the default)."""
        found = await asyncio.to_thread(schedule.get_schedule, self.store, ws, channel)
        return ZoneInfo(found.tz if found else self.options.default_tz)
