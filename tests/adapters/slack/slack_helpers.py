"""Helpers for the Slack adapter tests: environments, a served adapter, signed requests."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import time
from collections.abc import AsyncIterator
from typing import Any

from slack_fake import FakeSlack

from adapters.slack import SlackAdapter, create_slack
from bot.runtime import Runtime

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
HOSTILE = "<!channel> @everyone fares are up AGAIN, ask <@U024BE7LH> where the money went & why"
HOSTILE_TITLE = "Riders to Cardiff transit board: <!channel> ask <@U024BE7LH> & <!here>"


def http_env(fake: FakeSlack, **extra: str) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "SLACK_HOST": "127.0.0.1",
        "SLACK_PORT": "0",
        **extra,
    }


@contextlib.asynccontextmanager
async def running(adapter: SlackAdapter) -> AsyncIterator[SlackAdapter]:
    """The adapter serving in a task until the block ends; then cancelled, and its cleanup awaited."""
    task = asyncio.create_task(adapter.run())
    ready = asyncio.create_task(adapter.ready.wait())
    try:
        done, _ = await asyncio.wait({task, ready}, timeout=15, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            task.result()  # raises what stopped it
        assert ready in done, "the Slack adapter did not start in time"
        yield adapter
    finally:
        ready.cancel()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@contextlib.asynccontextmanager
async def serving(runtime: Runtime, env: dict[str, str]) -> AsyncIterator[SlackAdapter]:
    adapter = create_slack(runtime, env)
    runtime.digests.add_poster(adapter.poster)
    async with running(adapter):
        yield adapter


def signed(body: str, *, secret: str = SECRET, at: float | None = None) -> dict[str, str]:
    """Headers Slack sends with a request: its timestamp and v0 HMAC-SHA256 signature."""
    stamp = str(int(time.time() if at is None else at))
    digest = hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


def shown_text(args: dict[str, Any]) -> str:
    """Everything a posted message shows: its text and every text of its blocks."""
    texts = [str(args.get("text", ""))]

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("text"), str):
                texts.append(value["text"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(args.get("blocks") or [])
    return "\n".join(texts)


def command_body(fake: FakeSlack, command: str, text: str = "", *, user: str = "U1", hook: str = "h1") -> str:
    """A slash command as Slack posts it (form-encoded)."""
    from urllib.parse import urlencode

    return urlencode(
        {
            "token": "legacy", "team_id": "T1", "team_domain": "newsroom", "channel_id": "C1",
            "channel_name": "news", "user_id": user, "user_name": "ann", "command": command, "text": text,
            "api_app_id": "A1", "response_url": fake.response_url(hook), "trigger_id": f"tr-{hook}",
        }
    )  # fmt: skip


def mention_body(text: str, *, event_id: str = "Ev1", ts: str = "1700000100.000100", **event: Any) -> str:
    """An app_mention event callback as Slack posts it (JSON)."""
    import json

    return json.dumps(
        {
            "token": "legacy",
            "team_id": "T1",
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": 1700000100,
            "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
            "event": {
                "type": "app_mention", "user": "U1", "text": text, "ts": ts, "channel": "C1",
                "event_ts": ts, **event,
            },
        }
    )  # fmt: skip


async def post_to(
    adapter: SlackAdapter, body: str, headers: dict[str, str], content_type: str
) -> tuple[int, str]:
    """POST to the adapter's /slack/events as Slack would; the status and the body of the answer."""
    import aiohttp

    assert adapter.address is not None
    host, port = adapter.address
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"http://{host}:{port}/slack/events",
            data=body.encode(),
            headers={**headers, "Content-Type": content_type},
        ) as answer,
    ):
        return answer.status, await answer.text()


FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
