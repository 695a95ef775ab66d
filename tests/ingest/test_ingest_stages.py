"""The one-worker ingest in two processes (bot.ingest.stages): the same results, in order, and
the failures of one process: an exception in a save stops the ingest after whole articles, a
component that raises fails its article only, a helper that dies fails its batch only."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from ingest_helpers import count, orphans, story_text, write_stories
from spacy.language import Language
from spacy.tokens import Doc

import bot.nlp.keypoints as keypoints_module
import bot.store.store as store_module
from bot.article import Article
from bot.config import Settings
from bot.ingest.run import Summary, ingest
from bot.ingest.sources import expand_paths, load_files
from bot.ingest.stages import doc_bytes, parse_and_save
from bot.nlp.pipeline import COMPONENTS
from bot.parse import parse_stream
from bot.store import Store, StoreError, Workspace


def _run(store: Store, ws: Workspace, folder: Path, nlp: Language, **options: Any) -> Summary:
    summary = Summary()
    items = load_files(expand_paths([str(folder)]), Settings())
    for outcome in ingest(store, ws, items, lambda: nlp, pipelined=True, **options):
        summary.add(outcome)
    return summary


def _statuses(summary: Summary) -> dict[str, int]:
    return {status: n for status, n in summary.counts.items() if n}


def test_the_same_contracts_as_one_process_in_order(nlp: Language) -> None:
    articles = [Article(text=story_text(n), title=f"story {n}", source=f"s{n}") for n in range(5)]
    expected = [json.dumps(r, sort_keys=True) for r in parse_stream(nlp, articles, batch_size=2)]
    got = list(
        parse_and_save(
            nlp,
            articles,
            article=lambda a: a,
            then=lambda a, result: (a.source, json.dumps(result, sort_keys=True)),
            batch_size=2,
        )
    )
    assert [source for source, _ in got] == ["s0", "s1", "s2", "s3", "s4"]
    assert [contract for _, contract in got] == expected


def test_outcomes_come_in_order_among_the_undecided(
    tmp_path: Path, store: Store, ws: Workspace, nlp: Language
) -> None:
    write_stories(tmp_path / "news", 7)
    (tmp_path / "news" / "z-copy-of-002.txt").write_text(story_text(2), encoding="utf-8")
    (tmp_path / "news" / "empty.txt").write_text("", encoding="utf-8")
    summary = _run(store, ws, tmp_path / "news", nlp, batch_size=2)
    assert _statuses(summary) == {"added": 7, "unchanged": 1, "failed": 1}
    added = [Path(o.source).stem for o in summary.outcomes if o.status == "added"]
    assert added == [f"story-{n:03d}" for n in range(7)]
    assert count(store) == 7 and orphans(store) == 0


def test_a_store_error_in_the_helper_stops_the_ingest_after_whole_articles(
    tmp_path: Path, store: Store, ws: Workspace, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_stories(tmp_path / "news", 9)
    real_save = store_module.save
    saves = 0

    def save_then_fail(*args: Any, **kwargs: Any) -> Any:
        nonlocal saves  # counted in the helper process, which forked with this patch
        saves += 1
        if saves == 3:
            raise StoreError("the database went away")
        return real_save(*args, **kwargs)

    monkeypatch.setattr(store_module, "save", save_then_fail)
    seen: list[str] = []
    items = load_files(expand_paths([str(tmp_path / "news")]), Settings())
    with pytest.raises(StoreError, match="went away"):
        for outcome in ingest(store, ws, items, lambda: nlp, batch_size=2, pipelined=True):
            seen.append(outcome.status)
    assert seen == ["added", "added"]  # the outcomes before the error, then the error
    assert count(store) == 2 and orphans(store) == 0  # nothing saved after it, in any batch

    monkeypatch.setattr(store_module, "save", real_save)
    rerun = _run(store, ws, tmp_path / "news", nlp, batch_size=2)
    assert _statuses(rerun) == {"unchanged": 2, "added": 7}


def test_a_component_that_raises_fails_its_article_only(
    tmp_path: Path, store: Store, ws: Workspace, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_stories(tmp_path / "news", 5)
    real = keypoints_module.key_points

    def key_points_or_fail(doc: Any, title: str = "") -> list[str]:
        if "plan 3" in title:
            raise RuntimeError("broken")
        return real(doc, title)

    monkeypatch.setattr(keypoints_module, "key_points", key_points_or_fail)
    summary = _run(store, ws, tmp_path / "news", nlp, batch_size=2)
    assert _statuses(summary) == {"added": 4, "failed": 1}
    (failure,) = summary.failures
    assert Path(failure.source).stem == "story-003"
    assert failure.reason == "internal error while parsing (RuntimeError); please report it"
    assert count(store) == 4 and orphans(store) == 0


def test_a_dying_helper_fails_its_batch_only(
    tmp_path: Path, store: Store, ws: Workspace, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_stories(tmp_path / "news", 8)
    real = keypoints_module.key_points

    def key_points_or_die(doc: Any, title: str = "") -> list[str]:
        if "plan 2" in title:
            os._exit(1)  # as if killed for memory
        return real(doc, title)

    monkeypatch.setattr(keypoints_module, "key_points", key_points_or_die)
    first = _run(store, ws, tmp_path / "news", nlp, batch_size=2)
    failed = sorted(Path(o.source).stem for o in first.failures)
    assert failed == ["story-002", "story-003"]  # the batch the helper died on
    assert all("the parse worker stopped unexpectedly" in o.reason for o in first.failures)
    assert _statuses(first) == {"added": 6, "failed": 2}
    assert count(store) == 6 and orphans(store) == 0

    monkeypatch.setattr(keypoints_module, "key_points", real)
    rerun = _run(store, ws, tmp_path / "news", nlp, batch_size=2)
    assert _statuses(rerun) == {"unchanged": 6, "added": 2}


def test_doc_bytes_carry_what_doc_to_bytes_does(nlp: Language) -> None:
    texts = [story_text(n) for n in range(3)] + ['He said: "Yes."\n\nSHE: No.\n']
    for text, doc in zip(texts, nlp.pipe(texts, disable=list(COMPONENTS)), strict=True):
        ours = Doc(nlp.vocab).from_bytes(doc_bytes(doc, text))
        theirs = Doc(nlp.vocab).from_bytes(doc.to_bytes(exclude=["tensor", "user_data"]))
        assert ours.to_json() == theirs.to_json()
        assert [(t.lemma_, t.norm_, str(t.morph), t.is_sent_start) for t in ours] == [
            (t.lemma_, t.norm_, str(t.morph), t.is_sent_start) for t in theirs
        ]
