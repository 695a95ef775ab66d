"""Fetch one URL safely: every hop vetted by the guard, the connection pinned to the vetted address.

Redirects are followed here, not by httpx, so that each new address is vetted before briefbot
connects to it. The request goes to the vetted IP address itself (the URL's host replaced by
it), with the original name in the Host header and as the TLS server name, so the certificate
is still checked against the name and no second DNS lookup can change where it goes.
Connections are not kept alive, so a connection opened for one name is never reused for another.
"""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import httpx

from bot.errors import ConfigError, InputError
from bot.ingest.guard import IPAddress, Resolver, Target, vet
from bot.ingest.settings import FetchSettings

_REDIRECTS = {301, 302, 303, 307, 308}
_MAX_ADDRESSES = 3  # addresses tried, in the resolver's order, when a connection fails
_READABLE = {
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/json",
    "application/ld+json",
    "application/x-ndjson",
    "application/jsonl",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
}
_ACCEPT = (
    "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/plain;q=0.8, */*;q=0.1"
)


@dataclass(frozen=True)
class Fetched:
    """One fetched URL. `status` 304 (`not_modified`) means the copy named by etag /
    last_modified is current, and `body` is empty."""

    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    content_type: str | None
    body: bytes
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


async def fetch(
    url: str,
    settings: FetchSettings,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    resolve: Resolver | None = None,
) -> Fetched:
    """GET `url` (conditionally when `etag` / `last_modified` are given).

    Raises InputError(url, reason) for refused addresses, HTTP errors, timeouts, bodies over
    `settings.max_bytes`, types briefbot cannot read and too many redirects.
    """
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        async with asyncio.timeout(settings.total_timeout), _client(settings) as client:
            return await _follow(client, url, settings, headers, resolve)
    except TimeoutError:
        raise InputError(
            url,
            f"took over {settings.total_timeout:g} s in all: try again later "
            "(the limit is BRIEFBOT_FETCH_TOTAL_TIMEOUT)",
        ) from None


async def _follow(
    client: httpx.AsyncClient,
    url: str,
    settings: FetchSettings,
    headers: dict[str, str],
    resolve: Resolver | None,
) -> Fetched:
    current = url
    for hop in range(settings.max_redirects + 1):
        try:
            target = await vet(current, settings, resolve)
        except InputError as exc:
            if hop == 0:
                raise
            raise InputError(url, f"redirects to {current}, which {exc.reason}") from None
        try:
            response = await _open(client, target, headers)
            try:
                if response.status_code in _REDIRECTS:
                    current = _next_hop(target, response, url)
                    continue
                return await _read(url, target, response, settings, headers)
            finally:
                await response.aclose()
        except httpx.HTTPError as exc:
            raise InputError(url, _network_reason(exc, settings)) from None
    raise InputError(
        url,
        f"redirects more than {settings.max_redirects} times: open it in a browser and give the address "
        "it ends at (the limit is BRIEFBOT_FETCH_MAX_REDIRECTS)",
    )


async def _open(client: httpx.AsyncClient, target: Target, headers: dict[str, str]) -> httpx.Response:
    """The response from the first vetted address that accepts a connection."""
    *others, last = target.addresses[:_MAX_ADDRESSES]  # a Target always has an address
    for address in others:
        try:
            return await client.send(_request(client, target, address, headers), stream=True)
        except (httpx.ConnectError, httpx.ConnectTimeout):
            continue
    return await client.send(_request(client, target, last, headers), stream=True)


def _request(
    client: httpx.AsyncClient, target: Target, address: IPAddress, headers: dict[str, str]
) -> httpx.Request:
    extensions = {}
    if target.host_is_name and target.url.scheme == "https":
        extensions["sni_hostname"] = target.url.raw_host.decode("ascii").rstrip(".")
    return client.build_request(
        "GET",
        target.pinned(address),
        headers={"Host": target.host_header(), **headers},
        extensions=extensions,
    )


def _next_hop(target: Target, response: httpx.Response, url: str) -> str:
    location = response.headers.get("location", "").strip()
    if not location:
        raise InputError(
            url, f"answered HTTP {response.status_code} without saying where to go: check the link"
        )
    try:
        return str(target.url.join(location))
    except httpx.InvalidURL:
        raise InputError(url, f"redirects to {location!r}, which is not a valid web address") from None


