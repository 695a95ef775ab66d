"""The console adapter: lines typed (or piped) in, `Event`s to the router, `Reply`s printed.

Like every adapter it only translates: a line becomes an `Event` of the "console" platform
(one workspace, one channel, one user who is an admin), `dispatch` answers it, and
`render` prints the `Reply`. On a terminal there is a prompt with line editing and history
(GNU readline); piped input is read line by line without a prompt until it ends.

Lines are read in a daemon thread, so the event loop never blocks on input and Ctrl-C
never waits for a pending read.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
import sys
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from rich.console import Console

from adapters.console.poster import ConsolePoster
from adapters.console.render import render
from bot.messages import Event, Reply, Section
from handlers import COMMANDS
from handlers.context import Context
from handlers.router import dispatch

log = logging.getLogger(__name__)

PLATFORM = "console"
WORKSPACE = "console"
CHANNEL = "console"
USER = "you"
MENTION = "@briefbot"
PROMPT = "briefbot> "
UMBRELLA = frozenset({"more", "briefbot"})  # "/more", and "/briefbot who is X" read like a mention
QUIT = frozenset({"quit", "exit", "/quit", "/exit"})
WELCOME = "Type /help for the commands, “quit” to leave."
BROKEN = "Sorry, that answer could not be shown. Please try again."
THREAD_LINE = re.compile(r"^\s*>\s*#?(\d+)\s+(.+)$")
NO_THREAD = "There is no story with that number. Digest stories are numbered #1, #2… as they are shown."

Dispatch = Callable[[Event, Context], Awaitable[Reply]]


def to_event(line: str, event_id: str, thread: str | None = None) -> Event:
    """The event a typed line stands for: "/who x" is the slash command who, "@briefbot ..." a mention.

    `thread` is the digest item's message the line answers (typed as ">2 @briefbot who").
    """
    text = line.strip()
    command: str | None = None
    if text.startswith("/") and len(text) > 1:
        name, _, args = text[1:].partition(" ")
        if name.casefold() in COMMANDS or name.casefold() in UMBRELLA:
            command, text = name.casefold(), args.strip()
        # an unknown "/nonsense" stays whole, so the help that answers it can quote it
    return Event(
        platform=PLATFORM,
        workspace_id=WORKSPACE,
        channel=CHANNEL,
        thread=thread,
        user=USER,
        user_is_admin=True,
        text=text,
        event_id=event_id,
        is_mention=text.casefold().startswith(MENTION),
        command=command,
    )


class ConsoleAdapter:
    """Reads lines from `stdin`, answers each through `dispatch`, prints to `console`."""

    def __init__(
        self,
        ctx: Context,
        *,
        console: Console | None = None,
        stdin: TextIO | None = None,
        interactive: bool | None = None,
        history: Path | None = None,
        answer: Dispatch = dispatch,
    ) -> None:
        self.ctx = ctx
        self.stdin = stdin or sys.stdin
        self.console = console or Console(highlight=False, soft_wrap=not self.stdin.isatty())
        self.interactive = self.stdin.isatty() if interactive is None else interactive
        self.history = history
        self.answer = answer
        self.poster = ConsolePoster(self.console)
        self._ids = itertools.count(1)

    async def run(self) -> int:
        """Answer lines until "quit", "exit" or the end of input; 0 when it ends that way."""
        if self.interactive:
            self._start_readline()
            self.console.print(WELCOME, style="dim")
        try:
            while True:
                line = await self._read_line()
                if line is None or line.strip().casefold() in QUIT:
                    if line is None and self.interactive:
                        self.console.print()  # Ctrl-D: the shell's prompt on a line of its own
                    return 0
                if line.strip():
                    await self.handle(line)
        finally:
            self._save_history()

    async def handle(self, line: str) -> Reply:
        """Answer one line and print the answer; never raises for a bad line or a failing answer."""
        thread, line = self._thread_of(line)
        if thread == "":
            reply = Reply(title="No such story", sections=(Section(lines=(NO_THREAD,)),))
            self.console.print(render(reply))
            self.console.print()
            return reply
        event = to_event(line, str(next(self._ids)), thread)
        try:
            reply = await self.answer(event, self.ctx)
            self.console.print(render(reply))
        except Exception:
            log.exception("the console could not answer %r", line[:200])
            reply = Reply(title="Sorry", sections=(Section(lines=(BROKEN,)),))
            self.console.print(render(reply))
        self.console.print()
        return reply

    def _thread_of(self, line: str) -> tuple[str | None, str]:
        """(the thread a ">N text" line answers, the text); "" for a number no story has."""
        found = THREAD_LINE.match(line)
        if not found:
            return None, line
        return self.poster.threads.get(found.group(1), ""), found.group(2)

    async def _read_line(self) -> str | None:
        """The next line without its newline, or None at the end of input."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[str | None] = loop.create_future()

        def settle(result: str | None, error: BaseException | None) -> None:
            if done.done():
                return
            if error is not None:
                done.set_exception(error)
            else:
                done.set_result(result)

        def read() -> None:
            result: str | None = None
            error: BaseException | None = None
            try:
                if self.interactive:
                    result = input(PROMPT)
                else:
                    raw = self.stdin.readline()
                    result = raw.rstrip("\r\n") if raw else None
            except EOFError:
                result = None
            except BaseException as exc:  # handed to the loop, which raises it where it waits
                error = exc
            loop.call_soon_threadsafe(settle, result, error)

        threading.Thread(target=read, name="console-input", daemon=True).start()
        return await done

    def _start_readline(self) -> None:
        try:
            import readline
        except ImportError:  # pragma: no cover - Windows without pyreadline
            return
        if self.history is not None and self.history.exists():
            try:
                readline.read_history_file(self.history)
            except OSError:
                log.warning("the console history %s could not be read", self.history)
        readline.set_history_length(1000)

    def _save_history(self) -> None:
        if not self.interactive or self.history is None:
            return
        try:
            import readline

            readline.write_history_file(self.history)
        except (ImportError, OSError):
            log.warning("the console history %s could not be saved", self.history)
