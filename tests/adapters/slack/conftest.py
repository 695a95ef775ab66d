"""Slack adapter fixtures: the Slack stand-in, a store with parsed articles, a runtime, signing.

The articles are parsed once per session (the real spaCy pipeline, `nlp` from tests/conftest.py)
and saved into a fresh SQLite store for each test. One of them carries Slack markup that
would ping a whole channel if it were posted unescaped.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from slack_fake import TEAM, FakeSlack
from slack_helpers import HOSTILE, HOSTILE_TITLE
from spacy.language import Language

from bot.article import Article
from bot.config import Settings
from bot.digest.options import DigestOptions
from bot.parse import parse_stream
from bot.runtime import Runtime, close, open_runtime
from bot.store import Store, open_store

SAMPLES = Path(__file__).resolve().parents[3] / "bot" / "samples"


def hostile_article() -> Article:
    """The fare-rise sample, with the placard's words in the title and the first sentence."""
    sample = json.loads((SAMPLES / "transit-fare-rise.json").read_text(encoding="utf-8"))
    text = f"Protesters outside Cardiff Capital Transit carried placards reading “{HOSTILE}.” "
    text += sample["text"]
    return Article(
        text=text,
        title=HOSTILE_TITLE,
        outlet=sample["outlet"],
        url=sample["url"],
        published=sample["published"],
        source="transit-fare-rise.json",
    )


def plain_article(name: str, title: str, url: str) -> Article:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    return Article(text=text, title=title, outlet="The Lee Valley Post", url=url, source=name)


@pytest.fixture(scope="session")
def contracts(nlp: Language) -> list[dict[str, Any]]:
    articles = [
        hostile_article(),
        plain_article(
            "harbour-bridge-closure.txt",
            "Cork's Ellery Harbour Bridge Shut for Six Months",
            "https://www.leevalleypost.ie/news/harbour-bridge?a=1&b=2",
        ),
        plain_article(
            "river-pollution-fines.txt", "River pollution fines", "https://news.example.org/river-fines"
        ),
    ]
    parsed = list(parse_stream(nlp, articles))
    assert all("article" in c for c in parsed), parsed
    return parsed


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def filled(store: Store, contracts: list[dict[str, Any]]) -> dict[str, int]:
    """The articles saved in the Slack team's workspace: their ids by title."""
    ws = store.workspace("slack", TEAM)
    fetched = datetime.now(UTC) - timedelta(hours=1)
    ids = {}
    for contract in contracts:
        saved = store.save_parsed(ws, contract, fetched_at=fetched)
        ids[contract["article"]["title"]] = saved.article_id
    return ids


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    slack = FakeSlack()
    await slack.start()
    try:
        yield slack
    finally:
        await slack.close()


@pytest.fixture
async def runtime(store: Store, tmp_path: Path) -> AsyncIterator[Runtime]:
    opened = await open_runtime(
        Settings(data_dir=tmp_path), store=store, options=DigestOptions(), poll_feeds=False
    )
    try:
        yield opened
    finally:
        await close(opened)


@pytest.fixture(autouse=True)
def no_slack_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """bolt reads some SLACK_* variables itself: a developer's own must not leak into the tests."""
    for name in list(os.environ):
        if name.startswith("SLACK_"):
            monkeypatch.delenv(name)
