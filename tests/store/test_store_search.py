"""Full-text search on both backends: claims, key points, entity names, aliases and roles."""

from __future__ import annotations

from store_contracts import FETCHED, ambassador_story, claim, contract, person

from bot.store import Store, queries
from bot.store.search import search_words


def test_claims_are_found_by_stem(store: Store) -> None:
    ws = store.workspace("console", "console")
    story = contract("Fares", claims=[claim("Mayor", "riders will be compensated for delays")])
    store.save_parsed(ws, story, fetched_at=FETCHED)
    store.save_parsed(ws, ambassador_story(), fetched_at=FETCHED)
    found = queries.search(store, ws, "compensation", kinds=("claim",))
    assert {h.text for h in found} == {
        "riders will be compensated for delays",
        "Moscow would pay compensation to the families",
    }
    assert all(h.kind == "claim" and h.article_id is not None for h in found)


def test_all_words_must_match(store: Store) -> None:
    ws = store.workspace("console", "console")
    store.save_parsed(ws, ambassador_story(), fetched_at=FETCHED)
    assert len(queries.search(store, ws, "compensation families", kinds=("claim",))) == 1
    assert queries.search(store, ws, "compensation bananas") == []


def test_key_points_and_entities(store: Store) -> None:
    ws = store.workspace("console", "console")
    store.save_parsed(ws, ambassador_story(), fetched_at=FETCHED)
    points = queries.search(store, ws, "compensated", kinds=("key_point",))
    assert [h.text for h in points] == ["Families of the dead are to be compensated by Moscow."]
    who = queries.search(store, ws, "ambassador", kinds=("entity",))  # by role, for "/who ambassador"
    assert [(h.kind, h.text, h.article_id) for h in who] == [("entity", "Alexander Matsegora", None)]
    pyongyang = {h.text for h in queries.search(store, ws, "Pyongyang", kinds=("entity",))}
    assert pyongyang == {"Alexander Matsegora", "North Korea"}  # in his role; its alias


def test_ranked_best_first(store: Store) -> None:
    ws = store.workspace("console", "console")
    story = contract(
        "Grain",
        claims=[
            claim("A", "the grain corridor will carry grain and more grain through the grain port"),
            claim("B", "prices of grain rose while the weather was dry and the harvest late and small"),
        ],
    )
    store.save_parsed(ws, story, fetched_at=FETCHED)
    hits = queries.search(store, ws, "grain", kinds=("claim",))
    assert hits[0].text.startswith("the grain corridor") and hits[0].rank <= hits[1].rank


def test_the_index_follows_updates(store: Store) -> None:
    ws = store.workspace("console", "console")
    url = "https://news.example/a"
    store.save_parsed(ws, contract("A", url=url, claims=[claim("X", "zebras escaped")]), fetched_at=FETCHED)
    store.save_parsed(ws, contract("A", url=url, claims=[claim("X", "lions escaped")]), fetched_at=FETCHED)
    assert queries.search(store, ws, "zebras") == []
    assert [h.text for h in queries.search(store, ws, "lions", kinds=("claim",))] == ["lions escaped"]


def test_entities_nobody_mentions_any_more_are_not_found(store: Store) -> None:
    ws = store.workspace("console", "console")
    url = "https://news.example/a"
    store.save_parsed(ws, contract("A", "one", url=url, who=[person("Olga Zebrova")]), fetched_at=FETCHED)
    store.save_parsed(ws, contract("A", "two", url=url, who=[person("Ivan Lionov")]), fetched_at=FETCHED)
    assert queries.search(store, ws, "Zebrova") == []
    assert [h.text for h in queries.search(store, ws, "Lionov")] == ["Ivan Lionov"]


def test_query_words_are_cleaned(store: Store) -> None:
    ws = store.workspace("console", "console")
    store.save_parsed(ws, ambassador_story(), fetched_at=FETCHED)
    assert search_words('The "compensation" -- OR AND NOT (NEAR)') == ["compensation", "near"]
    assert queries.search(store, ws, "the of and") == []
    assert queries.search(store, ws, '"compensation" AND *') != []
    assert queries.claims(store, ws, words="the") == []
