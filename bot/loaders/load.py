"""Read one input into articles: size cap first, then decoding, then the format by content.

HTML, JSON (object, array, wrapper, JSON Lines) or plain text; the content
decides, the file extension or Content-Type only breaks ties.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from bot.article import Article
from bot.config import Settings
from bot.errors import InputError
from bot.loaders.decode import decode
from bot.loaders.records import NotJson, load_records, parse_json
from bot.loaders.text import load_text

_HTML_START = re.compile(
    r"(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body|meta|title|article|main|div|p|section"
    r"|h1|header|nav|link|script|style|table|span)\b",
    re.I | re.S,
)
_FEED_START = re.compile(
    r"(?:\s|<!--.*?-->|<\?[^>]*\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)*<(?:rss|feed|rdf:rdf)\b", re.I | re.S
)
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_JSON_TYPES = {"application/json", "application/x-ndjson", "application/jsonl", "application/ld+json"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}


def load_path(path: Path, settings: Settings) -> list[Article]:
    """The article(s) in one file. Raises InputError(str(path), reason) when there are none."""
    source = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(source, "no such file: check the path and the file name") from None
    except PermissionError:
        raise InputError(source, "cannot be read (permission denied): check the file's permissions") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(source, "is a folder, not a file: name the article files inside it")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(source, "is not a regular file: save the article to a .txt, .html or .json file")
    _check_size(info.st_size, settings, source)
    try:
        with path.open("rb") as handle:
            data = handle.read(settings.max_article_bytes + 1)
    except PermissionError:
        raise InputError(source, "cannot be read (permission denied): check the file's permissions") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    _check_size(len(data), settings, source)  # it may have grown since stat()
    return _load(data, source, hint=path.suffix.lower())


def load_bytes(
    data: bytes,
    source: str,
    settings: Settings,
    content_type: str | None = None,
    url: str | None = None,
) -> list[Article]:
    """The article(s) in bytes fetched from `url` (or read elsewhere); `source` names them in errors."""
    _check_size(len(data), settings, source)
    return _load(data, source, content_type=content_type, url=url, hint=_suffix(url or source))


def _check_size(size: int, settings: Settings, source: str) -> None:
    limit = settings.max_article_bytes
    if size > limit:
        raise InputError(
            source,
            f"is {size:,} bytes, over the {limit:,}-byte limit for one article: raise "
            f"BRIEFBOT_MAX_ARTICLE_BYTES to load it, or give just the article",
        )


def _load(
    data: bytes, source: str, *, content_type: str | None = None, url: str | None = None, hint: str = ""
) -> list[Article]:
    if not data.strip():
        raise InputError(source, "is empty: give a file with an article in it")
    text = decode(data, source, content_type)
    if not text.strip():
        raise InputError(source, "is empty (only blank characters): give a file with an article in it")
    mime = (content_type or "").split(";")[0].strip().lower()
    head = text.lstrip("\ufeff \t\r\n")
    if head[:1] in "{[":
        wants_json = (
            mime in _JSON_TYPES or hint in _JSON_SUFFIXES or head.startswith(('{"', "[{", "[\n", "{\n"))
        )
        try:
            return load_records(parse_json(text, source), source, url)
        except NotJson as exc:
            if wants_json:
                raise InputError(
                    source, f"{exc.reason}: fix the JSON, or save the article as plain text"
                ) from None
    if _FEED_START.match(head[:4096]) and not _HTML_START.match(head[:4096]):
        raise InputError(source, "is an RSS or Atom feed, not an article: give one article's page or text")
    if _HTML_START.match(head[:4096]) or (
        (mime in _HTML_TYPES or hint in _HTML_SUFFIXES)
        and re.search(r"</?(?:p|div|br|body)\b", head[:65536], re.I)
    ):
        from bot.loaders.html import load_html  # here: trafilatura is slow to import

        return [load_html(text, source, url)]
    return [load_text(text, source, url=url)]


def _suffix(name: str) -> str:
    path = urlsplit(name).path if "://" in name else name
    return PurePosixPath(path).suffix.lower()
