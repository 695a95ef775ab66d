"""The digest core's `Poster` on Discord: one message per digest item, its id recorded.

Each item is one embed whose title links to the article. The returned id is the message's,
which is also the id of any thread a user starts from it: a mention in that thread reaches
the core with `thread` equal to it, and is answered about that item's article.

Refusals that retrying cannot fix (no access to the channel, the channel is gone) are a
`DeliveryError` that says what to do. A dropped connection is retried a few times, with the
same nonce, so a message Discord created before the answer was lost is not posted twice; when
it keeps failing the error goes up and the digest is resumed later from this item. Rate
limits and Discord's 5xx answers are retried by discord.py itself.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Sequence

import aiohttp
import discord

from adapters.discord.render import render
from adapters.discord.send import NO_MENTIONS
from bot.errors import DeliveryError
from bot.messages import Reply

log = logging.getLogger(__name__)

RETRY_DELAYS = (1.0, 4.0)  # seconds before each new attempt after a dropped connection
READY_TIMEOUT = 120.0  # seconds to wait for the login before a digest gives up (and is resumed later)


class DiscordPoster:
    platform = "discord"

    def __init__(
        self,
        client: discord.Client,
        logged_in: asyncio.Event,
        *,
        retry_delays: Sequence[float] = RETRY_DELAYS,
        ready_timeout: float = READY_TIMEOUT,
    ) -> None:
        self.client = client
        self.logged_in = logged_in
        self.retry_delays = tuple(retry_delays)
        self.ready_timeout = ready_timeout

    async def post(self, workspace_id: str, channel: str, reply: Reply) -> str:
        await asyncio.wait_for(self.logged_in.wait(), self.ready_timeout)
        target = self.client.get_partial_messageable(int(channel), guild_id=int(workspace_id))
        first: int | None = None
        for n, message in enumerate(render(reply)):  # an item fits one message; a long header may not
            nonce = _nonce(workspace_id, channel, n, message.embeds)
            sent = await self._send(target, message.embeds, channel, nonce)
            first = first or sent.id
        return str(first)

    async def _send(
        self, target: discord.PartialMessageable, embeds: list[discord.Embed], channel: str, nonce: int
    ) -> discord.Message:
        for attempt, delay in enumerate((*self.retry_delays, None)):
            try:
                return await target.send(embeds=embeds, allowed_mentions=NO_MENTIONS, nonce=nonce)
            except discord.Forbidden as error:
                raise DeliveryError(
                    f"Discord refused a digest message in channel {channel} ({error.text or error.status}): "
                    "give briefbot View Channel, Send Messages and Embed Links there"
                ) from error
            except discord.NotFound as error:
                raise DeliveryError(
                    f"channel {channel} is gone or briefbot is no longer in its server: "
                    "set the digest up again in a channel that exists"
                ) from error
            except discord.HTTPException as error:
                if error.status >= 500:
                    raise  # discord.py retried already; the digest is resumed later from this item
                raise DeliveryError(
                    f"Discord refused a digest message for channel {channel}: {error.status} {error.text}"
                ) from error
            except (aiohttp.ClientConnectionError, TimeoutError) as error:
                if delay is None:
                    raise
                log.warning(
                    "posting to Discord channel %s failed (%s), attempt %d; retrying in %.1f s",
                    channel, type(error).__name__, attempt + 1, delay,
                )  # fmt: skip
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover


def _nonce(workspace_id: str, channel: str, part: int, embeds: list[discord.Embed]) -> int:
    """The same message gets the same nonce: Discord (enforce_nonce) answers a repeat within a few
    minutes with the message it created, so a retry after a lost answer posts nothing twice."""
    content = json.dumps([workspace_id, channel, part, [e.to_dict() for e in embeds]], sort_keys=True)
    return int.from_bytes(hashlib.blake2b(content.encode(), digest_size=8).digest()) >> 1
