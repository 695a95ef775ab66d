"""Slack settings, read from the environment (every variable is in .env.example).

Two ways to run, chosen by what is set:

- Socket Mode: SLACK_APP_TOKEN (xapp-...) and SLACK_BOT_TOKEN (xoxb-...). No public URL.
- HTTP mode: SLACK_SIGNING_SECRET, and either SLACK_BOT_TOKEN (one workspace) or
  SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (any number of workspaces, installed through OAuth).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.errors import ConfigError

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_HOST = "0.0.0.0"
DEFAULT_PORT = 3000
DEFAULT_SCOPES = ("app_mentions:read", "chat:write", "chat:write.public", "commands", "users:read")
TRIGGERS = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_CLIENT_ID")
HOW = "copy .env.example to .env and fill in the Slack block (docs/slack.md shows where each value is)"
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


@dataclass(frozen=True)
class SlackConfig:
    bot_token: str | None = None
    app_token: str | None = None
    signing_secret: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    scopes: tuple[str, ...] = DEFAULT_SCOPES
    api_url: str = DEFAULT_API_URL
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    admin_users: frozenset[str] = frozenset()

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None

    @property
    def oauth(self) -> bool:
        return self.client_id is not None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SlackConfig:
        """The configuration `env` describes; a ConfigError saying how to fix it when it is incomplete."""

        def get(name: str) -> str | None:
            return env.get(name, "").strip() or None

        bot, app, secret = get("SLACK_BOT_TOKEN"), get("SLACK_APP_TOKEN"), get("SLACK_SIGNING_SECRET")
        client_id, client_secret = get("SLACK_CLIENT_ID"), get("SLACK_CLIENT_SECRET")
        _prefix("SLACK_BOT_TOKEN", bot, "xoxb-", "the Bot User OAuth Token under OAuth & Permissions")
        _prefix(
            "SLACK_APP_TOKEN", app, "xapp-", "an app-level token with connections:write (Basic Information)"
        )
        if (client_id is None) != (client_secret is None):
            raise ConfigError(
                "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET go together: set both (Basic Information > App "
                "Credentials) for installs through OAuth, or neither to use SLACK_BOT_TOKEN"
            )
        if client_id and bot:
            raise ConfigError(
                "SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: use SLACK_BOT_TOKEN for one workspace, "
                "or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for installs through OAuth, not both"
            )
        if app:
            if client_id:
                raise ConfigError(
                    "Socket Mode (SLACK_APP_TOKEN) serves one workspace: set SLACK_BOT_TOKEN instead of "
                    "SLACK_CLIENT_ID, or unset SLACK_APP_TOKEN and use HTTP mode for OAuth installs"
                )
            if not bot:
                raise ConfigError(
                    f"SLACK_BOT_TOKEN is missing (Socket Mode needs it with SLACK_APP_TOKEN): {HOW}"
                )
        else:
            if not secret:
                raise ConfigError(
                    "SLACK_SIGNING_SECRET is missing: set it (Basic Information > App Credentials) for HTTP "
                    f"mode, or set SLACK_APP_TOKEN for Socket Mode: {HOW}"
                )
            if not bot and not client_id:
                raise ConfigError(
                    "SLACK_BOT_TOKEN is missing: set it for one workspace, or SLACK_CLIENT_ID and "
                    f"SLACK_CLIENT_SECRET for installs through OAuth: {HOW}"
                )
        return cls(
            bot_token=bot,
            app_token=app,
            signing_secret=secret,
            client_id=client_id,
            client_secret=client_secret,
            scopes=_scopes(get("SLACK_SCOPES")),
            api_url=_api_url(get("SLACK_API_URL")),
            host=get("SLACK_HOST") or DEFAULT_HOST,
            port=_port(get("SLACK_PORT")),
            admin_users=_admins(get("SLACK_ADMIN_USERS")),
        )


def configured(env: Mapping[str, str]) -> bool:
    """Whether any Slack setting is given (then Slack runs, or its configuration error is shown)."""
    return any(env.get(name, "").strip() for name in TRIGGERS)


def _prefix(name: str, value: str | None, prefix: str, where: str) -> None:
    if value is not None and not value.startswith(prefix):
        raise ConfigError(f"{name} must start with {prefix}: copy {where} into it")


def _scopes(raw: str | None) -> tuple[str, ...]:
    if raw is None:
        return DEFAULT_SCOPES
    return tuple(s for s in re.split(r"[\s,]+", raw) if s)


def _api_url(raw: str | None) -> str:
    if raw is None:
        return DEFAULT_API_URL
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"SLACK_API_URL={raw!r} is not an http(s) URL: leave it empty for Slack's own "
            f"({DEFAULT_API_URL}), or give a stand-in's, e.g. http://127.0.0.1:8900/api/"
        )
    return raw if raw.endswith("/") else raw + "/"


def _port(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_PORT
    if not raw.isdigit() or int(raw) > 65535:
        raise ConfigError(f"SLACK_PORT={raw!r} is not a port number: set it to e.g. {DEFAULT_PORT}")
    return int(raw)


def _admins(raw: str | None) -> frozenset[str]:
    if raw is None:
        return frozenset()
    ids = [s for s in re.split(r"[\s,]+", raw) if s]
    wrong = [s for s in ids if not _USER_ID.match(s)]
    if wrong:
        raise ConfigError(
            f"SLACK_ADMIN_USERS holds {', '.join(wrong)}, which are not Slack user ids: list member ids "
            "such as U024BE7LH, separated by commas (a profile's ⋮ menu > Copy member ID)"
        )
    return frozenset(ids)
