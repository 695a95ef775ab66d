"""Rendering a Reply for Discord: within every limit, nothing lost or reordered, text escaped;
the ids of More buttons."""

from __future__ import annotations

import re

from discord_harness import within_limits

from adapters.discord.render import BLANK, Message, escape, render
from adapters.discord.send import MORE_PREFIX, MoreTokens
from bot.messages import Field, Link, Reply, Section


def values(messages: list[Message]) -> str:
    return "\n".join(f.value or "" for m in messages for e in m.embeds for f in e.fields)


def test_an_answer_far_larger_than_an_embed_is_split_in_order_within_every_limit() -> None:
    sections = tuple(
        Section(heading=f"Item {n}", lines=tuple(f"item {n} line {k} " + "word " * 30 for k in range(6)))
        for n in range(70)
    )
    reply = Reply(title="Big " * 100, sections=sections, footer="page 1", more="claims:8::x")
    messages = render(reply)
    assert len(messages) >= 5
    for message in messages:
        within_limits(message)
    text = values(messages)
    expected = [f"item {n} line {k}" for n in range(70) for k in range(6)]
    assert re.findall(r"item \d+ line \d+", text) == expected  # nothing lost, nothing reordered
    names = [f.name for m in messages for e in m.embeds for f in e.fields if f.name != BLANK]
    assert names == [f"Item {n}" for n in range(70)]
    assert [m.more for m in messages] == [None] * (len(messages) - 1) + ["claims:8::x"]
    assert messages[0].embeds[0].title.endswith("…") and len(messages[0].embeds[0].title) <= 256
    assert messages[-1].embeds[-1].footer.text == "page 1"


def test_a_field_longer_than_1024_continues_in_the_next_field_at_a_word_boundary() -> None:
    words = " ".join(f"w{n}*" for n in range(600))  # every "*" escaped: the text doubles in part
    [message] = render(Reply(title="t", sections=(Section(heading="Long", lines=(words,)),)))
    within_limits(message)
    fields = message.embeds[0].fields
    assert len(fields) > 3 and fields[0].name == "Long" and all(f.name == BLANK for f in fields[1:])
    for field in fields:
        assert not field.value.endswith("\\") or field.value.endswith("\\\\")  # no escape cut in two
    joined = " ".join(f.value for f in fields)
    assert joined.split() == [f"w{n}\\*" for n in range(600)]


def test_sections_fields_links_and_footer_render_as_embed_parts() -> None:
    reply = Reply(
        title="Who is Nino Beridze",
        url="https://example.org/a",
        sections=(
            Section(lines=("An intro line.",)),
            Section(
                heading="Roles",
                lines=("deputy minister",),
                fields=(Field("Articles", "3"),),
                links=(Link("Corvane Wire", "https://corvane.example/a (1)"),),
            ),
        ),
        links=(Link("no address", "Ledger.txt"),),
        more="who:8::",
    )
    [message] = render(reply)
    [embed] = message.embeds
    assert (embed.title, embed.url, embed.description) == (
        "Who is Nino Beridze",
        "https://example.org/a",
        "An intro line.",
    )
    roles, links = embed.fields
    assert roles.name == "Roles"
    assert (
        roles.value == "deputy minister\n**Articles:** 3\n[Corvane Wire](https://corvane.example/a%20%281%29)"
    )
    assert (links.name, links.value) == ("Links", "no address: Ledger.txt")
    assert embed.footer.text == "Press More for the next page." and message.more == "who:8::"


def test_markdown_and_mentions_from_articles_are_shown_as_typed() -> None:
    hostile = (
        "**bold** _it_ ~~x~~ `code` > quote [click](https://evil.example) @everyone @here "
        "<@&123456789012345678>"
    )
    shown = escape(hostile)
    assert "@everyone" not in shown and "@here" not in shown and "<@&" not in shown
    assert shown.startswith("\\*\\*bold\\*\\* \\_it\\_ \\~\\~x\\~\\~ \\`code\\`")
    assert "\\[click]" in shown  # no masked link from an article
    [message] = render(Reply(title=hostile, sections=(Section(heading=hostile, lines=(hostile,)),)))
    embed = message.embeds[0]
    assert embed.title == shown and embed.description is None
    assert embed.fields[0].name == shown and embed.fields[0].value == shown


def test_a_long_page_token_rides_on_a_short_button_id() -> None:
    tokens = MoreTokens(keep=2)
    short = tokens.custom_id("who:8::")
    assert short == MORE_PREFIX + "who:8::" and tokens.token(short) == "who:8::"
    long_token = "claims:8::" + "x" * 200
    custom = tokens.custom_id(long_token)
    assert len(custom) <= 100 and tokens.token(custom) == long_token
    tokens.custom_id("a" * 100)
    tokens.custom_id("b" * 100)
    assert tokens.token(custom) == ""  # forgotten: "more" then continues the conversation's last answer
    assert tokens.token("someone-else:button") is None


def test_a_title_address_discord_would_refuse_is_left_unlinked() -> None:
    def linked(url: str) -> str | None:
        [message] = render(Reply(title="A story", url=url))
        return message.embeds[0].url

    assert linked("https://news.example/a b") == "https://news.example/a%20b"  # quoted, not refused
    assert linked("https://") is None and linked("http:///path") is None  # no host
    assert linked("https://intranet/x") is None  # Discord wants a domain name
    assert linked("https://news.example/" + "a" * 2100) is None  # too long
    assert linked("ftp://news.example/a") is None
