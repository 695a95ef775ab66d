"""`briefbot run`: start the bot on the adapter the configuration asks for.

With no chat token configured it is the console adapter: the SQLite store in
BRIEFBOT_DATA_DIR, the bundled sample articles ingested on first start, today's digest,
then a prompt. With SLACK_BOT_TOKEN (or Slack OAuth settings) and/or DISCORD_TOKEN it
serves those platforms from one process, on the store DATABASE_URL names.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings

if TYPE_CHECKING:
    from rich.console import Console

    from adapters.console import ConsoleAdapter
    from bot.runtime import ChatAdapter, Runtime
    from bot.store import Store, Workspace

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
    from bot.errors import UserError

    try:
        settings = Settings.from_env()
        chats = _chat_adapters()
        if not chats:
            return asyncio.run(run_console(settings))
        try:
            return asyncio.run(run_chat(settings, chats))
        except OSError as exc:  # the platform cannot be reached
            print(
                f"briefbot: cannot connect: {exc}. Check the network, and SLACK_API_URL / DISCORD_API_URL "
                "if you set them.",
                file=sys.stderr,
            )
            return 1
    except KeyboardInterrupt:
        print()
        return 0
    except UserError as exc:
        print(f"briefbot: {exc}", file=sys.stderr)
        return 2


ChatFactory = Callable[["Runtime"], "ChatAdapter"]


def _chat_adapters() -> list[tuple[str, ChatFactory]]:
    """The chat adapters whose tokens are configured (Slack, Discord, or both)."""
    chosen: list[tuple[str, ChatFactory]] = []
    if any(name.startswith("SLACK_") and value.strip() for name, value in os.environ.items()):
        from adapters.slack import create_slack, slack_configured

        if slack_configured():  # any Slack setting: run Slack, or say what is missing
            chosen.append(("Slack", lambda runtime: create_slack(runtime)))
    if any(name.startswith("DISCORD_") and value.strip() for name, value in os.environ.items()):
        from adapters.discord import create_discord, discord_configured

        if discord_configured():
            chosen.append(("Discord", create_discord))
    return chosen


async def run_chat(settings: Settings, chats: list[tuple[str, ChatFactory]]) -> int:
    """Serve Slack and/or Discord from one process: one store, one scheduler, one digest service."""
    from bot.runtime import close, open_runtime, start

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    runtime = await open_runtime(settings)
    try:
        adapters = [create(runtime) for _, create in chats]
        for adapter in adapters:
            runtime.digests.add_poster(adapter.poster)
        await start(runtime)
        logging.getLogger(__name__).info("briefbot is running on %s", " and ".join(name for name, _ in chats))
        tasks = [asyncio.create_task(adapter.run()) for adapter in adapters]
        try:  # one adapter failing stops the others: the process exits and says why
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                task.result()
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        return 0
    finally:
        await close(runtime)


async def run_console(settings: Settings, *, console: Console | None = None) -> int:
    """Open the store, ingest the samples on first start, print today's digest, then answer."""
    from rich.console import Console

    from adapters.console import ConsoleAdapter
    from bot.errors import ConfigError
    from bot.runtime import close, open_runtime, start
    from bot.store import open_store

    data_dir = Path(settings.data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        _log_to(data_dir / LOG_FILE)
    except OSError as exc:
        raise ConfigError(f"{exc}: set BRIEFBOT_DATA_DIR to a folder you can write to") from None
    out = console or Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    store = await asyncio.to_thread(open_store, data_dir=data_dir)
    runtime = await open_runtime(settings, store=store)
    try:
        ws = await asyncio.to_thread(store.workspace, "console", "console")
        if await asyncio.to_thread(_is_empty, store, ws):
            out.print("First start: reading the bundled sample articles…", style="dim")
            headline = await asyncio.to_thread(_ingest_samples, store, ws, settings)
            out.print(f"Ingested the bundled samples: {headline}")
        await _ensure_schedule(runtime, ws)
        adapter = ConsoleAdapter(runtime.ctx, console=out, history=data_dir / ".console_history")
        runtime.digests.add_poster(adapter.poster)
        await start(runtime, wait=True)  # a digest due now is printed here
        await _todays_digest(runtime, adapter, ws)
        return await adapter.run()
    finally:
        await close(runtime)


async def _ensure_schedule(runtime: Runtime, ws: Workspace) -> None:
    """The console's channel gets the default digest schedule on first start."""
    from adapters.console.adapter import CHANNEL
    from bot.digest import schedule

    await asyncio.to_thread(schedule.ensure_schedule, runtime.store, ws, CHANNEL, runtime.digests.options)


async def _todays_digest(runtime: Runtime, adapter: ConsoleAdapter, ws: Workspace) -> None:
    """Today's digest: printed again when it went out earlier today, else composed and posted now."""
    from adapters.console.adapter import CHANNEL

    if adapter.poster.threads:  # posted by the scheduler's catch-up a moment ago
        return
    shown = await runtime.digests.todays(ws, CHANNEL)
    if shown is not None:
        adapter.console.print("Today's digest, as it went out earlier:", style="dim")
        adapter.poster.show(shown.header, None)
        for item, message_id in zip(shown.items, shown.message_ids, strict=False):
            adapter.poster.show(item.reply, message_id)
        return
    zone = await runtime.digests.zone(ws, CHANNEL)
    today = runtime.digests.now().astimezone(zone).date()
    report = await runtime.digests.deliver_scheduled(ws, CHANNEL, today)
    if report.status == "empty":
        adapter.console.print(
            "No new articles since the last digest. /digest preview shows what is waiting.", style="dim"
        )
        adapter.console.print()


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
