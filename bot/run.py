"""`briefbot run`: start the bot on the adapter the configuration asks for.

With no chat token configured it is the console adapter: the SQLite store in
BRIEFBOT_DATA_DIR, the bundled sample articles ingested on first start, then a prompt.
A Slack or Discord token asks for an adapter that is not built yet: exit 2, saying so.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings

if TYPE_CHECKING:
    from rich.console import Console

    from bot.store import Store, Workspace

CHAT_TOKENS = ("SLACK_BOT_TOKEN", "DISCORD_TOKEN")
SAMPLES = Path(__file__).resolve().parent / "samples"
LOG_FILE = "briefbot.log"


def add_run_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `run` to the `briefbot` subparsers; `args.run_command(args)` runs it."""
    run = sub.add_parser(
        "run",
        help="start the bot (the console when no Slack or Discord token is set)",
        description="Start briefbot. Without SLACK_BOT_TOKEN or DISCORD_TOKEN it answers in this "
        "terminal: type /who, /claims compensation, @briefbot sources, help, quit.",
    )
    run.set_defaults(run_command=run_command)


def run_command(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    configured = [name for name in CHAT_TOKENS if os.environ.get(name, "").strip()]
    if configured:
        print(
            f"briefbot: {' and '.join(configured)} is set, but the Slack and Discord adapters are not "
            "built yet: unset it (and remove it from .env) to use the console adapter",
            file=sys.stderr,
        )
        return 2
    try:
        return asyncio.run(run_console(settings))
    except KeyboardInterrupt:
        print()
        return 0
    except OSError as exc:  # the data folder cannot be made or written
        print(f"briefbot: {exc}: set BRIEFBOT_DATA_DIR to a folder you can write to", file=sys.stderr)
        return 1


async def run_console(settings: Settings, *, console: Console | None = None) -> int:
    """Open the store, ingest the samples on first start, then answer the console until it ends."""
    from rich.console import Console

    from adapters.console import ConsoleAdapter
    from bot.store import open_store
    from handlers.context import Context

    data_dir = Path(settings.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    _log_to(data_dir / LOG_FILE)
    out = console or Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    store = await asyncio.to_thread(open_store, data_dir=data_dir)
    try:
        ws = await asyncio.to_thread(store.workspace, "console", "console")
        if await asyncio.to_thread(_is_empty, store, ws):
            out.print("First start: reading the bundled sample articles…", style="dim")
            headline = await asyncio.to_thread(_ingest_samples, store, ws, settings)
            out.print(f"Ingested the bundled samples: {headline}")
        adapter = ConsoleAdapter(Context(store=store), console=out, history=data_dir / ".console_history")
        return await adapter.run()
    finally:
        store.close()


def _is_empty(store: Store, ws: Workspace) -> bool:
    from bot.store.queries import articles_since
    from handlers.context import EVER

    return not articles_since(store, ws, EVER, limit=1)


def _ingest_samples(store: Store, ws: Workspace, settings: Settings) -> str:
    from bot.ingest.run import Summary, ingest
    from bot.ingest.sources import article_files, load_files
    from bot.nlp.pipeline import load_nlp

    summary = Summary()
    items = load_files(article_files(SAMPLES), settings)
    for outcome in ingest(store, ws, items, lambda: load_nlp(settings)):
        summary.add(outcome)
    return summary.headline()


def _log_to(path: Path) -> None:
    """Warnings and errors (with their tracebacks) go to a file, never onto the console."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    """`python -m bot.run`: the same as `briefbot run`."""
    parser = argparse.ArgumentParser(prog="briefbot")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    add_run_command(sub)
    args = parser.parse_args(["run"] if argv is None and len(sys.argv) == 1 else argv)
    from bot.errors import UserError

    try:
        code: int = args.run_command(args)
        return code
    except UserError as exc:
        print(f"briefbot: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
