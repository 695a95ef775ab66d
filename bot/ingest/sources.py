"""What `briefbot ingest` reads: files, folders and URLs in, `Loaded` articles (or failures) out.

Folders are walked recursively for article files. URLs are fetched through the guarded
`fetch`; a URL that turns out to be an RSS or Atom feed stands for its entries, each of
which is fetched in turn. Nothing here raises for a bad input: each becomes a `Failure`
with a one-line reason, and the inputs after it are read as usual.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bot.article import Article
from bot.config import Settings
from bot.errors import InputError
from bot.ingest.feeds import FeedEntry, entry_key, parse_feed
from bot.ingest.fetch import Fetched, fetch
from bot.ingest.guard import Resolver
from bot.ingest.settings import FetchSettings
from bot.loaders import load_bytes, load_path
from bot.parse import Failure

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".json", ".jsonl"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
_PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
_FEED_ROOT = re.compile(rb"<(?:!DOCTYPE\s+)?(?:rss|feed|rdf:RDF)\b", re.I)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Loaded:
    """One article read from an input, or the reason it could not be read."""

    source: str  # the file or URL, as it names the input in the summary
    item: Article | Failure
    url: str | None = None  # the address it was fetched from (after redirects), if fetched
    tag: str | None = None  # the caller's key for it (a feed entry's key)


def is_url(text: str) -> bool:
    """Whether an argument names a URL (any scheme: the fetcher refuses those it does not serve)."""
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.isascii() and scheme.isalpha()


def article_files(root: Path) -> list[Path]:
    """The article files under a folder, recursively, in name order; hidden ones are skipped.

    Symbolic links to folders are not followed, so a link loop cannot make the walk endless.
    """
    found: list[Path] = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        found.extend(
            Path(folder, name)
            for name in sorted(names)
            if not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_SUFFIXES
        )
    return found


def expand_paths(args: Iterable[str]) -> Iterator[Path | Failure]:
    """Each file argument as is, each folder as its article files (a failure when it has none)."""
    for raw in args:
        path = Path(raw)
        if not path.is_dir():
            yield path
            continue
        files = article_files(path)
        if not files:
            suffixes = " ".join(sorted(ARTICLE_SUFFIXES))
            yield Failure(raw, f"is a folder with no article files ({suffixes}) in it: check the path")
        yield from files


def load_files(paths: Iterable[Path | Failure], settings: Settings) -> Iterator[Loaded]:
    """The articles of each file (a JSONL file may hold several), lazily, in order."""
    for path in paths:
        if isinstance(path, Failure):
            yield Loaded(path.source, path)
            continue
        source = str(path)
        try:
            articles = load_path(path, settings)
        except InputError as exc:
            yield Loaded(source, Failure(source, exc.reason))
            continue
        except Exception as exc:  # a loader bug must not stop the other files
            log.exception("reading %s failed", source)
            yield Loaded(source, Failure(source, _internal("reading", exc)))
            continue
        for article in articles:
            yield Loaded(source, article)


async def load_urls(
    urls: Sequence[str],
    fetch_settings: FetchSettings,
    settings: Settings,
    *,
    concurrency: int = 4,
    resolve: Resolver | None = None,
) -> list[Loaded]:
    """The article at each URL, or each entry of a URL that is a feed, fetched concurrently."""
    limit = asyncio.Semaphore(concurrency)
    reader = _Reader(fetch_settings, settings, limit, resolve)
    batches = await asyncio.gather(*(reader.url(url) for url in urls))
    return [loaded for batch in batches for loaded in batch]


async def load_entries(
    entries: Sequence[FeedEntry],
    fetch_settings: FetchSettings,
    settings: Settings,
    *,
    concurrency: int = 4,
    resolve: Resolver | None = None,
) -> list[Loaded]:
    """The article behind each feed entry, tagged with its `entry_key`, in the entries' order."""
    reader = _Reader(fetch_settings, settings, asyncio.Semaphore(concurrency), resolve)
    return list(await asyncio.gather(*(reader.entry(entry) for entry in entries)))


