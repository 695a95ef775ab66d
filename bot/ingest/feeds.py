"""RSS and Atom feeds: bytes in, a `Feed` out, safely; and `entry_key`, one key per article.

feedparser never sees a document that declares XML entities: those are refused first, so no
entity can expand ("billion laughs") or name a local file or URL (external entities). The size
is capped before parsing, and feedparser gets the bytes as a stream, never as a string (a
string may be read as a file name or URL). A feed with small faults that still yields entries
is accepted; one with none is refused with the parser's reason.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import io
import re
import xml.sax
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from bot.config import DEFAULT_MAX_BYTES
from bot.errors import InputError
from bot.ingest.fetch import Fetched, fetch
from bot.ingest.guard import Resolver
from bot.ingest.settings import FetchSettings
from bot.ingest.urls import canonical_url

_IGNORED = re.compile(rb"<!--.*?(?:-->|\Z)|<\?.*?(?:\?>|\Z)", re.S)
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
_ENTITY = re.compile(rb"<!ENTITY", re.I)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class FeedEntry:
    entry_id: str  # the feed's guid / Atom id; else the link; else a digest of link, title and summary
    url: str  # the entry's absolute http(s) link, or ""
    title: str
    published: datetime | None  # UTC; the updated time when the feed gives no published time
    summary: str  # plain text
    shared_link: bool = False  # another entry of the same feed has the same link


@dataclass(frozen=True)
class Feed:
    title: str
    link: str
    entries: list[FeedEntry]


def entry_key(entry: FeedEntry) -> str:
    """The key that says two entries are the same article, across polls of the same feed.

    The canonical link (`canonical_url`: no tracking parameters, fragment or trailing slash,
    lower-case host) comes first, because feeds rewrite GUIDs (a new guid per edit or per
    poll) and dates far more often than links; dates are never part of the key. The guid
    ("id:" + entry_id) is used instead when there is no link, when the link is the site's
    root, or when several entries of the feed share the link, since then the link does not
    name one article.
    """
    if entry.url and not entry.shared_link:
        key = canonical_url(entry.url)
        if urlsplit(key).path not in ("", "/"):
            return key
    return f"id:{entry.entry_id}"


def parse_feed(
    data: bytes,
    source: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    url: str | None = None,
    content_type: str | None = None,
) -> Feed:
    """The feed in `data` (fetched from `url`, which resolves relative links); `source` names
    it in errors. Raises InputError(source, reason) for what is not a readable feed."""
    if len(data) > max_bytes:
        raise InputError(
            source,
            f"is {len(data):,} bytes, over the {max_bytes:,}-byte limit: raise "
            "BRIEFBOT_MAX_ARTICLE_BYTES to read it",
        )
    if not data.strip():
        raise InputError(source, "is empty: check the feed's address")
    if _declares_entities(data):
        raise InputError(
            source,
            "declares XML entities (<!ENTITY ...>), which briefbot refuses because they can expand "
            "without limit or read local files: ask the publisher for a plain RSS or Atom feed",
        )
    headers = {"content-location": url or "", "content-type": content_type or "application/xml"}
    result = feedparser.parse(io.BytesIO(data), response_headers=headers)
    entries = _entries(list(result.get("entries") or []), url or "")
    if not entries and not result.get("version"):
        raise InputError(
            source, "is not an RSS or Atom feed: give the feed's address (it often ends in /feed or .xml)"
        )
    if not entries and result.get("bozo"):
        raise InputError(
            source, f"is not a readable RSS or Atom feed ({_bozo_reason(result)}): check the address"
        )
    feed_info = result.get("feed") or {}
    return Feed(_plain(feed_info.get("title", "")), _link(feed_info.get("link", ""), url or ""), entries)


async def fetch_feed(
    url: str,
    settings: FetchSettings,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    resolve: Resolver | None = None,
) -> tuple[Fetched, Feed | None]:
    """Fetch and parse the feed at `url`; the feed is None when the server says "not modified"."""
    fetched = await fetch(url, settings, etag=etag, last_modified=last_modified, resolve=resolve)
    if fetched.not_modified:
        return fetched, None
    feed = await asyncio.to_thread(
        parse_feed,
        fetched.body,
        url,
        max_bytes=settings.max_bytes,
        url=fetched.final_url,
        content_type=fetched.content_type,
    )
    return fetched, feed


def _declares_entities(data: bytes) -> bool:
    """Whether the prolog (comments and processing instructions aside) has <!ENTITY."""
    if b"\x00" in data[:64]:  # UTF-16 or UTF-32: the markup is ASCII between NUL bytes
        data = data.replace(b"\x00", b"")
    text = _IGNORED.sub(b"", data)
    root = _FIRST_ELEMENT.search(text)
    return bool(_ENTITY.search(text, 0, root.start() if root else len(text)))


def _entries(raw_entries: list[Any], base: str) -> list[FeedEntry]:
    entries = []
    for raw in raw_entries:
        link = _link(raw.get("link", ""), base)
        title = _plain(raw.get("title", ""))
        summary = _plain(raw.get("summary", "") or _first_content(raw))
        guid = str(raw.get("id", "") or "").strip()
        if not (link or guid or title or summary):
            continue
        published = _when(raw.get("published_parsed") or raw.get("updated_parsed"))
        entries.append(FeedEntry(guid or link, link, title, published, summary))
    links = [canonical_url(e.url) for e in entries]
    shared = {link for link in links if link and links.count(link) > 1}
    for i, entry in enumerate(entries):
        if links[i] in shared:
            entry_id = entry.entry_id
            if entry_id == entry.url:  # no guid: the link alone would merge these entries
                entry_id = "sha256:" + _digest(entry.url, entry.title, entry.summary)
            entries[i] = replace(entry, entry_id=entry_id, shared_link=True)
        elif not entry.entry_id:
            entries[i] = replace(entry, entry_id="sha256:" + _digest(entry.title, entry.summary))
    return entries


def _first_content(raw: Any) -> str:
    content = raw.get("content") or []
    return str(content[0].get("value", "")) if content else ""


def _link(value: Any, base: str) -> str:
    text = str(value or "").strip()
    if not text:
        return ""
    link = urljoin(base, text)
    return link if urlsplit(link).scheme in ("http", "https") else ""


def _plain(value: Any) -> str:
    text = str(value or "")
    if "<" in text:
        text = _TAG.sub(" ", text)
    return _SPACE.sub(" ", html.unescape(text)).strip()


def _when(parsed: Any) -> datetime | None:
    try:
        if not parsed:
            return None
        year, month, day, hour, minute, second = (int(part) for part in parsed[:6])
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def _bozo_reason(result: Any) -> str:
    exc = result.get("bozo_exception")
    if isinstance(exc, xml.sax.SAXParseException):
        return f"{exc.getMessage()} at line {exc.getLineNumber()}"
    text = _SPACE.sub(" ", str(exc or "")).strip()
    return text[:120] or "it could not be parsed"
