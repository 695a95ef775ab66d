"""`briefbot ingest` and `briefbot feeds ...` end to end: a store in tmp_path, a site on loopback."""

from __future__ import annotations

import argparse
import asyncio
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from ingest_helpers import CountingLoader, story, write_stories
from rich.console import Console
from site_server import Item, Site, rss, serve_site
from spacy.language import Language

from bot.errors import ConfigError, UserError
from bot.ingest.cli import add_ingest_commands, main, parse_workspace, run_feeds, run_ingest
from bot.ingest.options import IngestSettings
from bot.ingest.progress import BarProgress, LineProgress, NoProgress, progress_for
from bot.ingest.run import Outcome


@pytest.fixture(autouse=True)
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DATABASE_URL", "")
    monkeypatch.setenv("BRIEFBOT_FETCH_ALLOW", "127.0.0.1/32")  # the test site, allowed explicitly
    monkeypatch.setenv("BRIEFBOT_FETCH_READ_TIMEOUT", "0.3")
    monkeypatch.setenv("BRIEFBOT_FEED_BACKFILL", "1")
    for name in ("BRIEFBOT_PARSE_WORKERS", "BRIEFBOT_PARSE_BATCH", "BRIEFBOT_FEED_INTERVAL_MINUTES"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    async with serve_site() as running:
        yield running


async def briefbot(nlp: Language, *argv: str) -> int:
    """The command in a thread, as on a console: the test's event loop keeps serving the site."""
    return await asyncio.to_thread(main, list(argv), nlp=lambda: nlp)


def feed_items(site: Site, numbers: range) -> list[Item]:
    items = []
    for n in numbers:
        title, paragraphs = story(n)
        items.append(Item(title, site.put_article(f"/news/{n}", title, *paragraphs), f"g-{n}"))
    return items


async def test_ingest_command(
    site: Site, tmp_path: Path, nlp: Language, capsys: pytest.CaptureFixture[str]
) -> None:
    write_stories(tmp_path / "news", 2)
    (tmp_path / "news" / "empty.txt").write_bytes(b"")
    article = site.put_article("/news/10", *_parts(10))
    feed = site.put("/feed.xml", rss(feed_items(site, range(11, 13))), "application/rss+xml")
    gone = site.url("/gone")
    inputs = [str(tmp_path / "news"), article, gone, feed, "--workspace", "slack:T0001"]

    assert await briefbot(nlp, "ingest", *inputs) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[0] == "7 articles: 5 added, 0 updated, 0 unchanged, 2 failed"
    assert set(lines[1:]) == {
        f"  failed: {gone}: was not found (HTTP 404): check the link; the article may have been removed",
        f"  failed: {tmp_path / 'news' / 'empty.txt'}: is empty: give a file with an article in it",
    }
    assert out.err == ""  # not a terminal: no progress bar, and -v was not given

    loader = CountingLoader(nlp)
    again = await asyncio.to_thread(main, ["ingest", *inputs, "-v"], nlp=loader)
    assert again == 0 and loader.calls == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[0] == "7 articles: 0 added, 0 updated, 5 unchanged, 2 failed"
    assert f"unchanged {article}: Harbour council approves repair plan 10" in out.err.splitlines()

    assert await briefbot(nlp, "ingest", str(tmp_path / "news" / "empty.txt")) == 1  # nothing stored
    assert await briefbot(nlp, "ingest", str(tmp_path), "--workspace", "teams:1") == 2
    assert "--workspace 'teams:1' is not a workspace" in capsys.readouterr().err


async def test_feeds_commands(site: Site, nlp: Language, capsys: pytest.CaptureFixture[str]) -> None:
    url = site.put("/feed.xml", rss(feed_items(site, range(1, 4))), "application/rss+xml", etag='"1"')

    assert await briefbot(nlp, "feeds", "add", url, "--channel", "#news") == 0
    out = capsys.readouterr().out
    assert out == (
        "feed #1 The Local Ledger: following it; 2 current entries marked as seen, 1 ingested now: "
        "1 article: 1 added, 0 updated, 0 unchanged, 0 failed\n"
    )
    assert await briefbot(nlp, "feeds", "add", url + "?utm_medium=x") == 2
    assert "follows" in capsys.readouterr().err

    assert await briefbot(nlp, "feeds", "list") == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0].startswith(f"#1  {url}  'The Local Ledger'  -> #news  3 entries seen, polled 20")

    assert await briefbot(nlp, "feeds", "poll") == 0
    assert capsys.readouterr().out == "feed #1 The Local Ledger: not modified since the last poll\n"

    assert await briefbot(nlp, "feeds", "list", "--workspace", "discord:42") == 0
    assert capsys.readouterr().out == "no feeds followed: add one with `briefbot feeds add URL`\n"
    assert await briefbot(nlp, "feeds", "remove", "1", "--workspace", "discord:42") == 2
    assert "follows no feed '1'" in capsys.readouterr().err

    site.put("/feed.xml", "gone", status=404)
    site.put("/feed.xml", "gone", status=404)
    assert await briefbot(nlp, "feeds", "poll") == 1  # every feed failed
    assert "failed: was not found (HTTP 404)" in capsys.readouterr().out
    assert await briefbot(nlp, "feeds", "list") == 0
    assert "    last poll failed: was not found (HTTP 404)" in capsys.readouterr().out

    assert await briefbot(nlp, "feeds", "remove", "#1") == 0
    assert capsys.readouterr().out == f"removed feed #1 {url} (its articles stay in the store)\n"
    assert await briefbot(nlp, "feeds", "poll") == 0
    assert "no feeds followed" in capsys.readouterr().out

    assert await briefbot(nlp, "feeds", "add", site.url("/news/1")) == 2  # an article, not a feed
    assert "is not an RSS or Atom feed" in capsys.readouterr().err


