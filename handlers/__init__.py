"""The command table: every command of briefbot, registered once.

A command is a module in handlers/ named after it, with `COMMAND = "<name>"` and
`async def handle(event: Event, ctx: Context) -> Reply`; it answers and never sends.
tests/handlers/test_registry.py checks that the table and the modules agree.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from bot.messages import Event, Reply
from handlers import brief, claims, digest, help, sources, summary, who
from handlers.context import Context

Handler = Callable[[Event, Context], Awaitable[Reply]]


@dataclass(frozen=True)
class Command:
    name: str
    handle: Handler
    usage: str  # the grammar, e.g. "/who [NAME]"
    help: str  # one line: what it answers
    examples: tuple[str, ...] = ()
    about_article: bool = False  # "article N", or bare in a digest item's thread: about that article
    article_by_number: bool = False  # a lone number is an article ("/sources 12")


def _table(*commands: Command) -> Mapping[str, Command]:
    table: dict[str, Command] = {}
    for command in commands:
        if command.name in table:
            raise ValueError(f"the command {command.name!r} is registered twice")
        table[command.name] = command
    return MappingProxyType(table)


COMMANDS: Mapping[str, Command] = _table(
    Command(
        "who",
        who.handle,
        "/who [NAME]",
        "who is in the news, or one name's roles, articles and claims",
        ("/who", "/who Matsegora"),
        about_article=True,
        article_by_number=True,
    ),
    Command(
        "claims",
        claims.handle,
        "/claims [WORDS] [by NAME] [about NAME] | shared",
        "who claimed what (filters combine); shared: reported by several outlets or just one",
        ("/claims compensation", "/claims by Matsegora about Russia", "/claims shared"),
        about_article=True,
    ),
    Command(
        "sources",
        sources.handle,
        "/sources [WORDS | unnamed | article N]",
        "outlets and the sources they cite; claims resting only on unnamed sources",
        ("/sources", "/sources grain", "/sources unnamed", "/sources article 3"),
        about_article=True,
        article_by_number=True,
    ),
    Command(
        "summary",
        summary.handle,
        "/summary article N",
        "an article's key points",
        ("/summary 3",),
        about_article=True,
        article_by_number=True,
    ),
    Command(
        "digest",
        digest.handle,
        "/digest [preview | now]",
        "this channel's digest: preview it (only you see it), or post it now",
        ("/digest", "/digest now"),
    ),
    Command(
        "brief",
        brief.handle,
        "/brief subscribe FEED | unsubscribe FEED | feeds | add URL | schedule HH:MM [TZ] | pause | resume",
        "this channel's feeds, digest schedule and articles (changes: admins)",
        ("/brief feeds", "/brief schedule 07:30 Europe/London weekdays", "/brief add https://example.com/a"),
    ),
    Command("help", help.handle, "/help", "this list", ("/help",)),
)

__all__ = ["COMMANDS", "Command", "Handler"]
