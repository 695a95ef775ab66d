"""Installs through OAuth: the install page, the redirect, the install kept in the store's
database, and then that workspace's token for its commands and its digests."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
from slack_fake import FakeSlack
from slack_helpers import FORM, SECRET, command_body, post_to, serving, signed

from bot.errors import DeliveryError
from bot.messages import Reply
from bot.runtime import Runtime


def oauth_env(fake: FakeSlack) -> dict[str, str]:
    return {
        "SLACK_CLIENT_ID": "111.222",
        "SLACK_CLIENT_SECRET": "client-secret",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "SLACK_HOST": "127.0.0.1",
        "SLACK_PORT": "0",
    }


# slack_sdk's oauth.v2.access call builds an aiohttp.BasicAuth, deprecated in aiohttp 3.14 (a
# DeprecationWarning, silent outside tests); nothing of ours to change.
@pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")
async def test_a_workspace_installs_through_oauth_and_is_then_served_with_its_token(
    fake: FakeSlack, runtime: Runtime
) -> None:
    async with serving(runtime, oauth_env(fake)) as adapter:
        assert adapter.address is not None
        base = f"http://{adapter.address[0]}:{adapter.address[1]}"
        with pytest.raises(DeliveryError, match="not installed in the Slack workspace T9"):
            await adapter.poster.post("T9", "C1", Reply(title="hello"))

        async with aiohttp.ClientSession() as session:
            async with session.get(f"{base}/slack/install") as page:
                assert page.status == 200
                html = await page.text()
                cookie = page.headers["Set-Cookie"].split(";", 1)[0]
            found = re.search(r'<a href="([^"]+)"><img alt="Add to Slack"', html)
            assert found is not None
            authorize = urlsplit(found.group(1).replace("&amp;", "&"))
            assert authorize.netloc == urlsplit(fake.url).netloc and authorize.path == "/oauth/v2/authorize"
            query = parse_qs(authorize.query)
            assert query["client_id"] == ["111.222"] and "chat:write" in query["scope"][0].split(",")
            state = query["state"][0]
            async with session.get(
                f"{base}/slack/oauth_redirect",
                params={"code": "c0de", "state": state},
                headers={"Cookie": cookie},
            ) as done:
                assert done.status == 200, await done.text()

        access = fake.made("oauth.v2.access")
        assert len(access) == 1 and access[0].args["code"] == "c0de"

        ts = await adapter.poster.post("T9", "C1", Reply(title="hello"))
        posted = fake.made("chat.postMessage")[-1]
        assert posted.answer["ts"] == ts and posted.headers["Authorization"] == "Bearer xoxb-installed"

        body = command_body(fake, "/who", hook="t9").replace("team_id=T1", "team_id=T9")
        assert (await post_to(adapter, body, signed(body), FORM))[0] == 200
        await fake.wait_for(lambda: bool(fake.made("respond:t9")))
        assert fake.made("users.info")[-1].headers["Authorization"] == "Bearer xoxb-installed"


async def test_a_command_from_a_workspace_that_never_installed_is_not_run(
    fake: FakeSlack, runtime: Runtime
) -> None:
    async with serving(runtime, oauth_env(fake)) as adapter:
        body = command_body(fake, "/who", hook="stranger")
        status, _ = await post_to(adapter, body, signed(body), FORM)
        assert status == 200
        await fake.wait_for(lambda: bool(fake.made("respond:stranger")))
    refusal = fake.made("respond:stranger")  # bolt's own answer: the app is not installed there
    assert len(refusal) == 1 and "reinstall this app" in refusal[0].args["text"]
    assert fake.made("users.info") == [] and fake.made("chat.postMessage") == []
