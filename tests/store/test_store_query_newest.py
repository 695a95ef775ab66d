"""Newest-first queries read only the newest matches by id, then make the answer exact: they must
give what the plain queries (sort every match by date) give, also when ids and dates disagree
(articles saved long after they were published, or dated ahead), on both backends."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import desc, select
from store_contracts import cited, claim, contract, org, person

from bot.store import Store, Workspace, models, queries
from bot.store import search as fts
from bot.store import selects as q
from bot.store.models import Article, Claim, KeyPoint

PEOPLE = [("Ilse Varga", "Varga"), ("Omar Teller", "Teller"), ("Nadia Brook", "Brook"), ("Piet Laan", "Laan")]
ORGS = ["Harbour Authority", "Grain Board"]
WORDS = ["harbour", "tariff", "grain", "corridor", "inspection", "ferry"]
FETCHED = datetime(2026, 6, 1, tzinfo=UTC)


def _article(rng: random.Random, n: int, published: datetime) -> dict[str, Any]:
    people = rng.sample(PEOPLE, rng.randint(1, 3))
    orgs = rng.sample(ORGS, rng.randint(0, 2))
    names = [p[0] for p in people] + orgs
    claims = []
    for i in range(rng.randint(1, 4)):
        speaker = rng.choice([*names, "analysts", None])
        about = rng.choice([*names, "the port"])
        words = " ".join(rng.sample(WORDS, 2))
        claims.append(
            claim(speaker, f"{about} will review the {words} plan {n} {i}", hedged=rng.random() < 0.3)
        )
    return contract(
        f"Story {n}",
        outlet=rng.choice(["Wire A", "Wire B", "Daily C"]),
        published=published.isoformat(),
        who=[person(name, alias, role=rng.choice([None, "minister"])) for name, alias in people]
        + [org(name) for name in orgs],
        claims=claims,
        sources=[cited(rng.choice(names), "named_person", 1), cited("analysts", "unnamed", 1)],
        key_points=[f"The {rng.choice(WORDS)} plan, story {n}."],
    )


@pytest.fixture(autouse=True, params=[models.DATE_BLOCK_BITS, 2], ids=["blocks-1024", "blocks-4"])
def block_bits(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """The late check walks date blocks: of 1024 ids (all 80 articles in one), and of 4 (20 blocks,
    the late articles in a few of them)."""
    monkeypatch.setattr(models, "DATE_BLOCK_BITS", request.param)
    return int(request.param)


@pytest.fixture
def ws(store: Store, block_bits: int) -> Workspace:
    """80 articles whose dates mostly follow their ids, with some late (published days before
    they were saved) and some dated ahead; every fifth goes to another workspace."""
    rng = random.Random(7)
    ws, other = store.workspace("slack", "T1"), store.workspace("discord", "G1")
    for n in range(80):
        published = datetime(2026, 5, 1, tzinfo=UTC) + timedelta(hours=6 * n)
        roll = rng.random()
        if roll < 0.15:
            published -= timedelta(days=rng.randint(2, 15))
        elif roll < 0.25:
            published += timedelta(days=rng.randint(2, 15))
        target = other if n % 5 == 4 else ws
        store.save_parsed(target, _article(rng, n, published), fetched_at=FETCHED)
    return ws


def _both(monkeypatch: pytest.MonkeyPatch, call: Any) -> tuple[Any, Any]:
    """(the newest-first answer with small batches, the plain query's answer)."""
    monkeypatch.setattr(q, "ROUNDS", 5)
    fast = call()
    monkeypatch.setattr(q, "ROUNDS", 0)  # no candidate step: straight to the plain query
    plain = call()
    return fast, plain


@pytest.mark.parametrize("walk", [q.WALK_ARTICLES, 8], ids=["walked", "some-plain"])
@pytest.mark.parametrize("limit", [1, 3, 9])
def test_claims_match_the_plain_query(
    store: Store, ws: Workspace, monkeypatch: pytest.MonkeyPatch, limit: int, walk: int
) -> None:
    monkeypatch.setattr(q, "WALK_ARTICLES", walk)  # 8: walking more than 2 blocks of 4, the plain query
    asks: list[dict[str, Any]] = [
        *({"speaker": name} for name, _alias in PEOPLE),
        {"speaker": "analysts"},
        {"speaker": "Varga"},
        *({"about": name} for name in [p[0] for p in PEOPLE] + ORGS),
        *({"words": w} for w in WORDS),
        {"words": "grain corridor"},
        {"speaker": "Ilse Varga", "words": "harbour"},
        {"about": "Grain Board", "hedged": True},
        {"words": "ferry", "since": datetime(2026, 5, 10, tzinfo=UTC)},
    ]
    for ask in asks:
        fast, plain = _both(monkeypatch, lambda ask=ask: queries.claims(store, ws, limit=limit, **ask))
        assert [c.id for c in fast] == [c.id for c in plain], ask
        assert fast == plain
        if "since" not in ask:  # a period as well: the general statements, not the one-filter ones
            everything = datetime(2000, 1, 1, tzinfo=UTC)
            assert queries.claims(store, ws, limit=limit, since=everything, **ask) == fast, ask


def test_claims_fall_back_to_the_plain_query_when_many_articles_were_saved_since(
    store: Store, ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(q, "WALK_ARTICLES", 0)  # the check gives up: the plain query answers
    for word in WORDS:
        fast, plain = _both(monkeypatch, lambda word=word: queries.claims(store, ws, words=word, limit=3))
        assert fast == plain


@pytest.mark.parametrize("walk", [q.WALK_ARTICLES, 8], ids=["walked", "some-plain"])
@pytest.mark.parametrize("limit", [1, 4, 50])
def test_profiles_match_the_plain_query(
    store: Store, ws: Workspace, monkeypatch: pytest.MonkeyPatch, limit: int, walk: int
) -> None:
    monkeypatch.setattr(q, "WALK_ARTICLES", walk)
    for name in [p[0] for p in PEOPLE] + ORGS:
        fast, plain = _both(
            monkeypatch, lambda name=name: queries.entity_profile(store, ws, name, limit=limit)
        )
        assert fast is not None and fast == plain


def _plain_topic_articles(store: Store, ws: Workspace, words: str, most: int) -> list[int]:
    """The newest `most` articles about a topic, as topic_sources found them before: every match
    of the claims, key points and names, sorted by date."""
    terms = fts.search_words(words)
    with store.reading() as session:
        named = q.find_entities(session, ws, words)
        about = (
            select(Claim.article_id)
            .where(Claim.workspace_id == ws.id, Claim.id.in_(fts.matching_ids(store.dialect, "claim", terms)))
            .union(
                select(KeyPoint.article_id).where(
                    KeyPoint.workspace_id == ws.id,
                    KeyPoint.id.in_(fts.matching_ids(store.dialect, "key_point", terms)),
                ),
                q.mentioning(ws, named),
            )
        )
        newest = (
            select(Article.id)
            .where(Article.workspace_id == ws.id, Article.id.in_(about))
            .order_by(desc(Article.dated_at), desc(Article.id))
            .limit(most)
        )
        return list(session.scalars(newest))


@pytest.mark.parametrize(
    ("recent", "walk"),
    [(q.RECENT_ARTICLES, q.WALK_ARTICLES), (2, q.WALK_ARTICLES), (q.RECENT_ARTICLES, 8)],
    ids=["checked", "plain-many-late", "plain-long-walk"],
)
@pytest.mark.parametrize("most", [1, 3, 10])
def test_topic_articles_match_the_plain_query(
    store: Store, ws: Workspace, monkeypatch: pytest.MonkeyPatch, most: int, recent: int, walk: int
) -> None:
    monkeypatch.setattr(q, "CANDIDATES", 2)  # a few candidates per driver: rarely all of them
    monkeypatch.setattr(q, "RECENT_ARTICLES", recent)  # 2: the late check gives up, the plain query
    monkeypatch.setattr(q, "WALK_ARTICLES", walk)  # 8: so does a walk of more than 2 blocks of 4
    for topic in [*WORDS, "Ilse Varga", "Grain Board", "grain corridor", "Varga harbour"]:
        with store.reading() as session:
            named = q.find_entities(session, ws, topic)
            found = queries._topic_articles(session, ws, fts.search_words(topic), named, None, most)
        assert found == _plain_topic_articles(store, ws, topic, most), topic


def test_nothing_asked_for_is_nothing(store: Store, ws: Workspace) -> None:
    assert queries.claims(store, ws, words="harbour", limit=0) == []
    assert queries.topic_sources(store, ws, "harbour", max_articles=0) == []
    profile = queries.entity_profile(store, ws, "Ilse Varga", limit=0)
    assert profile is not None and profile.articles == () and profile.claims == ()


@pytest.mark.parametrize("limit", [1, 3])
def test_a_profile_finds_the_article_saved_first_but_dated_last(
    store: Store, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    """Thirty articles name one person; the first saved is dated months after the rest. The newest
    ids the profile ranks first leave it out, so only the late check (through its date block) can
    put it first, as the plain query does."""
    ws = store.workspace("slack", "T9")
    start = datetime(2026, 5, 1, tzinfo=UTC)
    for n in range(30):
        published = start + (timedelta(days=100) if n == 0 else timedelta(hours=n))
        who = [person("Ilse Varga", "Varga")]
        story = contract(f"Profile story {n}", published=published.isoformat(), who=who)
        store.save_parsed(ws, story, fetched_at=FETCHED)
    found: list[list[int]] = []
    real = q.late_articles

    def late_articles(*args: Any, **kwargs: Any) -> list[int]:
        found.append(real(*args, **kwargs))
        return found[-1]

    monkeypatch.setattr(q, "late_articles", late_articles)
    fast, plain = _both(monkeypatch, lambda: queries.entity_profile(store, ws, "Ilse Varga", limit=limit))
    assert fast is not None and fast == plain
    assert fast.articles[0].title == "Profile story 0"
    assert [ids for ids in found if ids]  # the late check found it
