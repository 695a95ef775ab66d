"""Serving the bolt app: an aiohttp web server (HTTP mode) or a Socket Mode connection.

Both serve until cancelled and then close what they opened: the server's socket and its
connections, or the WebSocket and its session.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"  # slash commands, events and button clicks all come here
HEALTH_PATH = "/healthz"


def web_app(app: AsyncApp) -> web.Application:
    """The routes: POST /slack/events, the OAuth install and redirect pages, GET /healthz."""

    async def events(request: web.Request) -> web.StreamResponse:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    async def health(request: web.Request) -> web.StreamResponse:
        return web.Response(text="ok")

    server = web.Application()
    server.add_routes([web.post(EVENTS_PATH, events), web.get(HEALTH_PATH, health)])
    flow = app.oauth_flow
    if flow is not None:

        async def install(request: web.Request) -> web.StreamResponse:
            return await to_aiohttp_response(await flow.handle_installation(await to_bolt_request(request)))

        async def redirect(request: web.Request) -> web.StreamResponse:
            return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

        server.add_routes([web.get(flow.install_path, install), web.get(flow.redirect_uri_path, redirect)])
    return server


async def serve_http(app: AsyncApp, host: str, port: int, ready: Callable[[str, int], None]) -> None:
    """Listen on host:port (0: any free port) until cancelled; `ready` gets the address bound."""
    runner = web.AppRunner(web_app(app), access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound = runner.addresses[0]
        ready(str(bound[0]), int(bound[1]))
        log.info("Slack HTTP mode: listening on http://%s:%s%s", bound[0], bound[1], EVENTS_PATH)
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


async def serve_socket(app: AsyncApp, app_token: str, api_url: str, ready: Callable[[], None]) -> None:
    """Hold a Socket Mode connection (reconnecting as slack_sdk does) until cancelled."""
    handler = AsyncSocketModeHandler(
        app, app_token, web_client=AsyncWebClient(token=app_token, base_url=api_url)
    )
    try:
        await handler.client.connect()  # type: ignore[no-untyped-call]
        ready()
        log.info("Slack Socket Mode: connected")
        await asyncio.Event().wait()
    finally:
        await handler.client.close()  # type: ignore[no-untyped-call]
