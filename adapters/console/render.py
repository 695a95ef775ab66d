"""A `Reply` as rich text for the terminal: the title bold, each section's heading, lines,
fields and links, the footer dim. A reply in a thread is indented under a "↳", as a thread's
answers are shown in a chat client.

Everything is built as `rich.text.Text`, never as markup, so brackets in an article's words
are printed as they are.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from bot.messages import Reply, Section

THREAD_INDENT = "    "


def render(reply: Reply) -> Group:
    """The reply as one renderable, ready for `Console.print`."""
    lines: list[Text] = [Text(reply.title, style="bold")]
    for section in reply.sections:
        lines.append(Text(""))
        lines.extend(_section(section))
    if reply.links:
        lines.append(Text(""))
        lines.extend(_link(link.label, link.url) for link in reply.links)
    footer = reply.footer
    if footer is None and reply.more is not None:
        footer = "Type “more” for the next page."
    if footer:
        lines.append(Text(""))
        lines.append(Text(footer, style="dim"))
    if reply.thread is not None:
        lines = [_indent(line, first=i == 0) for i, line in enumerate(lines)]
    return Group(*lines)


def _section(section: Section) -> list[Text]:
    out: list[Text] = []
    if section.heading:
        out.append(Text(section.heading, style="bold cyan"))
    out.extend(Text(line) for line in section.lines)
    for field in section.fields:
        text = Text(f"{field.name}: ", style="bold")
        text.append(field.value)
        out.append(text)
    out.extend(_link(link.label, link.url) for link in section.links)
    return out


def _link(label: str, url: str) -> Text:
    text = Text(f"{label}: ")
    text.append(url, style=f"link {url}" if url.startswith(("http://", "https://")) else "")
    return text


def _indent(line: Text, *, first: bool) -> Text:
    prefix = Text("  ↳ " if first else THREAD_INDENT, style="dim")
    return Text.assemble(prefix, line)
