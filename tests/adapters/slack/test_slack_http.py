"""HTTP mode end to end: the real bot server on loopback, signed requests in, the Slack stand-in out.

What is asserted is what Slack would show: the text and blocks of each response and message.
"""

from __future__ import annotations

import asyncio
import json
import time
from urllib.parse import urlencode

import pytest
from slack_fake import FakeSlack
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

from adapters.slack.render import MORE_ACTION, ONLY_YOU
from bot.paging import PageLimits
from bot.runtime import Runtime, with_context
from handlers.context import HandlerSettings

pytestmark = pytest.mark.slow  # the store holds articles parsed with the spaCy model


async def test_a_signed_slash_command_is_acknowledged_then_answered_in_the_channel(
    fake: FakeSlack, runtime: Runtime, filled: dict[str, int]
) -> None:
    async with serving(runtime, http_env(fake)) as adapter:
        body = command_body(fake, "/who", "Rhodri Pennant")
        started = time.monotonic()
        status, _ = await post_to(adapter, body, signed(body), FORM)
        assert status == 200 and time.monotonic() - started < 3
        await fake.wait_for(lambda: bool(fake.made("respond:h1")))
    answer = fake.made("respond:h1")[0].args
    assert answer["response_type"] == "in_channel" and answer["replace_original"] is False
    assert "Rhodri Pennant" in shown_text(answer) and ONLY_YOU not in shown_text(answer)
    assert [c.args["user"] for c in fake.made("users.info")] == ["U1"]  # is the asker an admin?


async def test_help_and_errors_of_a_command_are_only_for_the_asker_and_say_so(
    fake: FakeSlack, runtime: Runtime, filled: dict[str, int]
) -> None:
    async with serving(runtime, http_env(fake)) as adapter:
        body = command_body(fake, "/sources", "article 999999", hook="bad")
        assert (await post_to(adapter, body, signed(body), FORM))[0] == 200
        await fake.wait_for(lambda: bool(fake.made("respond:bad")))
    answer = fake.made("respond:bad")[0].args
    assert answer["response_type"] == "ephemeral"
    assert "There is no article 999999 here" in shown_text(answer) and ONLY_YOU in shown_text(answer)


@pytest.mark.parametrize("kind", ["bad signature", "old timestamp"])
async def test_unsigned_or_stale_requests_are_refused_and_nothing_runs(
    fake: FakeSlack, runtime: Runtime, kind: str
) -> None:
    async with serving(runtime, http_env(fake)) as adapter:
        for body, content_type in ((command_body(fake, "/who"), FORM), (mention_body("<@UBOT> who"), JSON)):
            if kind == "bad signature":
                headers = signed(body, secret="not-the-secret")
            else:
                headers = signed(body, at=time.time() - 301)
            status, _ = await post_to(adapter, body, headers, content_type)
            assert status == 401
        await asyncio.sleep(0.3)
    assert [c.method for c in fake.calls if c.method != "auth.test"] == []


async def test_a_mention_is_answered_in_its_thread_once_however_often_slack_retries(
    fake: FakeSlack, runtime: Runtime, filled: dict[str, int]
) -> None:
    async with serving(runtime, http_env(fake)) as adapter:
        body = mention_body("<@UBOT> who is Rhodri Pennant?", ts="1700000100.000100")
        assert (await post_to(adapter, body, signed(body), JSON))[0] == 200
        await fake.wait_for(lambda: bool(fake.made("chat.postMessage")))
        for attempt in ("1", "2"):
            retry = {**signed(body), "X-Slack-Retry-Num": attempt, "X-Slack-Retry-Reason": "http_timeout"}
            assert (await post_to(adapter, body, retry, JSON))[0] == 200
        in_thread = mention_body(
            "<@UBOT> sources", event_id="Ev2", ts="1700000200.1", thread_ts="1700000150.1"
        )
        assert (await post_to(adapter, in_thread, signed(in_thread), JSON))[0] == 200
        await fake.wait_for(lambda: len(fake.made("chat.postMessage")) >= 2)
        await asyncio.sleep(0.3)
    posted = fake.made("chat.postMessage")
    assert len(posted) == 2  # the retries were not answered again
    first, second = posted[0].args, posted[1].args
    assert (first["channel"], first["thread_ts"]) == ("C1", "1700000100.000100")  # a thread under the mention
    assert "Rhodri Pennant" in shown_text(first)
    assert second["thread_ts"] == "1700000150.1"  # the thread the mention was in
    assert "link_names" not in first and first["unfurl_links"] is False


