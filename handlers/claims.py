"""/claims [WORDS] [by NAME] [about NAME] | shared: who claimed what, and who else reported it."""

from __future__ import annotations

from bot.messages import Event, Link, Reply, Section, clip
from bot.paging import paged
from bot.store import Workspace, queries
from bot.store.types import ArticleSummary, ClaimGroup
from handlers import items, lookups
from handlers.context import Context
from handlers.parsing import ClaimFilter, claim_filter

COMMAND = "claims"
SHARED = {"shared", "shared claims", "widely reported", "several outlets"}
GROUP_LINKS = 4  # links to the reports of one shared claim


async def handle(event: Event, ctx: Context) -> Reply:
    ws = await ctx.workspace(event)
    args = " ".join(event.text.split())
    if ctx.article is not None:
        return await _in_article(ws, ctx, ctx.article)
    if args.casefold() in SHARED:
        return await _shared(ws, ctx, args)
    wanted = claim_filter(args)
    speaker = about = None
    words = wanted.words
    if wanted.by:
        found = await ctx.ask(ws, lookups.match_entities, wanted.by)
        if len(found) > 1:
            return items.ambiguous(wanted.by, found, "/claims by {}")
        speaker = found[0].name if found else wanted.by  # no entity: a speaker as written ("analysts")
    if wanted.about:
        found = await ctx.ask(ws, lookups.match_entities, wanted.about)
        if len(found) > 1:
            return items.ambiguous(wanted.about, found, "/claims about {}")
        if found:
            about = found[0].name
        else:  # not a name: a subject in words ("about compensation")
            words = f"{words} {wanted.about}" if words else wanted.about
    claims = await ctx.ask(
        ws, queries.claims, speaker=speaker, about=about, words=words, limit=ctx.fetch_limit()
    )
    if not claims:
        return _none(wanted)
    page = claims[ctx.offset :]
    articles = await ctx.ask(ws, lookups.articles, [c.article_id for c in page])
    described = wanted.describe()
    return paged(
        f"Claims {described}" if described else "Latest claims",
        [items.claim_item(c, articles.get(c.article_id)) for c in page],
        ctx.cursor(COMMAND, args),
        ctx.settings.pages,
        noun="claims",
    )


def _none(wanted: ClaimFilter) -> Reply:
    described = wanted.describe()
    if not described:
        lines = ["No claims here yet: they appear once articles are added (/brief add URL)."]
    else:
        lines = [f"No claims {clip(described, 200)}."]
        if wanted.words:
            lines.append("Try fewer or other words.")
        if wanted.by:
            lines.append(f"/who {clip(wanted.by, 80)} shows whom that name matches.")
        lines.append("/claims alone lists the latest claims.")
    return Reply(title="No claims found", sections=(Section(lines=tuple(lines)),))


async def _shared(ws: Workspace, ctx: Context, args: str) -> Reply:
    window = ctx.recent_label()
    groups = await ctx.ask(ws, queries.claim_groups, since=ctx.since_recent())
    if not groups:
        window = "all time"
        groups = await ctx.ask(ws, queries.claim_groups)
    if not groups:
        return Reply(
            title="No claims to compare yet",
            sections=(Section(lines=("No attributed claims here yet. Try again once articles are added.",)),),
        )
    shared = sum(1 for g in groups if g.outlet_count > 1)
    intro = Section(
        lines=(
            f"{items.plural(shared, 'claim')} reported by several outlets, "
            f"{len(groups) - shared} by one outlet only ({window}).",
        )
    )
    page = groups[ctx.offset : ctx.fetch_limit()]
    articles = await ctx.ask(ws, lookups.articles, [c.article_id for g in page for c in g.claims])
    sections = [_group_item(g, articles) for g in page]
    return paged(
        "Shared claims: several outlets first",
        sections,
        ctx.cursor(COMMAND, args),
        ctx.settings.pages,
        intro=(intro,),
        noun="claims",
    )


def _group_item(group: ClaimGroup, articles: dict[int, ArticleSummary]) -> Section:
    if group.outlet_count > 1:
        reach = f"reported by {group.outlet_count} outlets"
    else:
        reach = f"only in {group.outlets[0]}"
    links: list[Link] = []
    for claim in group.claims:
        article = articles.get(claim.article_id)
        if article and article.url and len(links) < GROUP_LINKS and article.url not in {x.url for x in links}:
            links.append(
                Link(clip(f"{claim.outlet or items.UNKNOWN_OUTLET}: {article.title}", 100), article.url)
            )
    reports = ", ".join(
        dict.fromkeys(f"{c.outlet or items.UNKNOWN_OUTLET} (article {c.article_id})" for c in group.claims)
    )
    return Section(
        heading=clip(f"{group.speaker} · {reach}", 250),
        lines=(clip(group.content, items.CONTENT_CHARS), clip(reports, items.LINE_CHARS)),
        links=tuple(links),
    )


async def _in_article(ws: Workspace, ctx: Context, article_id: int) -> Reply:
    article = await ctx.scoped_article(ws, article_id)
    claims = await ctx.ask(ws, lookups.article_claims, article_id)
    title = f"Claims in “{article.title}”"
    if not claims:
        return Reply(
            title=clip(title, 250),
            sections=(Section(lines=("No attributed claims were found in this article.",)),),
            links=items.article_link(article),
        )
    return paged(
        title,
        [items.claim_item(c, None, where=False) for c in claims[ctx.offset :]],
        ctx.cursor(COMMAND, ""),
        ctx.settings.pages,
        links=items.article_link(article),
        noun="claims",
    )
