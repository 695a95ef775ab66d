"""fetch() against a real HTTP server on 127.0.0.1, allow-listed explicitly by the `settings` fixture."""

from __future__ import annotations

import dataclasses
import time

import pytest
from ingest_server import ETAG, LAST_MODIFIED, LIMIT, TLS, Server

from bot.config import Settings
from bot.errors import InputError
from bot.ingest import FetchSettings, fetch
from bot.loaders import load_bytes


async def test_article_page(server: Server, settings: FetchSettings) -> None:
    fetched = await fetch(server.url("/article"), settings)
    assert fetched.status == 200
    assert fetched.final_url == fetched.url == server.url("/article")
    assert fetched.content_type == "text/html; charset=utf-8"
    assert b"Harbour bridge" in fetched.body
    assert not fetched.not_modified
    request = server.seen[-1]
    assert request.headers["Host"] == server.base.removeprefix("http://")
    assert "briefbot" in request.headers["User-Agent"]


async def test_fetched_page_loads_as_an_article(server: Server, settings: FetchSettings) -> None:
    fetched = await fetch(server.url("/article"), settings)
    [article] = load_bytes(
        fetched.body, fetched.url, Settings(), content_type=fetched.content_type, url=fetched.final_url
    )
    assert article.title == "Harbour bridge to close for six weeks"


async def test_connects_to_the_vetted_address_with_the_original_host(
    server: Server, settings: FetchSettings
) -> None:
    """The name is resolved once, by the guard; httpx gets the address (no second lookup to
    rebind) and the server still sees the name. news.test exists in no real DNS."""
    port = server.base.rsplit(":", 1)[1]
    lookups: list[str] = []

    async def resolve(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["10.0.0.1", "127.0.0.1"]  # the private one is not allow-listed: never used

    fetched = await fetch(f"http://news.test:{port}/echo", settings, resolve=resolve)
    assert fetched.body == f"host=news.test:{port}".encode()
    assert fetched.final_url == f"http://news.test:{port}/echo"
    assert lookups == ["news.test"]


async def test_https_checks_the_certificate_against_the_name_not_the_pinned_address(
    tls_server: Server, settings: FetchSettings
) -> None:
    """TLS goes to the vetted address with the URL's name as server name (SNI), so the
    certificate must still be valid for the name."""
    port = tls_server.base.rsplit(":", 1)[1]
    trusting = dataclasses.replace(settings, ca_file=TLS / "news.test.pem")

    async def resolve(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    fetched = await fetch(f"https://news.test:{port}/echo", trusting, resolve=resolve)
    assert fetched.body == f"host=news.test:{port}".encode()
    for wrong in (f"https://other.test:{port}/echo", f"https://127.0.0.1:{port}/echo"):
        with pytest.raises(InputError, match="HTTPS certificate that could not be verified"):
            await fetch(wrong, trusting, resolve=resolve)
    with pytest.raises(InputError, match="HTTPS certificate that could not be verified"):
        await fetch(f"https://news.test:{port}/echo", settings, resolve=resolve)  # CA not trusted


async def test_redirects_within_the_limit(server: Server, settings: FetchSettings) -> None:
    fetched = await fetch(server.url("/redirect/3"), settings)  # 3 hops, the limit
    assert fetched.final_url == server.url("/article")
    assert fetched.url == server.url("/redirect/3")
    assert b"Harbour bridge" in fetched.body


async def test_redirects_over_the_limit(server: Server, settings: FetchSettings) -> None:
    with pytest.raises(InputError, match="redirects more than 3 times") as caught:
        await fetch(server.url("/redirect/4"), settings)
    assert caught.value.source == server.url("/redirect/4")
    assert "BRIEFBOT_FETCH_MAX_REDIRECTS" in caught.value.reason


@pytest.mark.parametrize(
    ("to", "why"),
    [
        ("http://10.0.0.1/admin", "points to 10.0.0.1, a private network address"),
        ("http://169.254.169.254/latest/meta-data/", "a cloud metadata address"),
        ("http://[::1]/", "a loopback address"),
        ("file:///etc/passwd", "is a file: link"),
    ],
)
async def test_redirect_to_a_forbidden_address_is_refused_at_that_hop(
    server: Server, settings: FetchSettings, to: str, why: str
) -> None:
    start = server.url(f"/go?to={to}")
    with pytest.raises(InputError) as caught:
        await fetch(start, settings)
    assert caught.value.source == start
    assert caught.value.reason.startswith("redirects to ")
    assert why in caught.value.reason


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("/status/404", "was not found (HTTP 404): check the link"),
        ("/status/500", "failed on the site's side (HTTP 500): try again later"),
        ("/status/403", "HTTP 403"),
        ("/image", "is an image (image/png)"),
    ],
)
async def test_http_errors_and_unreadable_types(
    server: Server, settings: FetchSettings, path: str, why: str
) -> None:
    with pytest.raises(InputError) as caught:
        await fetch(server.url(path), settings)
    assert why in caught.value.reason


async def test_slow_server_times_out(server: Server, settings: FetchSettings) -> None:
    started = time.monotonic()
    with pytest.raises(InputError, match=r"stopped answering for over 0\.3 s"):
        await fetch(server.url("/slow"), settings)
    assert time.monotonic() - started < 1.5


async def test_trickling_server_hits_the_total_timeout(server: Server, settings: FetchSettings) -> None:
    quick = dataclasses.replace(settings, total_timeout=0.5, max_bytes=10_000_000)
    with pytest.raises(InputError, match=r"took over 0\.5 s in all"):
        await fetch(server.url("/drip"), quick)


@pytest.mark.parametrize("path", ["/huge", "/huge-declared", "/gzip-bomb"])
async def test_bodies_over_the_cap_are_refused(server: Server, settings: FetchSettings, path: str) -> None:
    with pytest.raises(InputError) as caught:
        await fetch(server.url(path), settings)
    assert f"the {LIMIT:,}-byte limit" in caught.value.reason
    assert "BRIEFBOT_MAX_ARTICLE_BYTES" in caught.value.reason


async def test_conditional_get_answers_not_modified(server: Server, settings: FetchSettings) -> None:
    first = await fetch(server.url("/cached"), settings)
    assert (first.status, first.etag, first.last_modified) == (200, ETAG, LAST_MODIFIED)
    again = await fetch(server.url("/cached"), settings, etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified
    assert again.body == b""
    assert (again.etag, again.last_modified) == (ETAG, LAST_MODIFIED)
    sent = server.seen[-1].headers
    assert (sent["If-None-Match"], sent["If-Modified-Since"]) == (ETAG, LAST_MODIFIED)


async def test_nothing_listening_is_a_clear_error(settings: FetchSettings) -> None:
    with pytest.raises(InputError, match="could not be reached"):
        await fetch("http://127.0.0.1:9/", settings)  # the discard port: nothing listens
