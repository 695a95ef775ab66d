"""Discord interactions and messages as `bot.messages.Event`s.

The guild is the workspace. In a thread, `channel` is the thread's parent and `thread` the
thread's id: a thread started from a digest message has that message's id, which is how the
digest core finds the article a thread is about. The asker is an admin with the Manage
Server permission or the role named by DISCORD_ADMIN_ROLE (an id or a name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import discord

from bot.messages import Event

PLATFORM = "discord"


@dataclass(frozen=True)
class Place:
    """Where something was said: the channel (a thread's parent) and the thread, if any."""

    channel: str
    thread: str | None = None


def place_of(channel: object, channel_id: int) -> Place:
    """The place of a channel object; one that is not a known thread is taken as a channel."""
    if isinstance(channel, discord.Thread) and channel.parent_id is not None:
        return Place(str(channel.parent_id), str(channel.id))
    return Place(str(channel_id))


def is_admin(user: discord.abc.User | None, admin_role: str | None) -> bool:
    """Manage Server (or Administrator, which implies it), or the configured admin role."""
    if not isinstance(user, discord.Member):
        return False
    if user.guild_permissions.manage_guild:
        return True
    if admin_role is None:
        return False
    wanted = admin_role.casefold()
    return any(str(role.id) == admin_role or role.name.casefold() == wanted for role in user.roles)


def interaction_event(
    interaction: discord.Interaction, *, command: str | None, text: str, admin_role: str | None
) -> Event:
    """The event of a slash command (`command`, its options as `text`) or a button ("more TOKEN")."""
    place = place_of(interaction.channel, interaction.channel_id or 0)
    admin = interaction.permissions.manage_guild or is_admin(interaction.user, admin_role)
    return Event(
        platform=PLATFORM,
        workspace_id=str(interaction.guild_id),
        channel=place.channel,
        thread=place.thread,
        user=str(interaction.user.id),
        user_is_admin=admin,
        text=text,
        event_id=str(interaction.id),
        command=command,
    )


def mention_event(
    message: discord.Message, place: Place, *, me: discord.abc.User, admin_role: str | None
) -> Event:
    """The event of a message that mentions the bot, its text in plain words (`plain_text`)."""
    return Event(
        platform=PLATFORM,
        workspace_id=str(message.guild.id if message.guild else ""),
        channel=place.channel,
        thread=place.thread,
        user=str(message.author.id),
        user_is_admin=is_admin(message.author, admin_role),
        text=plain_text(message, me),
        event_id=str(message.id),
        is_mention=True,
    )


_MARKUP = re.compile(r"<(@[!&]?|#)(\d{15,21})>")
_LOOSE_PUNCTUATION = re.compile(r"\s+([,;:.?!])")  # "thanks <@bot>, who" -> "thanks, who"


def plain_text(message: discord.Message, me: discord.abc.User) -> str:
    """A message's text without Discord's markup: the bot's own mentions dropped (wherever they
    are: "thanks <@bot> who is X"), other people, roles and channels by name ("@Nino", "#news")."""
    users = {u.id: u.display_name for u in message.mentions}
    roles = {r.id: r.name for r in message.role_mentions}
    channels = {c.id: c.name for c in message.channel_mentions}

    def name(found: re.Match[str]) -> str:
        kind, ident = found.group(1), int(found.group(2))
        if kind in ("@", "@!"):
            return "" if ident == me.id else f"@{users.get(ident, 'someone')}"
        if kind == "@&":
            return f"@{roles.get(ident, 'a role')}"
        return f"#{channels.get(ident, 'a channel')}"

    words = " ".join(_MARKUP.sub(name, message.content).split())
    return _LOOSE_PUNCTUATION.sub(r"\1", words).lstrip(",;: ")


def mentions_me(message: discord.Message, me: discord.abc.User | None) -> bool:
    """Whether a message by a person in a server names the bot itself (@everyone does not count)."""
    if me is None or message.author.bot or message.guild is None:
        return False
    return me.id in message.raw_mentions
