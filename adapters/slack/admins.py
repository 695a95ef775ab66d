"""Who may change settings: a workspace's admins and owners (users.info), and SLACK_ADMIN_USERS.

Answers are cached for a while, so a busy channel does not call users.info for every
message; a failing lookup counts as "not an admin" (the refusal says how to ask one).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)
TTL = 600.0  # seconds an answer is kept
CAPACITY = 5000


class Admins:
    def __init__(
        self, configured: frozenset[str], *, ttl: float = TTL, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.configured = configured
        self.ttl = ttl
        self.clock = clock
        self._known: dict[tuple[str, str], tuple[float, bool]] = {}

    async def is_admin(self, client: AsyncWebClient, team: str, user: str) -> bool:
        if user in self.configured:
            return True
        now = self.clock()
        found = self._known.get((team, user))
        if found is not None and now - found[0] < self.ttl:
            return found[1]
        try:
            answer = await client.users_info(user=user)
        except SlackApiError as error:
            log.warning("users.info for %s in %s failed: %s", user, team, error.response.get("error"))
            return False
        except Exception:  # Slack unreachable: not an admin this time, and asked again next time
            log.warning("users.info for %s in %s failed", user, team, exc_info=True)
            return False
        info = answer.get("user") or {}
        admin = bool(info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner"))
        if len(self._known) >= CAPACITY:
            self._known.clear()
        self._known[(team, user)] = (now, admin)
        return admin
