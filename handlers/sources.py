"""/sources [WORDS | unnamed | article N]: outlets and the sources they cite, and claims resting on no one."""

from __future__ import annotations

from bot.messages import Event, Reply, Section, clip
from bot.paging import paged
from bot.store import Workspace, queries
from handlers import items, lookups
from handlers.context import EVER, Context

COMMAND = "sources"
UNNAMED = {"unnamed", "unnamed sources", "anonymous", "anonymous sources"}
COUNT_UP_TO = 100  # "100+ claims rest on unnamed sources"


async def handle(event: Event, ctx: Context) -> Reply:
    ws = await ctx.workspace(event)
    args = " ".join(event.text.split())
    if ctx.article is not None:
        return await _in_article(ws, ctx, ctx.article)
    if not args:
        return await _outlets(ws, ctx)
    if args.casefold() in UNNAMED:
        return await _unnamed(ws, ctx, args)
    return await _topic(ws, ctx, args)


async def _outlets(ws: Workspace, ctx: Context) -> Reply:
    since, window = ctx.since_recent(), ctx.recent_label()
    outlets = await ctx.ask(ws, lookups.outlet_sources, since=since)
    if not outlets:
        since, window = EVER, "all time"
        outlets = await ctx.ask(ws, lookups.outlet_sources, since=None)
    if not outlets:
        return Reply(
            title="No sources yet",
            sections=(Section(lines=("No articles here yet: add some with /brief add URL.",)),),
        )
    unnamed = await ctx.ask(ws, queries.unnamed_claims, since=since, limit=COUNT_UP_TO + 1)
    count = f"{COUNT_UP_TO}+" if len(unnamed) > COUNT_UP_TO else str(len(unnamed))
    intro = Section(
        lines=(
            f"{items.plural(len(outlets), 'outlet')}, {window}. {count} "
            f"{'claim rests' if count == '1' else 'claims rest'} only on unnamed sources or on none: "
            "/sources unnamed lists them.",
        )
    )
    sections = []
    for outlet in outlets[ctx.offset : ctx.fetch_limit()]:
        lines = [items.source_line(s) for s in outlet.sources] or ["cites no sources"]
        if outlet.cited > len(outlet.sources):
            lines.append(f"and {items.plural(outlet.cited - len(outlet.sources), 'more source')}")
        heading = f"{outlet.outlet} · {items.plural(outlet.articles, 'article')}"
        sections.append(Section(heading=clip(heading, 250), lines=tuple(lines)))
    return paged(
        "Outlets and the sources they cite",
        sections,
        ctx.cursor(COMMAND, ""),
        ctx.settings.pages,
        intro=(intro,),
        noun="outlets",
    )


async def _unnamed(ws: Workspace, ctx: Context, args: str) -> Reply:
    claims = await ctx.ask(ws, queries.unnamed_claims, limit=ctx.fetch_limit())
    if not claims:
        return Reply(
            title="No claims rest on unnamed sources",
            sections=(Section(lines=("Every claim here names its source. /claims lists them.",)),),
        )
    page = claims[ctx.offset :]
    articles = await ctx.ask(ws, lookups.articles, [c.article_id for c in page])
    return paged(
        "Claims resting only on unnamed sources",
        [items.claim_item(c, articles.get(c.article_id)) for c in page],
        ctx.cursor(COMMAND, args),
        ctx.settings.pages,
        noun="claims",
    )


async def _topic(ws: Workspace, ctx: Context, words: str) -> Reply:
    found = await ctx.ask(ws, queries.topic_sources, words, limit=ctx.fetch_limit())
    if not found:
        shown = clip(words, 80)
        return Reply(
            title="No sources found",
            sections=(
                Section(
                    lines=(
                        f"No articles about “{shown}” cite sources.",
                        f"Try another word, /sources for every outlet, or /claims {shown}.",
                    )
                ),
            ),
        )
    return paged(
        f"Sources on “{words}”",
        [items.source_item(s) for s in found[ctx.offset :]],
        ctx.cursor(COMMAND, words),
        ctx.settings.pages,
        noun="sources",
    )


async def _in_article(ws: Workspace, ctx: Context, article_id: int) -> Reply:
    article = await ctx.scoped_article(ws, article_id)
    cited = await ctx.ask(ws, queries.article_sources, article_id)
    unnamed = await ctx.ask(ws, lookups.article_claims, article_id, unnamed_only=True)
    listed = [items.source_item(s, in_article=True) for s in cited]
    listed += [items.claim_item(c, None, where=False) for c in unnamed]
    when = items.day(article.published_at or article.fetched_at)
    intro = [
        Section(
            lines=(f"Published by {article.outlet or items.UNKNOWN_OUTLET}, {when} · article {article.id}",)
        )
    ]
    if not listed:
        intro.append(Section(lines=("This article cites no sources.",)))
    elif unnamed:
        intro.append(
            Section(lines=(f"{items.plural(len(unnamed), 'claim')} here rest only on unnamed sources.",))
        )
    return paged(
        f"Sources in “{article.title}”",
        listed[ctx.offset :],
        ctx.cursor(COMMAND, ""),
        ctx.settings.pages,
        intro=intro,
        links=items.article_link(article),
        noun="sources and claims",
    )
