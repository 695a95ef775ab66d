"""The chat commands' questions, on a small newsroom: three outlets, two days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from store_contracts import FETCHED, ambassador_story, cited, claim, contract, org, person, place

from bot.store import Store, Workspace, queries

DAY1 = "2026-05-18T08:00:00+00:00"
DAY2 = "2026-05-19T08:00:00+00:00"
MIDNIGHT = datetime(2026, 5, 19, tzinfo=UTC)  # between the two


@pytest.fixture
def ws(store: Store) -> Workspace:
    ws = store.workspace("slack", "T1")
    store.save_parsed(ws, ambassador_story(outlet="Corvane Wire", published=DAY1), fetched_at=FETCHED)
    grain = contract(
        "Grain corridor agreed",
        outlet="Rioni Daily",
        published=DAY2,
        who=[
            person("Aigerim Sadykova", "Sadykova", role="deputy agriculture minister", mentions=4),
            place("Kazakhstan", mentions=5),
            place("Russia", mentions=1),
            org("Talas Capital", role="brokerage"),
        ],
        claims=[
            claim("Aigerim Sadykova", "the corridor should carry 4.5 million tonnes a year by 2028"),
            claim("Sadykova", "the corridor was not aimed at Russia", cue="denied"),
            claim("traders", "volumes may be lower", cue="said", hedged=True),
            claim(None, "tariffs will fall"),
        ],
        sources=[cited("Aigerim Sadykova", "named_person", 2), cited("traders", "unnamed", 1)],
        key_points=["The corridor should carry 4.5 million tonnes a year by 2028."],
    )
    store.save_parsed(ws, grain, fetched_at=FETCHED + timedelta(hours=2))
    return ws


def test_top_entities_for_a_period(store: Store, ws: Workspace) -> None:
    top = queries.top_entities(store, ws, since=FETCHED - timedelta(days=7), limit=3)
    assert [(e.name, e.mentions, e.articles) for e in top] == [
        ("Russia", 5, 2), ("Kazakhstan", 5, 1), ("Aigerim Sadykova", 4, 1),
    ]  # fmt: skip
    assert top[2].roles == ("deputy agriculture minister",)
    day1 = queries.top_entities(store, ws, since=FETCHED - timedelta(days=7), until=MIDNIGHT)
    assert {e.name for e in day1} == {"Alexander Matsegora", "Russia", "North Korea", "Kremlin"}
    people = queries.top_entities(store, ws, since=FETCHED - timedelta(days=7), types=["person"])
    assert {e.name for e in people} == {"Alexander Matsegora", "Aigerim Sadykova"}


def test_entity_profile(store: Store, ws: Workspace) -> None:
    profile = queries.entity_profile(store, ws, "sadykova")
    assert profile is not None
    assert (profile.name, profile.type, profile.aliases) == ("Aigerim Sadykova", "PERSON", ("Sadykova",))
    assert profile.roles == (("deputy agriculture minister", 1),) and profile.mentions == 4
    assert [a.title for a in profile.articles] == ["Grain corridor agreed"]
    assert [c.cue for c in profile.claims] == ["said", "denied"]
    russia = queries.entity_profile(store, ws, "Russian")  # by alias
    assert russia is not None and [a.outlet for a in russia.articles] == ["Rioni Daily", "Corvane Wire"]
    assert queries.entity_profile(store, ws, "Nobody Atall") is None


def test_claims_filters_combine(store: Store, ws: Workspace) -> None:
    assert len(queries.claims(store, ws)) == 7
    assert [c.content for c in queries.claims(store, ws, speaker="Sadykova", about="Russia")] == [
        "the corridor was not aimed at Russia"
    ]
    assert [c.speaker for c in queries.claims(store, ws, words="corridor tonnes")] == ["Aigerim Sadykova"]
    assert queries.claims(store, ws, speaker="Matsegora", words="corridor") == []
    assert [c.speaker for c in queries.claims(store, ws, speaker="traders")] == ["traders"]
    assert [c.speaker for c in queries.claims(store, ws, hedged=True)] == ["traders", "analysts"]
    older = queries.claims(store, ws, until=MIDNIGHT)
    assert {c.outlet for c in older} == {"Corvane Wire"} and len(older) == 3
    newest = queries.claims(store, ws, since=MIDNIGHT, limit=2)
    assert [c.title for c in newest] == ["Grain corridor agreed"] * 2


def test_sources_for_an_article_and_a_topic(store: Store, ws: Workspace) -> None:
    first = queries.articles_since(store, ws, FETCHED)[-1]
    assert [(s.name, s.kind, s.claims) for s in queries.article_sources(store, ws, first.id)] == [
        ("Alexander Matsegora", "named_person", 2), ("analysts", "unnamed", 1), ("TASS", "publication", 0),
    ]  # fmt: skip
    topic = queries.topic_sources(store, ws, "Russia")  # both articles: an entity, a claim
    assert [(s.name, s.claims, s.articles) for s in topic][:2] == [
        ("Aigerim Sadykova", 2, 1), ("Alexander Matsegora", 2, 1),
    ]  # fmt: skip
    assert {s.name for s in queries.topic_sources(store, ws, "corridor")} == {"Aigerim Sadykova", "traders"}
    assert queries.topic_sources(store, ws, "bananas") == []


def test_claims_resting_on_unnamed_sources(store: Store, ws: Workspace) -> None:
    unnamed = queries.unnamed_claims(store, ws)
    assert [(c.speaker, c.speaker_kind) for c in unnamed] == [
        ("traders", "unnamed"), (None, None), ("analysts", "unnamed"),
    ]  # fmt: skip
    assert len(queries.unnamed_claims(store, ws, since=MIDNIGHT)) == 2


def test_articles_since(store: Store, ws: Workspace) -> None:
    assert [a.title for a in queries.articles_since(store, ws, FETCHED)] == [
        "Grain corridor agreed", "Russia to treat North Korean soldiers",
    ]  # fmt: skip
    assert [a.outlet for a in queries.articles_since(store, ws, FETCHED + timedelta(hours=1))] == [
        "Rioni Daily"
    ]
    assert queries.articles_since(store, ws, FETCHED + timedelta(days=1)) == []
