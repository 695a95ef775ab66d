"""Source tallies (bot/store/tallies.py) give what grouping every cited source gives: sources by
outlet in any period, a set of articles' sources, through adds and re-parses that change an
article's date, outlet and sources, and after the migration that fills them in; on both backends."""

from __future__ import annotations

import random
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from contracts import contract
from sqlalchemy import text

from bot.store import Store, Workspace, migrate, open_store, queries, tallies
from bot.store.types import SourceCount
from handlers import lookups

START = datetime(2026, 3, 1, tzinfo=UTC)
OUTLETS = ["Wire", "Daily", "Courier", None, lookups.UNKNOWN_OUTLET]
CITED = [  # name, kind: spellings that differ in case are one source
    ("Reuters", "publication"), ("reuters", "publication"), ("analysts", "unnamed"),
    ("Analysts", "unnamed"), ("the ministry", "organization"), ("Anna Petrova", "named_person"),
    ("Ivan Petrov", "named_person"), ("budget data", "document"), ("officials", "unnamed"),
    ("Ivan Petrov", "organization"),
]  # fmt: skip


def _article(rng: random.Random, n: int, published: datetime) -> dict[str, Any]:
    picked = rng.sample(CITED, rng.randint(0, 6))
    picked += rng.sample(picked, min(len(picked), rng.randint(0, 1)))  # an article citing one twice
    sources = [{"name": name, "kind": kind, "claims": rng.randint(0, 4)} for name, kind in picked]
    return contract(f"Story {n}", f"Story {n} text {rng.random()}", url=f"https://x.example/{n}",
                    outlet=rng.choice(OUTLETS), published=published.isoformat(), sources=sources)  # fmt: skip


def _fill(store: Store, ws: Workspace, seed: int = 3, articles: int = 60) -> None:
    """Articles over ten days, a third saved again with another date, outlet and sources."""
    rng = random.Random(seed)
    for n in range(articles):
        when = START + timedelta(hours=rng.uniform(0, 240))
        store.save_parsed(ws, _article(rng, n, when), fetched_at=when)
        if rng.random() < 0.33:
            moved = when + timedelta(hours=rng.choice([1, 30, -50]))
            store.save_parsed(ws, _article(rng, n, moved), fetched_at=moved)


def _cited(store: Store, ws: Workspace) -> list[tuple[Any, ...]]:
    """Every cited source row with its article's id, date and outlet."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT a.id, a.dated_at, a.outlet, c.id, c.name, c.key, c.kind, c.claims"
                " FROM articles a LEFT JOIN cited_sources c ON c.article_id = a.id"
                " WHERE a.workspace_id = :ws ORDER BY c.id"
            ),
            {"ws": ws.id},
        ).all()
    return [
        (
            r[0],
            (r[1] if isinstance(r[1], datetime) else datetime.fromisoformat(r[1])).replace(tzinfo=UTC),
            *r[2:],
        )
        for r in rows
    ]


def _first_names(store: Store, ws: Workspace) -> dict[tuple[str, str], str]:
    """Each (key, kind)'s name as the store first saw it (the sources table keeps it, even
    after the article that cited it so was re-parsed)."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT key, kind, name FROM sources WHERE workspace_id = :ws"), {"ws": ws.id}
        )
        return {(k, kind): name for k, kind, name in rows}


def _grouped(rows: list[tuple[Any, ...]], names: dict[tuple[str, str], str], most: int) -> list[SourceCount]:
    counted: dict[tuple[str, str], list[Any]] = {}
    for article_id, _dated, _outlet, cited_id, _name, key, kind, claims in rows:
        if cited_id is None:
            continue
        group = counted.setdefault((key, kind), [0, set()])
        group[0] += claims
        group[1].add(article_id)
    ranked = sorted(counted.items(), key=lambda g: (-g[1][0], -len(g[1][1]), g[0][0], g[0][1]))
    return [SourceCount(names[k], k[1], c, len(a)) for k, (c, a) in ranked[:most]]


def _brute_outlets(store: Store, ws: Workspace, since: datetime | None) -> list[lookups.OutletSources]:
    rows = [r for r in _cited(store, ws) if since is None or r[1] >= since]
    names = _first_names(store, ws)
    by_outlet: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows:
        by_outlet.setdefault(row[2] or lookups.UNKNOWN_OUTLET, []).append(row)
    out = []
    for outlet, mine in by_outlet.items():
        articles = len({r[0] for r in mine})
        distinct = len({(r[5], r[6]) for r in mine if r[3] is not None})
        out.append(lookups.OutletSources(outlet, articles, tuple(_grouped(mine, names, 5)), distinct))
    out.sort(key=lambda o: (-o.articles, o.outlet == lookups.UNKNOWN_OUTLET, o.outlet))
    return out


