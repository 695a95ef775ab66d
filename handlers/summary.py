"""summary [article N]: an article's key points (under a digest item: that item's article)."""

from __future__ import annotations

from bot.errors import UserError
from bot.messages import Event, Reply, Section, clip
from bot.paging import paged
from handlers import items, lookups
from handlers.context import Context

COMMAND = "summary"


async def handle(event: Event, ctx: Context) -> Reply:
    if ctx.article is None:
        raise UserError(
            "Which article? Ask “@briefbot summary” in a digest item's thread, or give its number: "
            "/summary 12 (numbers appear next to claims and digest items)."
        )
    ws = await ctx.workspace(event)
    article = await ctx.scoped_article(ws, ctx.article)
    points = await ctx.ask(ws, lookups.key_points, article.id)
    when = items.day(article.published_at or article.fetched_at)
    intro = Section(lines=(f"{article.outlet or items.UNKNOWN_OUTLET}, {when} · article {article.id}",))
    if not points:
        intro = Section(
            lines=(*intro.lines, "No key points were found in this article; the link has it all.")
        )
    return paged(
        article.title,
        [Section(lines=(clip(p, items.CONTENT_CHARS),)) for p in points[ctx.offset :]],
        ctx.cursor(COMMAND, ""),
        ctx.settings.pages,
        intro=(intro,),
        links=items.article_link(article),
        noun="key points",
    )
