"""Socket Mode end to end: a local WebSocket server plays Slack's side (hello, envelopes, acks)."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import parse_qsl

import pytest
from slack_fake import FakeSlack
from slack_helpers import command_body, mention_body, serving, shown_text

from bot.runtime import Runtime

pytestmark = pytest.mark.slow  # the store holds articles parsed with the spaCy model


def socket_env(fake: FakeSlack) -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test", "SLACK_API_URL": fake.api_url}


async def test_socket_mode_acks_envelopes_answers_commands_and_mentions_once(
    fake: FakeSlack, runtime: Runtime, filled: dict[str, int]
) -> None:
    async with serving(runtime, socket_env(fake)):
        await fake.connected()
        opened = fake.made("apps.connections.open")
        assert len(opened) == 1 and opened[0].headers["Authorization"] == "Bearer xapp-test"

        command = dict(parse_qsl(command_body(fake, "/sources", hook="sock")))
        await fake.send_envelope("slash_commands", command, "env-1")
        await fake.wait_for(lambda: bool(fake.made("respond:sock")))

        callback = json.loads(mention_body("<@UBOT> who is Rhodri Pennant", event_id="EvSock"))
        await fake.send_envelope("events_api", callback, "env-2", retry_attempt=0, retry_reason="")
        await fake.wait_for(lambda: bool(fake.made("chat.postMessage")))
        await fake.send_envelope("events_api", callback, "env-3", retry_attempt=1, retry_reason="timeout")
        await fake.wait_for(lambda: len(fake.socket_acks) >= 3)
        await asyncio.sleep(0.3)

    assert {ack["envelope_id"] for ack in fake.socket_acks} == {"env-1", "env-2", "env-3"}
    answer = fake.made("respond:sock")[0].args
    assert answer["response_type"] == "in_channel" and "Outlets and the sources they cite" in shown_text(
        answer
    )
    posted = fake.made("chat.postMessage")
    assert len(posted) == 1 and posted[0].args["thread_ts"] == "1700000100.000100"  # the retry: not again
    assert "Rhodri Pennant" in shown_text(posted[0].args)


async def test_a_refused_bot_token_is_a_configuration_error_at_start(
    fake: FakeSlack, runtime: Runtime
) -> None:
    from slack_fake import Refused

    from adapters.slack import create_slack
    from bot.errors import ConfigError

    fake.script("auth.test", Refused("invalid_auth"))
    adapter = create_slack(runtime, socket_env(fake))
    with pytest.raises(ConfigError, match="Slack refused SLACK_BOT_TOKEN \\(invalid_auth\\)"):
        await adapter.run()
    assert fake.made("apps.connections.open") == []
