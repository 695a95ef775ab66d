"""What the digest core needs from a chat adapter: a way to post a message to a channel.

Each adapter (Slack, Discord, console) registers one `Poster` for its platform with
`DigestService.add_poster`. The digest core composes neutral `Reply`s, decides when and
whether to post (exactly once per channel and day), and records each posted message, so
that a thread under a digest item can be answered about that item's article.
"""

from __future__ import annotations

from typing import Protocol

from bot.messages import Reply


class Poster(Protocol):
    """Posts a reply as a new top-level message in a channel."""

    platform: str  # "slack", "discord", "console": the Event.platform of the same adapter

    async def post(self, workspace_id: str, channel: str, reply: Reply) -> str:
        """Send `reply` to `channel` of the platform workspace `workspace_id` (Slack team id,
        Discord guild id); return the new message's id: Slack's `ts`, Discord's message id
        (which is also the id of a thread started from that message), the console's label.

        Retry rate limits and timeouts inside; raise `bot.errors.DeliveryError` for refusals
        that retrying will not fix. A later `Event` in a thread under this message must carry
        `channel` as given here and `thread` equal to the returned id.
        """
        ...
