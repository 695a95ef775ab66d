"""Replies as Block Kit: escaped, within Slack's limits, paged with a More button."""

from __future__ import annotations

import json

from slack_helpers import HOSTILE
from slack_sdk.models.blocks import Block

from adapters.slack.render import MAX_BLOCKS, MORE_ACTION, ONLY_YOU, escape, render, safe_url
from bot.messages import Field, Link, Reply, Section


def all_text(reply: Reply, **kwargs: bool) -> str:
    return json.dumps([m.blocks for m in render(reply, **kwargs)] + [m.text for m in render(reply)])


def test_article_text_is_escaped_so_nothing_pings() -> None:
    reply = Reply(
        title=f"Title {HOSTILE}",
        sections=(Section(heading="<!here>", lines=(HOSTILE,), fields=(Field("<@U1>", "<!subteam^S1>"),)),),
        footer="a & b",
    )
    shown = all_text(reply)
    for raw in ("<!channel>", "<@U024BE7LH>", "<!here>", "<@U1>", "<!subteam"):
        assert raw not in shown
    assert "&lt;!channel&gt;" in shown and "&lt;@U024BE7LH&gt;" in shown and "&amp;" in shown
    assert render(reply)[0].text.startswith("Title &lt;!channel&gt;")


def test_links_only_for_http_urls_and_their_labels_escaped() -> None:
    reply = Reply(
        title="t",
        url="https://x.example/a?b=1&c=<2>|3",
        links=(Link("<!channel> site", "https://ok.example/p"), Link("bad", "javascript:alert(1)")),
    )
    blocks = render(reply)[0].blocks
    assert blocks[0]["text"]["text"] == "*<https://x.example/a?b=1&amp;c=%3C2%3E%7C3|t>*"
    links = blocks[1]["text"]["text"]
    assert "<https://ok.example/p|&lt;!channel&gt; site>" in links
    assert "bad: javascript:alert(1)" in links and "<javascript" not in links
    assert safe_url("ftp://x/y") is None and safe_url("https://a b") is None


def test_long_sections_are_split_at_line_ends_within_3000_characters() -> None:
    line = "&" * 800  # 4,000 characters once escaped
    reply = Reply(title="t", sections=(Section(heading="h", lines=(line, "short", "x" * 2999)),))
    messages = render(reply)
    texts = [b["text"]["text"] for m in messages for b in m.blocks if b.get("text")]
    assert all(len(t) <= 3000 for t in texts)
    joined = "".join(texts)
    assert joined.count("&amp;") == 800 and "&am\n" not in joined  # no entity cut in two
    assert "short" in joined


def test_many_sections_and_fields_fit_slack_limits() -> None:
    fields = tuple(Field(f"name {n}", "v" * 1990) for n in range(23))
    sections = tuple(Section(heading=f"item {n}", lines=("a line",)) for n in range(70))
    reply = Reply(title="big", sections=((Section(heading="f", fields=fields)), *sections), more="who:8::x")
    messages = render(reply)
    assert len(messages) == 2 and messages[1].text == "big (continued)"
    for message in messages:
        assert len(message.blocks) <= MAX_BLOCKS
        for block in message.blocks:
            assert Block.parse(block) is not None
            assert len(block.get("fields", [])) <= 10
            assert all(len(f["text"]) <= 2000 for f in block.get("fields", []))
    field_blocks = [b for b in messages[0].blocks if b.get("fields")]
    assert [len(b["fields"]) for b in field_blocks] == [10, 10, 3]
    assert messages[-1].blocks[-1]["type"] == "actions"  # the More button closes the last message
    assert messages[0].blocks[-1]["type"] != "actions"


def test_more_button_carries_the_token_and_the_footer_says_how() -> None:
    reply = Reply(title="Latest claims", more="claims:8::by Matsegora", footer="Claims 1–8.")
    blocks = render(reply)[0].blocks
    button = blocks[-1]["elements"][0]
    assert (button["action_id"], button["value"], button["text"]["text"]) == (
        MORE_ACTION,
        "claims:8::by Matsegora",
        "More",
    )
    assert blocks[-2]["elements"][0]["text"] == "Claims 1–8."


def test_an_ephemeral_answer_says_only_you_see_it() -> None:
    reply = Reply(title="That did not work", sections=(Section(lines=("Try /help",)),), ephemeral=True)
    assert ONLY_YOU in all_text(reply, only_you=True)
    assert ONLY_YOU not in all_text(reply)


def test_escape_order() -> None:
    assert escape("<&>") == "&lt;&amp;&gt;"