async def _read(
    url: str, target: Target, response: httpx.Response, settings: FetchSettings, sent: dict[str, str]
) -> Fetched:
    status = response.status_code
    etag = response.headers.get("etag")
    modified = response.headers.get("last-modified")
    if status == 304:
        etag = etag or sent.get("If-None-Match")
        modified = modified or sent.get("If-Modified-Since")
        return Fetched(url, str(target.url), status, None, b"", etag, modified)
    if not 200 <= status < 300:
        raise InputError(url, _status_reason(status))
    content_type = response.headers.get("content-type")
    problem = _type_problem(content_type)
    if problem:
        raise InputError(url, problem)
    limit = settings.max_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise InputError(url, _too_large(limit, int(declared)))
    body = bytearray()
    async for chunk in response.aiter_bytes():  # decompressed: the cap also stops gzip bombs
        body += chunk
        if len(body) > limit:
            raise InputError(url, _too_large(limit, None))
    return Fetched(url, str(target.url), status, content_type, bytes(body), etag, modified)


def _too_large(limit: int, size: int | None) -> str:
    what = f"is {size:,} bytes, over" if size is not None else "is larger than"
    return (
        f"{what} the {limit:,}-byte limit: raise BRIEFBOT_MAX_ARTICLE_BYTES to read it, "
        "or paste the article text"
    )


def _type_problem(content_type: str | None) -> str | None:
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime.startswith("image/"):
        kind = "an image"
    elif not mime or mime in _READABLE or mime.endswith(("+xml", "+json")):
        return None  # no type: the loaders sniff the content
    elif mime == "application/pdf":
        kind = "a PDF"
    elif mime.startswith(("audio/", "video/")):
        kind = "audio or video"
    elif mime == "application/octet-stream":
        kind = "binary data"
    else:
        kind = "a file"
    return (
        f"is {kind} ({mime}), not something briefbot can read: link to an article page (HTML), "
        "text, JSON or an RSS/Atom feed, or paste the article text"
    )


def _status_reason(status: int) -> str:
    if status in (404, 410):
        return f"was not found (HTTP {status}): check the link; the article may have been removed"
    if status in (401, 403):
        return f"was refused (HTTP {status}): the page needs a login or blocks bots; paste the article text"
    if status == 429:
        return "was refused for too many requests (HTTP 429): try again in a few minutes"
    if 400 <= status < 500:
        return f"was refused by the site (HTTP {status}): check the link"
    if status >= 500:
        return f"failed on the site's side (HTTP {status}): try again later"
    return f"answered HTTP {status}, which briefbot cannot use: check the link"


def _network_reason(exc: httpx.HTTPError, settings: FetchSettings) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"did not accept a connection within {settings.connect_timeout:g} s: try again later"
    if isinstance(exc, httpx.TimeoutException):
        return (
            f"stopped answering for over {settings.read_timeout:g} s: try again later "
            "(the limit is BRIEFBOT_FETCH_READ_TIMEOUT)"
        )
    if isinstance(exc, httpx.ConnectError):
        if "CERTIFICATE" in str(exc).upper():
            return "has an HTTPS certificate that could not be verified: check the link"
        return "could not be reached (the connection failed): check the link, or try again later"
    if isinstance(exc, httpx.DecodingError):
        return "sent a compressed body that cannot be decoded: try again later"
    if isinstance(exc, httpx.TransportError):
        return "closed the connection before the answer was complete: try again later"
    return f"could not be fetched ({type(exc).__name__}): try again later"


def _client(settings: FetchSettings) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        headers={"User-Agent": settings.user_agent, "Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate"},
        timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
        limits=httpx.Limits(max_keepalive_connections=0),
        follow_redirects=False,
        trust_env=False,  # no proxies or .netrc from the environment: a proxy would resolve names itself
        verify=_ssl_context(settings.ca_file),
    )


@cache
def _ssl_context(ca_file: Path | None) -> ssl.SSLContext:
    context = httpx.create_ssl_context()  # certifi's CAs, hostnames checked
    if ca_file is not None:
        try:
            context.load_verify_locations(cafile=ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(
                f"BRIEFBOT_FETCH_CA_FILE={str(ca_file)!r} cannot be read as PEM certificates ({exc}): "
                "fix or unset it"
            ) from None
    return context
