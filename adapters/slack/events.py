"""Slack payloads as `bot.messages.Event`s, and Slack's markup as the plain text handlers read.

Slack sends user text with `&`, `<` and `>` escaped and with markup: `<@U123>` (a user),
`<#C123|general>` (a channel), `<!here>`, `<https://x|label>` (a link). Handlers read plain
text, so the markup becomes "@U123", "#general", "@here" and the URL itself (a URL matters
to `/brief add URL`), and the entities become characters again.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import Any

from bot.messages import Event

PLATFORM = "slack"
_MARKUP = re.compile(r"<([^<>]*)>")


def plain_text(text: str, *, bot_user_id: str | None = None) -> str:
    """Slack message text as plain text, without a leading mention of the bot."""
    if bot_user_id:
        text = re.sub(rf"^\s*<@{re.escape(bot_user_id)}(?:\|[^>]*)?>[\s,:;]*", "", text)
    text = _MARKUP.sub(_unmark, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def _unmark(match: re.Match[str]) -> str:
    inner = match.group(1)
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return f"@{label.lstrip('@')}" if label else target
    if target.startswith("#"):
        return f"#{label}" if label else target
    if target.startswith("!date"):
        return label
    if target.startswith("!"):
        name = label or target[1:].split("^", 1)[0]
        return name if name.startswith("@") else f"@{name}"
    return target  # a link: the URL, which is what a command needs


def command_event(body: Mapping[str, Any], *, is_admin: bool) -> Event:
    """A slash command ("/who Matsegora") as an event of the command "who"."""
    return Event(
        platform=PLATFORM,
        workspace_id=_team(body),
        channel=str(body.get("channel_id", "")),
        user=str(body.get("user_id", "")),
        user_is_admin=is_admin,
        text=plain_text(str(body.get("text") or "")),
        event_id=str(body.get("trigger_id") or f"command:{uuid.uuid4().hex}"),  # no trigger id: no repeat
        command=str(body.get("command", "")).lstrip("/").casefold(),
    )


def mention_event(body: Mapping[str, Any], *, bot_user_id: str | None, is_admin: bool) -> Event:
    """An `app_mention` as a mention event in its thread (None when the mention is not in a thread)."""
    event: Mapping[str, Any] = body["event"]
    thread = event.get("thread_ts")
    return Event(
        platform=PLATFORM,
        workspace_id=_team(body),
        channel=str(event.get("channel", "")),
        thread=str(thread) if thread else None,
        user=str(event.get("user", "")),
        user_is_admin=is_admin,
        text=plain_text(str(event.get("text") or ""), bot_user_id=bot_user_id),
        event_id=event_key(body),
        is_mention=True,
    )


def event_key(body: Mapping[str, Any]) -> str:
    """The id Slack's retries of an event share: its event_id (or its channel and ts, lacking one)."""
    event: Mapping[str, Any] = body.get("event") or {}
    return str(body.get("event_id") or f"event:{event.get('channel')}:{event.get('ts')}")


def more_event(body: Mapping[str, Any], token: str, *, is_admin: bool) -> Event:
    """A click on a reply's "More" button: the text "more TOKEN" from the clicker, where the reply was."""
    container: Mapping[str, Any] = body.get("container") or {}
    message: Mapping[str, Any] = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id") or ""
    thread = message.get("thread_ts") or container.get("thread_ts")
    return Event(
        platform=PLATFORM,
        workspace_id=_team(body),
        channel=str(channel),
        thread=str(thread) if thread else None,
        user=str((body.get("user") or {}).get("id", "")),
        user_is_admin=is_admin,
        text=f"more {token}",
        event_id=str(body.get("trigger_id") or f"more:{channel}:{token}"),
    )


def answer_thread(body: Mapping[str, Any]) -> str:
    """Where to answer a mention: the thread it is in, or a new thread under it."""
    event: Mapping[str, Any] = body["event"]
    return str(event.get("thread_ts") or event["ts"])


def is_from_a_bot(event: Mapping[str, Any], bot_user_id: str | None) -> bool:
    """Messages of bots (ours included) are never answered."""
    return bool(
        event.get("bot_id")
        or event.get("subtype") == "bot_message"
        or (bot_user_id is not None and event.get("user") == bot_user_id)
    )


def _team(body: Mapping[str, Any]) -> str:
    team = body.get("team_id") or (body.get("team") or {}).get("id")
    user = body.get("user")
    if not team and isinstance(user, Mapping):
        team = user.get("team_id")
    return str(team or "")
