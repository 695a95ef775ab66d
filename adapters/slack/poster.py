"""The digest core's `Poster` for Slack: each digest message goes out with chat.postMessage.

Rate limits are retried inside the client (see `client.py`). A refusal that retrying will
not fix (no such channel, the bot removed, a revoked token) is a `DeliveryError`, and the
digest stops; anything else is raised as it is, and the digest is resumed later from the
message that failed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.render import render
from bot.errors import DeliveryError
from bot.messages import Reply

ClientFor = Callable[[str], Awaitable[AsyncWebClient]]  # a team id -> a client with its bot token

PERMANENT = frozenset({
    "access_denied", "account_inactive", "channel_not_found", "ekm_access_denied", "invalid_auth",
    "invalid_blocks", "is_archived", "missing_scope", "msg_too_long", "no_permission", "not_authed",
    "not_in_channel", "org_login_required", "restricted_action", "team_access_not_granted",
    "team_not_found", "token_revoked", "too_many_attachments",
})  # fmt: skip


class SlackPoster:
    platform = "slack"

    def __init__(self, client_for: ClientFor) -> None:
        self.client_for = client_for

    async def post(self, workspace_id: str, channel: str, reply: Reply) -> str:
        """Post `reply` as a new message in `channel`; its `ts` (the thread id of answers under it)."""
        client = await self.client_for(workspace_id)
        first: str | None = None
        for message in render(reply):
            try:
                answer = await client.chat_postMessage(
                    channel=channel, text=message.text, blocks=message.blocks,
                    unfurl_links=False, unfurl_media=False,
                )  # fmt: skip
            except SlackApiError as error:
                code = str(error.response.get("error", ""))
                if code in PERMANENT:
                    raise DeliveryError(
                        f"Slack refused a message to {channel} in {workspace_id}: {code}"
                        f"{_HINTS.get(code, '')}"
                    ) from error
                raise
            if first is None:
                first = str(answer["ts"])
        assert first is not None  # render always gives a message
        return first


_HINTS = {
    "not_in_channel": " (invite the bot with /invite @briefbot, or grant chat:write.public)",
    "channel_not_found": " (the channel was deleted, or it is private and the bot is not in it)",
    "is_archived": " (the channel is archived: set the digest in another channel)",
    "missing_scope": " (reinstall the app with the scopes of manifest.yml)",
    "invalid_auth": " (the bot token is wrong or was revoked: reinstall the app)",
    "token_revoked": " (the app was removed from the workspace: install it again)",
}
