"""briefbot's slash commands as a discord.py command tree: typed options with descriptions.

Each command only turns its options back into the argument text the handlers read ("/claims
words:grain by:Sadykova" -> "grain by Sadykova", see handlers/parsing.py) and hands it to
`ask(interaction, command, text)`; name options autocomplete from the store's entities.

Who may use what: every command is for everyone in a server (none in DMs: a server is a
workspace). /brief holds both what everyone may ask (help, feeds) and the settings; Discord
can only gate a whole top-level command, so /brief is not gated by default member
permissions and the handler refuses settings to anyone who is not an admin (Manage Server,
or the role in DISCORD_ADMIN_ROLE). A server can narrow /brief or /digest further in
Server Settings > Integrations.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import discord
from discord import app_commands

Ask = Callable[[discord.Interaction, str, str], Awaitable[None]]
Names = Callable[[discord.Interaction, str], Coroutine[Any, Any, list[app_commands.Choice[str]]]]

PRIVATE = frozenset({"help", "brief", "digest"})  # answered to the asker only (deferred ephemeral)


def argument_text(*parts: tuple[str, str | int | None]) -> str:
    """Options as argument text: ("", "grain"), ("by", "Sadykova") -> "grain by Sadykova"."""
    out = []
    for keyword, value in parts:
        text = " ".join(str(value).split()) if value is not None else ""
        if text:
            out.append(f"{keyword} {text}" if keyword else text)
    return " ".join(out)


def build_tree(client: discord.Client, ask: Ask, names: Names) -> app_commands.CommandTree[discord.Client]:
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)

    @tree.command(name="who", description="Who is in the news, or one name's roles, articles and claims")
    @app_commands.describe(name="A person or organisation (part of a name works)")
    @app_commands.autocomplete(name=names)
    @app_commands.guild_only()
    async def who(interaction: discord.Interaction, name: str | None = None) -> None:
        await ask(interaction, "who", argument_text(("", name)))

    @tree.command(name="claims", description="Who claimed what; the filters combine")
    @app_commands.describe(
        words="Words the claim contains", by="Who made the claim", about="Who or what the claim is about",
        shared="Only claims reported by several outlets, or by just one",
    )  # fmt: skip
    @app_commands.autocomplete(by=names, about=names)
    @app_commands.guild_only()
    async def claims(
        interaction: discord.Interaction,
        words: str | None = None,
        by: str | None = None,
        about: str | None = None,
        shared: bool = False,
    ) -> None:
        text = "shared" if shared else argument_text(("", words), ("by", by), ("about", about))
        await ask(interaction, "claims", text)

    @tree.command(name="sources", description="Outlets and the sources they cite; claims resting on no one")
    @app_commands.describe(
        words="Only sources on this topic", article="One article's sources (its number)",
        unnamed="Claims resting only on unnamed sources",
    )  # fmt: skip
    @app_commands.guild_only()
    async def sources(
        interaction: discord.Interaction,
        words: str | None = None,
        article: app_commands.Range[int, 1] | None = None,
        unnamed: bool = False,
    ) -> None:
        if article is not None:
            text = argument_text(("article", article))
        else:
            text = "unnamed" if unnamed else argument_text(("", words))
        await ask(interaction, "sources", text)

    @tree.command(name="summary", description="An article's key points")
    @app_commands.describe(article="The article's number (in a digest item's thread: that article)")
    @app_commands.guild_only()
    async def summary(
        interaction: discord.Interaction, article: app_commands.Range[int, 1] | None = None
    ) -> None:
        await ask(interaction, "summary", argument_text(("article", article)))

    @tree.command(name="digest", description="This channel's digest: post it now, or preview it")
    @app_commands.describe(action="now: post what is new here; preview: show it to you only")
    @app_commands.choices(
        action=[
            app_commands.Choice(name="now", value="now"),
            app_commands.Choice(name="preview", value="preview"),
        ]
    )
    @app_commands.guild_only()
    async def digest(interaction: discord.Interaction, action: str | None = None) -> None:
        await ask(interaction, "digest", action or "")

    @tree.command(name="help", description="What briefbot answers, with examples")
    @app_commands.guild_only()
    async def help(interaction: discord.Interaction) -> None:
        await ask(interaction, "help", "")

    tree.add_command(_brief(ask))
    return tree


def _brief(ask: Ask) -> app_commands.Group:
    brief = app_commands.Group(
        name="brief", description="Feeds, articles and the digest schedule of this channel", guild_only=True
    )

    async def run(interaction: discord.Interaction, *parts: tuple[str, str | int | None]) -> None:
        await ask(interaction, "brief", argument_text(*parts))

    @brief.command(name="help", description="What /brief does")
    async def help(interaction: discord.Interaction) -> None:
        await run(interaction, ("", "help"))

    @brief.command(name="feeds", description="The feeds this channel follows")
    async def feeds(interaction: discord.Interaction) -> None:
        await run(interaction, ("", "feeds"))

    @brief.command(name="subscribe", description="Follow a news feed in this channel (admins)")
    @app_commands.describe(feed="The feed's URL (RSS or Atom), or a site that links one")
    async def subscribe(interaction: discord.Interaction, feed: str) -> None:
        await run(interaction, ("", "subscribe"), ("", feed))

    @brief.command(name="unsubscribe", description="Stop following a feed (admins)")
    @app_commands.describe(feed="The feed's URL as /brief feeds lists it")
    async def unsubscribe(interaction: discord.Interaction, feed: str) -> None:
        await run(interaction, ("", "unsubscribe"), ("", feed))

    @brief.command(
        name="add", description="Read an article (or a feed's entries) now, for this channel's next digest"
    )
    @app_commands.describe(url="The article's address")
    async def add(interaction: discord.Interaction, url: str) -> None:
        await run(interaction, ("", "add"), ("", url))

    @brief.command(name="schedule", description="When this channel's digest is posted (admins)")
    @app_commands.describe(
        time="Local time, HH:MM", timezone="An IANA time zone such as Europe/London",
        days="Every day, or Monday to Friday only",
    )  # fmt: skip
    @app_commands.choices(
        days=[
            app_commands.Choice(name="daily", value="daily"),
            app_commands.Choice(name="weekdays", value="weekdays"),
        ]
    )
    async def schedule(
        interaction: discord.Interaction, time: str, timezone: str | None = None, days: str | None = None
    ) -> None:
        await run(interaction, ("", "schedule"), ("", time), ("", timezone), ("", days))

    @brief.command(name="pause", description="Stop this channel's digest until /brief resume (admins)")
    async def pause(interaction: discord.Interaction) -> None:
        await run(interaction, ("", "pause"))

    @brief.command(name="resume", description="Post this channel's digest again (admins)")
    async def resume(interaction: discord.Interaction) -> None:
        await run(interaction, ("", "resume"))

    return brief
