"""The article store: articles, their parse, entities linked across articles, full-text search.

Open it with `open_store()` (migrates to the newest schema), get a tenant with
`store.workspace(platform, external_id)`, keep parsed articles with `store.save_parsed(...)`,
and ask questions with the functions in `bot.store.queries`. The API is synchronous:
asyncio code calls it through `asyncio.to_thread`.
"""

from bot.store.errors import StoreError
from bot.store.normalize import canonical_url, content_hash
from bot.store.store import Store, open_store
from bot.store.types import ArticleRef, SaveResult, Workspace

__all__ = [
    "ArticleRef",
    "SaveResult",
    "Store",
    "StoreError",
    "Workspace",
    "canonical_url",
    "content_hash",
    "open_store",
]
