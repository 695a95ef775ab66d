"""Digest settings read from the environment (every variable is in .env.example)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.config import env_int
from bot.errors import ConfigError


@dataclass(frozen=True)
class DigestOptions:
    grace: timedelta = timedelta(hours=3)  # a digest missed while down is posted on start within this
    post_empty: bool = False  # post "nothing new" instead of staying silent
    max_items: int = 8  # items per digest (stories, not articles)
    key_points: int = 3  # key points per item (2-3 read best)
    claims: int = 2  # attributed claims per item
    first_lookback: timedelta = timedelta(days=1)  # a channel's first digest covers this much
    default_time: str = "08:00"
    default_tz: str = "UTC"
    lease: timedelta = timedelta(minutes=10)  # a claimed digest not finished by then may be taken over

    @classmethod
    def from_env(cls) -> DigestOptions:
        tz = os.environ.get("BRIEFBOT_DEFAULT_TZ", "").strip() or cls.default_tz
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(
                f"BRIEFBOT_DEFAULT_TZ={tz!r} is not a time zone: use an IANA name such as Europe/London"
            ) from None
        empty = os.environ.get("BRIEFBOT_DIGEST_POST_EMPTY", "").strip().casefold()
        if empty not in ("", "0", "1", "true", "false", "yes", "no"):
            raise ConfigError(f"BRIEFBOT_DIGEST_POST_EMPTY={empty!r} must be true or false")
        return cls(
            grace=timedelta(minutes=env_int("BRIEFBOT_DIGEST_GRACE_MINUTES", 180, minimum=0)),
            post_empty=empty in ("1", "true", "yes"),
            max_items=env_int("BRIEFBOT_DIGEST_MAX_ITEMS", cls.max_items),
            default_tz=tz,
        )
