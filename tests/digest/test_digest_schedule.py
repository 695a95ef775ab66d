"""Schedules: times and zones as users write them, DST-correct fire times, due dates with a grace period."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger

from bot.digest.schedule import DAILY, WEEKDAYS, Schedule, parse_time, parse_tz
from bot.digest.scheduler import trigger_for
from bot.errors import UserError

LONDON = "Europe/London"
GRACE = timedelta(hours=3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08:00", time(8)),
        ("7:30", time(7, 30)),
        ("0730", time(7, 30)),
        ("23.59", time(23, 59)),
        ("6h05", time(6, 5)),
    ],
)
def test_times_as_people_write_them(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "8", "noon", "08:60", ""])
def test_a_bad_time_says_how_to_write_one(text: str) -> None:
    with pytest.raises(UserError, match="HH:MM"):
        parse_time(text)


def test_time_zones_by_iana_name_and_utc_spellings() -> None:
    assert parse_tz("Europe/London") == LONDON
    assert parse_tz("utc") == parse_tz("GMT") == "UTC"
    with pytest.raises(UserError, match="Europe/London"):
        parse_tz("Mars/Olympus")
    with pytest.raises(UserError):
        parse_tz("../etc/passwd")


def test_eight_oclock_local_on_both_sides_of_a_dst_change() -> None:
    plan = Schedule(at=time(8), tz=LONDON)
    assert plan.fire_time(date(2026, 3, 28)) == datetime(2026, 3, 28, 8, tzinfo=UTC)  # GMT
    assert plan.fire_time(date(2026, 3, 30)) == datetime(2026, 3, 30, 7, tzinfo=UTC)  # BST
    assert plan.fire_time(date(2026, 10, 26)) == datetime(2026, 10, 26, 8, tzinfo=UTC)  # GMT again
    for day in (date(2026, 3, 28), date(2026, 3, 29), date(2026, 3, 30), date(2026, 10, 25)):
        assert plan.fire_time(day).astimezone(ZoneInfo(LONDON)).time() == time(8)


def test_a_time_skipped_by_spring_forward_fires_an_hour_later() -> None:
    plan = Schedule(at=time(1, 30), tz=LONDON)  # 01:00-02:00 does not exist on 29 March 2026
    local = plan.fire_time(date(2026, 3, 29)).astimezone(ZoneInfo(LONDON))
    assert (local.hour, local.minute) == (2, 30)


@pytest.mark.parametrize(
    ("zone", "at", "days"),
    [
        (LONDON, time(8), DAILY),
        ("America/New_York", time(7, 30), WEEKDAYS),
        ("Australia/Sydney", time(6), DAILY),
        ("Asia/Kolkata", time(9, 15), WEEKDAYS),
        (LONDON, time(1, 30), DAILY),
        ("America/New_York", time(2, 30), DAILY),
    ],
)
def test_fire_times_agree_with_apschedulers_cron_trigger_for_a_year(zone: str, at: time, days: str) -> None:
    """The jobs wake the service with CronTrigger; `due` must name the same instants and dates.

    On a fall-back night a local time happens twice and CronTrigger fires twice: the second
    wake-up names the same local date, whose digest the store has already claimed.
    """
    plan = Schedule(at=at, tz=zone, days=days)
    trigger = trigger_for(plan)
    assert isinstance(trigger, CronTrigger)
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    previous: date | None = None
    for _ in range(300):
        fired = trigger.get_next_fire_time(None, moment)
        assert fired is not None
        local_day = fired.astimezone(ZoneInfo(zone)).date()
        assert plan.runs_on(local_day)
        if local_day == previous:  # the repeated hour of a fall-back night
            assert plan.due(fired.astimezone(UTC), GRACE) == local_day
        else:
            assert fired.astimezone(UTC) == plan.next_after(moment) == plan.fire_time(local_day)
        previous = local_day
        moment = fired + timedelta(minutes=1)


def test_due_within_the_grace_period_and_not_after() -> None:
    plan = Schedule(at=time(8), tz=LONDON)
    fire = datetime(2026, 6, 1, 7, tzinfo=UTC)  # 08:00 BST
    assert plan.due(fire - timedelta(minutes=1), GRACE) is None
    assert plan.due(fire, GRACE) == date(2026, 6, 1)
    assert plan.due(fire + GRACE, GRACE) == date(2026, 6, 1)
    assert plan.due(fire + GRACE + timedelta(minutes=1), GRACE) is None


def test_a_late_evening_digest_caught_up_after_midnight_keeps_its_own_date() -> None:
    plan = Schedule(at=time(23, 30), tz="UTC")
    assert plan.due(datetime(2026, 6, 2, 1, tzinfo=UTC), GRACE) == date(2026, 6, 1)


def test_weekdays_only_and_paused() -> None:
    plan = Schedule(at=time(8), tz="UTC", days=WEEKDAYS)
    saturday = datetime(2026, 6, 6, 8, 5, tzinfo=UTC)
    assert plan.due(saturday, GRACE) is None
    assert plan.next_after(saturday) == datetime(2026, 6, 8, 8, tzinfo=UTC)  # Monday
    paused = Schedule(at=time(8), tz="UTC", paused=True)
    assert paused.due(datetime(2026, 6, 8, 8, 5, tzinfo=UTC), GRACE) is None
    assert paused.next_after(saturday) is None


def test_settings_round_trip_and_bad_stored_values_are_ignored() -> None:
    plan = Schedule(at=time(7, 5), tz="Asia/Tokyo", days=WEEKDAYS, paused=True)
    assert Schedule.from_json(plan.to_json()) == plan
    assert Schedule.from_json({"time": "99:00", "tz": "UTC"}) is None
    assert Schedule.from_json("08:00") is None
    assert plan.describe() == "07:05 Asia/Tokyo, on weekdays (paused)"
