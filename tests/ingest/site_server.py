"""A news site on 127.0.0.1 whose pages the test changes as it goes: articles, feeds, errors.

Every page may carry an ETag; a request with a matching If-None-Match gets 304. `hits`
counts requests per path, `conditional` those that came with a validator.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from html import escape

from aiohttp import web


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html"
    status: int = 200
    etag: str | None = None
    slow: bool = False  # answer only when the test ends (the client times out first)


@dataclass
class Site:
    base: str = ""
    pages: dict[str, Page] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    conditional: Counter[str] = field(default_factory=Counter)

    def url(self, path: str) -> str:
        return self.base + path

    def put(self, path: str, body: str | bytes, content_type: str = "text/html", **options: object) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.pages[path] = Page(data, content_type, **options)  # type: ignore[arg-type]
        return self.url(path)

    def put_article(self, path: str, title: str, *paragraphs: str) -> str:
        """A plain-text article: a headline line, then paragraphs."""
        return self.put(path, "\n\n".join([title, *paragraphs]) + "\n", "text/plain; charset=utf-8")


@dataclass(frozen=True)
class Item:
    title: str
    link: str | None
    guid: str
    published: datetime | None = None
    summary: str = ""


def rss(items: Sequence[Item], title: str = "The Local Ledger") -> str:
    """An RSS 2.0 document with these items, in this order."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<rss version="2.0"><channel><title>{escape(title)}</title><link>https://ledger.example/</link>',
    ]
    for item in items:
        parts.append("<item>")
        parts.append(f"<title>{escape(item.title)}</title>")
        if item.link:
            parts.append(f"<link>{escape(item.link)}</link>")
        parts.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid>')
        if item.published:
            parts.append(f"<pubDate>{format_datetime(item.published)}</pubDate>")
        if item.summary:
            parts.append(f"<description>{escape(item.summary)}</description>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts)


@asynccontextmanager
async def serve_site() -> AsyncIterator[Site]:
    site = Site()
    stop = asyncio.Event()

    async def handle(request: web.Request) -> web.StreamResponse:
        path = request.path_qs
        site.hits[path] += 1
        page = site.pages.get(path) or site.pages.get(request.path)
        if page is None:
            return web.Response(status=404, text="not here")
        headers = {"ETag": page.etag} if page.etag else {}
        if request.headers.get("If-None-Match") or request.headers.get("If-Modified-Since"):
            site.conditional[path] += 1
            if page.etag and request.headers.get("If-None-Match") == page.etag:
                return web.Response(status=304, headers=headers)
        if page.slow:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 5)
        return web.Response(
            status=page.status, body=page.body, headers={**headers, "Content-Type": page.content_type}
        )

    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", handle)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.2)
    await runner.setup()
    server = web.TCPSite(runner, "127.0.0.1", 0)
    await server.start()
    site.base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        yield site
    finally:
        stop.set()
        await runner.cleanup()
