"""Counts kept at save time (bot/store/counts.py) equal the sums of the mentions rows, through
adds, updates that move an article to another hour or drop entities, and the migration that
fills them in; the most mentioned in any period equals summing every mention, on both backends."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from contracts import contract
from sqlalchemy import text
from store_contracts import org, person

from bot.store import Store, Workspace, migrate, open_store, queries
from bot.store.counts import role_hash, unpack
from bot.store.roles import ROLE_SAMPLE

START = datetime(2026, 3, 1, tzinfo=UTC)
NAMES = [f"Person {chr(65 + i)} Example" for i in range(12)]
ROLES = ["minister", "Minister", "the ‘envoy’", "the 'envoy'", None, "analyst at " + "x" * 400]


def _article(rng: random.Random, n: int, published: datetime) -> dict[str, Any]:
    who = [
        (person if i % 3 else org)(name, role=rng.choice(ROLES), mentions=rng.randint(1, 5))
        for i, name in enumerate(NAMES)
        if rng.random() < 0.4
    ]
    return contract(f"Story {n}", f"Story {n} text {rng.random()}", url=f"https://x.example/{n}",
                    published=published.isoformat(), who=who)  # fmt: skip


def _fill(store: Store, ws: Workspace, seed: int = 7, articles: int = 40) -> None:
    """Articles over ten days at any hour, a third of them saved again with another date and
    other entities (an update), some of those moving to another hour or day."""
    rng = random.Random(seed)
    for n in range(articles):
        when = START + timedelta(hours=rng.uniform(0, 240))
        store.save_parsed(ws, _article(rng, n, when), fetched_at=when)
        if rng.random() < 0.33:
            moved = when + timedelta(hours=rng.choice([0, 1, 30, -50]))
            store.save_parsed(ws, _article(rng, n, moved), fetched_at=moved)


def _kept(store: Store, ws: Workspace) -> dict[str, set[tuple[Any, ...]]]:
    with store.engine.connect() as conn:

        def rows(sql: str) -> set[tuple[Any, ...]]:
            return {tuple(r) for r in conn.execute(text(sql), {"ws": ws.id})}

        return {
            "totals": rows("SELECT id, mentions, articles FROM entities WHERE workspace_id = :ws"),
            "hours": {
                (str(hour)[:13], e, m, a)
                for hour, blob in conn.execute(
                    text("SELECT hour, counts FROM entity_hours WHERE workspace_id = :ws"), {"ws": ws.id}
                )
                for e, (m, a) in unpack(blob).items()
            },
            "roles": rows(
                "SELECT entity_id, role_hash, role, articles, mentions FROM entity_roles"
                " WHERE workspace_id = :ws"
            ),
        }


def _summed(store: Store, ws: Workspace) -> dict[str, set[tuple[Any, ...]]]:
    """The same three, summed from every mention the store keeps."""
    with store.engine.connect() as conn:
        mentions = conn.execute(
            text(
                "SELECT m.entity_id, m.mentions, m.role, a.dated_at FROM mentions m"
                " JOIN articles a ON a.id = m.article_id WHERE m.workspace_id = :ws"
            ),
            {"ws": ws.id},
        ).all()
        entity_ids = list(
            conn.scalars(text("SELECT id FROM entities WHERE workspace_id = :ws"), {"ws": ws.id})
        )
    totals = {e: [0, 0] for e in entity_ids}
    hours: dict[tuple[str, int], list[int]] = {}
    roles: dict[tuple[int, str], list[int]] = {}
    for entity_id, n, role, dated in mentions:
        hour = str(dated)[:13]  # "YYYY-MM-DD HH"
        for table, key in ((totals, entity_id), (hours, (hour, entity_id))):
            counted = table.setdefault(key, [0, 0])  # type: ignore[attr-defined]
            counted[0] += n
            counted[1] += 1
        if role:
            counted = roles.setdefault((entity_id, role), [0, 0])
            counted[0] += 1
            counted[1] += n
    return {
        "totals": {(e, m, a) for e, (m, a) in totals.items()},
        "hours": {(h, e, m, a) for (h, e), (m, a) in hours.items()},
        "roles": {(e, role_hash(r), r, a, m) for (e, r), (a, m) in roles.items()},
    }


def test_counts_equal_the_mentions_through_adds_and_updates(store: Store) -> None:
    ws = store.workspace("slack", "T1")
    other = store.workspace("discord", "G1")
    _fill(store, ws)
    _fill(store, other, seed=8, articles=10)
    kept, summed = _kept(store, ws), _summed(store, ws)
    assert kept == summed
    assert len(kept["hours"]) > 20 and len(kept["roles"]) > 10  # the test saw a real spread


def test_the_migration_fills_the_counts_from_kept_mentions(database_url: str) -> None:
    store = open_store(database_url)
    try:
        ws = store.workspace("slack", "T1")
        _fill(store, ws, articles=15)
        before = _kept(store, ws)
        migrate.downgrade(store.engine, "0006")
        migrate.upgrade(store.engine)
        assert _kept(store, ws) == before == _summed(store, ws)
    finally:
        store.close()


def _brute_top(
    store: Store, ws: Workspace, since: datetime | None, until: datetime | None, types: Any
) -> Any:
    """The most mentioned, summed from every mention of the articles dated in the period."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT e.id, e.name, e.type, m.mentions, m.role, a.dated_at FROM mentions m"
                " JOIN articles a ON a.id = m.article_id JOIN entities e ON e.id = m.entity_id"
                " WHERE m.workspace_id = :ws"
            ),
            {"ws": ws.id},
        ).all()
    totals: dict[int, list[Any]] = {}
    for entity_id, name, type_, n, _role, stored in rows:
        dated = (stored if isinstance(stored, datetime) else datetime.fromisoformat(stored)).replace(
            tzinfo=UTC
        )
        if (since and dated < since) or (until and dated >= until) or (types and type_ not in types):
            continue
        counted = totals.setdefault(entity_id, [entity_id, name, type_, 0, 0])
        counted[3] += n
        counted[4] += 1
    ranked = sorted(totals.values(), key=lambda r: (-r[3], -r[4], r[0]))
    return [tuple(r) for r in ranked]


