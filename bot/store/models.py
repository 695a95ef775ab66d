"""The tables, as typed SQLAlchemy models. Every row belongs to a workspace.

Child rows carry `workspace_id` too, and their foreign keys are composite
(workspace_id, parent id), so a row can never point at another workspace's data.
The full-text indexes (SQLite FTS5 tables, PostgreSQL tsvector columns) are made
by the migration only; see bot/store/search.py.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, stored as naive UTC (the same on SQLite and PostgreSQL), aware UTC out."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give the store aware datetimes (tzinfo=UTC)")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def table_of(model: type[Base]) -> Table:
    """A model's Core table, for bulk statements (lighter than the ORM's bulk paths)."""
    return Base.metadata.tables[model.__tablename__]


def _owned(parent: str, column: str, ondelete: str | None = "CASCADE") -> ForeignKeyConstraint:
    """A composite foreign key (workspace_id, column) -> parent(workspace_id, id).

    Optional links (a claim's speaker entity) do not cascade: the store removes an entity
    only once nothing points at it.
    """
    return ForeignKeyConstraint(
        ["workspace_id", column], [f"{parent}.workspace_id", f"{parent}.id"], ondelete=ondelete
    )


def _workspace_fk() -> Any:
    return ForeignKey("workspaces.id", ondelete="CASCADE")


class WorkspaceRow(Base):
    """A Slack team, a Discord guild, or the console."""

    __tablename__ = "workspaces"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("workspace_id", "id"),
        UniqueConstraint("workspace_id", "content_hash"),
        UniqueConstraint("workspace_id", "canonical_url"),
        Index("ix_articles_workspace_dated", "workspace_id", "dated_at"),
        Index("ix_articles_workspace_fetched", "workspace_id", "fetched_at"),
        # a list of article ids ranked by date reads this narrow index, not the articles' rows
        Index("ix_articles_id_dated", "id", "workspace_id", "dated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(_workspace_fk())
    url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(JSON)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime())
    dated_at: Mapped[datetime] = mapped_column(UTCDateTime())  # published, else fetched
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    content_hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(Text)


class Entity(Base):
    """One person, organisation or place, linked across the articles of a workspace."""

    __tablename__ = "entities"
    __table_args__ = (
        UniqueConstraint("workspace_id", "id"),
        UniqueConstraint("workspace_id", "family", "key"),
        Index("ix_entities_workspace_key", "workspace_id", "key"),
        Index("ix_entities_workspace_mentions", "workspace_id", "mentions"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(_workspace_fk())
    name: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300))  # normalize.name_key(name)
    type: Mapped[str] = mapped_column(String(20))
    family: Mapped[str] = mapped_column(String(20))  # normalize.type_family(type)
    search_text: Mapped[str] = mapped_column(Text)  # name, aliases and roles, for full-text search
    # kept by bot/store/counts.py as articles are saved and replaced: the sums of its mentions rows
    mentions: Mapped[int] = mapped_column(Integer, server_default="0")
    articles: Mapped[int] = mapped_column(Integer, server_default="0")


class EntityAlias(Base):
    __tablename__ = "entity_aliases"
    __table_args__ = (
        UniqueConstraint("workspace_id", "entity_id", "key"),
        Index("ix_entity_aliases_workspace_key", "workspace_id", "key"),
        _owned("entities", "entity_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(_workspace_fk())
    entity_id: Mapped[int] = mapped_column()
    alias: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300))


class Mention(Base):
    """An entity in one article: the name it had there, its role, how often it was mentioned."""

    __tablename__ = "mentions"
    __table_args__ = (
        UniqueConstraint("article_id", "entity_id"),
        Index("ix_mentions_workspace_entity_article", "workspace_id", "entity_id", "article_id"),
        _owned("articles", "article_id"),
        _owned("entities", "entity_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(_workspace_fk())
    article_id: Mapped[int] = mapped_column()
    entity_id: Mapped[int] = mapped_column()
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    aliases: Mapped[list[str]] = mapped_column(JSON)
    role: Mapped[str | None] = mapped_column(Text)
    mentions: Mapped[int] = mapped_column(Integer)


class EntityHour(Base):
    """The entities that articles dated in one hour (UTC) mention, with their mentions and
    articles then, kept by bot/store/counts.py: `counts` packs (entity_id, mentions, articles) as
    little-endian int32 triples. A month's most mentioned are then 720 small rows summed in numpy
    instead of every mention, and a save rewrites only its own hour's row."""

    __tablename__ = "entity_hours"

    workspace_id: Mapped[int] = mapped_column(_workspace_fk(), primary_key=True)
    hour: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    counts: Mapped[bytes] = mapped_column(LargeBinary)


class EntityRole(Base):
    """How many articles gave an entity this role (spelled exactly so), kept by bot/store/counts.py."""

    __tablename__ = "entity_roles"
    __table_args__ = (
        _owned("entities", "entity_id"),
        {"sqlite_with_rowid": False},
    )

    workspace_id: Mapped[int] = mapped_column(_workspace_fk(), primary_key=True)
    entity_id: Mapped[int] = mapped_column(primary_key=True)
    role_hash: Mapped[str] = mapped_column(String(40), primary_key=True)  # sha1 of role: any length
    role: Mapped[str] = mapped_column(Text)
    articles: Mapped[int] = mapped_column(Integer)
    mentions: Mapped[int] = mapped_column(Integer)


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        UniqueConstraint("workspace_id", "id"),
        Index("ix_claims_article", "article_id"),
        Index("ix_claims_id_article", "id", "workspace_id", "article_id"),  # claim ids -> articles
        Index("ix_claims_workspace_speaker_entity", "workspace_id", "speaker_entity_id"),
        Index("ix_claims_workspace_speaker_key", "workspace_id", "speaker_key"),
        _owned("articles", "article_id"),
        _owned("entities", "speaker_entity_id", ondelete=None),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(_workspace_fk())
    article_id: Mapped[int] = mapped_column()
    position: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str | None] = mapped_column(String(300))
    speaker_key: Mapped[str | None] = mapped_column(String(300))
    speaker_entity_id: Mapped[int | None] = mapped_column()
    speaker_kind: Mapped[str | None] = mapped_column(String(20))  # as in cited sources; None: unknown
    cue: Mapped[str] = mapped_column(String(100))
    content: Mapped[str] = mapped_column(Text)
    direct_quote: Mapped[bool] = mapped_column(Boolean)
    hedged: Mapped[bool] = mapped_column(Boolean)
    sentence: Mapped[str] = mapped_column(Text)


