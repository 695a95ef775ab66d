"""The network side of ingestion: fetch URLs safely, read RSS and Atom feeds, canonical URLs.

`fetch` refuses URLs that reach the server itself, private networks or cloud metadata
services (the server-side request forgery guard in `guard`), unless the operator allow-lists
them in BRIEFBOT_FETCH_ALLOW; `parse_feed` refuses entity-declaring XML before parsing.
Every failure is an `InputError(url, reason)` whose reason says how to fix it.
"""

from bot.ingest.feeds import Feed, FeedEntry, entry_key, fetch_feed, parse_feed
from bot.ingest.fetch import Fetched, fetch
from bot.ingest.guard import Resolver, Target, refusal, vet
from bot.ingest.settings import FetchSettings, parse_allow
from bot.ingest.urls import canonical_url

__all__ = [
    "Feed",
    "FeedEntry",
    "FetchSettings",
    "Fetched",
    "Resolver",
    "Target",
    "canonical_url",
    "entry_key",
    "fetch",
    "fetch_feed",
    "parse_allow",
    "parse_feed",
    "refusal",
    "vet",
]
