"""What a channel's digest reads from the store: the new articles and each one's parse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, not_, or_, select

from bot.store import Store, Workspace
from bot.store import selects as q
from bot.store.models import Article, ArticleChannel, Claim, Entity, Feed, FeedEntry, KeyPoint, Mention
from bot.store.types import ClaimView


@dataclass(frozen=True)
class ArticleFacts:
    id: int
    title: str
    outlet: str | None
    url: str | None
    dated_at: datetime
    word_count: int
    key_points: tuple[str, ...]
    entities: dict[int, int]  # entity id -> mentions (people, organisations, places, groups)
    names: dict[int, str]  # entity id -> canonical name
    claims: tuple[ClaimView, ...]


def new_article_ids(
    store: Store, ws: Workspace, channel: str, since: datetime, until: datetime, *, limit: int = 500
) -> list[int]:
    """Articles first stored in [since, until) that belong in `channel`, oldest first.

    An article belongs in the channels it was brought to (`/brief add` there, a feed routed
    there) and, when it was brought to no channel in particular, in every channel.
    """
    to_channel = exists().where(ArticleChannel.workspace_id == ws.id, ArticleChannel.article_id == Article.id)
    by_feed = (
        select(FeedEntry.id)
        .join(Feed, and_(Feed.id == FeedEntry.feed_id, Feed.workspace_id == ws.id))
        .where(FeedEntry.workspace_id == ws.id, FeedEntry.article_id == Article.id)
    )
    here = or_(
        to_channel.where(ArticleChannel.channel == channel),
        by_feed.where(Feed.channel == channel).exists(),
        and_(not_(to_channel), not_(by_feed.where(Feed.channel.is_not(None)).exists())),
    )
    query = (
        select(Article.id)
        .where(Article.workspace_id == ws.id, Article.fetched_at >= since, Article.fetched_at < until, here)
        .order_by(Article.fetched_at, Article.id)
        .limit(limit)
    )
    with store.reading() as session:
        return list(session.scalars(query))


def article_facts(store: Store, ws: Workspace, ids: list[int]) -> dict[int, ArticleFacts]:
    """Each article's title, links, key points, entities and claims, in a few queries."""
    if not ids:
        return {}
    with store.reading() as session:
        rows = session.execute(
            select(
                Article.id, Article.title, Article.outlet, Article.url, Article.dated_at, Article.word_count
            ).where(Article.workspace_id == ws.id, Article.id.in_(ids))
        ).all()
        points: dict[int, list[str]] = {}
        for article_id, text in session.execute(
            select(KeyPoint.article_id, KeyPoint.text)
            .where(KeyPoint.workspace_id == ws.id, KeyPoint.article_id.in_(ids))
            .order_by(KeyPoint.article_id, KeyPoint.position)
        ):
            points.setdefault(article_id, []).append(text)
        entities: dict[int, dict[int, int]] = {}
        names: dict[int, dict[int, str]] = {}
        for article_id, entity_id, count, name in session.execute(
            select(Mention.article_id, Mention.entity_id, Mention.mentions, Entity.name)
            .join(Entity, and_(Entity.id == Mention.entity_id, Entity.workspace_id == ws.id))
            .where(Mention.workspace_id == ws.id, Mention.article_id.in_(ids))
        ):
            entities.setdefault(article_id, {})[entity_id] = count
            names.setdefault(article_id, {})[entity_id] = name
        claims: dict[int, list[ClaimView]] = {}
        for claim in q.claim_views(session, q.claims_query(ws).where(Claim.article_id.in_(ids))):
            claims.setdefault(claim.article_id, []).append(claim)
    return {
        r.id: ArticleFacts(
            id=r.id,
            title=r.title,
            outlet=r.outlet,
            url=r.url,
            dated_at=r.dated_at,
            word_count=r.word_count,
            key_points=tuple(points.get(r.id, ())),
            entities=entities.get(r.id, {}),
            names=names.get(r.id, {}),
            claims=tuple(claims.get(r.id, ())),
        )
        for r in rows
    }
