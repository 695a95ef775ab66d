"""The Slack adapter: `create_slack(runtime)` when `slack_configured()`; see docs/slack.md."""

from __future__ import annotations

import os
from collections.abc import Mapping

from adapters.slack.adapter import SlackAdapter
from adapters.slack.config import SlackConfig, configured
from bot.runtime import Runtime


def slack_configured(env: Mapping[str, str] = os.environ) -> bool:
    """Whether any Slack setting is given: then `create_slack` runs it or says what is missing."""
    return configured(env)


def create_slack(runtime: Runtime, env: Mapping[str, str] = os.environ) -> SlackAdapter:
    """The adapter the SLACK_* settings describe; a ConfigError saying how to fix them otherwise."""
    return SlackAdapter(runtime, SlackConfig.from_env(env))


__all__ = ["SlackAdapter", "SlackConfig", "create_slack", "slack_configured"]