def test_top_entities_equals_summing_every_mention_in_any_period(store: Store) -> None:
    ws = store.workspace("slack", "T1")
    _fill(store, ws)
    rng = random.Random(3)
    midnight = START + timedelta(days=4)
    periods: list[tuple[datetime | None, datetime | None]] = [
        (None, None),
        (START - timedelta(days=30), None),  # before the oldest article: all time
        (midnight, None),
        (midnight, midnight + timedelta(days=3)),  # whole hours only
        (midnight + timedelta(hours=5), midnight + timedelta(hours=9)),
        (midnight + timedelta(minutes=5), midnight + timedelta(minutes=50)),  # within one hour
        (midnight + timedelta(minutes=5), midnight + timedelta(hours=1, minutes=2)),  # two part-hours
        (midnight + timedelta(hours=5, minutes=7), midnight + timedelta(days=1, hours=2, minutes=1)),
        (midnight - timedelta(minutes=1), midnight + timedelta(days=1)),
    ]
    periods += [
        (since, since + timedelta(hours=rng.uniform(1, 120)) if rng.random() < 0.7 else None)
        for since in (START + timedelta(hours=rng.uniform(-10, 250)) for _ in range(25))
    ]
    for since, until in periods:
        for types in (None, ("PERSON",), ("ORG",)):
            expected = _brute_top(store, ws, since, until, types)[:5]
            got = queries.top_entities(store, ws, since=since, until=until, types=types, limit=5)
            assert [(e.entity_id, e.name, e.type, e.mentions, e.articles) for e in got] == expected, (
                since,
                until,
            )


