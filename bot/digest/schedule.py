"""A channel's digest schedule ("08:00 Europe/London, weekdays"), kept as a channel setting.

The store's channel settings are the source of truth: the scheduler builds its jobs from
`scheduled_channels`, and `/brief` changes them with `save_schedule`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, select

from bot.digest.options import DigestOptions
from bot.errors import UserError
from bot.store import Store, Workspace
from bot.store.models import ChannelSetting, WorkspaceRow

KEY = "digest"
DAILY = "daily"
WEEKDAYS = "weekdays"
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.h]?([0-5]\d)$")


@dataclass(frozen=True)
class Schedule:
    """When a channel gets its digest: a local time, a time zone, every day or weekdays only."""

    at: time
    tz: str
    days: str = DAILY  # daily | weekdays
    paused: bool = False

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def runs_on(self, day: date) -> bool:
        return self.days == DAILY or day.weekday() < 5

    def fire_time(self, day: date) -> datetime:
        """The UTC instant of `day`'s digest; a local time skipped by a DST change fires an hour later."""
        naive = datetime.combine(day, self.at)
        local = naive.replace(tzinfo=self.zone)
        # zoneinfo gives a nonexistent local time the pre-change offset; round trip through UTC
        # to see it: 02:30 on a spring-forward day becomes 03:30, as APScheduler's CronTrigger does
        roundtrip = local.astimezone(UTC).astimezone(self.zone)
        if roundtrip.replace(tzinfo=None) != naive:
            local = (naive + timedelta(hours=1)).replace(tzinfo=self.zone)
        return local.astimezone(UTC)

    def due(self, now: datetime, grace: timedelta) -> date | None:
        """The local date whose digest is due at `now`: fired at or before `now`, at most `grace` ago."""
        if self.paused:
            return None
        today = now.astimezone(self.zone).date()
        for day in (today, today - timedelta(days=1)):
            if not self.runs_on(day):
                continue
            fired = self.fire_time(day)
            if fired <= now and now - fired <= grace:
                return day
        return None

    def next_after(self, now: datetime) -> datetime | None:
        """The first fire time after `now` (None when paused)."""
        if self.paused:
            return None
        day = now.astimezone(self.zone).date() - timedelta(days=1)
        for _ in range(9):
            if self.runs_on(day) and self.fire_time(day) > now:
                return self.fire_time(day)
            day += timedelta(days=1)
        return None

    def describe(self) -> str:
        days = "every day" if self.days == DAILY else "on weekdays"
        state = " (paused)" if self.paused else ""
        return f"{self.at:%H:%M} {self.tz}, {days}{state}"

    def to_json(self) -> dict[str, object]:
        return {"time": f"{self.at:%H:%M}", "tz": self.tz, "days": self.days, "paused": self.paused}

    @classmethod
    def from_json(cls, value: object) -> Schedule | None:
        if not isinstance(value, dict):
            return None
        try:
            return cls(
                at=parse_time(str(value["time"])),
                tz=parse_tz(str(value["tz"])),
                days=WEEKDAYS if value.get("days") == WEEKDAYS else DAILY,
                paused=bool(value.get("paused", False)),
            )
        except (KeyError, UserError):
            return None


@dataclass(frozen=True)
class ChannelSchedule:
    workspace: Workspace
    channel: str
    schedule: Schedule


def parse_time(text: str) -> time:
    found = _TIME.match(text.strip().casefold())
    if not found:
        raise UserError(f"“{text}” is not a time of day: write it as HH:MM on a 24-hour clock, e.g. 07:30")
    return time(int(found.group(1)), int(found.group(2)))


def parse_tz(text: str) -> str:
    name = text.strip()
    if name.casefold() in ("utc", "gmt", "z"):
        return "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(
            f"“{text}” is not a time zone I know: use an IANA name such as Europe/London or America/New_York"
        ) from None
    return name


def get_schedule(store: Store, ws: Workspace, channel: str) -> Schedule | None:
    with store.reading() as session:
        value = session.scalar(
            select(ChannelSetting.value).where(
                ChannelSetting.workspace_id == ws.id,
                ChannelSetting.channel == channel,
                ChannelSetting.key == KEY,
            )
        )
    return Schedule.from_json(value)


def save_schedule(store: Store, ws: Workspace, channel: str, schedule: Schedule) -> Schedule:
    """Create or replace the channel's schedule (an upsert: safe against a concurrent change)."""
    values = {"workspace_id": ws.id, "channel": channel, "key": KEY, "value": schedule.to_json()}
    with store.writing() as session:
        insert = store.upsert(ChannelSetting).values(**values)
        session.execute(
            insert.on_conflict_do_update(
                index_elements=["workspace_id", "channel", "key"], set_={"value": insert.excluded.value}
            )
        )
    return schedule


def ensure_schedule(
    store: Store, ws: Workspace, channel: str, options: DigestOptions
) -> tuple[Schedule, bool]:
    """The channel's schedule, made from the defaults (`options`) when it has none (True: just made)."""
    current = get_schedule(store, ws, channel)
    if current is not None:
        return current, False
    made = Schedule(at=parse_time(options.default_time), tz=options.default_tz)
    return save_schedule(store, ws, channel, made), True


def set_paused(store: Store, ws: Workspace, channel: str, paused: bool) -> Schedule | None:
    current = get_schedule(store, ws, channel)
    if current is None:
        return None
    return save_schedule(store, ws, channel, replace(current, paused=paused))


def remove_schedule(store: Store, ws: Workspace, channel: str) -> bool:
    with store.writing() as session:
        gone = session.execute(
            delete(ChannelSetting).where(
                ChannelSetting.workspace_id == ws.id,
                ChannelSetting.channel == channel,
                ChannelSetting.key == KEY,
            )
        )
    return bool(getattr(gone, "rowcount", 0))


def scheduled_channels(store: Store, platforms: tuple[str, ...] | None = None) -> list[ChannelSchedule]:
    """Every channel with a digest schedule, across workspaces (of `platforms` when given)."""
    query = select(WorkspaceRow.id, WorkspaceRow.platform, WorkspaceRow.external_id, ChannelSetting).join(
        ChannelSetting, ChannelSetting.workspace_id == WorkspaceRow.id
    )
    query = query.where(ChannelSetting.key == KEY)
    if platforms is not None:
        query = query.where(WorkspaceRow.platform.in_(platforms))
    found: list[ChannelSchedule] = []
    with store.reading() as session:
        for ws_id, platform, external, setting in session.execute(query.order_by(ChannelSetting.id)):
            schedule = Schedule.from_json(setting.value)
            if schedule is not None:
                found.append(ChannelSchedule(Workspace(ws_id, platform, external), setting.channel, schedule))
    return found
