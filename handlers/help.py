"""/help: the commands, with examples. Unknown input gets the short form."""

from __future__ import annotations

import handlers
from bot.messages import Event, Reply, Section
from handlers.context import Context

COMMAND = "help"
THREADS = (
    "Under a digest item, @briefbot who, claims, sources or summary answer about that item's article. "
    "Long answers come in pages: say “more” for the next one."
)


async def handle(event: Event, ctx: Context) -> Reply:
    sections = tuple(
        Section(heading=c.usage, lines=(c.help.capitalize() + ".", "e.g. " + ", ".join(c.examples)))
        for c in handlers.COMMANDS.values()
    )
    return Reply(title="What briefbot answers", sections=(*sections, Section(lines=(THREADS,))))


def short_help(note: str | None = None, *, ephemeral: bool = False) -> Reply:
    """One line per command; `note` says why help is shown ("I don't know “foo”.")."""
    lines = [f"{c.usage}: {c.help}" for c in handlers.COMMANDS.values() if c.name != "help"]
    sections = [Section(lines=(note,))] if note else []
    sections.append(Section(lines=(*lines, "Mentions work too: “@briefbot who is Matsegora?”")))
    return Reply(title="What briefbot answers", sections=tuple(sections), ephemeral=ephemeral)