def test_roles_and_totals_of_a_profile_and_the_top_come_from_the_counts(store: Store) -> None:
    ws = store.workspace("slack", "T1")
    when = START.isoformat()
    first = contract("One", url="https://x.example/1", published=when,
                     who=[person("Ada Example", role="the ‘envoy’", mentions=2)])  # fmt: skip
    second = contract("Two", url="https://x.example/2", published=when,
                      who=[person("Ada Example", role="the 'envoy'", mentions=1)])  # fmt: skip
    third = contract("Three", url="https://x.example/3", published=when,
                     who=[person("Ada Example", role="minister", mentions=4)])  # fmt: skip
    for c in (first, second, third):
        store.save_parsed(ws, c, fetched_at=START)
    profile = queries.entity_profile(store, ws, "Ada Example")
    assert profile is not None
    assert profile.mentions == 7
    assert profile.roles[0][1] == 2 and profile.roles[0][0] in ("the ‘envoy’", "the 'envoy'")
    assert profile.roles[1] == ("minister", 1)
    (top,) = queries.top_entities(store, ws, since=None)
    assert (top.mentions, top.articles) == (7, 3)
    assert top.roles == (profile.roles[0][0], "minister")  # the two spellings are one role, counted twice
    # the third article is corrected: Ada is no longer a minister there, and the counts follow
    store.save_parsed(ws, {**third, "who": [person("Ada Example", mentions=1)],
                           "article": {**third["article"], "text": "Three, corrected."}},
                      fetched_at=START)  # fmt: skip
    profile = queries.entity_profile(store, ws, "Ada Example")
    assert profile is not None and profile.mentions == 4
    assert [n for _role, n in profile.roles] == [2]


@pytest.mark.parametrize("minutes", [0, 59])
def test_an_article_counts_in_its_utc_hour_however_its_date_was_written(store: Store, minutes: int) -> None:
    ws = store.workspace("slack", "T1")
    dated = START + timedelta(hours=23, minutes=minutes, seconds=59 if minutes else 0)
    local = dated.astimezone(ZoneInfo("Asia/Tokyo"))  # the same moment, written +09:00 (the next day)
    store.save_parsed(ws, contract("Edge", published=local.isoformat(), who=[person("Bo Example")]),
                      fetched_at=dated)  # fmt: skip
    assert {h for h, *_ in _kept(store, ws)["hours"]} == {str(START.date()) + " 23"}
    hour = START + timedelta(hours=23)
    assert [e.name for e in queries.top_entities(store, ws, since=hour, until=hour + timedelta(hours=1))] == [
        "Bo Example"
    ]
    assert queries.top_entities(store, ws, since=hour + timedelta(hours=1)) == []
    assert queries.top_entities(store, ws, since=START, until=hour) == []


def test_roles_in_a_period_are_the_latest_given_there(store: Store) -> None:
    """A period's roles come from each entity's newest ROLE_SAMPLE mentions in it: a busy
    person's new job shows, and roles given outside the period do not."""
    ws = store.workspace("slack", "T1")
    total = ROLE_SAMPLE + 10
    for n in range(total):
        role = "deputy minister" if n < 10 else "minister"
        when = START + timedelta(hours=n)
        store.save_parsed(ws, contract(f"Story {n}", url=f"https://x.example/{n}", published=when.isoformat(),
                                       who=[person("Ada Example", role=role)]), fetched_at=when)  # fmt: skip
    (everything,) = queries.top_entities(store, ws, since=START, until=START + timedelta(days=30))
    assert everything.articles == total and everything.roles == ("minister",)
    (early,) = queries.top_entities(store, ws, since=START, until=START + timedelta(hours=10))
    assert early.articles == 10 and early.roles == ("deputy minister",)
    (overall,) = queries.top_entities(store, ws, since=None)
    assert overall.roles == ("minister", "deputy minister")
