"""Ingesting files, folders and URLs: dedupe before parsing, updates, bad inputs, crash safety."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from ingest_helpers import CountingLoader, count, orphans, story_record, story_text, write_stories
from ingest_server import ARTICLE, FEEDS
from site_server import Item, Site, rss
from spacy.language import Language
from sqlalchemy import select

import bot.ingest.workers as workers_module
import bot.store.store as store_module
from bot.article import Article as ArticleData
from bot.config import Settings
from bot.ingest import FetchSettings
from bot.ingest.run import Outcome, Summary, ingest
from bot.ingest.sources import article_files, expand_paths, is_url, load_files, load_urls, looks_like_feed
from bot.store import Store, Workspace, open_store
from bot.store.models import Article, Claim, Mention

ROOT = Path(__file__).resolve().parents[2]


def run_files(
    store: Store, ws: Workspace, paths: list[str], nlp: Any, settings: Settings | None = None, **options: Any
) -> Summary:
    summary = Summary()
    items = load_files(expand_paths(paths), settings or Settings())
    for outcome in ingest(store, ws, items, nlp, **options):
        summary.add(outcome)
    return summary


def statuses(summary: Summary) -> dict[str, int]:
    return {status: n for status, n in summary.counts.items() if n}


def test_folder_is_ingested_recursively_then_unchanged_without_parsing(
    tmp_path: Path, store: Store, ws: Workspace, nlp: Language
) -> None:
    folder = tmp_path / "news"
    write_stories(folder, 2)
    write_stories(folder / "more" / "deeper", 1, start=2)
    (folder / "photo.png").write_bytes(b"\x89PNG")  # not an article file: not read
    (folder / ".hidden.txt").write_text(story_text(9), encoding="utf-8")
    loader = CountingLoader(nlp)

    first = run_files(store, ws, [str(folder)], loader)
    assert statuses(first) == {"added": 3}
    assert loader.calls == 1
    assert {o.title for o in first.outcomes} == {
        f"Harbour council approves repair plan {n}" for n in range(3)
    }

    again = CountingLoader(nlp)
    second = run_files(store, ws, [str(folder)], again)
    assert statuses(second) == {"unchanged": 3}
    assert again.calls == 0  # nothing to parse: the model is not even loaded
    assert count(store) == 3


def test_updated_article_is_reparsed_and_replaced(
    tmp_path: Path, store: Store, ws: Workspace, nlp: Language
) -> None:
    path = tmp_path / "story.json"
    url = "https://ledger.example/news/plan-1"
    path.write_text(story_record(1, url), encoding="utf-8")
    first = run_files(store, ws, [str(path)], lambda: nlp)
    path.write_text(story_record(1, url + "?utm_source=rss", version=5), encoding="utf-8")
    second = run_files(store, ws, [str(path)], lambda: nlp)

    assert statuses(first) == {"added": 1} and statuses(second) == {"updated": 1}
    assert first.outcomes[0].article_id == second.outcomes[0].article_id
    assert count(store) == 1
    with store.reading() as session:
        text = session.scalars(select(Article.text)).one()
    assert "every 15 minutes" in text


def test_the_same_article_twice_in_one_run_is_stored_once(
    tmp_path: Path, store: Store, ws: Workspace, nlp: Language
) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "copy-of-a.txt"
    a.write_text(story_text(4), encoding="utf-8")
    b.write_text(story_text(4), encoding="utf-8")
    summary = run_files(store, ws, [str(a), str(b)], lambda: nlp)
    assert statuses(summary) == {"added": 1, "unchanged": 1}
    [skipped] = [o for o in summary.outcomes if o.status == "unchanged"]
    assert (skipped.source, skipped.reason) == (str(b), f"the same article as {a}")
    assert count(store) == 1


def test_bad_files_each_get_one_line_and_never_stop_the_batch(
    tmp_path: Path, store: Store, ws: Workspace, nlp: Language
) -> None:
    bad = {
        "empty.txt": b"",
        "blank.txt": b" \n\t\n",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "undecodable.txt": b"\xef\xbb\xbfcaf\xe9 \xff\xfe and more words here",
        "oversized.txt": story_text(7).encode() * 40,
        "nav-only.html": b"<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav></body></html>",
        "broken.json": b'{"title": "Half a record", "text": ',
        "feed.html": (FEEDS / "ledger.rss").read_bytes(),
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    good = write_stories(tmp_path / "good", 2)
    inputs = [str(good[0]), *(str(tmp_path / n) for n in bad), str(tmp_path / "missing.txt")]
    inputs += [str(tmp_path / "no-articles-here"), str(good[1])]
    (tmp_path / "no-articles-here").mkdir()

    summary = run_files(store, ws, inputs, lambda: nlp, settings=Settings(max_article_bytes=4000))

    assert statuses(summary) == {"added": 2, "failed": len(bad) + 2}
    reasons = {Path(o.source).name: o.reason for o in summary.failures}
    assert reasons["empty.txt"].startswith("is empty")
    assert reasons["blank.txt"].startswith("is empty")
    assert "PNG image" in reasons["binary.txt"]
    assert "byte-order mark" in reasons["undecodable.txt"]
    assert "over the 4,000-byte limit" in reasons["oversized.txt"]
    assert reasons["nav-only.html"]
    assert "JSON" in reasons["broken.json"]
    assert "RSS or Atom feed" in reasons["feed.html"]
    assert reasons["missing.txt"].startswith("no such file")
    assert reasons["no-articles-here"].startswith("is a folder with no article files")
    lines = summary.lines()
    assert lines[0] == f"{len(bad) + 4} articles: 2 added, 0 updated, 0 unchanged, {len(bad) + 2} failed"
    assert all("\n" not in line for line in lines) and len(lines) == 1 + len(bad) + 2


def test_crash_mid_run_leaves_whole_articles_and_a_rerun_finishes(
    tmp_path: Path, store: Store, ws: Workspace, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_stories(tmp_path / "news", 6)
    real_save = store_module.save
    saves = 0

    def save_then_die(*args: Any, **kwargs: Any) -> Any:
        nonlocal saves
        saves += 1
        result = real_save(*args, **kwargs)  # the third article is written in full, then the process dies
        if saves == 3:
            raise KeyboardInterrupt
        return result

    monkeypatch.setattr(store_module, "save", save_then_die)
    with pytest.raises(KeyboardInterrupt):
        run_files(store, ws, [str(tmp_path / "news")], lambda: nlp)
    assert count(store) == 2  # the third article's transaction never committed
    assert orphans(store) == 0

    monkeypatch.setattr(store_module, "save", real_save)
    rerun = run_files(store, ws, [str(tmp_path / "news")], lambda: nlp)
    assert statuses(rerun) == {"unchanged": 2, "added": 4}
    assert count(store) == 6 and orphans(store) == 0


def test_killed_ingest_process_is_finished_by_a_rerun(
    tmp_path: Path, store: Store, ws: Workspace, nlp: Language
) -> None:
    """A real `kill -9` in the middle of `briefbot ingest`, then the same command again."""
    folder = tmp_path / "news"
    write_stories(folder, 60)
    database = tmp_path / "killed"
    env = {**os.environ, "BRIEFBOT_DATA_DIR": str(database), "DATABASE_URL": ""}
    child = subprocess.Popen(
        [sys.executable, "-m", "bot.ingest.cli", "ingest", str(folder)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while _articles_in(database / "briefbot.sqlite3") < 3 and child.poll() is None:
            assert time.monotonic() < deadline, "the ingest stored nothing within a minute"
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(10)
    kept = _articles_in(database / "briefbot.sqlite3")
    assert 3 <= kept < 60, "the ingest was not stopped halfway"

    with open_store(data_dir=database) as again:
        rerun = run_files(again, again.workspace("console", "console"), [str(folder)], lambda: nlp)
        assert count(again) == 60 and orphans(again) == 0
    assert statuses(rerun) == {"unchanged": kept, "added": 60 - kept}


def _articles_in(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # not migrated yet
        return 0


def test_two_workers_store_what_one_does(tmp_path: Path, nlp: Language) -> None:
    write_stories(tmp_path / "news", 7)
    results = {}
    for workers in (1, 2):
        with open_store(f"sqlite:///{tmp_path / f'w{workers}.sqlite3'}") as store:
            ws = store.workspace("console", "console")
            summary = run_files(
                store, ws, [str(tmp_path / "news")], lambda: nlp, workers=workers, batch_size=2
            )
            assert statuses(summary) == {"added": 7}
            results[workers] = (count(store), count(store, Claim), count(store, Mention))
    assert results[1] == results[2]
    assert results[1][1] >= 7  # every story has its quote


def _parse_or_die(chunk: list[Any], batch_size: int) -> list[dict[str, Any]]:
    """A parse worker that dies (as if killed for memory) on the chunk holding plan 2."""
    if any(a.title.endswith("plan 2") for a in chunk):
        os._exit(1)
    return _real_parse(chunk, batch_size)


_real_parse = workers_module._parse


def test_a_dying_worker_fails_its_articles_only(
    tmp_path: Path, store: Store, ws: Workspace, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_stories(tmp_path / "news", 8)
    monkeypatch.setattr(workers_module, "_parse", _parse_or_die)
    first = run_files(store, ws, [str(tmp_path / "news")], lambda: nlp, workers=2, batch_size=2)
    failed = {o.title or Path(o.source).stem for o in first.failures}
    assert "story-002" in failed and "story-003" in failed  # the chunk the worker died on
    assert all("the parse worker stopped unexpectedly" in o.reason for o in first.failures)
    assert statuses(first)["added"] == 8 - len(failed) >= 4
    assert count(store) == 8 - len(failed) and orphans(store) == 0

    monkeypatch.setattr(workers_module, "_parse", _real_parse)
    rerun = run_files(store, ws, [str(tmp_path / "news")], lambda: nlp, workers=2, batch_size=2)
    assert statuses(rerun) == {"unchanged": 8 - len(failed), "added": len(failed)}


async def test_urls_articles_and_feeds(
    site: Site, store: Store, ws: Workspace, nlp: Language, settings: FetchSettings
) -> None:
    page = site.put("/news/bridge", ARTICLE)
    one = site.put_article("/news/one", *_plain(1))
    feed = site.put(
        "/feed.xml",
        rss([Item("One", one, "g-1"), Item("Two (no link)", None, "g-2", summary=story_text(2))]),
        "application/rss+xml",
    )
    loaded = await load_urls([page, feed], settings, Settings())
    outcomes = await asyncio.to_thread(lambda: list(ingest(store, ws, loaded, lambda: nlp)))
    by_source = {o.source: o for o in outcomes}
    assert (
        by_source[page].status == "added" and by_source[page].title == "Harbour bridge to close for six weeks"
    )
    assert by_source[one].status == "added"
    assert by_source["feed entry 'Two (no link)'"].status == "added"
    assert len(outcomes) == 3 and count(store) == 3


async def test_bad_urls_each_get_one_line(
    site: Site, store: Store, ws: Workspace, nlp: Language, settings: FetchSettings
) -> None:
    good = site.put_article("/good", *_plain(3))
    site.put("/gone", "no", status=404)
    site.put("/broken", "oops", status=500)
    site.put("/slow", "late", slow=True)
    site.put("/image", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
    site.put("/malformed.rss", (FEEDS / "broken.xml").read_bytes(), "application/rss+xml")
    site.put("/bomb.xml", (FEEDS / "bomb-hidden.xml").read_bytes(), "text/xml")
    site.put("/bomb-as-html", (FEEDS / "bomb.xml").read_bytes(), "text/html")
    site.put("/empty", b"", "text/plain")
    site.put("/nav", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
    bad = ["/gone", "/broken", "/slow", "/image", "/malformed.rss", "/bomb.xml", "/bomb-as-html", "/empty"]
    bad += ["/nav", "/missing"]
    urls = [good, *(site.url(p) for p in bad), "http://169.254.169.254/latest/meta-data/"]
    loaded = await load_urls(urls, settings, Settings())
    outcomes = await asyncio.to_thread(lambda: list(ingest(store, ws, loaded, lambda: nlp)))

    reasons = {o.source.removeprefix(site.base): o.reason for o in outcomes if o.status == "failed"}
    assert [o.status for o in outcomes if o.source == good] == ["added"]
    assert len(reasons) == len(bad) + 1
    assert "HTTP 404" in reasons["/gone"] and "HTTP 404" in reasons["/missing"]
    assert "HTTP 500" in reasons["/broken"]
    assert "stopped answering" in reasons["/slow"]
    assert "an image" in reasons["/image"]
    assert "not a readable RSS or Atom feed" in reasons["/malformed.rss"]
    assert "declares XML entities" in reasons["/bomb.xml"]
    assert "declares XML entities" in reasons["/bomb-as-html"]
    assert reasons["/empty"].startswith("is empty")
    assert reasons["/nav"]
    assert "BRIEFBOT_FETCH_ALLOW" in reasons["http://169.254.169.254/latest/meta-data/"]


def _plain(n: int) -> tuple[str, ...]:
    title, *rest = story_text(n).split("\n\n")
    return (title, *rest)


def test_inputs_are_told_apart() -> None:
    assert is_url("https://news.example/a") and is_url("ftp://x/y") and is_url("HTTP://x")
    assert not is_url("news/a.txt") and not is_url("C:\\news\\a.txt")


def test_article_files_skip_hidden_and_other_files(tmp_path: Path) -> None:
    for name in (
        "b.TXT",
        "a.html",
        "c.htm",
        "d.json",
        "e.jsonl",
        "f.pdf",
        ".g.txt",
        "sub/h.txt",
        ".git/i.txt",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    names = [p.relative_to(tmp_path).as_posix() for p in article_files(tmp_path)]
    assert names == ["a.html", "b.TXT", "c.htm", "d.json", "e.jsonl", "sub/h.txt"]


@pytest.mark.parametrize(
    ("body", "content_type", "feed"),
    [
        ((FEEDS / "ledger.rss").read_bytes(), "text/xml", True),
        ((FEEDS / "wire.atom").read_bytes(), None, True),
        ((FEEDS / "bomb-hidden.xml").read_bytes(), "application/xml", True),
        ((FEEDS / "bomb-utf16.xml").read_bytes(), None, True),
        (b"<html><body><p>An article</p></body></html>", "text/html", False),
        (b"<p>rss</p>", "application/atom+xml", True),
        (b"Plain text about an rss feed", "text/plain", False),
    ],
)
def test_feeds_are_recognised(body: bytes, content_type: str | None, feed: bool) -> None:
    from bot.ingest import Fetched

    fetched = Fetched("https://x.example/", "https://x.example/", 200, content_type, body, None, None)
    assert looks_like_feed(fetched) is feed


def test_outcome_lines() -> None:
    failed = Outcome("a.txt", "failed", reason="is empty: give a file with an article in it")
    assert failed.line() == "a.txt: is empty: give a file with an article in it"
    assert Outcome("b.txt", "added", "Title").line() == "added     b.txt: Title"
    summary = Summary([failed, Outcome("b.txt", "added", "Title")])
    assert summary.lines() == [
        "2 articles: 1 added, 0 updated, 0 unchanged, 1 failed",
        "  failed: a.txt: is empty: give a file with an article in it",
    ]


@pytest.mark.parametrize("count", [0, 1, 5, 16, 38, 47, 48, 49, 100])
@pytest.mark.parametrize(("size", "workers"), [(16, 2), (16, 3), (10, 2), (3, 2), (1, 2), (16, 1)])
def test_worker_chunks_keep_order_and_split_the_end(count: int, size: int, workers: int) -> None:
    articles = [ArticleData(title=str(i), text="x") for i in range(count)]
    got = list(workers_module.chunks(iter(articles), size, workers))
    assert [a for chunk in got for a in chunk] == articles  # all of them, once, in order
    ahead = (workers + 1) * size
    whole = (count - workers * size) // size if count >= ahead else 0  # out as soon as read ahead
    assert [len(chunk) for chunk in got[:whole]] == [size] * whole
    end = [len(chunk) for chunk in got[whole:]]  # the rest: fewer than `ahead` articles
    assert sum(end) == count - size * whole < ahead
    assert all(end)  # no empty pieces
    assert max(end, default=0) <= max(1, size // 4)  # small pieces at the end ...
    assert not end or max(end) - min(end) <= 1  # ... as even as can be
    assert len(end) >= min(sum(end), 2 * workers)  # and enough of them for every worker
