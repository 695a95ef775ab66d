"""Latency of the store's /who, /claims and /sources queries on generated stores (issue 3, "Speed").

    .venv/bin/python bench/query_bench.py [--sizes 10000,100000] [--backend sqlite|postgresql] [--keep DIR]

For each size it builds a store with that many articles in the main workspace (plus a small
second workspace, interleaved, so tenancy filters do real work), times every query over
--runs calls with varied parameters after a warm-up, and prints p50 / p95 per size and the
p95 ratio of the largest size to the smallest. Goals (issue 3): p95 <= 20 ms at 100k on
SQLite, and no worse than 2x from 10k to 100k. Queries that miss get their SQL plans printed.

The stores: synthetic contract dicts (what `bot.parse.to_contract` returns; no spaCy) written
by the store's own `save`; see `describe()` and bench/README.md. SQLite stores are cached in
--keep DIR (default: a temporary folder, removed at the end); a smaller size is a snapshot
of the larger one's generation, taken when it had that many articles.
"""

from __future__ import annotations

import argparse
import bisect
import gc
import itertools
import math
import multiprocessing
import os
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import event, func, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bot.store import Store, Workspace, open_store, queries  # noqa: E402
from bot.store import migrate as store_migrate  # noqa: E402
from bot.store import store as store_module  # noqa: E402
from bot.store.core import on_connection  # noqa: E402
from bot.store.models import Article, Base, Entity, Mention  # noqa: E402
from bot.store.normalize import STOPWORDS  # noqa: E402
from bot.store.save import save  # noqa: E402
from handlers import lookups  # noqa: E402

GENERATOR = 1  # bump when generation changes: cached stores are rebuilt
SEED = 20260520
PER_DAY = 137  # main-workspace articles a day: 100k span two years, 10k ten weeks
SECOND_EVERY = 20  # one second-workspace article per this many main ones
UPDATE_EVERY = 100  # one article in this many is saved again 50 articles later, corrected
CHUNK = 250  # main-workspace articles per generation task (made in a worker process)
BATCH = 500  # saves per write transaction
ANALYZE_EVERY: int = getattr(store_module, "ANALYZE_EVERY", 2000)  # as Store.save_parsed does
VERIFY_ARTICLES = 600
START = datetime(2024, 6, 1, tzinfo=UTC)
GOAL_P95_MS, GOAL_RATIO = 20.0, 2.0
PG_ENV = "BRIEFBOT_TEST_DATABASE_URL"

FIRST_NAMES = """Alexander Maria Ivan Elena John Sarah Ahmed Fatima Li Wei Kenji Yuki Carlos Ana Pierre
Claire Hans Greta Olu Amara Raj Priya Tomas Eva Omar Leila David Rachel Mikhail Olga James Emma Samuel Grace
Pedro Lucia Jan Katarzyna Nikolai Irina Daniel Sofia Kwame Ama Hiroshi Mei Luis Carmen Erik Ingrid Mustafa
Aylin Viktor Natalia Paul Helen Marco Giulia Andrei Ioana Tariq Noor Felix Rosa""".split()
SYLLABLES = """ka lo mer vin ta sha ro den li bor na gri tov el ma zu per an do ric sel va mon tia gor ba hel
ku sen fa dre ost lan mi ker vo tse ra bel un cha dim sor""".split()
TITLES = [
    "foreign minister", "finance minister", "prime minister", "chief executive", "spokesperson",
    "ambassador", "governor", "mayor", "chair", "chief economist", "professor of economics", "senator",
    "army general", "director", "union leader", "judge", "head coach", "president", "energy minister",
    "health secretary", "police chief", "chief financial officer",
]  # fmt: skip
ORG_KINDS = """Energy Bank Group Holdings Motors Telecom Airlines Partners Foods Mining Shipping Insurance
Steel Logistics Media Water Capital Rail""".split()
INSTITUTIONS = [
    "Ministry of Finance", "Ministry of Defence", "Central Bank", "Health Authority", "Port Authority",
    "Police", "Supreme Court", "Parliament", "Statistics Office", "Football Club", "Chamber of Commerce",
    "Farmers Union",
]  # fmt: skip
PLACE_ENDS = ["ia", "land", "stan", "a", "burg", "ford", "ville", "port", "grad", "", "", ""]
UNNAMED = [
    "officials", "analysts", "diplomats", "people familiar with the matter", "a senior official",
    "experts", "residents", "sources close to the talks", "witnesses", "investors", "critics",
    "economists", "a government source", "traders",
]  # fmt: skip
DOCUMENTS = [
    "a ministry report", "court filings", "a leaked memo", "the annual report", "a regulatory filing",
    "an internal audit", "official statistics", "a draft agreement",
]  # fmt: skip
CUES = {  # cue -> (weight, whether the verb itself hedges)
    "said": (40, False), "told": (10, False), "stated": (5, False), "according to": (10, False),
    "warned": (5, False), "added": (5, False), "claimed": (4, False), "argued": (3, False),
    "denied": (2, False), "announced": (4, False), "believe": (4, True), "suggested": (3, True),
    "estimated": (3, True), "alleged": (2, True), "expect": (2, True),
}  # fmt: skip
HEDGES = ["may", "could", "reportedly", "might", "possibly"]


# ---------------------------------------------------------------- the synthetic world


@dataclass(frozen=True)
class Known:
    """An entity of the pool; its index in `World.entities` is its popularity rank."""

    name: str
    type: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]


