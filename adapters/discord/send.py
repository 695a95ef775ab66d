"""Sending rendered replies: interaction follow-ups, messages in channels and threads, "More".

Every send forbids mentions (`AllowedMentions.none()`), whatever the text holds. A reply's
next page is a "More" button under its last message; its custom id carries the page token
("briefbot:more:claims:8::grain"), or a short key to it when the token is longer than a
custom id may be. A click comes back as an interaction the client turns into "more TOKEN".
"""

from __future__ import annotations

import itertools
import logging
from collections import OrderedDict
from typing import Any

import discord
from discord.utils import MISSING

from adapters.discord.render import render
from bot.messages import Reply

log = logging.getLogger(__name__)

MORE_PREFIX = "briefbot:more:"
CUSTOM_ID = 100  # Discord's limit on a component's custom id
NO_MENTIONS = discord.AllowedMentions.none()


class MoreTokens:
    """Page tokens too long for a button, by short key (the latest `keep`, in memory)."""

    def __init__(self, keep: int = 2000) -> None:
        self.keep = keep
        self._tokens: OrderedDict[str, str] = OrderedDict()
        self._keys = itertools.count(1)

    def custom_id(self, token: str) -> str:
        if len(MORE_PREFIX) + len(token) <= CUSTOM_ID:
            return MORE_PREFIX + token
        key = f"#{next(self._keys)}"
        self._tokens[key] = token
        while len(self._tokens) > self.keep:
            self._tokens.popitem(last=False)
        return MORE_PREFIX + key

    def token(self, custom_id: str) -> str | None:
        """The token of a More button's custom id ("" when its key was forgotten), None if not ours."""
        if not custom_id.startswith(MORE_PREFIX):
            return None
        rest = custom_id.removeprefix(MORE_PREFIX)
        if rest.startswith("#"):
            return self._tokens.get(rest, "")
        return rest

    def view(self, token: str) -> discord.ui.View:
        view = discord.ui.View(timeout=None)
        view.add_item(
            discord.ui.Button(
                label="More", style=discord.ButtonStyle.secondary, custom_id=self.custom_id(token)
            )
        )
        view.stop()  # clicks are handled by the client's on_interaction, not by a stored view
        return view


async def follow_up(
    interaction: discord.Interaction,
    reply: Reply,
    tokens: MoreTokens,
    *,
    deferred_ephemeral: bool,
    thinking: bool = True,
) -> None:
    """Answer a deferred interaction with `reply`, in as many follow-ups as it needs.

    After a "thinking…" deferral the first follow-up replaces that message, which is ephemeral
    or not as the deferral was: a private reply (an error, help) to a public deferral deletes
    it and is sent to the asker only; a public reply to a private deferral stays private.
    Without one (a button's silent deferral) every follow-up is a new message.
    """
    ephemeral = reply.ephemeral or deferred_ephemeral
    if thinking and ephemeral and not deferred_ephemeral:
        try:
            await interaction.delete_original_response()
        except discord.HTTPException:  # the first follow-up then replaces it, in the open
            log.warning("the deferred answer to interaction %s could not be removed", interaction.id)
    for message in render(reply):
        await interaction.followup.send(
            embeds=message.embeds,
            ephemeral=ephemeral,
            allowed_mentions=NO_MENTIONS,
            view=tokens.view(message.more) if message.more else MISSING,
        )


async def send_to(
    channel: discord.abc.Messageable,
    reply: Reply,
    tokens: MoreTokens,
    *,
    reference: discord.MessageReference | None = None,
) -> list[discord.Message]:
    """Send `reply` to a channel or thread; the first message answers `reference` when given."""
    sent = []
    for n, message in enumerate(render(reply)):
        answering: dict[str, Any] = {"reference": reference} if reference is not None and n == 0 else {}
        sent.append(
            await channel.send(
                embeds=message.embeds,
                allowed_mentions=NO_MENTIONS,
                mention_author=False,
                **answering,
                view=tokens.view(message.more) if message.more else MISSING,
            )
        )
    return sent
