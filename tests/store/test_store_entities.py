"""Entities linked across the articles of a workspace."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from store_contracts import FETCHED, claim, contract, person, place

from bot.store import Store, queries
from bot.store.models import Entity

SINCE = FETCHED - timedelta(days=30)


def entity_count(store: Store) -> int:
    with store.reading() as session:
        return int(session.scalar(select(func.count()).select_from(Entity)) or 0)


def test_a_surname_in_one_article_is_the_full_name_in_another(store: Store) -> None:
    ws = store.workspace("console", "console")
    store.save_parsed(
        ws,
        contract("One", who=[person("Alexander Matsegora", "Matsegora", role="ambassador", mentions=3)]),
        fetched_at=FETCHED,
    )
    store.save_parsed(
        ws,
        contract(
            "Two", who=[person("Matsegora", role="Russian envoy")], claims=[claim("Matsegora", "x y z")]
        ),
        fetched_at=FETCHED,
    )
    store.save_parsed(ws, contract("Three", who=[person("alexander matsegora's")]), fetched_at=FETCHED)
    assert entity_count(store) == 1
    profile = queries.entity_profile(store, ws, "Matsegora")
    assert profile is not None and profile.name == "Alexander Matsegora"
    assert {a.title for a in profile.articles} == {"One", "Two", "Three"}
    assert profile.mentions == 5 and {r for r, _n in profile.roles} == {"ambassador", "Russian envoy"}
    assert [c.content for c in profile.claims] == ["x y z"]


def test_a_canonical_name_that_is_an_earlier_alias_joins_it(store: Store) -> None:
    ws = store.workspace("console", "console")
    store.save_parsed(ws, contract("One", who=[person("Matsegora")]), fetched_at=FETCHED)
    store.save_parsed(
        ws, contract("Two", who=[person("Alexander Matsegora", "Matsegora")]), fetched_at=FETCHED
    )
    assert entity_count(store) == 1
    assert queries.find_entities(store, ws, "Alexander Matsegora") == queries.find_entities(
        store, ws, "Matsegora"
    )


def test_two_people_sharing_a_surname_stay_apart(store: Store) -> None:
    ws = store.workspace("console", "console")
    store.save_parsed(ws, contract("One", who=[person("Aigerim Sadykova", "Sadykova")]), fetched_at=FETCHED)
    store.save_parsed(ws, contract("Two", who=[person("Dana Sadykova", "Sadykova")]), fetched_at=FETCHED)
    assert entity_count(store) == 2
    # a name shared by two entities: both found, the one named more often first
    store.save_parsed(ws, contract("Three", who=[person("Dana Sadykova", mentions=4)]), fetched_at=FETCHED)
    found = queries.find_entities(store, ws, "Sadykova")
    assert len(found) == 2
    profile = queries.entity_profile(store, ws, "Sadykova")
    assert profile is not None and profile.name == "Dana Sadykova"


def test_types_must_be_of_one_family(store: Store) -> None:
    ws = store.workspace("console", "console")
    store.save_parsed(ws, contract("One", who=[place("Georgia", type="GPE")]), fetched_at=FETCHED)
    store.save_parsed(ws, contract("Two", who=[place("Georgia", type="LOC")]), fetched_at=FETCHED)
    store.save_parsed(ws, contract("Three", who=[person("Georgia")]), fetched_at=FETCHED)
    top = queries.top_entities(store, ws, since=SINCE)
    assert sorted((e.type, e.articles) for e in top) == [("GPE", 2), ("PERSON", 1)]


def test_one_article_naming_one_entity_twice_counts_it_once(store: Store) -> None:
    ws = store.workspace("console", "console")
    who = [place("Russia", mentions=3, type="GPE"), place("Russia", "Russian", mentions=2, type="LOC")]
    store.save_parsed(ws, contract("One", who=who), fetched_at=FETCHED)
    [russia] = queries.top_entities(store, ws, since=SINCE)
    assert (russia.mentions, russia.articles) == (5, 1)


def test_claims_are_linked_to_their_speaker_and_subjects(store: Store) -> None:
    ws = store.workspace("console", "console")
    story = contract(
        "One",
        who=[person("Aigerim Sadykova", "Sadykova"), place("Russia", "Russian"), place("Kazakhstan")],
        claims=[
            claim("Sadykova", "the corridor was not aimed at Russia"),
            claim("Aigerim Sadykova", "exports through Russian ports would go on"),
        ],
    )
    store.save_parsed(ws, story, fetched_at=FETCHED)
    said = queries.claims(store, ws, speaker="aigerim sadykova")
    assert len(said) == 2 and len({c.speaker_entity_id for c in said}) == 1
    assert said[0].speaker_kind == "named_person"
    assert len(queries.claims(store, ws, about="Russia")) == 2
    assert queries.claims(store, ws, about="Kazakhstan") == []