@dataclass
class World:
    """What articles are made of, the same for a seed: entities, outlets, vocabulary."""

    entities: list[Known]
    entity_cum: list[float]  # Zipf (s=0.9): the top entity is in about half the articles
    outlets: list[tuple[str, str, tuple[str, ...]]]  # (name, domain, authors)
    outlet_cum: list[float]
    words: list[str]  # the samples' words by frequency, then a coined tail
    real_words: int
    word_cum: list[float]  # Zipf-Mandelbrot: the commonest word is ~1.3% of the words

    def pick_entities(self, rng: random.Random, k: int) -> list[Known]:
        chosen: dict[int, None] = {}
        while len(chosen) < k:
            for i in rng.choices(range(len(self.entities)), cum_weights=self.entity_cum, k=k):
                chosen.setdefault(i)
        return [self.entities[i] for i in list(chosen)[:k]]

    def some_words(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.word_cum, k=k)


def _cumulative(n: int, s: float, shift: int = 0) -> list[float]:
    return list(itertools.accumulate(1.0 / (i + 1 + shift) ** s for i in range(n)))


def _coined(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def sample_vocabulary() -> list[str]:
    """Content words of the bundled sample articles, the commonest first: a real news vocabulary."""
    counts: Counter[str] = Counter()
    folder = Path(str(resources.files("bot") / "samples"))
    for path in sorted(folder.iterdir()):
        if path.suffix in {".txt", ".html", ".json", ".jsonl"}:
            raw = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8", errors="replace"))
            counts.update(w.lower() for w in re.findall(r"[A-Za-z][a-z]{2,}", raw))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [w for w, _n in ranked if w not in STOPWORDS]


def make_world(seed: int, n_entities: int = 4000) -> World:
    rng = random.Random(seed)
    places: list[str] = []
    while len(places) < 300:
        place = (_coined(rng, rng.choice((2, 2, 3))) + rng.choice(PLACE_ENDS)).capitalize()
        if place not in places:
            places.append(place)
    endings = ("", "", "ov", "son", "ez", "ski")
    surnames = [
        (_coined(rng, rng.choice((2, 3))) + rng.choice(endings)).capitalize() for _ in range(n_entities // 3)
    ]
    entities: dict[str, Known] = {}
    orgs: list[str] = []
    while len(entities) < n_entities:
        roll = rng.random()
        if roll < 0.12:  # places: countries and cities, some regions and facilities
            kind = rng.choice(("GPE", "GPE", "GPE", "LOC", "FAC"))
            place = rng.choice(places) if kind == "GPE" else _coined(rng, 2).capitalize()
            known = Known(
                {"GPE": place, "LOC": f"{place} Valley", "FAC": f"{place} Bridge"}[kind], kind, (), ()
            )
        elif roll < 0.40:  # organisations, some known by their initials
            if rng.random() < 0.6:
                name = f"{_coined(rng, 2).capitalize()} {rng.choice(ORG_KINDS)}"
            else:
                name = f"{rng.choice(places)} {rng.choice(INSTITUTIONS)}"
            capitals = [w[0] for w in name.split() if w[0].isupper()]
            aliases = ("".join(capitals),) if len(capitals) > 2 and rng.random() < 0.6 else ()
            roles = (f"state-owned {name.split()[-1].lower()}",) if rng.random() < 0.2 else ()
            known = Known(name, "ORG", aliases, roles)
            orgs.append(name)
        else:  # people, with one to three ways of giving their role
            surname = rng.choice(surnames)  # shared by two people on average, as "Kim" or "Petrov"
            first = rng.choice(FIRST_NAMES)
            where = rng.choice(orgs) if orgs and rng.random() < 0.5 else rng.choice(places)
            title = rng.choice(TITLES)
            styles = (f"{title} of {where}", f"{where} {title}", f"former {title}")[: rng.randint(1, 3)]
            initials = (surname, f"{first[0]}. {surname}") if rng.random() < 0.2 else (surname,)
            known = Known(f"{first} {surname}", "PERSON", initials, styles)
        entities.setdefault(known.name.casefold(), known)
    pool = list(entities.values())
    rng.shuffle(pool)  # popularity does not depend on the kind of entity
    outlets = []
    for i in range(50):
        paper = rng.choice(("Post", "Herald", "Wire", "Ledger", "Daily", "Times"))
        name = f"The {_coined(rng, 2).capitalize()} {paper}"
        domain = f"www.{name.lower().removeprefix('the ').replace(' ', '')}{i}.com"
        authors = tuple(f"{rng.choice(FIRST_NAMES)} {_coined(rng, 2).capitalize()}" for _ in range(8))
        outlets.append((name, domain, authors))
    real = sample_vocabulary()
    tail = sorted({_coined(rng, rng.randint(2, 4)) for _ in range(12000)} - set(real) - STOPWORDS)
    words = real + tail
    return World(
        pool, _cumulative(len(pool), 0.9), outlets, _cumulative(50, 0.6),
        words, len(real), _cumulative(len(words), 1.0, shift=10),
    )  # fmt: skip


# ---------------------------------------------------------------- articles


class Item(NamedTuple):
    """One save, in ingestion order: main-workspace article `number`, or a companion of it (its
    second-workspace article, or an earlier article saved again)."""

    number: int
    space: int  # 0 main workspace, 1 second workspace
    contract: dict[str, Any]
    fetched_at: datetime


def _sentence(words: list[str]) -> str:
    out = " ".join(words)
    return out[:1].upper() + out[1:]


def make_contract(world: World, rng: random.Random, serial: int, published: datetime) -> dict[str, Any]:
    """One parsed article, shaped as `bot.parse.to_contract` returns it."""
    outlet, domain, authors = world.outlets[
        bisect.bisect(world.outlet_cum, rng.random() * world.outlet_cum[-1])
    ]
    picked = world.pick_entities(rng, rng.randint(3, 15))
    who, names = [], []
    for position, entity in enumerate(picked):
        aliases = [a for a in entity.aliases if rng.random() < 0.6]
        role = None
        if entity.roles and rng.random() < 0.85:
            role = entity.roles[0] if rng.random() < 0.7 else rng.choice(entity.roles)
        mentions = 1 + int(rng.expovariate(0.4 if position < 2 else 1.0))
        who.append(
            {"name": entity.name, "type": entity.type, "aliases": aliases, "role": role, "mentions": mentions}
        )
        names.append([entity.name, *aliases])
    speakers = [e for e in picked if e.type in ("PERSON", "ORG")] or picked[:1]
    claims: list[dict[str, Any]] = []
    cited: Counter[tuple[str, str]] = Counter()
    for _ in range(rng.randint(3, 10)):
        roll, speaker = rng.random(), None
        if roll < 0.65:  # the article's people and organisations, the first ones most
            entity = speakers[min(int(rng.expovariate(0.7)), len(speakers) - 1)]
            speaker = entity.aliases[0] if entity.aliases and rng.random() < 0.1 else entity.name
            cited[(speaker, "named_person" if entity.type == "PERSON" else "organization")] += 1
        elif roll < 0.93:
            speaker = rng.choice(UNNAMED)
            cited[(speaker, "unnamed")] += 1
        cue = rng.choices(list(CUES), weights=[w for w, _h in CUES.values()])[0]
        hedged = CUES[cue][1] or rng.random() < 0.15
        words = world.some_words(rng, rng.randint(7, 18))
        if hedged and not CUES[cue][1]:
            words.insert(1, rng.choice(HEDGES))
        if rng.random() < 0.6:  # about another entity of the article
            words.insert(rng.randint(0, len(words)), rng.choice(rng.choice(names)))
        quote = rng.random() < 0.35
        if cue == "according to":
            sentence = f"{_sentence(words)}, according to {speaker or 'a statement'}."
        elif quote:
            sentence = f'"{_sentence(words)}," {speaker or "it"} {cue}.'
        else:
            sentence = f"{speaker or 'It'} {cue} that {' '.join(words)}."
        claims.append({"speaker": speaker, "cue": cue, "content": " ".join(words), "direct_quote": quote,
                       "hedged": hedged, "sentence": sentence})  # fmt: skip
    for _ in range(rng.choice((0, 0, 1, 2))):
        cited[(rng.choice(DOCUMENTS), "document")] += 1
    if rng.random() < 0.2:
        cited[(rng.choice(world.outlets)[0], "publication")] += 1
    key_points = []
    for _ in range(rng.randint(3, 5)):
        words = world.some_words(rng, rng.randint(10, 20))
        words.insert(rng.randint(0, 3), rng.choice(rng.choice(names)))
        key_points.append(_sentence(words) + ".")
    title = _sentence([picked[0].name, *world.some_words(rng, rng.randint(5, 10))])
    filler = [_sentence(world.some_words(rng, rng.randint(12, 25))) + "." for _ in range(rng.randint(4, 12))]
    body = [*key_points, *(c["sentence"] for c in claims), *filler]
    rng.shuffle(body)
    text_ = "\n\n".join(" ".join(body[i : i + 3]) for i in range(0, len(body), 3))
    url = f"https://{domain}/{published:%Y/%m/%d}/{title.lower().replace(' ', '-')[:60]}-{serial}"
    return {
        "article": {"title": title, "outlet": outlet, "url": url, "published": published.isoformat(),
                    "authors": rng.sample(authors, rng.choice((1, 1, 2))), "text": text_,
                    "word_count": len(text_.split()), "source": url},
        "key_points": key_points,
        "who": who,
        "claims": claims,
        "sources": {"outlet": outlet, "url": url,
                    "cited": [{"name": n, "kind": k, "claims": c} for (n, k), c in cited.items()]},
    }  # fmt: skip


_WORLDS: dict[int, World] = {}


def _chunk(task: tuple[int, int]) -> list[Item]:
    """Main-workspace articles k*CHUNK .. (k+1)*CHUNK-1 and their second-workspace companions."""
    seed, k = task
    world = _WORLDS.get(seed) or _WORLDS.setdefault(seed, make_world(seed))
    rng = random.Random(seed * 1_000_003 + k)
    items = []
    for i in range(k * CHUNK, (k + 1) * CHUNK):
        day = (i + rng.random()) / PER_DAY
        if rng.random() < 0.03:  # found late: published days before it was fetched
            day = max(0.0, day - rng.uniform(0.5, 5))
        published = START + timedelta(days=day)
        fetched = published + timedelta(minutes=5 + rng.expovariate(1 / 120))
        items.append(Item(i, 0, make_contract(world, rng, i, published), fetched))
        if i % SECOND_EVERY == SECOND_EVERY - 1:
            items.append(Item(i, 1, make_contract(world, rng, 10**9 + i, published), fetched))
    return items


def articles(seed: int, size: int) -> Iterator[Item]:
    """Every save for a store of `size` articles, in ingestion order; the saves for a smaller size
    are a prefix of these. Contracts are made in a worker process while this one writes."""
    pending: list[tuple[int, Item]] = []  # (due after article, the article saved again)
    tasks = [(seed, k) for k in range(math.ceil(size / CHUNK))]
    with multiprocessing.Pool(1) as pool:
        for chunk in pool.imap(_chunk, tasks):
            for item in chunk:
                if item.number >= size:
                    return
                yield item
                if item.space == 0 and item.number % UPDATE_EVERY == 7:
                    pending.append((item.number + 50, item))
                while pending and pending[0][0] == item.number and item.space == 0:
                    yield _corrected(pending.pop(0)[1], item.number)


def _corrected(item: Item, number: int) -> Item:
    """An article updated by its outlet: the text gains a correction, the parse one more claim."""
    old = item.contract
    claim = dict(old["claims"][-1], content="the earlier figure was wrong", hedged=False)
    article = dict(
        old["article"], text=old["article"]["text"] + "\n\nCorrection: an earlier figure was wrong."
    )
    contract = dict(old, article=article, claims=[*old["claims"], claim])
    return Item(number, 0, contract, item.fetched_at + timedelta(hours=6))


def describe() -> str:
    """How the stores are generated, as printed before the figures."""
    return "\n".join([
        f"Stores: synthetic parsed articles (no spaCy), generator v{GENERATOR}, seed {SEED}.",
        f"- {PER_DAY} articles a day in the main workspace from {START:%Y-%m-%d}, 50 outlets (Zipf): 100k",
        "  articles span two years, 10k ten weeks (the 10k store is the 100k store's first ten weeks);",
        f"  a second workspace gets 1 article per {SECOND_EVERY}, interleaved; 1 article in {UPDATE_EVERY}",
        "  is saved again 50 articles later with a correction (an update).",
        "- each article names 3-15 of 4000 entities (people 62%, organisations 29%, places 9%; Zipf",
        "  popularity s=0.9, the busiest in about half the articles) with roles and aliases (surnames",
        "  shared by two people on average, initials, acronyms); 3-10 claims: 65% by the article's",
        "  people/organisations, 28% by unnamed groups ('analysts', 'officials' ...), 7% unattributed;",
        "  15 cue verbs, ~25% hedged, 35% direct quotes, 60% name another entity of the article;",
        "  cited sources with kinds (people, organisations, unnamed, documents, publications);",
        "  3-5 key points; 170-510 words of text. Words: the bundled samples' vocabulary (1.5k words)",
        "  then ~11k coined ones, Zipf-Mandelbrot (the commonest word is ~1.3% of all words).",
        f"- written by bot.store.save.save, {BATCH} saves per transaction, planner statistics refreshed",
        f"  every {ANALYZE_EVERY} saves as Store.save_parsed does, and on open.",
    ])  # fmt: skip


# ---------------------------------------------------------------- writing the stores


def write(
    store: Store,
    items: Iterator[Item],
    spaces: Sequence[Workspace],
    *,
    fast: bool,
    snapshots: dict[int, Callable[[], None]] | None = None,
    progress: int = 0,
) -> None:
    """Save every item, BATCH per transaction, refreshing statistics as `save_parsed` does.

    `snapshots[n]` is called once the saves of the first n main-workspace articles are committed.
    """
    cuts = sorted((snapshots or {}).items())
    optimize: Callable[[], None] = getattr(store, "optimize", lambda: None)
    batch: list[Item] = []
    saves, started = 0, time.perf_counter()

    def flush() -> None:
        nonlocal saves
        if not batch:
            return
        with store.writing() as session:
            target = on_connection(session) if fast else session
            for item in batch:
                save(target, spaces[item.space].id, item.contract, fetched_at=item.fetched_at)
        before, saves = saves, saves + len(batch)
        if saves // ANALYZE_EVERY != before // ANALYZE_EVERY:
            optimize()
        done = batch[-1].number + 1
        if progress and done // progress != batch[0].number // progress:
            rate = done / (time.perf_counter() - started)
            print(f"    {done:>7} articles saved ({rate:.0f}/s)", file=sys.stderr, flush=True)
        batch.clear()

    for item in items:
        while cuts and item.number >= cuts[0][0]:
            flush()
            cuts.pop(0)[1]()
        batch.append(item)
        if len(batch) >= BATCH or (saves + len(batch)) % ANALYZE_EVERY == 0:
            flush()
    flush()
    for _n, take in cuts:
        take()


def _workspaces(store: Store) -> tuple[Workspace, Workspace]:
    return store.workspace("slack", "T-BENCH", "bench"), store.workspace("discord", "G-BENCH", "bench 2")


def _dump(path: Path) -> dict[str, Any]:
    """Every row of every table (workspace creation times aside) and every FTS index's terms."""
    conn = sqlite3.connect(path)
    try:
        out: dict[str, Any] = {}
        for table in Base.metadata.sorted_tables:
            columns = [c.name for c in table.columns if c.name != "created_at"]
            quoted = ", ".join(f'"{c}"' for c in columns)
            out[table.name] = conn.execute(f"SELECT {quoted} FROM {table.name} ORDER BY 1, 2, 3").fetchall()
        fts = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE sql LIKE '%USING fts5%'")]
        for name in fts:
            conn.execute(f"INSERT INTO {name}({name}) VALUES ('integrity-check')")
            conn.execute(f"CREATE VIRTUAL TABLE temp.v_{name} USING fts5vocab(main, {name}, 'row')")
            out[name] = conn.execute(f"SELECT term, doc, cnt FROM temp.v_{name} ORDER BY term").fetchall()
        return out
    finally:
        conn.close()


def verify_fast_path(seed: int, folder: Path) -> bool:
    """Save the first VERIFY_ARTICLES articles with `Store.save_parsed` one by one, and as the
    generator does (BATCH saves a transaction); the two databases must hold the same rows and
    the same full-text indexes."""
    items = list(articles(seed, VERIFY_ARTICLES))
    paths = [folder / "verify-real.sqlite3", folder / "verify-fast.sqlite3"]
    for path, fast in zip(paths, (False, True), strict=True):
        store = open_store(f"sqlite:///{path}")
        try:
            spaces = _workspaces(store)
            if fast:
                write(store, iter(items), spaces, fast=True)
            else:
                for item in items:
                    store.save_parsed(spaces[item.space], item.contract, fetched_at=item.fetched_at)
        finally:
            store.close()
    real, fast_ = _dump(paths[0]), _dump(paths[1])
    for path in folder.glob("verify-*"):
        path.unlink()
    differ = [name for name in real if real[name] != fast_.get(name)]
    if differ:
        print(f"  batched saves differ from save_parsed in {', '.join(differ)}: saving through sessions")
    else:
        rows = sum(len(v) for k, v in real.items() if not k.endswith("_fts"))
        terms = sum(len(v) for k, v in real.items() if k.endswith("_fts"))
        print(
            f"  batched saves checked: the same {rows} rows in {len(real)} tables and {terms} indexed terms"
        )
    return not differ


def build_sqlite(sizes: Sequence[int], folder: Path, *, verify: bool) -> dict[int, tuple[str, float | None]]:
    """The SQLite file of each size (generated, or reused from `folder`) and its generation time."""
    head = store_migrate.head()
    paths = {n: folder / f"bench-{n}-seed{SEED}-gen{GENERATOR}-rev{head}.sqlite3" for n in sizes}
    for n, path in paths.items():
        if not path.exists():
            _migrate_older(folder, n, path)
    missing = sorted(n for n, p in paths.items() if not p.exists())
    out: dict[int, tuple[str, float | None]] = {n: (str(p), None) for n, p in paths.items()}
    if not missing:
        return out
    fast = True
    if verify:
        print(
            f"  checking batched saves against save_parsed on {VERIFY_ARTICLES} articles",
            file=sys.stderr,
        )
        fast = verify_fast_path(SEED, folder)
    partial = folder / f"generating-{os.getpid()}.sqlite3"
    started = time.perf_counter()
    store = open_store(f"sqlite:///{partial}")

    def snapshot(n: int) -> Callable[[], None]:
        def take() -> None:
            target = paths[n].with_suffix(".partial")
            with store.engine.connect() as conn:
                source = conn.connection.driver_connection
                assert isinstance(source, sqlite3.Connection)
                copy = sqlite3.connect(target)
                source.backup(copy)  # page by page: the same file as a store that stopped here
                copy.close()
            os.replace(target, paths[n])
            out[n] = (str(paths[n]), time.perf_counter() - started)
            print(f"    {n} articles: {paths[n].name} ({out[n][1]:.0f} s)", file=sys.stderr, flush=True)

        return take

    try:
        top = missing[-1]
        print(f"  generating {top} articles{' (and snapshots)' if len(missing) > 1 else ''}", file=sys.stderr)
        write(
            store, articles(SEED, top), _workspaces(store), fast=fast,
            snapshots={n: snapshot(n) for n in missing}, progress=max(top // 10, CHUNK),
        )  # fmt: skip
    finally:
        store.close()
        for path in folder.glob(partial.name + "*"):
            path.unlink()
    return out


def _migrate_older(folder: Path, size: int, path: Path) -> None:
    """A store of an older schema revision (same size, seed and generator) is copied and
    migrated to `path`: migrations keep the data, so the generation need not be repeated."""
    older = sorted(p for p in folder.glob(f"bench-{size}-seed{SEED}-gen{GENERATOR}-rev*.sqlite3") if p < path)
    if not older:
        return
    started = time.perf_counter()
    partial = path.with_suffix(".partial")
    source, copy = sqlite3.connect(older[-1]), sqlite3.connect(partial)
    source.backup(copy)
    copy.close()
    source.close()
    open_store(f"sqlite:///{partial}").close()  # migrates to the newest revision, and analyses
    os.replace(partial, path)
    print(
        f"  {size} articles: migrated a copy of {older[-1].name} to {path.name} "
        f"({time.perf_counter() - started:.0f} s)",
        file=sys.stderr,
        flush=True,
    )


@contextmanager
def postgres_store(url: str, size: int, *, fast: bool) -> Iterator[tuple[Store, float]]:
    """A store of `size` articles in a schema of its own, dropped afterwards."""
    import psycopg

    admin = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    schema = f"briefbot_bench_{os.getpid()}_{size}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    store = None
    try:
        in_schema = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
        store = open_store(in_schema.render_as_string(hide_password=False))
        started = time.perf_counter()
        print(f"  generating {size} articles in schema {schema}", file=sys.stderr)
        write(store, articles(SEED, size), _workspaces(store), fast=fast, progress=max(size // 10, CHUNK))
        with store.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
        yield store, time.perf_counter() - started
    finally:
        if store is not None:
            store.close()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


# ---------------------------------------------------------------- the queries


@dataclass
class Case:
    """One question a chat command asks, with the varied arguments it is timed on."""

    name: str
    call: Callable[[Any], int]  # number of results
    args: list[Any]


def _log_rank(rng: random.Random, n: int) -> int:
    """A rank in [0, n), log-uniform: as many picks among the top 10 as among ranks 100-1000."""
    return min(n - 1, int(math.exp(rng.uniform(0, math.log(n)))) - 1)


def _length(period: tuple[datetime, datetime]) -> timedelta:
    return period[1] - period[0]


def cases(store: Store, ws: Workspace, world: World, runs: int) -> list[Case]:
    """What /who, /claims and /sources ask, with the limits the handlers pass (a page of 8 and one
    more; 50 for a profile), each with `runs` arguments drawn alike for every size: entities and
    words from the commonest to rare ones, periods of a day, a week (the handlers' "recent") or a
    month ending on any of the last 40 days, article ids at random."""
    rng = random.Random(SEED)
    with store.reading() as session:
        end = session.scalar(select(func.max(Article.dated_at)).where(Article.workspace_id == ws.id))
        ids = list(session.scalars(select(Article.id).where(Article.workspace_id == ws.id)))
    assert end is not None, "the store has no article"
    people_orgs = [e for e in world.entities if e.type in ("PERSON", "ORG")]
    page = 9

    def pick(pool: Sequence[Known]) -> Known:
        return pool[_log_rank(rng, len(pool))]

    def typed() -> str:  # as a user types a name: in full, lower-case, or a surname
        known, roll = pick(world.entities), rng.random()
        if roll < 0.25 and known.aliases:
            return known.aliases[0].lower()
        return known.name.lower() if roll < 0.4 else known.name

    def words() -> str:
        return " ".join(world.words[_log_rank(rng, world.real_words)] for _ in range(rng.choice((1, 1, 2))))

    def period(*days: int) -> Callable[[], tuple[datetime, datetime]]:
        def make() -> tuple[datetime, datetime]:  # the last N days as of one of the last 40
            until = end - timedelta(days=rng.uniform(0, 40))
            return until - timedelta(days=rng.choice(days)), until

        return make

    def since() -> datetime:
        return period(1, 7, 30)()[0]

    def speaker() -> str:  # the handler passes the matched entity's name, else the words as written
        return rng.choice(UNNAMED) if rng.random() < 0.25 else pick(people_orgs).name

    out: list[Case] = []

    def add(name: str, call: Callable[[Any], int], make: Callable[[], Any]) -> None:
        out.append(Case(name, call, [make() for _ in range(runs)]))

    def top(a: tuple[datetime, datetime]) -> int:
        return len(
            queries.top_entities(store, ws, since=a[0], until=a[1], types=("PERSON", "ORG"), limit=page)
        )

    def profile(a: str) -> int:
        found = queries.entity_profile(store, ws, a, limit=50)
        return 0 if found is None else len(found.articles) + len(found.claims)

    add("/who: top people+orgs, last day/week", top, period(1, 7))
    add("/who: top people+orgs, last 30 days", top, period(30))
    add("/who NAME: lookups.match_entities", lambda a: len(lookups.match_entities(store, ws, a)), typed)
    add("/who NAME: entity_profile", profile, typed)
    add(
        "/who WORDS: search entities",
        lambda a: len(queries.search(store, ws, a, kinds=("entity",), limit=5)),
        lambda: rng.choice((words(), rng.choice(TITLES))),
    )
    add("/claims: latest", lambda _a: len(queries.claims(store, ws, limit=page)), lambda: None)
    add("/claims by NAME|analysts", lambda a: len(queries.claims(store, ws, speaker=a, limit=page)), speaker)
    add(
        "/claims about NAME",
        lambda a: len(queries.claims(store, ws, about=a, limit=page)),
        lambda: pick(world.entities).name,
    )
    add("/claims WORDS (full text)", lambda a: len(queries.claims(store, ws, words=a, limit=page)), words)
    add(  # the handler's "recent": outlet_sources has no end, so the period ends at the newest article
        "/sources: lookups.outlet_sources, day/week",
        lambda a: len(lookups.outlet_sources(store, ws, since=a)),
        lambda: end - _length(period(1, 7)()),  # drawn as before, so later cases get the same arguments
    )
    add("/sources ARTICLE", lambda a: len(queries.article_sources(store, ws, a)), lambda: rng.choice(ids))
    add(
        "/sources WORDS|NAME (topic)",
        lambda a: len(queries.topic_sources(store, ws, a, limit=page)),
        lambda: pick(world.entities).name if rng.random() < 0.3 else words(),
    )
    add(
        "/sources: unnamed-only claims",
        lambda a: len(queries.unnamed_claims(store, ws, since=a, limit=101)),
        since,
    )
    add(  # what /who answers when nothing is recent (added last: earlier cases keep their arguments)
        "/who: top people+orgs, all time",
        lambda _a: len(queries.top_entities(store, ws, since=None, types=("PERSON", "ORG"), limit=page)),
        lambda: None,
    )
    return out


@dataclass
class Timing:
    p50: float  # milliseconds
    p95: float
    rows: float  # mean results per call
    slowest: Any  # the arguments of the slowest call
    errors: list[str]  # "arguments: error" of the calls that raised (not timed)


def measure(by_size: dict[int, Case], warmup: int) -> dict[int, Timing]:
    """Time each call of one query on every store, the sizes taking turns call by call (in
    alternating order), so that the machine's changes of speed (this VM's are large) fall on
    every size alike instead of on whichever ran later. A call that raises is recorded, not
    timed, and the others go on."""
    errors: dict[int, list[str]] = {n: [] for n in by_size}

    def call(n: int, args: Any) -> int | None:
        try:
            return by_size[n].call(args)
        except Exception as error:
            errors[n].append(f"{args!r}: {type(error).__name__}: {error}")
            return None

    sizes = sorted(by_size)
    for n in sizes:
        for args in by_size[n].args[:warmup]:  # the warm-up reuses the first arguments
            call(n, args)
        errors[n].clear()
    gc.collect()
    gc.freeze()  # the bench's own objects (every call's arguments, the store's caches) are not scanned by
    # the collector while timing: a full collection over ~270k objects took longer than whole calls
    # (26 Nov). A long-running bot could do the same with what it loads at start.
    times: dict[int, list[tuple[float, Any]]] = {n: [] for n in sizes}
    rows = dict.fromkeys(sizes, 0)
    runs = min(len(case.args) for case in by_size.values())
    for i in range(runs):
        for n in sizes if i % 2 == 0 else reversed(sizes):
            args = by_size[n].args[i]
            started = time.perf_counter()
            found = call(n, args)
            if found is not None:
                times[n].append(((time.perf_counter() - started) * 1000, args))
                rows[n] += found
    gc.unfreeze()
    out = {}
    for n in sizes:
        if not times[n]:
            out[n] = Timing(math.nan, math.nan, 0, None, errors[n])
            continue
        ordered = sorted(times[n], key=lambda t: t[0])
        p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)][0]
        out[n] = Timing(ordered[len(ordered) // 2][0], p95, rows[n] / len(ordered), ordered[-1][1], errors[n])
    return out


def explain(store: Store, case: Case, args: Any) -> list[str]:
    """The statements one call runs, each timed alone, with the plan of the slowest."""
    seen: list[tuple[str, Any]] = []

    def capture(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
    ) -> None:
        seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        case.call(args)
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    timed = []
    with store.engine.connect() as conn:
        for statement, parameters in seen:
            if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            started = time.perf_counter()
            conn.exec_driver_sql(statement, parameters).fetchall()
            timed.append(((time.perf_counter() - started) * 1000, statement, parameters))
        if not timed:
            return []
        _ms, statement, parameters = max(timed, key=lambda t: t[0])
        prefix = "EXPLAIN QUERY PLAN " if store.dialect == "sqlite" else "EXPLAIN "
        plan = conn.exec_driver_sql(prefix + statement, parameters).fetchall()
    each = ", ".join(f"{t[0]:.1f}" for t in timed)
    lines = [f"    arguments {_clip(repr(args), 120)}: statements {each} ms; the slowest:"]
    lines += ["      " + _clip(line, 400) for line in statement.strip().splitlines()]
    lines.append(f"      parameters: {_clip(repr(parameters), 200)}")
    if store.dialect == "sqlite":
        depth: dict[int, int] = {0: 0}
        for node, parent, _unused, detail in plan:
            depth[node] = depth.get(parent, 0) + 1
            lines.append("      plan: " + "  " * depth[node] + str(detail))
    else:
        lines += ["      plan: " + str(row[0]) for row in plan]
    return lines


def _clip(text_: str, most: int) -> str:
    return text_ if len(text_) <= most else text_[: most - 5] + " ..."


# ---------------------------------------------------------------- the report


def _counts(store: Store, ws: Workspace) -> str:
    tables = ("articles", "entities", "mentions", "claims", "claim_subjects", "cited_sources", "key_points")
    with store.reading() as session:
        found = [
            session.scalar(text(f"SELECT count(*) FROM {t} WHERE workspace_id = :ws"), {"ws": ws.id})
            for t in tables
        ]
        busiest = session.execute(
            select(Entity.name, func.count())
            .join(Mention, Mention.entity_id == Entity.id)
            .where(Mention.workspace_id == ws.id)
            .group_by(Entity.id, Entity.name)
            .order_by(func.count().desc())
            .limit(1)
        ).first()
    parts = [f"{n} {t.replace('_', ' ')}" for t, n in zip(tables, found, strict=True)]
    if busiest:
        parts.append(f"the busiest entity in {busiest[1]} articles")
    return ", ".join(parts)


@contextmanager
def opened(
    args: argparse.Namespace, size: int, built: dict[int, tuple[str, float | None]], *, fast: bool
) -> Iterator[tuple[Store, str]]:
    """The store of this size, and how it was made."""
    if args.backend == "postgresql":
        url = os.environ.get(PG_ENV, "").strip()
        if not url:
            raise SystemExit(f"--backend postgresql needs {PG_ENV} (postgresql+psycopg://user@host:5432/db)")
        with postgres_store(url, size, fast=fast) as (store, seconds):
            yield store, f"generated in {seconds:.0f} s in a schema of its own"
        return
    path, took = built[size]
    how = "reused from --keep" if took is None else f"generated in {took:.0f} s"
    store = open_store(f"sqlite:///{path}")  # as the bot opens it: statistics refreshed
    _read_through(Path(path))
    try:
        yield store, f"{how}; {path}, {Path(path).stat().st_size / 2**20:.0f} MB, read through once"
    finally:
        store.close()


def _read_through(path: Path) -> None:
    """Read the database file once, so that every size is timed from the page cache: a 1 GB
    store another job pushed out of the cache read from disk for whole calls (claims about an
    entity: p95 23 ms from disk, 11 ms cached, 26 Nov)."""
    with path.open("rb") as stream:
        while stream.read(1 << 22):
            pass


def _misses(by_size: dict[int, Timing], sizes: Sequence[int], backend: str) -> bool:
    largest, smallest = by_size[sizes[-1]], by_size[sizes[0]]
    if largest.errors or math.isnan(largest.p95):
        return True
    too_slow = backend == "sqlite" and largest.p95 > GOAL_P95_MS
    grows = len(sizes) > 1 and largest.p95 > GOAL_RATIO * max(smallest.p95, 0.001)
    return too_slow or grows


def _label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def table(results: dict[str, dict[int, Timing]], sizes: Sequence[int], backend: str) -> str:
    width = max(len(name) for name in results)
    head = f"{'query (milliseconds)':<{width}}" + "".join(
        f" | {_label(n):>5}  p50    p95  rows" for n in sizes
    )
    if len(sizes) > 1:
        head += f" | p95 {_label(sizes[-1])}/{_label(sizes[0])}"
    lines = [head, "-" * (len(head) + 6)]
    for name, by_size in results.items():
        line = f"{name:<{width}}"
        for n in sizes:
            t = by_size[n]
            line += f" | {t.p50:10.2f} {t.p95:6.2f} {t.rows:5.0f}"
        if len(sizes) > 1:
            line += f" | {by_size[sizes[-1]].p95 / max(by_size[sizes[0]].p95, 0.001):9.2f}x"
        lines.append(line + ("  MISS" if _misses(by_size, sizes, backend) else "  ok"))
    goals = [
        f"p95 <= {GOAL_P95_MS:.0f} ms at {_label(sizes[-1])}"
        + (" (SQLite only)" if backend != "sqlite" else "")
    ]
    if len(sizes) > 1:
        goals.append(f"p95 at {_label(sizes[-1])} <= {GOAL_RATIO:.0f}x p95 at {_label(sizes[0])}")
    return "\n".join([*lines, "goals: " + "; ".join(goals) + "; rows: mean results per call"])


def run(args: argparse.Namespace) -> int:
    sizes = sorted({int(s.strip().lower().replace("k", "000")) for s in args.sizes.split(",") if s.strip()})
    print(describe())
    print(
        f"Timing: {args.runs} calls per query and size, arguments varied (entities and words from the "
        f"commonest to rare ones, periods of a day, week or month), after {args.warmup} warm-up calls; "
        "time.perf_counter around the bot.store.queries (or handlers.lookups) function the command calls. "
        f"Backend {args.backend}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.\n",
        flush=True,
    )
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="briefbot-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    world = make_world(SEED)
    results: dict[str, dict[int, Timing]] = {}
    notes: list[str] = []
    try:
        built: dict[int, tuple[str, float | None]] = {}
        fast = True
        if args.backend == "sqlite":
            built = build_sqlite(sizes, folder, verify=not args.no_verify)
        elif not args.no_verify:  # the check runs on SQLite: it is about save(), not the backend
            fast = verify_fast_path(SEED, folder)
        with ExitStack() as stack:  # every size open at once: `measure` takes turns between them
            stores: dict[int, Store] = {}
            for size in sizes:
                store, how = stack.enter_context(opened(args, size, built, fast=fast))
                stores[size] = store
                print(f"{_label(size)} store ({how}): {_counts(store, _workspaces(store)[0])}", flush=True)
            by_size = {n: cases(stores[n], _workspaces(stores[n])[0], world, args.runs) for n in sizes}
            for i, first in enumerate(by_size[sizes[0]]):
                timings = measure({n: by_size[n][i] for n in sizes}, args.warmup)
                results[first.name] = timings
                for n, timing in timings.items():
                    if timing.errors:
                        notes.append(f"  {first.name} at {_label(n)}: {len(timing.errors)} calls raised, "
                                     f"e.g. {timing.errors[0]}")  # fmt: skip
                last = sizes[-1]
                slowest = timings[last].slowest
                if slowest is not None and (args.explain or _misses(timings, sizes, args.backend)):
                    notes.append(f"  {first.name} at {_label(last)}:")
                    notes += explain(stores[last], by_size[last][i], slowest)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print()
    print(table(results, sizes, args.backend))
    if notes:
        print("\nErrors and plans (the slowest call of each query that misses a goal):")
        print("\n".join(notes))
    missed = [name for name, by_size in results.items() if _misses(by_size, sizes, args.backend)]
    print(f"\n{len(results) - len(missed)} of {len(results)} queries meet the goals.")
    return 1 if missed else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="p50 / p95 latency of the store's chat-command queries")
    parser.add_argument(
        "--sizes", default="10000,100000", help="articles per store, comma-separated (10k ok)"
    )
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--keep", metavar="DIR", help="keep the generated SQLite stores here, and reuse them")
    parser.add_argument("--runs", type=int, default=200, help="timed calls per query and size (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed calls first (default 20)")
    parser.add_argument("--explain", action="store_true", help="print every query's plan, not only misses")
    parser.add_argument("--no-verify", action="store_true", help="do not check batched saves first")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
