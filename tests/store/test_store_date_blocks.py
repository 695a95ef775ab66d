"""Date blocks (models.DateBlock) bound the dates of their articles: every article's block says a
date at or after the article's, through adds and re-parses that move an article's date either
way, in each workspace, and after the migration that fills them in; on both backends."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from contracts import contract
from sqlalchemy import text

from bot.store import Store, Workspace, late, migrate, models, open_store
from bot.store.models import Article, Claim

START = datetime(2026, 3, 1, tzinfo=UTC)


def _save(store: Store, ws: Workspace, n: int, when: datetime) -> int:
    story = contract(f"Story {n}", f"Story {n} told at {when.isoformat()}", url=f"https://x.example/{n}",
                     published=when.isoformat())  # fmt: skip
    return store.save_parsed(ws, story, fetched_at=when).article_id


def _blocks(store: Store) -> dict[tuple[int, int], datetime]:
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT workspace_id, block, newest FROM date_blocks")).all()
    return {(w, b): _aware(newest) for w, b, newest in rows}


def _articles(store: Store) -> list[tuple[int, int, datetime]]:
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT workspace_id, id, dated_at FROM articles")).all()
    return [(w, i, _aware(d)) for w, i, d in rows]


def _aware(value: datetime | str) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC)


def test_every_article_is_dated_at_or_before_its_block(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "DATE_BLOCK_BITS", 2)  # blocks of 4 ids
    rng = random.Random(5)
    spaces = [store.workspace("slack", "T1"), store.workspace("discord", "G1")]
    highest: dict[tuple[int, int], datetime] = {}  # every date each block has seen
    for n in range(40):
        ws = spaces[n % 3 == 2]
        when = START + timedelta(hours=6 * n + rng.uniform(-90, 90))
        article_id = _save(store, ws, n, when)
        key = (ws.id, article_id >> 2)
        highest[key] = max(highest.get(key, when), when)
        if rng.random() < 0.4:  # a new version, dated earlier or later
            moved = when + timedelta(hours=rng.choice([-200, -3, 5, 300]))
            assert _save(store, ws, n, moved) == article_id
            highest[key] = max(highest[key], moved)
    blocks = _blocks(store)
    assert blocks == highest  # raised by later dates, never lowered by earlier ones
    for ws_id, article_id, dated in _articles(store):
        assert blocks[(ws_id, article_id >> 2)] >= dated


def _copy_article(store: Store, source_id: int, new_id: int, dated: datetime) -> None:
    """A copy of an article under another id (blocks apart) and date, written as rows directly."""
    columns = [c.name for c in Article.__table__.columns]
    values = {
        "id": ":id",
        "dated_at": ":dated",
        "url": "url || :tag",
        "canonical_url": "canonical_url || :tag",
        "content_hash": "substr(content_hash, 1, 58) || :tag",
    }
    picked = ", ".join(values.get(c, c) for c in columns)
    copy = f"INSERT INTO articles ({', '.join(columns)}) SELECT {picked} FROM articles WHERE id = :source"
    with store.engine.begin() as conn:
        conn.execute(
            text(copy),
            {"id": new_id, "dated": dated.replace(tzinfo=None), "tag": f"-{new_id}", "source": source_id},
        )


def test_the_migration_fills_the_blocks_from_kept_articles(database_url: str) -> None:
    store = open_store(database_url)
    try:
        spaces = [store.workspace("slack", "T1"), store.workspace("discord", "G1")]
        first = [_save(store, ws, n, START - timedelta(days=n)) for n, ws in enumerate(spaces)]
        for k, new_id in enumerate([1500, 1700, 2048, 5000]):  # blocks 1, 1, 2 and 4, the workspaces in turn
            _copy_article(store, first[k % 2], new_id, START + timedelta(days=k))
        migrate.downgrade(store.engine, "0008")
        migrate.upgrade(store.engine)
        expected: dict[tuple[int, int], datetime] = {}
        for ws_id, article_id, dated in _articles(store):
            key = (ws_id, models.date_block(article_id))  # the migration's blocks are the models'
            expected[key] = max(expected.get(key, dated), dated)
        assert _blocks(store) == expected
        assert {block for _ws, block in expected} == {0, 1, 2, 4} and len(expected) == 6
    finally:
        store.close()


def test_a_row_gone_meanwhile_bounds_nothing(store: Store) -> None:
    """A claim re-parsed away between two statements of a query: its article is taken to be above
    every article (an id PostgreSQL's 32-bit column still accepts), so nothing is filtered out."""
    ws = store.workspace("slack", "T1")
    _save(store, ws, 1, START)
    with store.reading() as session:
        assert late.article_of(session, Claim, 10**9) >= 2**31 - 2
        up_to = late.article_of(session, Claim, 10**9) + 1
        assert late.late_rows(session, ws, Claim, START - timedelta(days=1), 10**9, up_to) == []
        assert late.late_articles(session, ws, START - timedelta(days=1), 2**31 - 1) != []