def test_sources_by_outlet_equal_grouping_every_cited_source_in_any_period(store: Store) -> None:
    ws, other = store.workspace("slack", "T1"), store.workspace("discord", "G1")
    _fill(store, ws)
    _fill(store, other, seed=4, articles=15)
    periods = [None, START - timedelta(days=5)] + [
        START + timedelta(hours=h) for h in (0, 7.5, 50, 131, 200, 239)
    ]
    for since in periods:
        found = lookups.outlet_sources(store, ws, since=since)
        assert found == _brute_outlets(store, ws, since), since
    whole = lookups.outlet_sources(store, ws, since=None)
    assert len(whole) == 4 and all(o.sources for o in whole)  # the test saw outlets, unknown merged
    assert sum(o.articles for o in whole) == 60
    assert any(len(o.sources) == 5 and o.cited > 5 for o in whole)  # the top five were chosen


def test_a_set_of_articles_sources_equal_grouping_theirs(store: Store) -> None:
    ws, other = store.workspace("slack", "T1"), store.workspace("discord", "G1")
    _fill(store, ws)
    _fill(store, other, seed=4, articles=15)
    rows, names = _cited(store, ws), _first_names(store, ws)
    article_ids = sorted({r[0] for r in rows})
    foreign = [r[0] for r in _cited(store, other)]
    rng = random.Random(5)
    for size in (1, 3, 10, 40, len(article_ids)):
        chosen = set(rng.sample(article_ids, size))
        with store.reading() as session:
            found = tallies.for_articles(session, ws, sorted(chosen | set(foreign)), 8)
        assert found == _grouped([r for r in rows if r[0] in chosen], names, 8)
    with store.reading() as session:
        assert tallies.for_articles(session, ws, foreign, 8) == []  # another workspace's: nothing


def test_topic_sources_count_each_article_once_per_source(store: Store) -> None:
    ws = store.workspace("slack", "T1")
    cited = [
        {"name": "Reuters", "kind": "publication", "claims": 2},
        {"name": "REUTERS", "kind": "publication", "claims": 1},
    ]
    for n in range(3):
        store.save_parsed(
            ws,
            contract(f"Harbour story {n}", key_points=["The harbour reopened."], sources=cited, url=f"https://h.example/{n}"),
            fetched_at=START + timedelta(hours=n),
        )  # fmt: skip
    assert queries.topic_sources(store, ws, "harbour") == [SourceCount("Reuters", "publication", 9, 3)]


def test_the_migration_fills_the_tallies_from_kept_cited_sources(database_url: str) -> None:
    store = open_store(database_url)
    try:
        ws = store.workspace("slack", "T1")
        _fill(store, ws, articles=20)
        before = lookups.outlet_sources(store, ws, since=None)
        assert before == _brute_outlets(store, ws, None)
        migrate.downgrade(store.engine, "0007")
        migrate.upgrade(store.engine)
        # the migration names each source by its first citation still kept: what the brute force
        # (reading the migrated sources table) expects, and what a fresh store shows for it
        assert lookups.outlet_sources(store, ws, since=None) == _brute_outlets(store, ws, None)
        assert [(o.outlet, o.articles, o.cited) for o in before] == [
            (o.outlet, o.articles, o.cited) for o in lookups.outlet_sources(store, ws, since=None)
        ]
    finally:
        store.close()


def test_concurrent_saves_citing_the_same_new_sources_lose_nothing(store: Store) -> None:
    ws = store.workspace("slack", "T1")
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(6):
                cited = [
                    {"name": f"Source {j}", "kind": "organization", "claims": 1} for j in range(i, i + 4)
                ]
                ordered = list(reversed(cited)) if n % 2 else cited
                story = contract(f"Story {n}-{i}", url=f"https://c.example/{n}/{i}", sources=ordered)
                store.save_parsed(ws, story, fetched_at=START)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    found = lookups.outlet_sources(store, ws, since=None, per_outlet=20)
    (wire,) = found
    assert wire.articles == 24 and wire.cited == 9
    assert {s.name: (s.claims, s.articles) for s in wire.sources} == {
        f"Source {j}": (n, n) for j, n in enumerate((4, 8, 12, 16, 16, 16, 12, 8, 4))
    }
