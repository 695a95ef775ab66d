"""Digests on the console: each item printed with a number the user can answer in its thread.

Posting prints the message and returns a unique message id; the number shown ("#2") maps
to that id, so typing `>2 @briefbot claims` is a mention in item 2's thread.
"""

from __future__ import annotations

import uuid

from rich.console import Console
from rich.text import Text

from adapters.console.render import render
from bot.messages import DIGEST_ITEM, Reply

PLATFORM = "console"


class ConsolePoster:
    platform = PLATFORM

    def __init__(self, console: Console) -> None:
        self.console = console
        self.threads: dict[str, str] = {}  # the number shown -> the message id
        self._shown = 0

    async def post(self, workspace_id: str, channel: str, reply: Reply) -> str:
        message_id = uuid.uuid4().hex
        self.show(reply, message_id)
        return message_id

    def show(self, reply: Reply, message_id: str | None) -> None:
        """Print a digest message; an item (one with a link) gets a number to answer it by."""
        self.console.print(render(reply))
        if reply.kind == DIGEST_ITEM and message_id is not None:
            self._shown += 1
            label = str(self._shown)
            self.threads[label] = message_id
            hint = f"#{label} · ask about this story in its thread: >{label} @briefbot claims"
            self.console.print(Text(hint, style="dim"))
        self.console.print()
