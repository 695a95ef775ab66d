"""A real HTTP server on 127.0.0.1 for the fetch and feed tests."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

FEEDS = Path(__file__).parent / "feeds"
TLS = Path(__file__).parent / "tls"  # a self-signed certificate for news.test, valid until 2126
LIMIT = 50_000  # bytes: the cap in these tests
ETAG = '"v1"'
LAST_MODIFIED = "Tue, 03 Jun 2025 08:00:00 GMT"
ARTICLE = b"""<!doctype html><html><head><title>Harbour bridge to close for six weeks</title></head>
<body><article><h1>Harbour bridge to close for six weeks</h1>
<p>The harbour bridge will close for six weeks from Monday while engineers replace its bearings,
the city's transport office said on Tuesday.</p>
<p>"We expect the work to finish before the autumn storms," said Mara Lindqvist, the office's
chief engineer. Ferries will run every ten minutes during the closure.</p></article></body></html>"""
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


@dataclass
class Server:
    base: str
    stop: asyncio.Event
    seen: list[web.Request] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


@asynccontextmanager
async def serve(tls: bool = False) -> AsyncIterator[Server]:
    """The server, stopped (slow handlers released) on the way out; HTTPS as news.test with `tls`."""
    stop = asyncio.Event()
    state = Server("", stop)

    @web.middleware
    async def record(request: web.Request, handler: web.Handler) -> web.StreamResponse:
        state.seen.append(request)
        return await handler(request)

    app = web.Application(middlewares=[record])
    app.router.add_routes(_routes(stop))
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.2)
    await runner.setup()
    context = None
    if tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(TLS / "news.test.pem", TLS / "news.test.key")
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
    await site.start()
    port = runner.addresses[0][1]
    state.base = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    try:
        yield state
    finally:
        stop.set()
        await runner.cleanup()


def _routes(stop: asyncio.Event) -> list[web.RouteDef]:
    routes = web.RouteTableDef()

    @routes.get("/article")
    async def article(request: web.Request) -> web.Response:
        return web.Response(body=ARTICLE, content_type="text/html", charset="utf-8")

    @routes.get("/echo")
    async def echo(request: web.Request) -> web.Response:
        return web.Response(text=f"host={request.headers.get('Host')}", content_type="text/plain")

    @routes.get("/redirect/{n}")
    async def redirect(request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        raise web.HTTPFound(f"/redirect/{n - 1}" if n > 1 else "/article")

    @routes.get("/go")
    async def go(request: web.Request) -> web.Response:
        raise web.HTTPFound(request.query["to"])

    @routes.get("/status/{code}")
    async def status(request: web.Request) -> web.Response:
        return web.Response(status=int(request.match_info["code"]), text="no")

    @routes.get("/slow")
    async def slow(request: web.Request) -> web.Response:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 2)
        return web.Response(text="too late", content_type="text/plain")

    @routes.get("/drip")
    async def drip(request: web.Request) -> web.StreamResponse:
        return await _stream(request, stop, b"<p>x</p>", pause=0.05, content_type="text/html")

    @routes.get("/huge")
    async def huge(request: web.Request) -> web.StreamResponse:
        return await _stream(request, stop, b"<p>" + b"x" * 8192 + b"</p>", pause=0, content_type="text/html")

    @routes.get("/huge-declared")
    async def huge_declared(request: web.Request) -> web.Response:
        return web.Response(body=b"x" * (LIMIT + 1), content_type="text/plain")

    @routes.get("/gzip-bomb")
    async def gzip_bomb(request: web.Request) -> web.Response:
        response = web.Response(body=b" " * (LIMIT * 40), content_type="text/plain")
        response.enable_compression(web.ContentCoding.gzip)
        return response

    @routes.get("/image")
    async def image(request: web.Request) -> web.Response:
        return web.Response(body=PNG, content_type="image/png")

    @routes.get("/cached")
    async def cached(request: web.Request) -> web.Response:
        headers = {"ETag": ETAG, "Last-Modified": LAST_MODIFIED}
        if request.headers.get("If-None-Match") == ETAG:
            return web.Response(status=304, headers=headers)
        return web.Response(body=ARTICLE, content_type="text/html", headers=headers)

    @routes.get("/feeds/{name}")
    async def feed(request: web.Request) -> web.Response:
        name = request.match_info["name"]
        kind = "application/atom+xml" if name.endswith(".atom") else "application/rss+xml"
        headers = {"ETag": f'"{name}"'}
        if request.headers.get("If-None-Match") == headers["ETag"]:
            return web.Response(status=304, headers=headers)
        return web.Response(body=(FEEDS / name).read_bytes(), content_type=kind, headers=headers)

    return list(routes)


async def _stream(
    request: web.Request, stop: asyncio.Event, chunk: bytes, *, pause: float, content_type: str
) -> web.StreamResponse:
    """Write `chunk` until the client leaves, the test ends, or 2 MB are out (no Content-Length)."""
    response = web.StreamResponse(headers={"Content-Type": content_type})
    await response.prepare(request)
    sent = 0
    with contextlib.suppress(ConnectionError):
        while not stop.is_set() and sent < 2_000_000:
            await response.write(chunk)
            sent += len(chunk)
            await asyncio.sleep(pause)
    return response
