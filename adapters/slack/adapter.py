"""The Slack adapter: the bolt app served in Socket Mode or HTTP mode, and the digest poster.

    adapter = create_slack(runtime)            # reads SLACK_* (ConfigError when incomplete)
    runtime.digests.add_poster(adapter.poster)
    await adapter.run()                        # until cancelled

With SLACK_BOT_TOKEN it serves one workspace; with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET
any number, each installed through /slack/install and kept in the store's database.
"""

from __future__ import annotations

import asyncio
import functools
from datetime import UTC, datetime

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.admins import Admins
from adapters.slack.app import Listeners, build_app
from adapters.slack.client import web_client
from adapters.slack.config import SlackConfig
from adapters.slack.dedupe import SeenEvents
from adapters.slack.oauth import OAuthStores, oauth_settings
from adapters.slack.poster import SlackPoster
from bot.errors import ConfigError, DeliveryError
from bot.runtime import Runtime
from bot.store import handled


class SlackAdapter:
    def __init__(self, runtime: Runtime, config: SlackConfig) -> None:
        self.runtime = runtime
        self.config = config
        self.oauth = OAuthStores(config, runtime.store.engine) if config.oauth else None
        self.poster = SlackPoster(self.client_for)
        self.admins = Admins(config.admin_users)
        self.seen = SeenEvents(durable=self._first_time_anywhere)
        self.address: tuple[str, int] | None = None  # HTTP mode: where it listens, once it does
        self.ready = asyncio.Event()

    async def _first_time_anywhere(self, event_id: str) -> bool:
        store = self.runtime.store
        return await asyncio.to_thread(handled.first_time, store, "slack", event_id, datetime.now(UTC))

    async def client_for(self, team_id: str) -> AsyncWebClient:
        """A client with the bot token of `team_id` (the one token, or the team's install)."""
        if self.oauth is None:
            return web_client(self.config.api_url, self.config.bot_token)
        token = await self.oauth.bot_token(team_id)
        if token is None:
            raise DeliveryError(
                f"briefbot is not installed in the Slack workspace {team_id}: install it again"
            )
        return web_client(self.config.api_url, token)

    async def run(self) -> None:
        """Serve until cancelled (Socket Mode or HTTP mode, as configured)."""
        from adapters.slack.serve import serve_http, serve_socket
        from handlers.router import dispatch

        settings = None
        if self.oauth is not None:
            settings = oauth_settings(self.config, self.oauth)
        else:
            await self._check_token()
        answer = functools.partial(dispatch, ctx=self.runtime.ctx)
        app = build_app(
            Listeners(answer, self.admins, self.seen),
            web_client(self.config.api_url, self.config.bot_token),
            signing_secret=self.config.signing_secret,
            oauth=settings,
        )
        if self.config.app_token is not None:
            await serve_socket(app, self.config.app_token, self.config.api_url, self.ready.set)
        else:
            await serve_http(app, self.config.host, self.config.port, self._listening)

    def _listening(self, host: str, port: int) -> None:
        self.address = (host, port)
        self.ready.set()

    async def _check_token(self) -> None:
        try:
            await web_client(self.config.api_url, self.config.bot_token).auth_test()
        except SlackApiError as error:
            code = error.response.get("error", "")
            raise ConfigError(
                f"Slack refused SLACK_BOT_TOKEN ({code}): copy the Bot User OAuth Token from OAuth & "
                "Permissions again, and reinstall the app if it was removed"
            ) from None
