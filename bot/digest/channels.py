"""Which channel an article was brought to (`/brief add` there), for that channel's digest."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.store import Store, Workspace
from bot.store.models import ArticleChannel


def bring(store: Store, ws: Workspace, article_ids: Iterable[int], channel: str, now: datetime) -> None:
    """Mark the articles as brought to `channel` (again is fine)."""
    rows = [
        {"workspace_id": ws.id, "article_id": article_id, "channel": channel, "added_at": now}
        for article_id in sorted(set(article_ids))
    ]
    if not rows:
        return
    with store.writing() as session:
        session.execute(
            store.upsert(ArticleChannel)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["workspace_id", "article_id", "channel"])
        )
