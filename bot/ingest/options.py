"""How briefbot ingests and polls: parse workers, batch size, feed backfill and poll interval.

`bot.config.Settings` holds what every command shares and `FetchSettings` how URLs are
fetched; these belong to ingestion and feed polling only. Every variable is optional.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings, env_int


@dataclass(frozen=True)
class IngestSettings:
    parse_workers: int = 1  # processes parsing articles; 1 parses in the calling process
    batch_size: int = 16  # articles per spaCy batch
    fetch_concurrency: int = 4  # URLs (feed entries) fetched at the same time
    feed_backfill: int = 3  # entries of a newly added feed that are ingested; the rest are marked seen
    feed_interval_minutes: int = 30  # minutes between two polls of every feed

    @classmethod
    def from_env(cls, settings: Settings | None = None) -> IngestSettings:
        """The settings from BRIEFBOT_PARSE_* / BRIEFBOT_FEED_* variables (and .env)."""
        if settings is None:
            Settings.from_env()  # loads .env
        return cls(
            parse_workers=env_int("BRIEFBOT_PARSE_WORKERS", cls.parse_workers),
            batch_size=env_int("BRIEFBOT_PARSE_BATCH", cls.batch_size),
            fetch_concurrency=env_int("BRIEFBOT_FETCH_CONCURRENCY", cls.fetch_concurrency),
            feed_backfill=env_int("BRIEFBOT_FEED_BACKFILL", cls.feed_backfill, minimum=0),
            feed_interval_minutes=env_int("BRIEFBOT_FEED_INTERVAL_MINUTES", cls.feed_interval_minutes),
        )
