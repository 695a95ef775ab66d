"""/who: who is in the news, one name's profile, ambiguous and unknown names."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from handler_newsroom import NOW, event, headings, shown

from bot.store import Store
from handlers.context import Context, HandlerSettings
from handlers.router import dispatch


async def test_who_lists_people_and_organisations_with_roles_and_counts(ctx: Context) -> None:
    reply = await dispatch(event("", command="who"), ctx)
    assert reply.title == "Who is in the news: the last 7 days"
    assert headings(reply) == ["Alexander Matsegora", "Ana Ruiz", "Ana Gomez", "Aigerim Sadykova", "Kremlin"]
    first = reply.sections[0]
    assert first.lines == ("Russian ambassador to Pyongyang", "person · 6 mentions in 2 articles")
    assert "Russia" not in headings(reply)  # places are not people
    assert "Zed Secretsson" not in shown(reply)  # another workspace's


async def test_who_falls_back_to_all_time_when_the_window_is_empty(store: Store) -> None:
    later = Context(store, now=lambda: NOW + timedelta(days=60))
    reply = await dispatch(event("", command="who"), later)
    assert reply.title == "Who is in the news: all time"
    assert headings(reply)[0] == "Alexander Matsegora"


async def test_who_in_an_empty_workspace_says_what_to_do(ctx: Context) -> None:
    reply = await dispatch(event("", command="who", tenant=("slack", "T-empty")), ctx)
    assert reply.title == "No one yet" and "/brief add URL" in shown(reply)


async def test_a_profile_by_alias_or_partial_name_in_any_case(ctx: Context) -> None:
    for name in ("matsegora", "Alexander Matsegora", "ALEXANDER", "matseg"):
        reply = await dispatch(event(name, command="who"), ctx)
        assert reply.title == "Alexander Matsegora", name
    intro = reply.sections[0]
    assert intro.lines[0] == "Person · 6 mentions in 2 articles · 4 claims"
    assert "Roles: Russian ambassador to Pyongyang (2 articles)" in intro.lines
    assert "Also called: Matsegora" in intro.lines
    text = shown(reply)
    assert "Russia to treat North Korean soldiers (Corvane Wire)" in text  # its articles, with links
    assert "https://corvane.example/a" in text and "https://rioni.example/b" in text
    assert "“Moscow would pay compensation to the families of the dead”" in text  # its claims, quotes quoted
    assert "Corvane Wire, 18 May 2026 · article 1" in text


async def test_a_long_profile_is_paged_without_losing_items(ctx: Context) -> None:
    small = replace(ctx, settings=HandlerSettings(pages=replace(ctx.settings.pages, size=2)))
    first = await dispatch(event("Ana Ruiz", command="who"), small)
    seen = [s for s in first.sections[1:]]
    more = first
    while more.more:
        more = await dispatch(event("more", command="who"), small)
        assert more.title == "Ana Ruiz (continued)"
        seen += more.sections
    assert len(seen) == 1 + 6  # one article, six claims
    assert len({(s.heading, s.lines) for s in seen}) == len(seen)


async def test_ambiguous_names_list_the_candidates(ctx: Context) -> None:
    reply = await dispatch(event("ana", command="who"), ctx)
    assert reply.title == "Several names match “ana”"
    assert reply.sections[0].lines == ("Ana Ruiz (person, 6 mentions)", "Ana Gomez (person, 5 mentions)")
    assert "/who Ana Ruiz" in shown(reply)


async def test_unknown_names_suggest_what_to_try(ctx: Context) -> None:
    reply = await dispatch(event("ambassador", command="who"), ctx)
    assert reply.title == "No match"
    assert "Did you mean: Alexander Matsegora?" in shown(reply)
    nobody = await dispatch(event("Nobody Atall", command="who"), ctx)
    assert "Try /who" in shown(nobody)


async def test_who_never_shows_another_workspace(ctx: Context) -> None:
    reply = await dispatch(event("Secretsson", command="who"), ctx)
    assert reply.title == "No match" and "Secretsson" not in "".join(reply.sections[0].lines[1:])
    theirs = await dispatch(event("Secretsson", command="who", tenant=("discord", "G2")), ctx)
    assert theirs.title == "Zed Secretsson"


async def test_settings_shape_the_window_and_the_profile(ctx: Context) -> None:
    assert (
        replace(ctx, settings=HandlerSettings(recent=timedelta(hours=12))).recent_label()
        == "the last 12 hours"
    )
    narrow = replace(ctx, settings=HandlerSettings(recent=timedelta(days=1), profile_items=1))
    reply = await dispatch(event("", command="who"), narrow)
    assert reply.title == "Who is in the news: the last day"  # only the hearing was published since
    assert headings(reply) == ["Ana Ruiz", "Ana Gomez"]
    profile = await dispatch(event("Matsegora", command="who"), narrow)
    assert profile.sections[0].lines[0] == "Person · 6 mentions in 1+ articles · 1+ claims"


async def test_who_in_an_article_puts_people_and_organisations_before_places(
    ctx: Context, ids: dict[str, int]
) -> None:
    reply = await dispatch(event(f"article {ids['corvane']}", command="who"), ctx)
    assert headings(reply) == ["Alexander Matsegora", "Kremlin", "Russia"]  # Russia has the most mentions
