"""The Discord adapter: slash commands, mentions in threads and digests on Discord (docs/discord.md)."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

# discord.py imports audioop (for voice, which briefbot does not use); Python 3.11 deprecates it.
# Silenced here, before any module of this package imports discord, so that neither the log nor
# a test run with warnings as errors trips on it.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", "'audioop' is deprecated", DeprecationWarning)
    import discord  # noqa: F401

from adapters.discord.adapter import DiscordAdapter
from adapters.discord.config import DiscordConfig, discord_configured

if TYPE_CHECKING:
    from bot.runtime import Runtime


def create_discord(runtime: Runtime) -> DiscordAdapter:
    """The adapter for the runtime, configured from the environment (a ConfigError says what to fix)."""
    return DiscordAdapter(runtime.ctx, DiscordConfig.from_env())


__all__ = ["DiscordAdapter", "DiscordConfig", "create_discord", "discord_configured"]
