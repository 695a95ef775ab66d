"""Digest test helpers: a controllable clock, a recording chat adapter, stories as parse contracts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from contracts import cited, claim, contract, entity

from bot.errors import DeliveryError
from bot.messages import Reply
from bot.store import Store, Workspace

START = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # a Monday


class Clock:
    """The time the code under test sees; tests move it."""

    def __init__(self, now: datetime = START) -> None:
        self.moment = now

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, delta: timedelta) -> None:
        self.moment += delta


class RecordingPoster:
    """A chat adapter's Poster that keeps what it was asked to post; it can be told to fail."""

    def __init__(self, platform: str = "slack") -> None:
        self.platform = platform
        self.posts: list[tuple[str, str, Reply, str]] = []  # (workspace, channel, reply, message id)
        self.fail_at: int | None = None  # the post number (0-based, over all posts) that fails once
        self.refuse = False
        self._sent = 0

    async def post(self, workspace_id: str, channel: str, reply: Reply) -> str:
        if self.refuse:
            raise DeliveryError(f"channel_not_found: {channel}")
        if self.fail_at is not None and len(self.posts) == self.fail_at:
            self.fail_at = None
            raise ConnectionError("connection reset while posting")
        self._sent += 1
        message_id = f"{channel}-{self._sent}"
        self.posts.append((workspace_id, channel, reply, message_id))
        return message_id

    def titles(self, channel: str | None = None) -> list[str]:
        return [r.title for _, c, r, _ in self.posts if channel is None or c == channel]


def corridor(outlet: str, n: int) -> dict[str, Any]:
    """One of several reports of the same event: same people, places and much the same words."""
    return contract(
        f"Caspian grain corridor deal agreed by Kazakhstan and Azerbaijan ({outlet})",
        outlet=outlet,
        url=f"https://{outlet.lower().replace(' ', '')}.example/grain-{n}",
        published="2026-03-01T09:00:00+00:00",
        who=[
            entity("Aigerim Sadykova", "Sadykova", role="deputy agriculture minister", mentions=3),
            entity("Kazakhstan", type="GPE", mentions=4),
            entity("Azerbaijan", type="GPE", mentions=2),
            entity("Baku", type="GPE", mentions=1),
        ],
        claims=[
            claim("Aigerim Sadykova", "the corridor should carry 4.5 million tonnes of grain a year"),
            claim("analysts", "the tariff may prove too high", cue="warned", hedged=True),
        ],
        sources=[cited("Aigerim Sadykova", "named_person"), cited("analysts", "unnamed")],
        key_points=[
            f"Kazakhstan and Azerbaijan agreed a grain corridor across the Caspian ({outlet} report {n}).",
            "The corridor should carry 4.5 million tonnes of grain a year, the deputy minister said.",
        ],
    )


def bridge(n: int = 0) -> dict[str, Any]:
    return contract(
        f"Harbour bridge closed for repairs {n}",
        outlet="Leevalley Post",
        url=f"https://leevalley.example/bridge-{n}",
        published="2026-03-01T10:00:00+00:00",
        who=[
            entity("Aoife Brennan", "Brennan", role="city engineer", mentions=2),
            entity("Cork City Council", type="ORG", mentions=2),
        ],
        claims=[claim("Aoife Brennan", f"the bridge {n} must stay shut for six months", quote=True)],
        key_points=[f"Cork's harbour bridge {n} closed after inspectors found corroded cables."],
    )


def save(store: Store, ws: Workspace, data: dict[str, Any], at: datetime) -> int:
    return store.save_parsed(ws, data, fetched_at=at).article_id
