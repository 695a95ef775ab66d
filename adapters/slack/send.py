"""Sending a `Reply` where a conversation happened: a slash command's response URL, a thread.

Replies marked ephemeral are shown to the asker alone and say so; the others to the channel.
Sending failures are logged with what was being answered, never raised into bolt.
"""

from __future__ import annotations

import logging

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.render import render
from bot.messages import Reply

log = logging.getLogger(__name__)


async def respond_with(respond: AsyncRespond, reply: Reply) -> None:
    """Answer through the response URL (slash commands, button clicks): public or only for the asker."""
    kind = "ephemeral" if reply.ephemeral else "in_channel"
    for message in render(reply, only_you=reply.ephemeral):
        answer = await respond(
            text=message.text,
            blocks=message.blocks,
            response_type=kind,
            replace_original=False,
            unfurl_links=False,
            unfurl_media=False,
        )
        if answer.status_code != 200:
            log.warning("Slack refused a response (%s): %s", answer.status_code, answer.body[:200])
            return


async def post_in_thread(client: AsyncWebClient, channel: str, thread: str, user: str, reply: Reply) -> None:
    """Answer in a thread: a message everyone sees, or one only `user` sees when the reply is ephemeral."""
    try:
        for message in render(reply, only_you=reply.ephemeral):
            if reply.ephemeral:
                await client.chat_postEphemeral(
                    channel=channel, user=user, thread_ts=thread, text=message.text, blocks=message.blocks
                )
            else:
                await client.chat_postMessage(
                    channel=channel, thread_ts=thread, text=message.text, blocks=message.blocks,
                    unfurl_links=False, unfurl_media=False,
                )  # fmt: skip
    except SlackApiError as error:
        log.warning(
            "answering in %s thread %s failed: %s", channel, thread, error.response.get("error", error)
        )
