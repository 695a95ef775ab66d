"""Digests on Slack: posted with chat.postMessage through the adapter's poster, answered in
their items' threads, retried after a 429, resumed after an error without reposting."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from slack_fake import Answered, FakeSlack, RateLimited, Refused
from slack_helpers import (
    FORM,
    JSON,
    command_body,
    http_env,
    mention_body,
    post_to,
    serving,
    shown_text,
    signed,
)

from adapters.slack import create_slack
from adapters.slack.render import ONLY_YOU
from bot.runtime import Runtime
from bot.store import Workspace

pytestmark = pytest.mark.slow  # the store holds articles parsed with the spaCy model

CHANNEL = "C1"


def workspace(runtime: Runtime) -> Workspace:
    return runtime.store.workspace("slack", "T1")


def texts(posted: list[dict[str, object]]) -> list[str]:
    return [shown_text(args) for args in posted]


async def test_a_digest_is_a_header_and_one_message_per_story_escaped(
    fake: FakeSlack, runtime: Runtime, filled: dict[str, int]
) -> None:
    runtime.digests.add_poster(create_slack(runtime, http_env(fake)).poster)
    report = await runtime.digests.deliver_now(workspace(runtime), CHANNEL)
    assert report.status == "posted" and report.items == 3
    posted = fake.posted()
    assert len(posted) == 1 + report.items and all(p["channel"] == CHANNEL for p in posted)
    assert all("thread_ts" not in p for p in posted)  # each one a top-level message
    assert "3 stories from 3 articles" in texts(posted)[0]
    shown = "\n".join(texts(posted))
    for raw in ("<!channel>", "<@U024BE7LH>", "<!here>"):
        assert raw not in shown  # nobody is pinged by an article's words
    assert "&lt;!channel&gt; ask &lt;@U024BE7LH&gt; &amp; &lt;!here&gt;" in shown  # the title
    assert "<https://www.leevalleypost.ie/news/harbour-bridge?a=1&amp;b=2|" in shown  # a linked title


async def test_a_mention_under_a_digest_item_is_about_that_article(
    fake: FakeSlack, runtime: Runtime, filled: dict[str, int]
) -> None:
    async with serving(runtime, http_env(fake)) as adapter:
        await runtime.digests.deliver_now(workspace(runtime), CHANNEL)
        posted = fake.made("chat.postMessage")
        bridge = next(c for c in posted if "Harbour Bridge" in shown_text(c.args))
        item_ts = bridge.answer["ts"]
        body = mention_body("<@UBOT> who", event_id="EvThread", ts="1700000500.1", thread_ts=item_ts)
        assert (await post_to(adapter, body, signed(body), JSON))[0] == 200
        await fake.wait_for(lambda: len(fake.made("chat.postMessage")) > len(posted))
    answer = fake.made("chat.postMessage")[-1].args
    assert answer["thread_ts"] == item_ts
    shown = shown_text(answer)
    assert "Aoife Brennan" in shown or "Cork City Council" in shown  # the bridge story's people
    assert "Rhodri Pennant" not in shown and "Lowri Mathias" not in shown  # not the fares story's


async def test_a_rate_limit_mid_digest_is_waited_out_and_nothing_is_posted_twice(
    fake: FakeSlack, runtime: Runtime, filled: dict[str, int]
) -> None:
    runtime.digests.add_poster(create_slack(runtime, http_env(fake)).poster)
    fake.script("chat.postMessage", Answered(), Answered(), RateLimited(retry_after=1))
    started = time.monotonic()
    report = await runtime.digests.deliver_now(workspace(runtime), CHANNEL)
    assert report.status == "posted" and report.items == 3
    assert time.monotonic() - started >= 1  # Retry-After was honoured
    calls = fake.made("chat.postMessage")
    assert [c.ok for c in calls] == [True, True, False, True, True]
    assert calls[2].args == calls[3].args  # the refused message was sent again, as it was
    assert len(set(texts(fake.posted()))) == len(fake.posted()) == 4


async def test_a_digest_cut_by_an_error_is_resumed_from_where_it_stopped(
    fake: FakeSlack, runtime: Runtime, filled: dict[str, int]
) -> None:
    runtime.digests.add_poster(create_slack(runtime, http_env(fake)).poster)
    ws, today = workspace(runtime), datetime.now(UTC).date()
    fake.script("chat.postMessage", Answered(), Answered(), Refused("fatal_error"))
    first = await runtime.digests.deliver_scheduled(ws, CHANNEL, today)
    assert first.status == "failed" and first.items == 1 and "could not be reached" in (first.error or "")
    shown_before = texts(fake.posted())
    assert len(shown_before) == 2  # the header and the first story
    second = await runtime.digests.deliver_scheduled(ws, CHANNEL, today)
    assert second.status == "posted" and second.items == 2
    shown = texts(fake.posted())
    assert shown[:2] == shown_before and len(shown) == 4 and len(set(shown)) == 4  # only the rest
    third = await runtime.digests.deliver_scheduled(ws, CHANNEL, today)
    assert third.status == "taken" and len(fake.posted()) == 4  # done: never posted again


async def test_a_refusal_that_retrying_cannot_fix_stops_the_digest_and_says_why(
    fake: FakeSlack, runtime: Runtime, filled: dict[str, int]
) -> None:
    runtime.digests.add_poster(create_slack(runtime, http_env(fake)).poster)
    fake.script("chat.postMessage", Refused("not_in_channel"))
    report = await runtime.digests.deliver_now(workspace(runtime), CHANNEL)
    assert report.status == "failed" and report.items == 0
    assert "not_in_channel" in (report.error or "") and "/invite @briefbot" in (report.error or "")
    assert len(fake.made("chat.postMessage")) == 1  # not retried


async def test_digest_now_from_slack_posts_to_the_channel_and_tells_only_the_asker(
    fake: FakeSlack, runtime: Runtime, filled: dict[str, int]
) -> None:
    async with serving(runtime, http_env(fake)) as adapter:
        body = command_body(fake, "/digest", "now", hook="now")
        assert (await post_to(adapter, body, signed(body), FORM))[0] == 200
        await fake.wait_for(lambda: bool(fake.made("respond:now")))
    assert len(fake.posted()) == 4 and fake.posted()[0]["channel"] == "C1"  # header and three stories
    told = fake.made("respond:now")[0].args
    assert told["response_type"] == "ephemeral"
    assert "Posted the digest to this channel: 3 stories" in shown_text(told) and ONLY_YOU in shown_text(told)


async def test_settings_are_for_admins_and_others_are_refused_politely(
    fake: FakeSlack, runtime: Runtime, filled: dict[str, int]
) -> None:
    fake.admins.add("UADMIN")
    async with serving(runtime, http_env(fake)) as adapter:
        for user, hook in (("U1", "member"), ("UADMIN", "admin")):
            body = command_body(fake, "/brief", "schedule 07:30 Europe/London weekdays", user=user, hook=hook)
            assert (await post_to(adapter, body, signed(body), FORM))[0] == 200
            await fake.wait_for(lambda hook=hook: bool(fake.made(f"respond:{hook}")))  # type: ignore[misc]
    refused = shown_text(fake.made("respond:member")[0].args)
    assert "Only admins can change" in refused
    done = fake.made("respond:admin")[0].args
    assert done["response_type"] == "ephemeral" and "07:30" in shown_text(done)
    assert "Only admins" not in shown_text(done)
