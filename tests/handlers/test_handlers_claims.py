"""/claims: latest claims, combined filters, shared claims, paging."""

from __future__ import annotations

from dataclasses import replace

from handler_newsroom import HEARING_CLAIMS, event, headings, shown

from bot.messages import Reply
from handlers.context import Context, HandlerSettings
from handlers.router import dispatch

ALL_CLAIMS = 3 + 3 + 4 + HEARING_CLAIMS


async def test_latest_claims_show_speaker_cue_flags_outlet_and_link(ctx: Context) -> None:
    reply = await dispatch(event("", command="claims"), ctx)
    assert reply.title == "Latest claims"
    hedged = reply.sections[4]
    assert hedged.heading == "Ana Ruiz said · hedged"
    assert hedged.lines == ("budget line 4 needs 4 more hearings", "Harbour Post, 19 May 2026 · article 4")
    assert [(x.label, x.url) for x in hedged.links] == [
        ("Budget hearing runs late", "https://harbour.example/hearing")
    ]


async def test_filters_combine(ctx: Context) -> None:
    reply = await dispatch(event("by Matsegora about compensation", command="claims"), ctx)
    assert reply.title == "Claims by Matsegora about compensation"
    assert headings(reply) == ["Alexander Matsegora said"] * 2  # reported by two outlets
    assert {s.lines[0] for s in reply.sections} == {
        "“Moscow would pay compensation to the families of the dead”"
    }
    russia = await dispatch(event("about Russia", command="claims"), ctx)  # an entity: claims naming it
    assert russia.sections[0].lines[0] == "the corridor was not aimed at Russia"
    denied = await dispatch(event("by sadykova about russia", command="claims"), ctx)
    assert headings(denied) == ["Aigerim Sadykova denied"]
    words = await dispatch(event("corridor tonnes", command="claims"), ctx)
    assert headings(words) == ["Aigerim Sadykova said"]
    unnamed = await dispatch(event("by analysts", command="claims"), ctx)  # a speaker as written
    assert headings(unnamed) == ["analysts believe · hedged · unnamed source"] * 2


async def test_claims_without_a_link_name_their_article(ctx: Context) -> None:
    reply = await dispatch(event("by Sadykova", command="claims"), ctx)
    assert reply.sections[0].lines[1] == "Rioni Daily, 18 May 2026 · article 3 · Grain corridor agreed"
    assert reply.sections[0].links == ()


async def test_no_claims_say_what_to_try(ctx: Context) -> None:
    reply = await dispatch(event("by Matsegora about bananas", command="claims"), ctx)
    assert reply.title == "No claims found"
    text = shown(reply)
    assert "No claims by Matsegora about bananas." in text and "/who Matsegora" in text
    empty = await dispatch(event("", command="claims", tenant=("slack", "T-empty")), ctx)
    assert "No claims here yet" in shown(empty)


async def test_ambiguous_speakers_list_candidates(ctx: Context) -> None:
    reply = await dispatch(event("by Ana", command="claims"), ctx)
    assert reply.title == "Several names match “Ana”" and "/claims by Ana Ruiz" in shown(reply)


async def collect(ctx: Context, first: Reply, follow: str = "more") -> list[Reply]:
    pages = [first]
    while pages[-1].more:
        pages.append(await dispatch(event(follow), ctx))
    return pages


async def test_paging_continues_without_losing_or_repeating_claims(ctx: Context) -> None:
    pages = await collect(ctx, await dispatch(event("", command="claims"), ctx))
    assert [len(p.sections) for p in pages] == [8, 8, ALL_CLAIMS - 16]
    items = [(s.heading, s.lines) for p in pages for s in p.sections]
    everything = await dispatch(
        event("", command="claims"),
        replace(ctx, settings=HandlerSettings(pages=replace(ctx.settings.pages, size=50))),
    )
    assert items == [(s.heading, s.lines) for s in everything.sections]
    assert pages[0].footer == "Claims 1–8. Say “more” (or /claims more) for the next ones."
    assert pages[-1].footer == f"Claims 17–{ALL_CLAIMS}, the last."
    done = await dispatch(event("more"), ctx)
    assert done.title == "Nothing more to show"


async def test_slash_more_and_more_buttons_continue_the_same_query(ctx: Context) -> None:
    first = await dispatch(event("hearings", command="claims"), ctx)
    assert first.more == "claims:8::hearings"
    second = await dispatch(event("more", command="claims"), ctx)
    assert second.title == "Claims “hearings” (continued)" and len(second.sections) == HEARING_CLAIMS - 8
    again = await dispatch(event(f"more {first.more}", user="someone-else"), ctx)  # a button's token
    assert again.sections == second.sections
    other = await dispatch(event("more", command="who"), ctx)
    assert other.title == "Nothing more to show" and "/who" in shown(other)


async def test_a_page_never_overflows_the_character_budget(ctx: Context) -> None:
    tight = replace(ctx, settings=HandlerSettings(pages=replace(ctx.settings.pages, chars=300)))
    pages = await collect(tight, await dispatch(event("", command="claims"), tight))
    assert sum(len(p.sections) for p in pages) == ALL_CLAIMS and len(pages) > 3


async def test_shared_claims_put_several_outlets_first(ctx: Context) -> None:
    reply = await dispatch(event("shared", command="claims"), ctx)
    assert reply.title == "Shared claims: several outlets first"
    assert reply.sections[0].lines[0].startswith("3 claims reported by several outlets, ")
    assert headings(reply)[:3] == ["Alexander Matsegora · reported by 2 outlets"] * 2 + [
        "analysts · reported by 2 outlets"
    ]
    assert headings(reply)[3] == "Ana Ruiz · only in Harbour Post"
    compensation = reply.sections[2]
    assert compensation.lines == (
        "Moscow would pay compensation to the families of the dead",
        "Corvane Wire (article 1), Rioni Daily (article 2)",
    )
    assert [x.url for x in compensation.links] == ["https://corvane.example/a", "https://rioni.example/b"]
    pages = await collect(ctx, reply)
    groups = [(s.heading, s.lines) for p in pages for s in p.sections if s.heading]
    assert len(set(groups)) == len(groups) == 3 + 3 + HEARING_CLAIMS  # shared; Sadykova, traders; the hearing
