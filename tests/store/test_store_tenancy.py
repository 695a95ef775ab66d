"""Tenancy: two workspaces with the same articles and entities; each sees only its own."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import exc, insert, select
from store_contracts import FETCHED, ambassador_story, claim, contract, person

from bot.store import Store, Workspace, queries
from bot.store.models import Entity, Mention

URL = "https://news.example/soldiers"
SINCE = FETCHED - timedelta(days=30)


@pytest.fixture
def two(store: Store) -> tuple[Workspace, Workspace]:
    """The same story in both; a second one only in `b`, with the same people."""
    a = store.workspace("slack", "T-ALPHA")
    b = store.workspace("discord", "G-BRAVO")
    assert store.save_parsed(a, ambassador_story(url=URL), fetched_at=FETCHED).status == "added"
    assert store.save_parsed(b, ambassador_story(url=URL), fetched_at=FETCHED).status == "added"
    only_b = contract(
        "Matsegora speaks again",
        outlet="Bravo Times",
        who=[person("Matsegora", role="envoy"), person("Secret Bravo Source")],
        claims=[claim("Matsegora", "the bravo-only compensation fund is ready")],
        key_points=["The bravo-only compensation fund is ready."],
    )
    store.save_parsed(b, only_b, fetched_at=FETCHED)
    return a, b


def test_each_workspace_sees_only_its_articles(store: Store, two: tuple[Workspace, Workspace]) -> None:
    a, b = two
    assert [x.title for x in queries.articles_since(store, a, SINCE)] == [
        "Russia to treat North Korean soldiers"
    ]
    assert len(queries.articles_since(store, b, SINCE)) == 2
    assert store.lookup(a, url=URL) != store.lookup(b, url=URL)


def test_entities_and_profiles_stay_in_their_workspace(
    store: Store, two: tuple[Workspace, Workspace]
) -> None:
    a, b = two
    top_a = {e.name: e for e in queries.top_entities(store, a, since=SINCE)}
    top_b = {e.name: e for e in queries.top_entities(store, b, since=SINCE)}
    assert "Secret Bravo Source" not in top_a and "Secret Bravo Source" in top_b
    assert top_a["Alexander Matsegora"].articles == 1 and top_b["Alexander Matsegora"].articles == 2
    assert top_a["Alexander Matsegora"].entity_id != top_b["Alexander Matsegora"].entity_id
    profile_a = queries.entity_profile(store, a, "Matsegora")
    assert profile_a is not None and profile_a.roles == (("Russian ambassador to Pyongyang", 1),)
    assert len(profile_a.articles) == 1 and len(profile_a.claims) == 2
    assert queries.entity_profile(store, a, "Secret Bravo Source") is None
    assert queries.entity_profile(store, a, top_b["Secret Bravo Source"].entity_id) is None


def test_claims_sources_and_search_stay_in_their_workspace(
    store: Store, two: tuple[Workspace, Workspace]
) -> None:
    a, b = two
    assert queries.claims(store, a, words="bravo") == []
    assert len(queries.claims(store, b, words="bravo")) == 1
    assert len(queries.claims(store, a, speaker="Matsegora")) == 2
    assert len(queries.claims(store, b, speaker="Matsegora")) == 3
    assert queries.search(store, a, "bravo") == []
    assert {h.kind for h in queries.search(store, b, "bravo")} == {"claim", "key_point", "entity"}
    assert [s.articles for s in queries.topic_sources(store, a, "compensation")] == [1, 1, 1]
    assert len(queries.unnamed_claims(store, a)) == len(queries.unnamed_claims(store, b)) == 1
    b_article = queries.articles_since(store, b, SINCE)[0].id
    assert queries.article_sources(store, a, b_article) == []
    assert all(g.claims[0].article_id != b_article for g in queries.claim_groups(store, a))


def test_rows_cannot_point_into_another_workspace(store: Store, two: tuple[Workspace, Workspace]) -> None:
    a, b = two
    with store.reading() as session:
        a_article = session.scalars(select(Mention.article_id).where(Mention.workspace_id == a.id)).first()
        b_entity = session.scalars(select(Entity.id).where(Entity.workspace_id == b.id)).first()
    with pytest.raises(exc.IntegrityError), store.writing() as session:
        session.execute(
            insert(Mention).values(
                workspace_id=a.id,
                article_id=a_article,
                entity_id=b_entity,
                position=99,
                name="x",
                aliases=[],
                role=None,
                mentions=1,
            )
        )
