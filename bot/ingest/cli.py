"""`briefbot ingest` and `briefbot feeds`, registered by `add_ingest_commands`.

`python -m bot.ingest.cli ingest ...` runs them without the rest of the `briefbot` command.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Iterator, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any

from bot.errors import UserError
from bot.store.types import PLATFORMS

if TYPE_CHECKING:
    from spacy.language import Language

    from bot.config import Settings
    from bot.ingest.run import NlpLoader
    from bot.ingest.subscriptions import FeedInfo
    from bot.store import Store

Handler = Callable[..., int]
_WORKSPACE_HELP = "whose store: console (default), slack:TEAM_ID or discord:GUILD_ID"


def add_ingest_commands(sub: Any) -> dict[str, Handler]:
    """Add `ingest` and `feeds` to the `briefbot` subparsers; `args.ingest_command(args)` runs either.

    Returns the handlers by command name.
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--workspace", default="console", metavar="WORKSPACE", help=_WORKSPACE_HELP)

    ingest = sub.add_parser(
        "ingest",
        parents=[common],
        help="read articles (files, folders, URLs, feeds) into the store",
        description="Parse articles once and keep them: files, folders (recursively: .txt .html .htm "
        ".json .jsonl), article URLs, and feed URLs (every entry). Articles kept already are skipped.",
    )
    ingest.add_argument("inputs", nargs="+", metavar="PATH|URL", help="article files, folders or URLs")
    ingest.add_argument(
        "--workers",
        type=_positive,
        default=None,
        help="parse processes (default BRIEFBOT_PARSE_WORKERS or 1)",
    )
    ingest.add_argument(
        "--batch-size", type=_positive, default=None, help="articles per spaCy batch (default 16)"
    )
    ingest.add_argument("-v", "--verbose", action="store_true", help="a line per article, not only failures")
    ingest.set_defaults(ingest_command=run_ingest)

    feeds = sub.add_parser("feeds", help="follow RSS / Atom feeds: add, list, remove, poll")
    actions = feeds.add_subparsers(dest="feeds_action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add", parents=[common], help="follow a feed; its current entries are marked seen but for a backfill"
    )
    add.add_argument("url", metavar="URL", help="the feed's address")
    add.add_argument("--channel", default=None, help="the channel its new articles are for")
    add.add_argument(
        "--backfill",
        type=_count,
        default=None,
        metavar="N",
        help="newest entries to ingest now (default BRIEFBOT_FEED_BACKFILL or 3)",
    )
    actions.add_parser("list", parents=[common], help="the feeds followed, with their last poll")
    remove = actions.add_parser("remove", parents=[common], help="stop following a feed (its articles stay)")
    remove.add_argument("feed", metavar="URL|ID", help="the feed's address or its number in `feeds list`")
    actions.add_parser("poll", parents=[common], help="poll every feed of the workspace now")
    feeds.set_defaults(ingest_command=run_feeds)
    return {"ingest": run_ingest, "feeds": run_feeds}


def parse_workspace(text: str) -> tuple[str, str]:
    """ "console" or PLATFORM:ID as (platform, external id); UserError saying how to write it."""
    value = text.strip()
    if value == "console":
        return "console", "console"
    platform, sep, external = value.partition(":")
    if not sep or platform not in PLATFORMS or not external.strip():
        raise UserError(
            f"--workspace {text!r} is not a workspace: write console, slack:TEAM_ID or discord:GUILD_ID"
        )
    return platform, external.strip()


