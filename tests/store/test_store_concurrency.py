"""Several writers at once (ingest workers, a feed poll, a chat command) and asyncio callers."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from store_contracts import FETCHED, claim, contract, person

from bot.store import SaveResult, Store, queries


def test_parallel_writers_share_new_entities_without_duplicates(store: Store) -> None:
    ws = store.workspace("console", "console")
    stories = [
        contract(
            f"Story {n}",
            who=[person("Alexander Matsegora", "Matsegora"), person(f"Person {n}")],
            claims=[claim("Matsegora", f"statement number {n}")],
        )
        for n in range(8)
    ]
    stories.append(stories[0])  # the same article twice, at once
    start = threading.Barrier(len(stories))

    def save(story: dict[str, object]) -> SaveResult:
        start.wait()
        return store.save_parsed(ws, story, fetched_at=FETCHED)

    with ThreadPoolExecutor(len(stories)) as pool:
        results = list(pool.map(save, stories))
    assert sorted(r.status for r in results) == ["added"] * 8 + ["unchanged"]
    assert results[0].article_id == results[-1].article_id
    assert queries.find_entities(store, ws, "Matsegora") == queries.find_entities(
        store, ws, "Alexander Matsegora"
    )
    profile = queries.entity_profile(store, ws, "Matsegora")
    assert profile is not None and len(profile.articles) == 8 and len(profile.claims) == 8
    # the counts kept at save time lost no update: all eight articles are of one day
    assert profile.mentions == 8
    day = datetime(2026, 5, 19, tzinfo=UTC)
    top = queries.top_entities(store, ws, since=day, until=day + timedelta(days=1), limit=1)
    assert [(t.name, t.mentions, t.articles) for t in top] == [("Alexander Matsegora", 8, 8)]


async def test_asyncio_callers_use_threads(store: Store) -> None:
    ws = await asyncio.to_thread(store.workspace, "discord", "G1")
    saved = await asyncio.gather(
        *(
            asyncio.to_thread(store.save_parsed, ws, contract(f"S{n}", f"text {n}"), fetched_at=FETCHED)
            for n in range(4)
        )
    )
    assert {s.status for s in saved} == {"added"}
    found = await asyncio.to_thread(queries.articles_since, store, ws, FETCHED)
    assert len(found) == 4


def test_a_save_that_lost_to_a_concurrent_writer_is_tried_again_and_nothing_else_is() -> None:
    from sqlalchemy import exc

    from bot.store.store import _collided

    class Orig(Exception):
        def __init__(self, sqlstate: str | None) -> None:
            super().__init__(sqlstate)
            self.sqlstate = sqlstate

    def operational(state: str | None) -> exc.OperationalError:
        return exc.OperationalError("UPDATE entities ...", {}, Orig(state))

    assert _collided(exc.IntegrityError("INSERT ...", {}, Orig("23505")))
    assert _collided(operational("40P01")) and _collided(operational("40001"))
    assert not _collided(operational("53100")) and not _collided(operational(None))  # disk full; SQLite
