"""Installs through OAuth, kept in briefbot's own database (the store's engine).

bolt wants asynchronous installation and state stores; the ones in `install_store.py`
are synchronous, like the rest of the store, so these wrappers run them in threads.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urlsplit

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from sqlalchemy import Engine

from adapters.slack import install_store
from adapters.slack.config import DEFAULT_API_URL, SlackConfig

log = logging.getLogger(__name__)
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600


class ThreadedInstallationStore(AsyncInstallationStore):
    def __init__(self, store: install_store.InstallationStore) -> None:
        self.store = store

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self.store.save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self.store.save_bot, bot)

    async def async_find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        return await asyncio.to_thread(
            self.store.find_bot,
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        return await asyncio.to_thread(
            self.store.find_installation,
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await asyncio.to_thread(self.store.delete_bot, enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        await asyncio.to_thread(
            self.store.delete_installation, enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )


class ThreadedStateStore(AsyncOAuthStateStore):
    def __init__(self, store: install_store.StateStore) -> None:
        self.store = store

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        return await asyncio.to_thread(self.store.issue)

    async def async_consume(self, state: str) -> bool:
        return await asyncio.to_thread(self.store.consume, state)


class OAuthStores:
    """The installation and state stores on `engine`, for bolt and for the digest poster."""

    def __init__(self, config: SlackConfig, engine: Engine) -> None:
        assert config.client_id is not None
        self.engine = engine
        self.installs = install_store.InstallationStore(engine, config.client_id)
        self.installations = ThreadedInstallationStore(self.installs)
        self.states = ThreadedStateStore(install_store.StateStore(engine, STATE_SECONDS))

    async def bot_token(self, team_id: str) -> str | None:
        bot = await asyncio.to_thread(self.installs.find_team_bot, team_id)
        return bot.bot_token if bot is not None else None


def oauth_settings(config: SlackConfig, stores: OAuthStores) -> AsyncOAuthSettings:
    return AsyncOAuthSettings(
        client_id=config.client_id,
        client_secret=config.client_secret,
        scopes=list(config.scopes),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=stores.installations,
        installation_store_bot_only=True,
        state_store=stores.states,
        authorization_url=_authorization_url(config.api_url),
    )


def _authorization_url(api_url: str) -> str | None:
    """Slack's own consent page, or the stand-in's when SLACK_API_URL points at one."""
    if api_url == DEFAULT_API_URL:
        return None
    parts = urlsplit(api_url)
    return f"{parts.scheme}://{parts.netloc}/oauth/v2/authorize"
