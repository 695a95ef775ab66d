"""Slack payloads to events, Slack markup to plain text, and the configuration's errors."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.slack import slack_configured
from adapters.slack.config import DEFAULT_API_URL, SlackConfig
from adapters.slack.dedupe import SeenEvents
from adapters.slack.events import (
    answer_thread,
    command_event,
    is_from_a_bot,
    mention_event,
    more_event,
    plain_text,
)
from bot.errors import ConfigError
from bot.store import Store, handled, open_store


def test_markup_becomes_plain_text() -> None:
    text = (
        "<@UBOT> who is <@U2|ann> in <#C1|general>? <https://x.example/a?b=1&amp;c=2|x> &lt;tag&gt; <!here>"
    )
    assert plain_text(text, bot_user_id="UBOT") == (
        "who is @ann in #general? https://x.example/a?b=1&c=2 <tag> @here"
    )
    assert plain_text("<!subteam^S1|@editors> <@U3>") == "@editors @U3"


def test_a_slash_command_is_an_event_of_its_command() -> None:
    body = {
        "team_id": "T1", "channel_id": "C1", "user_id": "U1", "command": "/Who", "text": "Matsegora",
        "trigger_id": "tr1", "response_url": "https://hooks",
    }  # fmt: skip
    event = command_event(body, is_admin=True)
    assert (event.platform, event.workspace_id, event.channel, event.user) == ("slack", "T1", "C1", "U1")
    assert (event.command, event.text, event.event_id, event.user_is_admin) == (
        "who",
        "Matsegora",
        "tr1",
        True,
    )
    assert event.thread is None and not event.is_mention


def test_a_mention_keeps_its_thread_and_is_answered_there() -> None:
    body = {
        "team_id": "T1",
        "event_id": "Ev1",
        "event": {
            "type": "app_mention",
            "user": "U1",
            "text": "<@UBOT> sources",
            "ts": "2.0",
            "channel": "C1",
        },
    }
    event = mention_event(body, bot_user_id="UBOT", is_admin=False)
    assert (event.text, event.thread, event.event_id, event.is_mention) == ("sources", None, "Ev1", True)
    assert answer_thread(body) == "2.0"
    body["event"]["thread_ts"] = "1.0"
    assert mention_event(body, bot_user_id="UBOT", is_admin=False).thread == "1.0"
    assert answer_thread(body) == "1.0"


def test_a_more_click_is_the_text_more_token() -> None:
    body = {
        "team": {"id": "T1"}, "user": {"id": "U1"}, "channel": {"id": "C1"}, "trigger_id": "tr",
        "message": {"ts": "5.0", "thread_ts": "4.0"}, "container": {"channel_id": "C1"},
    }  # fmt: skip
    event = more_event(body, "claims:8::", is_admin=False)
    assert (event.text, event.thread, event.channel, event.command) == ("more claims:8::", "4.0", "C1", None)


def test_bots_and_the_bot_itself_are_ignored() -> None:
    assert is_from_a_bot({"bot_id": "B1", "user": "U9"}, "UBOT")
    assert is_from_a_bot({"user": "UBOT"}, "UBOT")
    assert not is_from_a_bot({"user": "U1"}, "UBOT")


async def test_repeated_event_ids_are_seen_once() -> None:
    clock = [0.0]
    seen = SeenEvents(keep=10, clock=lambda: clock[0])
    assert await seen.first_time("Ev1") and not await seen.first_time("Ev1")
    clock[0] = 11
    assert await seen.first_time("Ev2") and await seen.first_time("Ev1")  # forgotten after `keep`


async def test_a_retry_reaching_another_replica_is_not_answered_again(tmp_path: Path) -> None:
    """Two replicas (two stores on one database): each event id is first-time in one of them only."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    stores = [open_store(url), open_store(url)]
    try:
        now = datetime(2026, 5, 1, tzinfo=UTC)

        def replica(store: Store) -> SeenEvents:
            async def durable(event_id: str) -> bool:
                return await asyncio.to_thread(handled.first_time, store, "slack", event_id, now)

            return SeenEvents(durable=durable)

        first, second = replica(stores[0]), replica(stores[1])
        answers = await asyncio.gather(*(r.first_time(f"Ev{n}") for n in range(20) for r in (first, second)))
        assert sum(answers) == 20
        assert not await first.first_time("Ev3") and not await second.first_time("Ev3")
        assert handled.first_time(stores[0], "discord", "Ev3", now)  # another platform's ids are its own
    finally:
        for store in stores:
            store.close()


def test_configuration_modes() -> None:
    socket = SlackConfig.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"})
    assert socket.socket_mode and not socket.oauth and socket.api_url == DEFAULT_API_URL
    http = SlackConfig.from_env(
        {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "http://127.0.0.1:9/api",
         "SLACK_PORT": "8080", "SLACK_ADMIN_USERS": "U1A, W2B"}
    )  # fmt: skip
    assert not http.socket_mode and http.port == 8080 and http.api_url == "http://127.0.0.1:9/api/"
    assert http.admin_users == {"U1A", "W2B"}
    oauth = SlackConfig.from_env(
        {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "c", "SLACK_SIGNING_SECRET": "s"}
    )
    assert oauth.oauth and "chat:write" in oauth.scopes


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET is missing"),
        ({"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN is missing"),
        ({"SLACK_BOT_TOKEN": "xoxp-1", "SLACK_APP_TOKEN": "xapp-1"}, "must start with xoxb-"),
        ({"SLACK_SIGNING_SECRET": "s", "SLACK_CLIENT_ID": "1"}, "go together"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_PORT": "http"}, "not a port"),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "slack"},
            "SLACK_API_URL",
        ),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_ADMIN_USERS": "bob"}, "bob"),
    ],
)
def test_bad_configuration_says_how_to_fix_it(env: dict[str, str], says: str) -> None:
    assert slack_configured(env)
    with pytest.raises(ConfigError, match=says):
        SlackConfig.from_env(env)


def test_not_configured_without_slack_settings() -> None:
    assert not slack_configured({"DISCORD_TOKEN": "x", "SLACK_BOT_TOKEN": " "})
