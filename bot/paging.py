"""Long answers in pages, never cut in the middle of an item.

A page holds at most `PageLimits.size` items and at most `PageLimits.chars` characters
(always at least one item). When more remain, the reply carries a `more` token: the
command, the arguments as asked, the article it was scoped to, and where the next page
starts ("claims:8::by Matsegora"). The token is the whole state; `PageMemory` only
remembers each conversation's last token so that a bare "more" can continue it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.messages import MAX_TITLE, Link, Reply, Section, clip, section_size

MAX_OFFSET = 10_000  # deeper than anyone pages; keeps crafted tokens from asking for huge reads


@dataclass(frozen=True)
class PageLimits:
    size: int = 8  # items per page
    chars: int = 3500  # characters per page (Discord allows 6,000 per message of embeds)


@dataclass(frozen=True)
class Cursor:
    """Where an answer stands: the command and its arguments, its article scope, the first item shown."""

    command: str
    args: str = ""
    offset: int = 0
    article: int | None = None

    def token(self) -> str:
        return f"{self.command}:{self.offset}:{self.article or ''}:{self.args}"

    @classmethod
    def parse(cls, token: str) -> Cursor | None:
        """The cursor a token stands for, or None when it is not one of ours."""
        parts = token.strip().split(":", 3)
        if len(parts) != 4:
            return None
        command, offset, article, args = parts
        if not command.isalpha() or not offset.isdigit() or (article and not article.isdigit()):
            return None
        if int(offset) > MAX_OFFSET:
            return None
        return cls(command.lower(), args.strip(), int(offset), int(article) if article else None)


def fitting(items: Sequence[Section], limits: PageLimits, used: int = 0) -> int:
    """How many of `items` (from the first) fit on a page that already holds `used` characters."""
    count = 0
    for item in items[: limits.size]:
        used += section_size(item)
        if count and used > limits.chars:
            break
        count += 1
    return count


def paged(
    title: str,
    items: Sequence[Section],
    cursor: Cursor,
    limits: PageLimits,
    *,
    intro: Sequence[Section] = (),
    links: tuple[Link, ...] = (),
    noun: str = "items",
) -> Reply:
    """A reply with the page of `items` that starts at `cursor.offset`.

    `items` are the items from the cursor's offset on; pass at least one more than a page
    holds when there are more, so the reply knows to offer them. `intro` sections head the
    first page only.
    """
    first = cursor.offset == 0
    head = tuple(intro) if first else ()
    if not items and not first:  # an old token, and the answer has shrunk since
        return Reply(
            title=clip(f"{title} (continued)", MAX_TITLE),
            sections=(Section(lines=(f"No more {noun}: ask again for a fresh list.",)),),
            links=links,
        )
    shown = fitting(items, limits, sum(section_size(s) for s in head))
    page = tuple(items[:shown])
    more = None
    if len(items) > shown:
        more = Cursor(cursor.command, cursor.args, cursor.offset + shown, cursor.article).token()
    footer = None
    if more or not first:
        start, end = cursor.offset + 1, cursor.offset + shown
        footer = f"{noun.capitalize()} {start}–{end}" if end > start else f"{noun.capitalize()} {start}"
        footer += f". Say “more” (or /{cursor.command} more) for the next ones." if more else ", the last."
    shown_title = title if first else f"{title} (continued)"
    return Reply(
        title=clip(shown_title, MAX_TITLE), sections=head + page, links=links, more=more, footer=footer
    )


class Pages(Protocol):
    """Where each conversation's last `more` token is kept (a conversation: one user in one
    channel or thread), so that typing "more" continues the last long answer."""

    async def remember(self, key: tuple[str, ...], token: str | None) -> None: ...

    async def last(self, key: tuple[str, ...]) -> Cursor | None: ...


class PageMemory:
    """`Pages` in this process's memory, bounded: for tests and a single process. The running bot
    keeps them in the store (`bot.store.pages.StorePages`), which every replica shares."""

    def __init__(self, capacity: int = 2000) -> None:
        self._capacity = capacity
        self._tokens: OrderedDict[tuple[str, ...], str] = OrderedDict()

    async def remember(self, key: tuple[str, ...], token: str | None) -> None:
        self._tokens.pop(key, None)
        if token is None:
            return
        self._tokens[key] = token
        while len(self._tokens) > self._capacity:
            self._tokens.popitem(last=False)

    async def last(self, key: tuple[str, ...]) -> Cursor | None:
        token = self._tokens.get(key)
        return Cursor.parse(token) if token else None