class ClaimSubject(Base):
    """An entity a claim is about (named in its content), other than its speaker."""

    __tablename__ = "claim_subjects"
    __table_args__ = (
        Index("ix_claim_subjects_workspace_entity_claim", "workspace_id", "entity_id", "claim_id"),
        ForeignKeyConstraint(
            ["workspace_id", "claim_id"], ["claims.workspace_id", "claims.id"], ondelete="CASCADE"
        ),
        _owned("entities", "entity_id"),
    )

    claim_id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(_workspace_fk())


class CitedSource(Base):
    __tablename__ = "cited_sources"
    __table_args__ = (
        Index("ix_cited_sources_workspace_article", "workspace_id", "article_id"),
        _owned("articles", "article_id"),
        _owned("entities", "entity_id", ondelete=None),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(_workspace_fk())
    article_id: Mapped[int] = mapped_column()
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    claims: Mapped[int] = mapped_column(Integer)
    entity_id: Mapped[int | None] = mapped_column()


class Source(Base):
    """A source as cited (its key and kind), one id per workspace for every article citing it:
    `source_tallies` count by these ids. `name` is its spelling when first cited."""

    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("workspace_id", "key", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(_workspace_fk())
    key: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))


class SourceTally(Base):
    """One row per article, kept by bot/store/tallies.py: its date and outlet (copied from the
    article) and the sources it cites, packed as little-endian int32 pairs (source id, claims),
    one pair per source. A week's sources by outlet are then ~1000 narrow rows read in date
    order and summed in numpy, instead of ~5000 cited sources grouped by name."""

    __tablename__ = "source_tallies"
    __table_args__ = (
        UniqueConstraint("workspace_id", "article_id"),
        _owned("articles", "article_id"),
        {"sqlite_with_rowid": False},
    )

    workspace_id: Mapped[int] = mapped_column(_workspace_fk(), primary_key=True)
    dated_at: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    article_id: Mapped[int] = mapped_column(primary_key=True)
    outlet: Mapped[str | None] = mapped_column(String(200))
    counts: Mapped[bytes] = mapped_column(LargeBinary)


DATE_BLOCK_BITS = 10  # a date block holds the articles of 1024 consecutive ids (tests make it less)


def date_block(article_id: int) -> int:
    """The date block of an article id (`DATE_BLOCK_BITS` read when called)."""
    return article_id >> DATE_BLOCK_BITS


class DateBlock(Base):
    """The newest date of a workspace's articles in each block of 1024 article ids
    (`date_block`), kept by bot/store/save.py and never lowered: an upper bound. Ids follow
    saving and dates mostly follow ids, so the articles dated since D with ids below some id
    (those a walk by id may have passed: bot/store/late.py) lie in the few blocks whose
    newest date is D or later, instead of among every article dated since D."""

    __tablename__ = "date_blocks"
    __table_args__ = ({"sqlite_with_rowid": False},)

    workspace_id: Mapped[int] = mapped_column(_workspace_fk(), primary_key=True)
    block: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    newest: Mapped[datetime] = mapped_column(UTCDateTime())


