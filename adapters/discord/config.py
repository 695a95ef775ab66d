"""The Discord adapter's settings, read from the environment (each is in .env.example)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.errors import ConfigError

API_URL = "https://discord.com/api/v10"
GATEWAY_URL = "wss://gateway.discord.gg/"


SETTINGS = (
    "DISCORD_TOKEN",
    "DISCORD_GUILD_ID",
    "DISCORD_API_URL",
    "DISCORD_GATEWAY_URL",
    "DISCORD_ADMIN_ROLE",
)


def discord_configured(env: Mapping[str, str] = os.environ) -> bool:
    """Whether Discord is asked for: any DISCORD_ setting is set. Without DISCORD_TOKEN the adapter
    then refuses to start with a ConfigError that says where to get one, rather than being skipped."""
    return any(env.get(name, "").strip() for name in SETTINGS)


@dataclass(frozen=True)
class DiscordConfig:
    token: str
    guild_id: int | None = None  # commands sync to this guild only (instant; for development)
    api_url: str = API_URL
    gateway_url: str = GATEWAY_URL
    admin_role: str | None = None  # a role id or name whose members may change settings

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> DiscordConfig:
        token = env.get("DISCORD_TOKEN", "").strip()
        if not token:
            raise ConfigError(
                "DISCORD_TOKEN is missing: copy the bot token from the Developer Portal (your "
                "application > Bot > Reset Token) into .env; docs/discord.md walks through it"
            )
        guild = env.get("DISCORD_GUILD_ID", "").strip()
        if guild and not guild.isdigit():
            raise ConfigError(
                f"DISCORD_GUILD_ID={guild!r} is not a server id: turn on Developer Mode in Discord, "
                "right-click the server and Copy Server ID, or leave it empty to sync commands globally"
            )
        return cls(
            token=token,
            guild_id=int(guild) if guild else None,
            api_url=_url(env, "DISCORD_API_URL", API_URL, ("http", "https")),
            gateway_url=_url(env, "DISCORD_GATEWAY_URL", GATEWAY_URL, ("ws", "wss")),
            admin_role=env.get("DISCORD_ADMIN_ROLE", "").strip() or None,
        )


def _url(env: Mapping[str, str], name: str, default: str, schemes: tuple[str, ...]) -> str:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    parts = urlsplit(raw)
    if parts.scheme not in schemes or not parts.netloc:
        raise ConfigError(
            f"{name}={raw!r} is not a {' or '.join(s + '://' for s in schemes)} URL: "
            f"leave it empty for Discord's own ({default})"
        )
    return raw.rstrip("/") if name == "DISCORD_API_URL" else raw