def test_commands_register_on_the_briefbot_parser() -> None:
    parser = argparse.ArgumentParser(prog="briefbot")
    sub = parser.add_subparsers(dest="command")
    handlers = add_ingest_commands(sub)
    assert handlers == {"ingest": run_ingest, "feeds": run_feeds}
    args = parser.parse_args(["ingest", "a.txt", "https://x.example/a", "--workers", "2"])
    assert (args.ingest_command, args.inputs, args.workers, args.workspace) == (
        run_ingest, ["a.txt", "https://x.example/a"], 2, "console",
    )  # fmt: skip
    args = parser.parse_args(["feeds", "add", "https://x.example/feed", "--backfill", "0", "--channel", "c"])
    assert (args.ingest_command, args.feeds_action, args.backfill, args.channel) == (run_feeds, "add", 0, "c")
    with pytest.raises(SystemExit):
        parser.parse_args(["ingest", "a.txt", "--workers", "0"])


def test_workspaces_are_parsed() -> None:
    assert parse_workspace("console") == ("console", "console")
    assert parse_workspace("slack:T0001") == ("slack", "T0001")
    assert parse_workspace(" discord:42 ") == ("discord", "42")
    for bad in ("", "slack", "slack:", "irc:x"):
        with pytest.raises(UserError, match="is not a workspace"):
            parse_workspace(bad)


def test_ingest_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert IngestSettings.from_env() == IngestSettings(feed_backfill=1)
    monkeypatch.setenv("BRIEFBOT_PARSE_WORKERS", "2")
    monkeypatch.setenv("BRIEFBOT_FEED_BACKFILL", "0")
    monkeypatch.setenv("BRIEFBOT_FEED_INTERVAL_MINUTES", "5")
    assert IngestSettings.from_env() == IngestSettings(
        parse_workers=2, feed_backfill=0, feed_interval_minutes=5
    )
    monkeypatch.setenv("BRIEFBOT_PARSE_WORKERS", "0")
    with pytest.raises(ConfigError, match="BRIEFBOT_PARSE_WORKERS='0' must be at least 1"):
        IngestSettings.from_env()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_lines_or_nothing_elsewhere() -> None:
    outcome = Outcome("news/a.txt", "added", "A title")
    assert isinstance(progress_for(io.StringIO(), 3), NoProgress)
    plain = io.StringIO()
    with progress_for(plain, 3, verbose=True) as lines:
        assert isinstance(lines, LineProgress)
        lines.advance(outcome)
    assert plain.getvalue() == "added     news/a.txt: A title\n"

    assert isinstance(progress_for(_Terminal(), 1), BarProgress)
    screen = io.StringIO()
    bar = BarProgress(Console(file=screen, force_terminal=True, width=100), 1, verbose=True)
    with bar:
        bar.grow(2)
        for _ in range(3):
            bar.advance(outcome)
        assert bar.bar.tasks[0].total == 3 and bar.bar.tasks[0].completed == 3
    assert "added     news/a.txt: A title" in screen.getvalue()


def _parts(n: int) -> tuple[str, ...]:
    title, paragraphs = story(n)
    return (title, *paragraphs)
