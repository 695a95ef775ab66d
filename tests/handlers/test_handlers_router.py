"""dispatch: slash commands, mentions, thread-scoped questions, help, errors, tenancy."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest
from handler_newsroom import event, headings, shown

from bot.messages import Event
from handlers import COMMANDS
from handlers.context import Context
from handlers.router import APOLOGY, dispatch


def digest_threads(ids: dict[str, int]) -> object:
    """A stand-in for the digest's record of which posted message is about which article."""
    posted = {"1700.01": ids["grain"], "1700.02": ids["secret"]}

    async def thread_article(event: Event) -> int | None:
        return posted.get(event.thread or "")

    return thread_article


@pytest.fixture
def threaded(ctx: Context, ids: dict[str, int]) -> Context:
    return replace(ctx, thread_article=digest_threads(ids))  # type: ignore[arg-type]


async def test_mentions_work_like_slash_commands(ctx: Context) -> None:
    for mention, command, args in (
        ("@briefbot who is Matsegora?", "who", "Matsegora"),
        ("<@U0BOT> claims about compensation", "claims", "about compensation"),
        ("@briefbot sources", "sources", ""),
    ):
        by_mention = await dispatch(event(mention), ctx)
        by_command = await dispatch(event(args, command=command), ctx)
        assert by_mention.sections == by_command.sections and by_mention.title == by_command.title


async def test_an_umbrella_slash_command_reads_its_text_like_a_mention(ctx: Context) -> None:
    reply = await dispatch(event("who is matsegora", command="/briefbot"), ctx)
    assert reply.title == "Alexander Matsegora"


@pytest.mark.parametrize("command", ["who", "claims", "sources", "summary"])
async def test_bare_questions_in_a_digest_thread_are_about_its_article(
    threaded: Context, command: str, ids: dict[str, int]
) -> None:
    reply = await dispatch(event(f"@briefbot {command}", thread="1700.01"), threaded)
    assert "Grain corridor agreed" in reply.title
    assert reply.thread == "1700.01"
    elsewhere = await dispatch(event(f"@briefbot {command}", thread="1699.99"), threaded)  # not a digest item
    assert "Grain corridor agreed" not in elsewhere.title


async def test_thread_scoped_answers(threaded: Context, ids: dict[str, int]) -> None:
    who = await dispatch(event("@briefbot who", thread="1700.01"), threaded)
    assert who.title == "Who is in “Grain corridor agreed”"
    assert [(s.heading, s.lines) for s in who.sections] == [
        ("Aigerim Sadykova", ("deputy agriculture minister", "person · 4 mentions")),
        ("Russia", ("place · 1 mention",)),
    ]
    claims = await dispatch(event("@briefbot claims", thread="1700.01"), threaded)
    assert headings(claims) == [
        "Aigerim Sadykova said", "Aigerim Sadykova denied", "traders said · hedged · unnamed source",
        "Unattributed (said)",
    ]  # fmt: skip
    assert all(len(s.lines) == 1 for s in claims.sections)  # the article is said once, in the title
    summary = await dispatch(event("@briefbot summary", thread="1700.01"), threaded)
    assert "No key points were found" in shown(summary)


async def test_arguments_in_a_thread_ask_the_usual_question(threaded: Context) -> None:
    reply = await dispatch(event("@briefbot who is Matsegora", thread="1700.01"), threaded)
    assert reply.title == "Alexander Matsegora"


async def test_a_thread_mapped_to_another_workspaces_article_shows_nothing_of_it(threaded: Context) -> None:
    reply = await dispatch(event("@briefbot summary", thread="1700.02"), threaded)
    assert reply.title == "That did not work" and "Secret" not in shown(reply)


async def test_summary_gives_key_points_with_the_link(ctx: Context, ids: dict[str, int]) -> None:
    reply = await dispatch(event(f"@briefbot summary of article {ids['corvane']}"), ctx)
    assert reply.title == "Russia to treat North Korean soldiers (Corvane Wire)"
    assert [s.lines for s in reply.sections[1:]] == [
        ("Russia will treat wounded North Korean soldiers, its ambassador said.",),
        ("Families of the dead are to be compensated by Moscow.",),
    ]
    assert [x.url for x in reply.links] == ["https://corvane.example/a"]
    nowhere = await dispatch(event("", command="summary"), ctx)
    assert "Which article?" in shown(nowhere) and nowhere.ephemeral


async def test_paging_in_a_thread_stays_on_its_article(threaded: Context) -> None:
    small = replace(
        threaded, settings=replace(threaded.settings, pages=replace(threaded.settings.pages, size=3))
    )
    first = await dispatch(event("@briefbot claims", thread="1700.01"), small)
    second = await dispatch(event("@briefbot more", thread="1700.01"), small)
    assert len(first.sections) == 3 and headings(second) == ["Unattributed (said)"]
    assert second.title == "Claims in “Grain corridor agreed” (continued)"
    outside = await dispatch(event("@briefbot more"), small)  # another conversation
    assert outside.title == "Nothing more to show"


@pytest.mark.parametrize("text", ["@briefbot hello there", "@briefbot what's the weather", "@briefbot 42"])
async def test_unknown_input_gets_short_help(ctx: Context, text: str) -> None:
    reply = await dispatch(event(text), ctx)
    assert reply.title == "What briefbot answers"
    assert reply.sections[0].lines[0].startswith("I don't know “")
    for name, command in COMMANDS.items():
        if name != "help":
            assert command.usage in shown(reply)


async def test_help_in_full(ctx: Context) -> None:
    reply = await dispatch(event("", command="help"), ctx)
    assert "/claims shared" in shown(reply) and "Under a digest item" in shown(reply)


async def test_user_errors_show_their_message(ctx: Context) -> None:
    reply = await dispatch(event("by", command="claims"), ctx)
    assert reply.title == "That did not work"
    assert reply.sections[0].lines == ("Say who after “by”, e.g. /claims by Matsegora",)
    assert reply.ephemeral  # a slash command's error goes to the asker only


async def test_other_errors_are_logged_and_get_a_short_apology(
    ctx: Context, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(event: Event) -> int | None:
        raise RuntimeError("the digest table is gone")

    with caplog.at_level(logging.ERROR, logger="handlers.router"):
        reply = await dispatch(
            event("@briefbot claims", thread="1700.01", event_id="Ev42"), replace(ctx, thread_article=broken)
        )
    assert reply.title == "Sorry" and reply.sections[0].lines == (APOLOGY,)
    assert "digest table" not in shown(reply) and "Traceback" not in shown(reply)
    assert reply.thread == "1700.01" and not reply.ephemeral
    [record] = caplog.records
    assert "event_id=Ev42" in record.getMessage() and "workspace=T1" in record.getMessage()
    assert record.exc_info is not None


async def test_tenancy_another_workspace_sees_only_its_own(ctx: Context) -> None:
    for command, args in (("who", ""), ("claims", ""), ("claims", "compensation"), ("sources", ""),
                          ("sources", "unnamed"), ("claims", "shared")):  # fmt: skip
        theirs = shown(await dispatch(event(args, command=command, tenant=("discord", "G2")), ctx))
        ours = shown(await dispatch(event(args, command=command), ctx))
        assert "Matsegora" not in theirs.replace("Matsegora's rival", "") and "Harbour Post" not in theirs
        assert "Secretsson" not in ours and "Other Guild Gazette" not in ours and "insiders" not in ours
