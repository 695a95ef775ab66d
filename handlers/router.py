"""Events to commands: slash commands by name, mentions and messages by what they say.

`dispatch` always returns a reply: a UserError becomes its message, anything else is
logged with the event's context and answered with a short apology.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.errors import UserError
from bot.messages import Event, Reply, Section, clip
from bot.paging import Cursor
from handlers import COMMANDS, Command, parsing
from handlers.context import Context
from handlers.help import short_help

log = logging.getLogger(__name__)
APOLOGY = "Sorry, I could not answer that: something went wrong on my side. Please try again later."


async def dispatch(event: Event, ctx: Context) -> Reply:
    try:
        reply = await _dispatch(event, ctx)
    except UserError as error:
        reply = Reply(
            title="That did not work", sections=(Section(lines=(str(error),)),), ephemeral=_private(event)
        )
    except Exception:
        log.exception(
            "answering an event failed: platform=%s workspace=%s channel=%s thread=%s user=%s "
            "event_id=%s command=%s text=%r",
            event.platform, event.workspace_id, event.channel, event.thread, event.user,
            event.event_id, event.command, event.text[:200],
        )  # fmt: skip
        reply = Reply(title="Sorry", sections=(Section(lines=(APOLOGY,)),), ephemeral=_private(event))
    if reply.thread is None and event.thread is not None:
        reply = replace(reply, thread=event.thread)
    return reply


def route(event: Event) -> tuple[str, str] | None:
    """(command or "more", its arguments) for an event, or None when it asks nothing we know."""
    if event.command is not None:
        name = event.command.strip().lstrip("/").casefold()
        if name in COMMANDS or name == "more":
            return name, " ".join(event.text.split())
        # one umbrella command ("/briefbot who is Matsegora"): read its text like a mention
    return parsing.route(event.text, COMMANDS)


async def _dispatch(event: Event, ctx: Context) -> Reply:
    routed = route(event)
    if routed is None:
        said = clip(parsing.strip_mentions(event.text), 60)
        return short_help(f"I don't know “{said}”. Here is what I answer:", ephemeral=_private(event))
    name, args = routed
    if name == "more":
        return await _more(event, ctx, args, only=None)
    first, _, rest = args.partition(" ")
    if first.casefold() == "more" and name != "help":
        return await _more(event, ctx, rest, only=name)
    return await _run(COMMANDS[name], event, ctx, args, offset=0, article=None)


async def _run(
    command: Command, event: Event, ctx: Context, args: str, *, offset: int, article: int | None
) -> Reply:
    if command.about_article and article is None:
        article, args = parsing.split_article(args, bare_number=command.article_by_number)
        if article is None and not args and event.thread is not None and ctx.thread_article is not None:
            article = await ctx.thread_article(event)
    request = replace(event, command=command.name, text=args)
    reply = await command.handle(request, replace(ctx, offset=offset, article=article))
    await ctx.pages.remember(_conversation(event), reply.more)
    return reply


async def _more(event: Event, ctx: Context, token: str, *, only: str | None) -> Reply:
    """The next page: of the token given (a "more" button), else of this conversation's last answer."""
    cursor = Cursor.parse(token) if token.strip() else None
    if cursor is None:
        cursor = await ctx.pages.last(_conversation(event))
    command = COMMANDS.get(cursor.command) if cursor else None
    if cursor is None or command is None or (only is not None and cursor.command != only):
        ask = f"/{only}" if only else "/claims"
        return Reply(
            title="Nothing more to show",
            sections=(
                Section(lines=(f"There is no longer answer to continue here. Ask again, e.g. {ask}.",)),
            ),
            ephemeral=_private(event),
        )
    return await _run(command, event, ctx, cursor.args, offset=cursor.offset, article=cursor.article)


def _conversation(event: Event) -> tuple[str, ...]:
    return (event.platform, event.workspace_id, event.channel, event.thread or "", event.user)


def _private(event: Event) -> bool:
    """Help and errors for a slash command go to the asker only; a mention is answered in the open."""
    return event.command is not None
