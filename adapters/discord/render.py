"""A `Reply` as Discord messages of embeds, escaped and within every limit Discord enforces.

The title (linked to `Reply.url` when set) heads the first embed; a first section without a
heading is its description; every other section is a field (heading as its name), with the
section's fields as bold "name: value" lines and its links as masked links. The reply's
links and footer close the last embed. Text that would pass a limit is carried on: a long
field continues in the next field, a full embed (25 fields or 6,000 characters) in the next
embed, a full message (10 embeds or 6,000 characters) in the next message. Nothing is ever
sent that Discord would reject, and no item is cut.

All text from the store (article titles, claims, names) is escaped: markdown is shown as
typed, and mentions (`@everyone`, `<@&role>`, `<@user>`) are broken with a zero-width
space. Messages are sent with `AllowedMentions.none()` as well (see `send.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import discord
from discord.utils import escape_markdown, escape_mentions

from bot.messages import Link, Reply, Section

CONTENT = 2000
TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
EMBEDS = 10
MESSAGE_EMBED_CHARS = 6000
BLANK = "\u200b"  # a field needs a name: a zero-width space shows none
MORE_HINT = "Press More for the next page."
CONTINUED = " (continued)"
URL_SAFE = ":/?#@!$&'*+,;=%~-._"  # kept as they are in a link's address; spaces and () are encoded
MAX_URL = 2048  # longer embed URLs are refused by Discord


@dataclass
class Message:
    """One message to send: its embeds; `more` is the next page's token on the last one."""

    embeds: list[discord.Embed] = field(default_factory=list)
    more: str | None = None

    def size(self) -> int:
        return sum(len(embed) for embed in self.embeds)


def escape(text: str) -> str:
    """Text shown as typed: markdown escaped, mentions broken (links are kept clickable)."""
    return escape_mentions(escape_markdown(text))


def render(reply: Reply) -> list[Message]:
    """The messages that show `reply`, in order; the last carries `reply.more`."""
    title = _fit(escape(reply.title), TITLE)
    fields: list[tuple[str, str]] = []
    description = ""
    for n, section in enumerate(reply.sections):
        value = "\n".join(_section_lines(section))
        if n == 0 and not section.heading and len(value) <= DESCRIPTION:
            description = value
            continue
        name = _fit(escape(section.heading), FIELD_NAME) if section.heading else BLANK
        fields.extend(_fields(name, value))
    if reply.links:
        fields.extend(_fields("Links", " · ".join(_link(link) for link in reply.links)))
    footer = reply.footer or (MORE_HINT if reply.more else None)
    footer_text = _fit(escape(footer), FOOTER) if footer else None
    embeds = _embeds(title, reply.url, description, fields, footer_text)
    messages = _messages(embeds)
    messages[-1].more = reply.more
    return messages


def _section_lines(section: Section) -> list[str]:
    lines = [escape(line) for line in section.lines]
    lines += [f"**{escape(f.name)}:** {escape(f.value)}" for f in section.fields]
    lines += [_link(link) for link in section.links]
    return [line for line in lines if line]


def _link(link: Link) -> str:
    label = escape(link.label).replace("]", "\\]") or "link"
    if not link.url.startswith(("https://", "http://")):
        return f"{label}: {escape(link.url)}"
    return f"[{label}]({quote(link.url, safe=URL_SAFE)})"


def _embed_url(url: str | None) -> str | None:
    """A URL Discord accepts for an embed title (http(s), a host, no spaces, not too long), quoted;
    None for anything else, which is then shown unlinked rather than refused with a 400."""
    if not url or not url.startswith(("https://", "http://")) or len(url) > MAX_URL:
        return None
    quoted = quote(url, safe=URL_SAFE)
    parsed = urlsplit(quoted)
    return quoted if parsed.hostname and ("." in parsed.hostname or parsed.hostname == "localhost") else None


def _fields(name: str, value: str) -> list[tuple[str, str]]:
    """A field, continued in more fields when its value is longer than a field holds."""
    chunks = _chunks(value or BLANK, FIELD_VALUE)
    return [(name if i == 0 else BLANK, chunk) for i, chunk in enumerate(chunks)]


def _embeds(
    title: str, url: str | None, description: str, fields: list[tuple[str, str]], footer: str | None
) -> list[discord.Embed]:
    linked = _embed_url(url)
    first = discord.Embed(title=title, url=linked, description=description or None)
    embeds = [first]
    budget = MESSAGE_EMBED_CHARS - len(footer or "")
    for name, value in fields:
        current = embeds[-1]
        if len(current.fields) >= FIELDS or len(current) + len(name) + len(value) > budget:
            current = discord.Embed(title=_fit(title + CONTINUED, TITLE) if title else None)
            embeds.append(current)
        current.add_field(name=name, value=value, inline=False)
    if footer:
        embeds[-1].set_footer(text=footer)
    return embeds


def _messages(embeds: Iterable[discord.Embed]) -> list[Message]:
    messages = [Message()]
    for embed in embeds:
        current = messages[-1]
        if current.embeds and (
            len(current.embeds) >= EMBEDS or current.size() + len(embed) > MESSAGE_EMBED_CHARS
        ):
            current = Message()
            messages.append(current)
        current.embeds.append(embed)
    return messages


def _chunks(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, split between lines where it can be."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            cut = _cut_point(line, limit)
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
        if current and len(current) + 1 + len(line) > limit:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current or not chunks:
        chunks.append(current or BLANK)
    return chunks


def _cut_point(text: str, limit: int) -> int:
    """Where to cut `text` to keep at most `limit` characters: at a space in the second half if
    there is one, never between a backslash and the character it escapes."""
    cut = limit
    space = text.rfind(" ", limit // 2, limit)
    if space > 0:
        cut = space
    while cut > 1 and _escaping(text[:cut]):
        cut -= 1
    return cut


def _escaping(text: str) -> bool:
    """Whether `text` ends with an unpaired backslash (which escapes what follows the cut)."""
    trailing = len(text) - len(text.rstrip("\\"))
    return trailing % 2 == 1


def _fit(text: str, limit: int) -> str:
    """`text` within `limit` characters: cut at a word boundary with an ellipsis when longer."""
    if len(text) <= limit:
        return text
    cut = _cut_point(text, limit - 1)
    return text[:cut].rstrip() + "…"
