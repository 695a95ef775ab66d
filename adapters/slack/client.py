"""Slack Web API clients: pointed at SLACK_API_URL, retrying rate limits and dropped connections.

slack_sdk's `AsyncRateLimitErrorRetryHandler` waits as long as a 429's `Retry-After` says,
then sends again; without it the client would retry connection errors only.
"""

from __future__ import annotations

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

RATE_LIMIT_RETRIES = 3
CONNECTION_RETRIES = 2
TIMEOUT = 30  # seconds per call


def retry_handlers() -> list[AsyncRetryHandler]:
    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=CONNECTION_RETRIES),
        AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
    ]


def web_client(api_url: str, token: str | None) -> AsyncWebClient:
    return AsyncWebClient(token=token, base_url=api_url, timeout=TIMEOUT, retry_handlers=retry_handlers())
