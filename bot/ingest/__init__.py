"""The network side of ingestion: fetch URLs safely, read RSS and Atom feeds, canonical URLs.

`fetch` refuses URLs that reach the server itself, private networks or cloud metadata
services (the server-side request forgery guard in `guard`), unless the operator allow-lists
them in BRIEFBOT_FETCH_ALLOW; `parse_feed` refuses entity-declaring XML before parsing.
Every failure is an `InputError(url, reason)` whose reason says how to fix it.

Ingestion itself (`ingest`, the feed `Poller`, `add_polling_job`, the `ingest` and `feeds`
commands) loads on first use, so fetching does not pay for importing spaCy.
"""

import importlib
from typing import TYPE_CHECKING, Any

from bot.ingest.feeds import Feed, FeedEntry, entry_key, fetch_feed, parse_feed
from bot.ingest.fetch import Fetched, fetch
from bot.ingest.guard import Resolver, Target, refusal, vet
from bot.ingest.settings import FetchSettings, parse_allow
from bot.ingest.urls import canonical_url

if TYPE_CHECKING:
    from bot.ingest.cli import add_ingest_commands
    from bot.ingest.follow import Poller, PollReport
    from bot.ingest.options import IngestSettings
    from bot.ingest.polling import add_polling_job
    from bot.ingest.run import Outcome, Summary, ingest
    from bot.ingest.sources import Loaded

__all__ = [
    "Feed",
    "FeedEntry",
    "FetchSettings",
    "Fetched",
    "IngestSettings",
    "Loaded",
    "Outcome",
    "PollReport",
    "Poller",
    "Resolver",
    "Summary",
    "Target",
    "add_ingest_commands",
    "add_polling_job",
    "canonical_url",
    "entry_key",
    "fetch",
    "fetch_feed",
    "ingest",
    "parse_allow",
    "parse_feed",
    "refusal",
    "vet",
]

_LAZY = {
    "IngestSettings": "bot.ingest.options",
    "Loaded": "bot.ingest.sources",
    "Outcome": "bot.ingest.run",
    "PollReport": "bot.ingest.follow",
    "Poller": "bot.ingest.follow",
    "Summary": "bot.ingest.run",
    "add_ingest_commands": "bot.ingest.cli",
    "add_polling_job": "bot.ingest.polling",
    "ingest": "bot.ingest.run",
}


def __getattr__(name: str) -> Any:
    home = _LAZY.get(name)
    if home is None:
        raise AttributeError(f"module 'bot.ingest' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
