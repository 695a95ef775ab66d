"""The slack_bolt `AsyncApp`: slash commands, mentions and "More" clicks, translated.

Every listener does the same three things: acknowledge at once (Slack allows 3 seconds),
turn the payload into an `Event` and let `handlers.router.dispatch` answer it, then send
the `Reply` back where the question was asked. Nothing here decides what to answer.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import events, send
from adapters.slack.admins import Admins
from adapters.slack.dedupe import SeenEvents
from adapters.slack.render import MORE_ACTION
from bot.messages import Event, Reply

log = logging.getLogger(__name__)
APOLOGY = "Sorry, I could not answer that: something went wrong on my side. Please try again later."
bolt_log = logging.getLogger("adapters.slack.bolt")
Answer = Callable[[Event], Awaitable[Reply]]


class Listeners:
    """What bolt calls; `answer` is the router, bound to the runtime's handler context."""

    def __init__(self, answer: Answer, admins: Admins, seen: SeenEvents) -> None:
        self.answer = answer
        self.admins = admins
        self.seen = seen

    async def command(
        self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        await ack()
        try:
            admin = await self.admins.is_admin(client, str(body.get("team_id")), str(body.get("user_id")))
            event = events.command_event(body, is_admin=admin)
            if not await self.seen.first_time(event.event_id):
                return
            await send.respond_with(respond, await self.answer(event))
        except Exception:
            log.exception("answering the slash command %s failed", body.get("command"))
            await _apologise(respond)

    async def mention(self, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext) -> None:
        raw = body.get("event") or {}
        if events.is_from_a_bot(raw, context.bot_user_id) or not raw.get("user"):
            return
        if not await self.seen.first_time(events.event_key(body)):
            return  # a retry of an event we took already
        try:
            admin = await self.admins.is_admin(
                client, str(context.team_id or body.get("team_id")), raw["user"]
            )
            event = events.mention_event(body, bot_user_id=context.bot_user_id, is_admin=admin)
            reply = await self.answer(event)
            thread = reply.thread or events.answer_thread(body)
            await send.post_in_thread(client, event.channel, thread, event.user, reply)
        except Exception:  # logged; Slack shows nothing rather than a half answer
            log.exception("answering a mention in %s failed", raw.get("channel"))

    async def more(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        await ack()
        user = (body.get("user") or {}).get("id", "")
        admin = await self.admins.is_admin(client, str((body.get("team") or {}).get("id")), str(user))
        event = events.more_event(body, str(action.get("value") or ""), is_admin=admin)
        reply = await self.answer(event)
        if event.thread is not None:
            await send.post_in_thread(client, event.channel, event.thread, event.user, reply)
        else:
            await send.respond_with(respond, reply)


class _GivenClient(logging.Filter):
    """bolt reads SLACK_BOT_TOKEN itself and warns that the client we give wins: as meant."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


bolt_log.addFilter(_GivenClient())


def build_app(
    listeners: Listeners,
    client: AsyncWebClient,
    *,
    signing_secret: str | None,
    oauth: AsyncOAuthSettings | None = None,
) -> AsyncApp:
    """The bolt app; `client` carries the API URL and retry handlers every request's client copies."""
    app = AsyncApp(
        name="briefbot",
        client=client,
        signing_secret=signing_secret or "",
        oauth_settings=oauth,
        logger=bolt_log,
    )
    app.command(re.compile(r"^/"))(listeners.command)
    app.event("app_mention")(listeners.mention)
    app.action(MORE_ACTION)(listeners.more)
    return app


async def _apologise(respond: AsyncRespond) -> None:
    """The short apology for an answer that failed on our side (the asker only)."""
    try:
        await respond(text=APOLOGY, response_type="ephemeral")
    except Exception:
        log.warning("the apology could not be sent either", exc_info=True)
