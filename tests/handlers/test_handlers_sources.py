"""/sources: outlets and their sources, a topic's sources, unnamed-only claims, one article's sources."""

from __future__ import annotations

from handler_newsroom import event, headings, shown

from handlers.context import Context
from handlers.router import dispatch


async def test_outlets_and_the_sources_they_cite(ctx: Context) -> None:
    reply = await dispatch(event("", command="sources"), ctx)
    assert reply.title == "Outlets and the sources they cite"
    assert reply.sections[0].lines == (
        "3 outlets, the last 7 days. 4 claims rest only on unnamed sources or on none: "
        "/sources unnamed lists them.",
    )
    assert headings(reply) == [
        "Rioni Daily · 2 articles",
        "Corvane Wire · 1 article",
        "Harbour Post · 1 article",
    ]
    assert reply.sections[2].lines == (
        "Alexander Matsegora (named person): 2 claims",
        "analysts (unnamed source): 1 claim",
        "TASS (publication): 0 claims",
    )
    assert "insiders" not in shown(reply) and "Other Guild Gazette" not in shown(reply)


async def test_sources_on_a_topic(ctx: Context) -> None:
    reply = await dispatch(event("corridor", command="sources"), ctx)
    assert reply.title == "Sources on “corridor”"
    assert [(s.heading, s.lines) for s in reply.sections] == [
        ("Aigerim Sadykova", ("named person · 2 claims in 1 article",)),
        ("traders", ("unnamed source · 1 claim in 1 article",)),
    ]
    none = await dispatch(event("bananas", command="sources"), ctx)
    assert none.title == "No sources found" and "/claims bananas" in shown(none)


async def test_claims_resting_on_unnamed_sources_only(ctx: Context) -> None:
    reply = await dispatch(event("unnamed", command="sources"), ctx)
    assert reply.title == "Claims resting only on unnamed sources"
    assert headings(reply) == [
        "traders said · hedged · unnamed source",
        "Unattributed (said)",
        "analysts believe · hedged · unnamed source",
        "analysts believe · hedged · unnamed source",
    ]


async def test_one_articles_sources(ctx: Context, ids: dict[str, int]) -> None:
    grain = ids["grain"]
    for asked in (f"article {grain}", str(grain), f"article #{grain}"):
        reply = await dispatch(event(asked, command="sources"), ctx)
        assert reply.title == "Sources in “Grain corridor agreed”", asked
    assert reply.sections[0].lines == (f"Published by Rioni Daily, 18 May 2026 · article {grain}",)
    assert reply.sections[1].lines == ("2 claims here rest only on unnamed sources.",)
    assert headings(reply) == [
        "Aigerim Sadykova", "traders", "traders said · hedged · unnamed source", "Unattributed (said)",
    ]  # fmt: skip


async def test_another_workspaces_article_is_not_there(ctx: Context, ids: dict[str, int]) -> None:
    reply = await dispatch(event(f"article {ids['secret']}", command="sources"), ctx)
    assert reply.title == "That did not work"
    assert f"There is no article {ids['secret']} here." in shown(reply)
    assert "Secret" not in shown(reply) and reply.ephemeral