def looks_like_feed(fetched: Fetched) -> bool:
    """Whether a fetched body is an RSS or Atom feed rather than an article page."""
    mime = (fetched.content_type or "").split(";")[0].strip().lower()
    if mime in FEED_TYPES:
        return True
    head = fetched.body[:65536]
    if b"\x00" in head[:64]:  # UTF-16 or UTF-32: the markup is ASCII between NUL bytes
        head = head.replace(b"\x00", b"")
    for bom in _BOMS:
        head = head.removeprefix(bom)
    start = _PROLOG.match(head)
    return bool(_FEED_ROOT.match(head, start.end() if start else 0))


class _Reader:
    def __init__(
        self,
        fetch_settings: FetchSettings,
        settings: Settings,
        limit: asyncio.Semaphore,
        resolve: Resolver | None,
    ) -> None:
        self.fetch_settings = fetch_settings
        self.settings = settings
        self.limit = limit
        self.resolve = resolve

    async def url(self, url: str) -> list[Loaded]:
        fetched = await self._fetch(url)
        if isinstance(fetched, Failure):
            return [Loaded(url, fetched)]
        if not looks_like_feed(fetched):
            return await self._articles(url, fetched)
        try:
            feed = await asyncio.to_thread(
                parse_feed,
                fetched.body,
                url,
                max_bytes=self.fetch_settings.max_bytes,
                url=fetched.final_url,
                content_type=fetched.content_type,
            )
        except InputError as exc:
            return [Loaded(url, Failure(url, exc.reason))]
        if not feed.entries:
            return [Loaded(url, Failure(url, "is a feed with no entries: nothing to ingest yet"))]
        return list(await asyncio.gather(*(self.entry(entry) for entry in feed.entries)))

    async def entry(self, entry: FeedEntry) -> Loaded:
        """The entry's article page; an entry without a link is read from its own text."""
        key = entry_key(entry)
        published = entry.published.isoformat() if entry.published else None
        if not entry.url:
            label = f"feed entry {entry.title or entry.entry_id!r}"
            if not entry.summary:
                return Loaded(label, Failure(label, "has no link and no text: nothing to ingest"), tag=key)
            article = Article(text=entry.summary, title=entry.title, published=published, source=label)
            return Loaded(label, article, tag=key)
        fetched = await self._fetch(entry.url)
        if isinstance(fetched, Failure):
            return Loaded(entry.url, fetched, tag=key)
        loaded = await self._articles(entry.url, fetched)
        first = loaded[0]  # a page is one article; a JSON answer's first record stands for the entry
        if isinstance(first.item, Article):
            article = first.item
            if not article.title and entry.title:
                article = replace(article, title=entry.title)
            if not article.published and published:
                article = replace(article, published=published)
            first = replace(first, item=article)
        return replace(first, tag=key)

    async def _fetch(self, url: str) -> Fetched | Failure:
        try:
            async with self.limit:
                return await fetch(url, self.fetch_settings, resolve=self.resolve)
        except InputError as exc:
            return Failure(url, exc.reason)
        except Exception as exc:  # a fetcher bug must not stop the other URLs
            log.exception("fetching %s failed", url)
            return Failure(url, _internal("fetching", exc))

    async def _articles(self, url: str, fetched: Fetched) -> list[Loaded]:
        where = fetched.final_url
        try:
            articles = await asyncio.to_thread(
                load_bytes, fetched.body, url, self.settings, fetched.content_type, where
            )
        except InputError as exc:
            return [Loaded(url, Failure(url, exc.reason), url=where)]
        except Exception as exc:
            log.exception("reading %s failed", url)
            return [Loaded(url, Failure(url, _internal("reading", exc)), url=where)]
        return [Loaded(url, article, url=where) for article in articles]


def _internal(doing: str, exc: Exception) -> str:
    return f"internal error while {doing} it ({type(exc).__name__}); please report it"
