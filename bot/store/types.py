"""The plain, frozen values the store hands out (no ORM objects leave bot/store)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

PLATFORMS = ("slack", "discord", "console")
SaveStatus = Literal["added", "updated", "unchanged"]
HitKind = Literal["claim", "key_point", "entity"]


@dataclass(frozen=True)
class Workspace:
    """A tenant: a Slack team, a Discord guild, or the console. Get one from `Store.workspace`."""

    id: int
    platform: str
    external_id: str


@dataclass(frozen=True)
class SaveResult:
    article_id: int
    status: SaveStatus


@dataclass(frozen=True)
class ArticleRef:
    """What the store knows of an article before parsing it again (for ingestion's dedupe)."""

    id: int
    canonical_url: str | None
    content_hash: str


@dataclass(frozen=True)
class ArticleSummary:
    id: int
    title: str
    outlet: str | None
    url: str | None
    published_at: datetime | None
    fetched_at: datetime


@dataclass(frozen=True)
class EntityCount:
    """An entity over a period: how often and in how many articles, and the roles it had."""

    entity_id: int
    name: str
    type: str
    mentions: int
    articles: int
    roles: tuple[str, ...]


@dataclass(frozen=True)
class ClaimView:
    id: int
    article_id: int
    speaker: str | None
    speaker_entity_id: int | None
    speaker_kind: str | None
    cue: str
    content: str
    direct_quote: bool
    hedged: bool
    sentence: str
    outlet: str | None
    title: str
    dated_at: datetime
    speaker_name: str | None  # the speaker entity's canonical name when linked, else as written


@dataclass(frozen=True)
class EntityProfile:
    entity_id: int
    name: str
    type: str
    aliases: tuple[str, ...]
    roles: tuple[tuple[str, int], ...]  # (role, articles giving it), most given first
    mentions: int
    articles: tuple[ArticleSummary, ...]  # newest first
    claims: tuple[ClaimView, ...]  # claims this entity made, newest first


@dataclass(frozen=True)
class SourceCount:
    """A source cited inside articles, with the claims resting on it and the articles citing it."""

    name: str
    kind: str
    claims: int
    articles: int


@dataclass(frozen=True)
class SearchHit:
    kind: HitKind
    id: int  # the claim's, key point's or entity's id
    article_id: int | None  # None for entities (they span articles)
    text: str
    rank: float  # lower is better


@dataclass(frozen=True)
class ClaimGroup:
    """One claim as reported across articles: the same speaker saying much the same thing."""

    speaker: str
    content: str  # the first report's wording
    outlets: tuple[str, ...]
    claims: tuple[ClaimView, ...]

    @property
    def outlet_count(self) -> int:
        return len(self.outlets)