async def test_messages_of_bots_and_of_the_bot_itself_are_ignored(fake: FakeSlack, runtime: Runtime) -> None:
    async with serving(runtime, http_env(fake)) as adapter:
        for n, extra in enumerate(({"bot_id": "B9"}, {"user": "UBOT"}, {"subtype": "bot_message"})):
            body = mention_body("<@UBOT> who", event_id=f"EvBot{n}", **extra)
            assert (await post_to(adapter, body, signed(body), JSON))[0] == 200
        await asyncio.sleep(0.5)
    assert fake.made("chat.postMessage") == [] and fake.made("users.info") == []


async def test_the_more_button_brings_the_next_page(
    fake: FakeSlack, runtime: Runtime, filled: dict[str, int]
) -> None:
    small = with_context(runtime, settings=HandlerSettings(pages=PageLimits(size=2)))
    async with serving(small, http_env(fake)) as adapter:
        body = command_body(fake, "/claims", hook="first")
        await post_to(adapter, body, signed(body), FORM)
        await fake.wait_for(lambda: bool(fake.made("respond:first")))
        first = fake.made("respond:first")[0].args
        button = first["blocks"][-1]["elements"][0]
        assert button["action_id"] == MORE_ACTION and button["value"].startswith("claims:2:")
        click = {
            "type": "block_actions", "team": {"id": "T1"}, "user": {"id": "U1", "team_id": "T1"},
            "api_app_id": "A1", "trigger_id": "tr-click", "channel": {"id": "C1"},
            "container": {"type": "message", "channel_id": "C1", "message_ts": "1700000300.1"},
            "message": {"ts": "1700000300.1", "text": first["text"]},
            "response_url": fake.response_url("next"),
            "actions": [{"type": "button", "action_id": MORE_ACTION, "value": button["value"]}],
        }  # fmt: skip
        form = urlencode({"payload": json.dumps(click)})
        assert (await post_to(adapter, form, signed(form), FORM))[0] == 200
        await fake.wait_for(lambda: bool(fake.made("respond:next")))
    following = fake.made("respond:next")[0].args
    assert "(continued)" in following["text"]
    assert shown_text(following) != shown_text(first)


async def test_admins_are_asked_once_and_configured_admins_not_at_all(
    fake: FakeSlack, runtime: Runtime, filled: dict[str, int]
) -> None:
    fake.admins.add("U1")
    async with serving(runtime, http_env(fake, SLACK_ADMIN_USERS="U7A")) as adapter:
        for hook, user in (("a", "U1"), ("b", "U1"), ("c", "U7A")):
            body = command_body(fake, "/who", user=user, hook=hook)
            await post_to(adapter, body, signed(body), FORM)
            await fake.wait_for(lambda hook=hook: bool(fake.made(f"respond:{hook}")))  # type: ignore[misc]
    assert [c.args["user"] for c in fake.made("users.info")] == ["U1"]


async def test_slack_url_check_and_the_health_route_answer(fake: FakeSlack, runtime: Runtime) -> None:
    import aiohttp

    async with serving(runtime, http_env(fake)) as adapter:
        body = json.dumps({"token": "legacy", "type": "url_verification", "challenge": "3eZbrw1aBm2r"})
        status, text = await post_to(adapter, body, signed(body), JSON)
        assert status == 200 and "3eZbrw1aBm2r" in text
        assert adapter.address is not None
        url = f"http://{adapter.address[0]}:{adapter.address[1]}/healthz"
        async with aiohttp.ClientSession() as session, session.get(url) as health:
            assert health.status == 200 and await health.text() == "ok"