class KeyPoint(Base):
    __tablename__ = "key_points"
    __table_args__ = (
        Index("ix_key_points_article", "article_id"),
        Index("ix_key_points_id_article", "id", "workspace_id", "article_id"),  # key point ids -> articles
        _owned("articles", "article_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(_workspace_fk())
    article_id: Mapped[int] = mapped_column()
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class Feed(Base):
    """A feed a workspace follows (polled by the feeds module)."""

    __tablename__ = "feeds"
    __table_args__ = (UniqueConstraint("workspace_id", "id"), UniqueConstraint("workspace_id", "url"))

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(_workspace_fk())
    url: Mapped[str] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(String(128))
    title: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(100))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)


class FeedEntry(Base):
    """An entry already seen in a feed (by entry id, canonical URL or content hash)."""

    __tablename__ = "feed_entries"
    __table_args__ = (
        UniqueConstraint("feed_id", "entry_key"),
        _owned("feeds", "feed_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(_workspace_fk())
    feed_id: Mapped[int] = mapped_column()
    entry_key: Mapped[str] = mapped_column(String(512))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))


class ChannelSetting(Base):
    """A per-channel setting (digest time, feeds routed there ...), as JSON."""

    __tablename__ = "channel_settings"
    __table_args__ = (UniqueConstraint("workspace_id", "channel", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(_workspace_fk())
    channel: Mapped[str] = mapped_column(String(128))
    key: Mapped[str] = mapped_column(String(100))
    value: Mapped[Any] = mapped_column(JSON)


class ArticleChannel(Base):
    """An article brought to one channel (`/brief add` there, or a feed routed there).

    A channel's digest holds the articles brought to it and those brought to no channel.
    """

    __tablename__ = "article_channels"
    __table_args__ = (
        UniqueConstraint("workspace_id", "article_id", "channel"),
        _owned("articles", "article_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(_workspace_fk())
    article_id: Mapped[int] = mapped_column()
    channel: Mapped[str] = mapped_column(String(128))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DigestDelivery(Base):
    """One digest of one channel: claimed before posting, completed after.

    `slot` is the channel's local date for a scheduled digest ("2026-11-25"), unique per
    channel, which makes delivery exactly-once; an on-demand digest gets a slot of its own.
    `plan` is the composed digest (lists of article ids per item), so a digest interrupted
    halfway is resumed with the same items, skipping those already posted.
    """

    __tablename__ = "digest_deliveries"
    __table_args__ = (
        UniqueConstraint("workspace_id", "channel", "slot"),
        UniqueConstraint("workspace_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(_workspace_fk())
    channel: Mapped[str] = mapped_column(String(128))
    slot: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # scheduled | manual
    status: Mapped[str] = mapped_column(String(16))  # claimed | done
    owner: Mapped[str] = mapped_column(String(128))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    window_start: Mapped[datetime] = mapped_column(UTCDateTime())
    window_end: Mapped[datetime] = mapped_column(UTCDateTime())
    plan: Mapped[Any] = mapped_column(JSON)
    posted: Mapped[int] = mapped_column(Integer, default=0)  # items posted, for the report


class DigestMessage(Base):
    """A message a digest posted: its header (position 0) or an item, with the item's articles.

    A thread under an item's message is about `article_id` (the item's lead article).
    """

    __tablename__ = "digest_messages"
    __table_args__ = (
        UniqueConstraint("delivery_id", "position"),
        UniqueConstraint("workspace_id", "channel", "message_id"),
        _owned("digest_deliveries", "delivery_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(_workspace_fk())
    delivery_id: Mapped[int] = mapped_column()
    channel: Mapped[str] = mapped_column(String(128))
    position: Mapped[int] = mapped_column(Integer)
    message_id: Mapped[str] = mapped_column(String(128))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    article_ids: Mapped[Any] = mapped_column(JSON)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class HandledEvent(Base):
    """A chat event some process of briefbot took (Slack's event id, ...): a retry of it, even
    one that reaches another replica, is not answered again. Rows older than an hour go."""

    __tablename__ = "handled_events"
    __table_args__ = (
        UniqueConstraint("platform", "event_id"),
        Index("ix_handled_events_seen_at", "seen_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(255))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PageToken(Base):
    """A conversation's last "more" token (the conversation's key hashed), shared by replicas."""

    __tablename__ = "page_tokens"
    __table_args__ = (UniqueConstraint("conversation"), Index("ix_page_tokens_updated_at", "updated_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation: Mapped[str] = mapped_column(String(64))
    token: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
