"""The article store: articles, their parse, entities linked across articles, full-text search.

Open it with `open_store()` (migrates to the newest schema), get a tenant with
`store.workspace(platform, external_id)`, keep parsed articles with `store.save_parsed(...)`,
and ask questions with the functions in `bot.store.queries`. The API is synchronous:
asyncio code calls it through `asyncio.to_thread`.

Names load on first use, so `briefbot --help` does not pay for SQLAlchemy and Alembic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOMES = {
    "ArticleRef": "bot.store.types",
    "SaveResult": "bot.store.types",
    "Store": "bot.store.store",
    "StoreError": "bot.store.errors",
    "Workspace": "bot.store.types",
    "canonical_url": "bot.store.normalize",
    "content_hash": "bot.store.normalize",
    "open_store": "bot.store.store",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'bot.store' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
