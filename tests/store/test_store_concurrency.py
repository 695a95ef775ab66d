"""Several writers at once (ingest workers, a feed poll, a chat command) and asyncio callers."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

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
