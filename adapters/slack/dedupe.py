"""Events seen lately, by event id: Slack retries an event it thinks went unanswered
(`X-Slack-Retry-Num`; Socket Mode's `retry_attempt`), and bolt runs the listener again.

Checked in memory first (this process), then, when `durable` is given, in the database
every replica shares (`bot.store.handled`), so that a retry that reaches another replica
behind the load balancer is not answered again either.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable

KEEP = 3600.0  # Slack's last retry comes about 5 minutes after the event


class SeenEvents:
    def __init__(
        self,
        *,
        keep: float = KEEP,
        clock: Callable[[], float] = time.monotonic,
        durable: Callable[[str], Awaitable[bool]] | None = None,
    ) -> None:
        self.keep = keep
        self.clock = clock
        self.durable = durable
        self._seen: OrderedDict[str, float] = OrderedDict()

    async def first_time(self, event_id: str) -> bool:
        """True the first time an id is given, here and (with `durable`) in any replica."""
        if not self._new_here(event_id):
            return False
        return await self.durable(event_id) if self.durable is not None else True

    def _new_here(self, event_id: str) -> bool:
        """True the first time this process sees an id (within `keep` seconds), False for a repeat."""
        now = self.clock()
        while self._seen and now - next(iter(self._seen.values())) > self.keep:
            self._seen.popitem(last=False)
        if event_id in self._seen:
            return False
        self._seen[event_id] = now
        return True
