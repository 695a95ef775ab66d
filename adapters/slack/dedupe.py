"""Events seen lately, by event id: Slack retries an event it thinks went unanswered
(`X-Slack-Retry-Num`; Socket Mode's `retry_attempt`), and bolt runs the listener again.

In memory, per process: a retry that reaches another replica is answered again. Slack
retries only when the acknowledgement took over 3 seconds, and ours is sent at once.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

KEEP = 3600.0  # Slack's last retry comes about 5 minutes after the event


class SeenEvents:
    def __init__(self, *, keep: float = KEEP, clock: Callable[[], float] = time.monotonic) -> None:
        self.keep = keep
        self.clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, event_id: str) -> bool:
        """True the first time an id is given (within `keep` seconds), False for a repeat."""
        now = self.clock()
        while self._seen and now - next(iter(self._seen.values())) > self.keep:
            self._seen.popitem(last=False)
        if event_id in self._seen:
            return False
        self._seen[event_id] = now
        return True