def run_ingest(args: argparse.Namespace, *, nlp: NlpLoader | None = None) -> int:
    """`briefbot ingest`: the summary on standard output, the progress on standard error."""
    from bot.config import Settings
    from bot.ingest.options import IngestSettings
    from bot.ingest.progress import progress_for
    from bot.ingest.run import Summary, ingest
    from bot.ingest.settings import FetchSettings
    from bot.ingest.sources import Loaded, expand_paths, is_url, load_files, load_urls

    settings = Settings.from_env()
    fetch_settings = FetchSettings.from_env(settings)
    options = IngestSettings.from_env(settings)
    workers = args.workers or options.parse_workers
    batch_size = args.batch_size or options.batch_size
    urls = [i for i in args.inputs if is_url(i)]
    paths = list(expand_paths(i for i in args.inputs if not is_url(i)))
    summary = Summary()
    with _store(settings) as store:
        ws = store.workspace(*parse_workspace(args.workspace))
        with progress_for(sys.stderr, len(urls) + len(paths), verbose=args.verbose) as progress:
            fetched: list[Loaded] = []
            if urls:
                fetched = asyncio.run(
                    load_urls(urls, fetch_settings, settings, concurrency=options.fetch_concurrency)
                )
                progress.grow(len(fetched) - len(urls))

            def files() -> Iterator[Loaded]:
                for path in paths:
                    loaded = list(load_files([path], settings))
                    progress.grow(len(loaded) - 1)
                    yield from loaded

            items = chain(fetched, files())
            for outcome in ingest(  # a command of its own: safe to fork its one-worker helper
                store,
                ws,
                items,
                nlp or _model_loader(settings),
                batch_size=batch_size,
                workers=workers,
                pipelined=True,
            ):
                summary.add(outcome)
                progress.advance(outcome)
    for line in summary.lines():
        print(line)
    return 1 if summary.failures and not summary.stored else 0


def run_feeds(args: argparse.Namespace, *, nlp: NlpLoader | None = None) -> int:
    """`briefbot feeds add|list|remove|poll`."""
    from bot.config import Settings
    from bot.ingest.follow import Poller
    from bot.ingest.subscriptions import list_feeds, remove_feed, seen_counts

    settings = Settings.from_env()
    with _store(settings) as store:
        ws = store.workspace(*parse_workspace(args.workspace))
        if args.feeds_action == "list":
            feeds = list_feeds(store, ws)
            seen = seen_counts(store, ws)
            if not feeds:
                print("no feeds followed: add one with `briefbot feeds add URL`")
            for feed in feeds:
                print(_feed_line(feed, seen.get(feed.id, 0)))
            return 0
        if args.feeds_action == "remove":
            gone = remove_feed(store, ws, args.feed)
            print(f"removed feed #{gone.id} {gone.url} (its articles stay in the store)")
            return 0
        poller = Poller(store, nlp or _model_loader(settings), settings=settings)
        if args.feeds_action == "add":
            report = asyncio.run(poller.add(ws, args.url, channel=args.channel, backfill=args.backfill))
            reports = [report]
        else:
            reports = asyncio.run(poller.poll_workspace(ws))
            if not reports:
                print("no feeds followed: add one with `briefbot feeds add URL`")
        for report in reports:
            print(report.line())
            for failure in report.summary.failures:
                print(f"  failed: {failure.line()}")
        return 1 if reports and all(r.status == "failed" for r in reports) else 0


def main(argv: Sequence[str] | None = None, *, nlp: NlpLoader | None = None) -> int:
    """Just these commands (tests and `python -m bot.ingest.cli` use it); `nlp` loads the model."""
    parser = argparse.ArgumentParser(prog="briefbot")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    add_ingest_commands(sub)
    args = parser.parse_args(argv)
    try:
        code: int = args.ingest_command(args, nlp=nlp)
        return code
    except UserError as exc:
        print(f"briefbot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _store(settings: Settings) -> Store:
    from bot.store import open_store

    return open_store(data_dir=settings.data_dir)


def _model_loader(settings: Settings) -> NlpLoader:
    def load() -> Language:
        from bot.nlp.pipeline import load_nlp

        return load_nlp(settings)

    return load


def _feed_line(feed: FeedInfo, seen: int) -> str:
    when = feed.polled_at.strftime("%Y-%m-%d %H:%M UTC") if feed.polled_at else "never"
    parts = [f"#{feed.id}", feed.url]
    if feed.title:
        parts.append(repr(feed.title))
    if feed.channel:
        parts.append(f"-> {feed.channel}")
    parts.append(f"{seen} entries seen, polled {when}")
    line = "  ".join(parts)
    return line + (f"\n    last poll failed: {feed.last_error}" if feed.last_error else "")


def _positive(text: str) -> int:
    value = _count(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must not be negative")
    return value


if __name__ == "__main__":
    sys.exit(main())
