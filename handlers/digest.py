"""/digest [preview | now]: the channel's digest on demand.

`preview` (the default) shows the asker what the next digest would hold; `now` posts it
to the channel through the digest service (the same path as the scheduled digest, so
what it posts is not posted again by the next one).
"""

from __future__ import annotations

from dataclasses import replace

from bot.digest.compose import DigestItem
from bot.digest.service import DigestService
from bot.errors import UserError
from bot.messages import MAX_SECTION_TEXT, Event, Reply, Section, clip
from bot.paging import paged
from handlers.context import Context

COMMAND = "digest"
ITEM_LINE = 220


async def handle(event: Event, ctx: Context) -> Reply:
    action = event.text.strip().casefold() or "preview"
    service = ctx.digests or DigestService(ctx.store, now=ctx.now)
    ws = await ctx.workspace(event)
    if action == "preview":
        preview = await service.preview(ws, event.channel)
        if not preview.items:
            return Reply(
                title="Nothing new for the digest",
                sections=(
                    Section(
                        lines=(
                            "No articles have come in since this channel's last digest. "
                            "Add one with /brief add URL or follow a feed with /brief subscribe FEED.",
                        )
                    ),
                ),
                ephemeral=True,
            )
        stories = [_section(item) for item in preview.items]
        reply = paged(
            preview.header.title,
            stories[ctx.offset :],
            ctx.cursor(COMMAND, "preview"),
            ctx.settings.pages,
            intro=preview.header.sections,
            noun="stories",
        )
        note = "Only you see this preview; /digest now posts it to the channel."
        return replace(reply, ephemeral=True, footer=f"{reply.footer} {note}" if reply.footer else note)
    if action == "now":
        if event.platform not in service.posters:
            raise UserError("I cannot post a digest from here. /digest preview shows what it would hold.")
        report = await service.deliver_now(ws, event.channel)
        if report.status == "posted":
            noun = "story" if report.items == 1 else "stories"
            text = f"Posted the digest to this channel: {report.items} {noun}."
        elif report.status == "empty":
            text = "Nothing new since this channel's last digest, so nothing was posted."
        elif report.status == "taken":
            text = "A digest is being posted to this channel right now; it will hold the news."
        else:
            text = f"The digest could not be posted: {report.error}"
        return Reply(title="Digest", sections=(Section(lines=(text,)),), ephemeral=True)
    raise UserError(f"“{clip(event.text, 40)}” is not a digest action: use /digest preview or /digest now.")


def _section(item: DigestItem) -> Section:
    """A digest item as one section of a single reply (the posted digest has a message per item)."""
    lines: list[str] = []
    links = tuple(link for link in item.reply.links[:1] if len(link.url) <= 400)
    budget = MAX_SECTION_TEXT - len(item.reply.title) - sum(len(k.label) + len(k.url) + 4 for k in links) - 8
    for section in item.reply.sections:
        for line in section.lines:
            short = clip(line, ITEM_LINE)
            if len(short) + 1 > budget:
                break
            lines.append(short)
            budget -= len(short) + 1
    return Section(heading=clip(item.reply.title, 240), lines=tuple(lines), links=links)
