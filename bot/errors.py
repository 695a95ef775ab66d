"""The one exception root. Messages of UserError subclasses are safe to show a user
and say how to fix the problem; anything else is a bug, logged with context."""

from __future__ import annotations


class BriefbotError(Exception):
    """Root of every error briefbot raises on purpose."""


class UserError(BriefbotError):
    """Something the user can fix; the message says how."""


class ConfigError(UserError):
    """A setting is missing or malformed."""


class InputError(UserError):
    """An input (file, URL, record) cannot be read as an article.

    `source` names the input, `reason` is one line saying what is wrong.
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ModelError(UserError):
    """The spaCy model cannot be loaded."""


class DeliveryError(BriefbotError):
    """A chat platform refused a message (no such channel, the bot is not in it, no permission).

    Adapters raise it from `Poster.post` for failures that retrying will not fix; the digest
    stops there and says so in the log. Transient failures (rate limits, timeouts) are the
    adapter's to retry; anything else it raises leaves the digest to be resumed.
    """
