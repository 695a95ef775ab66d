"""A `Reply` as Slack messages: Block Kit built with `slack_sdk.models.blocks`, escaped, split.

Every text that reaches Slack as mrkdwn is escaped (`&`, `<`, `>`), so an article saying
`<!channel>` or `<@U123>` shows those characters and pings nobody; links are built here,
from http(s) URLs only. A reply renders as one message, or as several when it holds more
than Slack's 50 blocks; a section text longer than 3,000 characters is split at line ends,
fields go ten to a block. `slack_sdk` validates each block as it is turned into JSON.

A reply with more pages ends with a "More" button whose value is the `more` token: its
click comes back (see `events.more_event`) as the text "more TOKEN".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.messages import Link, Reply, Section

MAX_BLOCKS = 50
MAX_TEXT = 3000  # a section's text
MAX_FIELDS = 10
MAX_FIELD = 2000
MAX_BUTTON_VALUE = 2000
MAX_FALLBACK = 3000  # the notification text shown where blocks cannot be
MORE_ACTION = "briefbot_more"
ONLY_YOU = "Only you can see this answer."
MORE_HINT = "Press More or say “more” for the next page."


@dataclass(frozen=True)
class Message:
    """One Slack message: its notification text and its blocks (JSON, ready for the Web API)."""

    text: str
    blocks: list[dict[str, Any]]


def escape(text: str) -> str:
    """Text made safe for mrkdwn: `&`, `<` and `>` as entities, so no mention or link can form."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link(item: Link) -> str:
    """A link in mrkdwn: `<url|label>` for an http(s) URL, else the label and the URL as plain text."""
    label = escape(" ".join(item.label.split()) or item.url)
    url = safe_url(item.url)
    return f"<{url}|{label}>" if url else f"{label}: {escape(item.url)}"


def safe_url(url: str) -> str | None:
    """The URL as it may stand inside `<...|...>`, or None when it is not a plain http(s) URL."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        return None
    return url.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")


def render(reply: Reply, *, only_you: bool = False) -> list[Message]:
    """The messages that show `reply`; `only_you` adds the note that only the asker sees it."""
    blocks: list[Block] = [_title(reply)]
    for section in reply.sections:
        blocks.extend(_section(section))
    if reply.links:
        blocks.extend(_text_blocks(" · ".join(link(item) for item in reply.links)))
    notes = [escape(reply.footer)] if reply.footer else []
    if reply.more and not reply.footer:
        notes.append(MORE_HINT)
    if only_you:
        notes.append(f"_{ONLY_YOU}_")
    tail: list[Block] = []
    if notes:
        tail.append(ContextBlock(elements=[MarkdownTextObject(text=_cut(" · ".join(notes), MAX_TEXT))]))
    if reply.more and len(reply.more) <= MAX_BUTTON_VALUE:
        tail.append(
            ActionsBlock(elements=[ButtonElement(text="More", action_id=MORE_ACTION, value=reply.more)])
        )
    pages = list(_pages(blocks, tail))
    fallback = _cut(escape(" ".join(reply.title.split())), MAX_FALLBACK)
    return [
        Message(fallback if n == 0 else f"{fallback} (continued)", [b.to_dict() for b in page])
        for n, page in enumerate(pages)
    ]


def _title(reply: Reply) -> Block:
    title = escape(" ".join(reply.title.split()))
    url = safe_url(reply.url) if reply.url else None
    shown = f"*<{url}|{title}>*" if url else f"*{title}*"
    return SectionBlock(text=MarkdownTextObject(text=_cut(shown, MAX_TEXT)))


def _section(section: Section) -> Iterator[Block]:
    parts = []
    if section.heading:
        parts.append(f"*{escape(' '.join(section.heading.split()))}*")
    parts.extend(escape(line) for line in section.lines)
    if section.links:
        parts.append(" · ".join(link(item) for item in section.links))
    texts = list(_chunks(parts, MAX_TEXT)) if parts else []
    fields = [
        MarkdownTextObject(text=_cut(f"*{escape(f.name)}*\n{escape(f.value)}", MAX_FIELD))
        for f in section.fields
    ]
    groups = [fields[i : i + MAX_FIELDS] for i in range(0, len(fields), MAX_FIELDS)]
    for n, text in enumerate(texts):
        last = n == len(texts) - 1
        first_fields = groups.pop(0) if last and groups else None
        yield SectionBlock(text=MarkdownTextObject(text=text), fields=first_fields)
    for group in groups:
        yield SectionBlock(fields=group)


def _text_blocks(text: str) -> Iterator[Block]:
    for chunk in _chunks(text.split("\n"), MAX_TEXT):
        yield SectionBlock(text=MarkdownTextObject(text=chunk))


def _chunks(lines: Iterable[str], limit: int) -> Iterator[str]:
    """Lines joined into texts of at most `limit` characters; a longer line is cut on its own."""
    current = ""
    for line in lines:
        while len(line) > limit:
            head = _cut(line, limit, ellipsis=False)
            if current:
                yield current
                current = ""
            yield head
            line = line[len(head) :]
        joined = f"{current}\n{line}" if current else line
        if len(joined) > limit:
            yield current
            joined = line
        current = joined
    if current.strip():
        yield current


def _cut(text: str, limit: int, *, ellipsis: bool = True) -> str:
    """At most `limit` characters of escaped text, never ending inside an `&...;` entity."""
    if len(text) <= limit:
        return text
    end = limit - 1 if ellipsis else limit
    amp = text.rfind("&", max(0, end - 5), end)
    if amp != -1 and ";" not in text[amp:end]:
        end = amp
    return text[:end] + ("…" if ellipsis else "")


def _pages(blocks: list[Block], tail: list[Block]) -> Iterator[list[Block]]:
    """Blocks in messages of at most 50, the tail (notes, More button) kept on the last."""
    body = list(blocks)
    room = MAX_BLOCKS - len(tail)
    while len(body) > room:
        yield body[:MAX_BLOCKS]
        body = body[MAX_BLOCKS:]
    yield body + tail
