"""The discord.py client: slash commands, "More" clicks and mentions to `dispatch`, replies back.

Every interaction is deferred at once (callback type 5: "briefbot is thinking…", ephemeral for
the private commands), so the 3-second limit never bites however long the store takes; the
answer follows up. A mention is answered in its thread, or as a reply to the message in a
channel. Messages from bots, including this one, are ignored.

Intents: guilds (channels, threads and roles, for thread parents and the admin role) and
guild messages (mentions). Message content is privileged and not needed: Discord sends the
text of messages that mention the bot.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import discord
from discord import app_commands

from adapters.discord import events
from adapters.discord.commands import PRIVATE, build_tree
from adapters.discord.config import DiscordConfig
from adapters.discord.send import MoreTokens, follow_up, send_to
from bot.errors import ConfigError
from bot.messages import Event, Reply
from handlers import lookups
from handlers.context import Context
from handlers.router import dispatch

log = logging.getLogger(__name__)

Dispatch = Callable[[Event, Context], Awaitable[Reply]]
NAME_CHOICES = 25  # Discord shows at most 25 autocomplete choices
CHOICE = 100  # characters of a choice's name and value


def intents() -> discord.Intents:
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.guild_messages = True
    return wanted


class BriefbotClient(discord.Client):
    def __init__(self, ctx: Context, config: DiscordConfig, *, answer: Dispatch = dispatch) -> None:
        super().__init__(intents=intents(), allowed_mentions=discord.AllowedMentions.none())
        self.ctx = ctx
        self.config = config
        self.answer = answer
        self.tokens = MoreTokens()
        self.tree = build_tree(self, self.ask, self.names)
        self.logged_in = asyncio.Event()  # REST works from here on (the poster waits for it)

    async def setup_hook(self) -> None:
        """After login, before the gateway: publish the commands (to one guild when configured)."""
        if self.config.guild_id is not None:
            guild = discord.Object(id=self.config.guild_id)
            self.tree.copy_global_to(guild=guild)
            try:
                synced = await self.tree.sync(guild=guild)
            except discord.Forbidden as error:
                raise ConfigError(
                    f"DISCORD_GUILD_ID={self.config.guild_id}: Discord would not take briefbot's commands "
                    "for that server (is the bot in it, invited with the applications.commands scope?): "
                    "invite it with the URL in docs/discord.md, or leave DISCORD_GUILD_ID empty"
                ) from error
            log.info("synced %d commands to guild %s", len(synced), self.config.guild_id)
        else:
            synced = await self.tree.sync()
            log.info("synced %d global commands (they may take a while to show)", len(synced))
        self.logged_in.set()

    # -- slash commands and buttons ---------------------------------------------------

    async def ask(self, interaction: discord.Interaction, command: str, text: str) -> None:
        """A slash command: defer, dispatch, follow up."""
        await self._answer(interaction, command=command, text=text, private=command in PRIVATE)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """A click on "More" (commands are the tree's): the next page, as "more TOKEN".

        The click is deferred silently (callback type 6), its button taken off the page it was
        on, so that a page is continued once, and the next page follows as a new message."""
        if interaction.type is not discord.InteractionType.component or interaction.data is None:
            return
        token = self.tokens.token(str(interaction.data.get("custom_id", "")))
        if token is None:
            return
        private = bool(interaction.message and interaction.message.flags.ephemeral)
        await interaction.response.defer()
        try:
            await interaction.edit_original_response(view=None)
        except discord.HTTPException:
            log.warning("the More button of interaction %s could not be removed", interaction.id)
        await self._answer(interaction, command=None, text=f"more {token}".strip(), private=private)

    async def _answer(
        self, interaction: discord.Interaction, *, command: str | None, text: str, private: bool
    ) -> None:
        thinking = not interaction.response.is_done()
        if thinking:
            await interaction.response.defer(ephemeral=private, thinking=True)
        event = events.interaction_event(
            interaction, command=command, text=text, admin_role=self.config.admin_role
        )
        reply = await self.answer(event, self.ctx)
        try:
            await follow_up(interaction, reply, self.tokens, deferred_ephemeral=private, thinking=thinking)
        except Exception:
            log.exception("answering interaction %s (%s) failed", interaction.id, command or text)

    async def names(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Autocomplete for name options: the store's entities matching what is typed so far."""
        if interaction.guild_id is None or not current.strip():
            return []
        store = self.ctx.store
        ws = await asyncio.to_thread(store.workspace, events.PLATFORM, str(interaction.guild_id))
        found = await asyncio.to_thread(lookups.match_entities, store, ws, current, limit=NAME_CHOICES)
        return [app_commands.Choice(name=m.name[:CHOICE], value=m.name[:CHOICE]) for m in found]

    # -- mentions ---------------------------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        if self.user is None or not events.mentions_me(message, self.user):
            return
        place = await self._place(message)
        event = events.mention_event(message, place, me=self.user, admin_role=self.config.admin_role)
        reply = await self.answer(event, self.ctx)
        # in a channel: a reply to the message (sent anyway if it was deleted meanwhile)
        answering = None if place.thread else message.to_reference(fail_if_not_exists=False)
        try:
            await send_to(message.channel, reply, self.tokens, reference=answering)
        except Exception:
            log.exception("answering the mention %s in %s failed", message.id, message.channel.id)

    async def _place(self, message: discord.Message) -> events.Place:
        """Channel and thread of a message; a channel missing from the cache is looked up once."""
        channel: object = message.channel
        if isinstance(channel, discord.PartialMessageable):
            try:
                channel = await self.fetch_channel(message.channel.id)
            except discord.HTTPException:
                log.warning("channel %s could not be looked up; taken as a channel", message.channel.id)
        return events.place_of(channel, message.channel.id)
