"""The neutral messages that cross the adapter boundary: an `Event` in, a `Reply` out.

Adapters build an `Event` from a platform's payload and render a `Reply` (Slack Block Kit,
Discord embeds, the console). Everything here is plain text without platform markup: the
adapters escape it, forbid mentions and split it to their limits. Handlers keep each text
within the limits below, so a renderer never has to cut one item in the middle.

A reply is a title, then sections, each one item (a person, a claim, an article...): a
bold heading, lines of text, optional name/value fields and links. Slack renders a
section as a section block, Discord as an embed field.
"""

from __future__ import annotations

from dataclasses import dataclass

# Limits every renderer can honour (Discord's embed field name is 256, its field value 1,024;
# Slack's section text is 3,000): a section's heading, and its lines, fields and links together.
MAX_HEADING = 250
MAX_SECTION_TEXT = 900
MAX_TITLE = 250

ANSWER = "answer"
DIGEST_HEADER = "digest-header"
DIGEST_ITEM = "digest-item"


@dataclass(frozen=True, kw_only=True)
class Event:
    """Something a user said to the bot: a slash command, a mention, or a direct message.

    `workspace_id` is the platform's own id (Slack team, Discord guild, "console"); the store
    maps it to a tenant. `command` is a slash command's name without the slash ("who"), with
    its arguments in `text`; None for a message, whose whole text is in `text`. `thread` is
    the thread the event happened in, if any.
    """

    platform: str
    workspace_id: str
    channel: str
    thread: str | None = None
    user: str
    user_is_admin: bool = False
    text: str
    event_id: str
    is_mention: bool = False
    command: str | None = None


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Field:
    """A short name/value pair (Slack section fields, inline Discord embed fields)."""

    name: str
    value: str


@dataclass(frozen=True)
class Section:
    """One item of a reply: a heading, lines of plain text, short fields and links."""

    heading: str | None = None
    lines: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Reply:
    """What the bot answers. Handlers return one; adapters send it.

    `thread` is where to answer (None: the channel, or the event's thread as the adapter
    decides); `ephemeral` asks for an answer only the asker sees, where the platform can.
    `more` is a continuation token when the answer has more pages: an adapter may offer it
    as a button whose click comes back as the text "more TOKEN"; typing "more" works too.
    `footer` is a short note under the answer (which page, how to get the next one).
    `url`, when set, is where the title links (a digest item's article). `kind` says what
    the reply is, for renderers that style them apart: an answer, or a digest's header or item
    (a digest item is posted as its own message, so that it can be answered in its thread).
    """

    title: str
    sections: tuple[Section, ...] = ()
    links: tuple[Link, ...] = ()
    thread: str | None = None
    ephemeral: bool = False
    more: str | None = None
    footer: str | None = None
    url: str | None = None
    kind: str = ANSWER


def clip(text: str, limit: int) -> str:
    """`text` on one line, shortened at a word boundary with an ellipsis when longer than `limit`."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def section_size(section: Section) -> int:
    """The characters of a section (heading, lines, fields and links), as renderers count them."""
    return (
        len(section.heading or "")
        + sum(len(line) + 1 for line in section.lines)
        + sum(len(f.name) + len(f.value) + 2 for f in section.fields)
        + sum(len(link.label) + len(link.url) + 4 for link in section.links)
    )
