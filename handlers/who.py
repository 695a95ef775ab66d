"""/who [NAME]: who is in the news, one name's profile, or who an article names."""

from __future__ import annotations

from bot.messages import Event, Reply, Section, clip
from bot.paging import paged
from bot.store import Workspace, queries
from bot.store.types import EntityProfile
from handlers import items, lookups
from handlers.context import EVER, Context

COMMAND = "who"
PEOPLE = ("PERSON", "ORG")


async def handle(event: Event, ctx: Context) -> Reply:
    ws = await ctx.workspace(event)
    name = event.text.strip()
    if ctx.article is not None:
        return await _in_article(ws, ctx, ctx.article)
    if not name:
        return await _in_the_news(ws, ctx)
    return await _profile(ws, ctx, name)


async def _in_the_news(ws: Workspace, ctx: Context) -> Reply:
    window = ctx.recent_label()
    top = await ctx.ask(
        ws, queries.top_entities, since=ctx.since_recent(), types=PEOPLE, limit=ctx.fetch_limit()
    )
    if not top:
        window = "all time"
        top = await ctx.ask(ws, queries.top_entities, since=EVER, types=PEOPLE, limit=ctx.fetch_limit())
    if not top:
        return Reply(
            title="No one yet",
            sections=(
                Section(
                    lines=(
                        "No articles name anyone here yet.",
                        "Add articles with /brief add URL or follow a feed with /brief subscribe FEED.",
                    )
                ),
            ),
        )
    page = [items.entity_item(e) for e in top[ctx.offset :]]
    return paged(
        f"Who is in the news: {window}", page, ctx.cursor(COMMAND, ""), ctx.settings.pages, noun="names"
    )


async def _profile(ws: Workspace, ctx: Context, name: str) -> Reply:
    found = await ctx.ask(ws, lookups.match_entities, name)
    if not found:
        return await _unknown(ws, ctx, name)
    if len(found) > 1:
        return items.ambiguous(name, found, "/who {}")
    profile = await ctx.ask(ws, queries.entity_profile, found[0].id, limit=ctx.settings.profile_items)
    if profile is None:  # removed meanwhile
        return await _unknown(ws, ctx, name)
    articles = await ctx.ask(ws, lookups.articles, [c.article_id for c in profile.claims])
    listed = [items.article_item(a) for a in profile.articles]
    listed += [items.claim_item(c, articles.get(c.article_id)) for c in profile.claims]
    return paged(
        profile.name,
        listed[ctx.offset :],
        ctx.cursor(COMMAND, name),
        ctx.settings.pages,
        intro=(_summary(profile, ctx.settings.profile_items),),
        noun="articles and claims",
    )


def _summary(profile: EntityProfile, listed: int) -> Section:
    def count(found: int, word: str) -> str:  # a profile lists at most `listed` of each
        return f"{listed}+ {word}s" if found >= listed else items.plural(found, word)

    lines = [
        f"{items.type_name(profile.type).capitalize()} · {items.plural(profile.mentions, 'mention')} "
        f"in {count(len(profile.articles), 'article')}"
        + (f" · {count(len(profile.claims), 'claim')}" if profile.claims else "")
    ]
    if profile.roles:
        roles = "; ".join(f"{role} ({items.plural(n, 'article')})" for role, n in profile.roles[:4])
        lines.append(clip(f"Roles: {roles}", items.LINE_CHARS))
    if profile.aliases:
        lines.append(clip(f"Also called: {', '.join(profile.aliases[:6])}", items.LINE_CHARS))
    return Section(lines=tuple(lines))


async def _unknown(ws: Workspace, ctx: Context, name: str) -> Reply:
    hits = await ctx.ask(ws, queries.search, name, kinds=("entity",), limit=5)
    lines = [f"No one called “{clip(name, 80)}” appears in the articles here."]
    if hits:
        lines.append("Did you mean: " + ", ".join(h.text for h in hits) + "?")
    lines.append("Try /who to see who is in the news, or /claims with a word to search claims.")
    return Reply(title="No match", sections=(Section(lines=tuple(lines)),))


async def _in_article(ws: Workspace, ctx: Context, article_id: int) -> Reply:
    article = await ctx.scoped_article(ws, article_id)
    named = await ctx.ask(ws, lookups.article_entities, article_id)
    if not named:
        return Reply(
            title=clip(f"Who is in “{article.title}”", 250),
            sections=(Section(lines=("This article names no people, organisations or places.",)),),
            links=items.article_link(article),
        )
    named.sort(key=lambda e: e.type not in PEOPLE)  # people and organisations first, then places
    page = [items.entity_item(e, in_article=True) for e in named[ctx.offset :]]
    return paged(
        f"Who is in “{article.title}”",
        page,
        ctx.cursor(COMMAND, ""),
        ctx.settings.pages,
        links=items.article_link(article),
        noun="names",
    )
