"""save_parsed: added / updated / unchanged, one transaction per article, lookups before parsing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from store_contracts import FETCHED, ambassador_story, claim, contract, person

from bot.store import Store, queries
from bot.store import save as save_module
from bot.store.models import Article, Claim, Entity, EntityAlias, KeyPoint, Mention

URL = "https://news.example/2026/05/soldiers"


def count(store: Store, model: Any) -> int:
    with store.reading() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_new_article_is_added_with_its_parse(store: Store) -> None:
    ws = store.workspace("console", "console")
    result = store.save_parsed(ws, ambassador_story(url=URL), fetched_at=FETCHED)
    assert result.status == "added"
    with store.reading() as session:
        article = session.get_one(Article, result.article_id)
        assert (article.canonical_url, article.outlet, article.title) == (URL, "Test Wire", article.title)
        assert article.published_at == datetime(2026, 5, 19, tzinfo=UTC)
        assert article.fetched_at == FETCHED
        assert len(article.content_hash) == 64
    assert (count(store, Claim), count(store, Mention), count(store, KeyPoint)) == (3, 4, 2)


def test_same_content_again_is_unchanged(store: Store) -> None:
    ws = store.workspace("console", "console")
    first = store.save_parsed(ws, ambassador_story(url=URL), fetched_at=FETCHED)
    again = store.save_parsed(ws, ambassador_story(url=URL), fetched_at=FETCHED + timedelta(hours=1))
    elsewhere = store.save_parsed(ws, ambassador_story(url=URL + "-copy"), fetched_at=FETCHED)
    assert again.status == elsewhere.status == "unchanged"
    assert again.article_id == elsewhere.article_id == first.article_id
    assert count(store, Article) == 1 and count(store, Claim) == 3


def test_same_url_new_content_replaces_the_parse(store: Store) -> None:
    ws = store.workspace("console", "console")
    first = store.save_parsed(ws, ambassador_story(url=URL), fetched_at=FETCHED)
    revised = contract(
        "Russia to treat North Korean soldiers (updated)",
        url=URL + "?utm_source=feed#top",  # the same article once canonicalised
        who=[person("Alexander Matsegora", "Matsegora", role="ambassador"), person("Kim Jong Un")],
        claims=[claim("Kim Jong Un", "the soldiers fought bravely")],
        key_points=["Kim Jong Un praised the soldiers."],
    )
    result = store.save_parsed(ws, revised, fetched_at=FETCHED + timedelta(days=1))
    assert result.status == "updated" and result.article_id == first.article_id
    assert count(store, Article) == 1
    assert [c.content for c in queries.claims(store, ws)] == ["the soldiers fought bravely"]
    assert count(store, KeyPoint) == 1
    with store.reading() as session:
        names = set(session.scalars(select(Entity.name)))
    assert names == {"Alexander Matsegora", "Kim Jong Un"}  # Russia, North Korea, Kremlin: no article left
    assert queries.search(store, ws, "hospitals") == []


def test_a_site_address_is_not_an_article_identity(store: Store) -> None:
    ws = store.workspace("console", "console")
    one = store.save_parsed(
        ws, contract("First story", "Text one.", url="www.example.com"), fetched_at=FETCHED
    )
    two = store.save_parsed(
        ws, contract("Second story", "Text two.", url="www.example.com"), fetched_at=FETCHED
    )
    assert (one.status, two.status) == ("added", "added") and one.article_id != two.article_id


def test_source_url_is_used_when_the_article_names_none(store: Store) -> None:
    ws = store.workspace("console", "console")
    store.save_parsed(ws, contract("Story", "Old text."), fetched_at=FETCHED, source_url=URL)
    result = store.save_parsed(ws, contract("Story", "New text."), fetched_at=FETCHED, source_url=URL)
    assert result.status == "updated"
    found = store.lookup(ws, url=URL)
    assert found is not None and found.id == result.article_id


def test_lookup_by_url_or_text_before_parsing(store: Store) -> None:
    ws = store.workspace("console", "console")
    story = contract("Story", "Some text here.", url=URL)
    saved = store.save_parsed(ws, story, fetched_at=FETCHED)
    by_text = store.lookup(ws, text="Some   text here.", title="Story")  # whitespace does not count
    by_url = store.lookup(ws, url="HTTPS://news.example/2026/05/soldiers/")
    assert by_text is not None and by_url is not None
    assert by_text.id == by_url.id == saved.article_id
    assert store.lookup(ws, text="Other text.") is None
    assert store.lookup(store.workspace("slack", "T1"), url=URL) is None


def test_a_failure_mid_save_leaves_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = store.workspace("console", "console")

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(save_module, "_write_claims", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.save_parsed(ws, ambassador_story(url=URL), fetched_at=FETCHED)
    for model in (Article, Entity, EntityAlias, Mention, Claim, KeyPoint):
        assert count(store, model) == 0, model.__tablename__
    assert queries.search(store, ws, "Matsegora") == []
    monkeypatch.undo()  # running it again finishes the job
    assert store.save_parsed(ws, ambassador_story(url=URL), fetched_at=FETCHED).status == "added"


def test_a_failed_update_keeps_the_old_version(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = store.workspace("console", "console")
    store.save_parsed(ws, ambassador_story(url=URL), fetched_at=FETCHED)
    monkeypatch.setattr(save_module, "_write_claims", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        store.save_parsed(ws, contract("Changed", "New body.", url=URL), fetched_at=FETCHED)
    assert [a.title for a in queries.articles_since(store, ws, FETCHED)] == [
        "Russia to treat North Korean soldiers"
    ]
    assert count(store, Claim) == 3


def test_naive_fetch_time_is_taken_as_utc(store: Store) -> None:
    ws = store.workspace("console", "console")
    saved = store.save_parsed(ws, contract("Story", "Text."), fetched_at=datetime(2026, 5, 20, 9, 0))
    [summary] = queries.articles_since(store, ws, FETCHED)
    assert summary.id == saved.article_id and summary.fetched_at == FETCHED


def test_a_failure_line_is_not_an_article(store: Store) -> None:
    ws = store.workspace("console", "console")
    with pytest.raises(ValueError, match="no 'article'"):
        store.save_parsed(ws, {"file": "x.txt", "error": "is empty"}, fetched_at=FETCHED)


def test_workspaces_are_created_once_and_checked(store: Store) -> None:
    first = store.workspace("slack", "T123", name="Newsroom")
    assert store.workspace("slack", "T123") == first
    assert store.workspace("discord", "T123").id != first.id
    with pytest.raises(ValueError, match="unknown platform"):
        store.workspace("irc", "x")
