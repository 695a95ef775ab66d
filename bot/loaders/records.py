"""JSON articles: one object, an array of objects, a wrapper such as {"articles": [...]}, or JSONL.

Fields (first present wins): title/headline; text/body/content/article/articleBody;
url/link; outlet/source/site_name/publisher; published/date/publishedAt; authors/author.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.article import Article
from bot.errors import InputError
from bot.loaders.dates import to_iso
from bot.loaders.text import load_text

# fmt: off
_TEXT = (
    "text", "body", "content", "article", "articleBody", "article_body", "full_text", "maintext",
    "story",
)
# fmt: on
_TITLE = ("title", "headline", "name")
_URL = ("url", "link", "canonical_url", "canonical", "source_url")
_OUTLET = ("outlet", "source", "site_name", "sitename", "publisher", "site", "source_name", "publication")
# fmt: off
_PUBLISHED = (
    "published", "date", "publishedAt", "published_at", "datePublished", "pubDate", "date_publish",
    "created_at", "timestamp",
)
# fmt: on
_AUTHORS = ("authors", "author", "byline", "creator")
_WRAPPERS = ("articles", "items", "records", "data", "results", "entries", "docs", "stories", "documents")
_FIX_TEXT = 'each record needs a non-empty "text" (or "body" or "content") field'


class NotJson(Exception):
    """The content is not JSON (the caller may read it as plain text instead)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_json(text: str, source: str) -> Any:
    """A JSON document, or a list of JSONL records. Raises NotJson with a one-line reason."""
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError(source, "is JSON nested too deeply to be an article record") from None
    except json.JSONDecodeError as exc:
        first_error = exc
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and all(line.lstrip().startswith("{") for line in lines):
        records = []
        for number, line in enumerate(lines, start=1):
            try:
                records.append(json.loads(line))
            except (json.JSONDecodeError, RecursionError) as exc:
                raise NotJson(f"is not valid JSON Lines (record on line {number}: {_msg(exc)})") from None
        return records
    raise NotJson(
        f"is not valid JSON ({first_error.msg} at line {first_error.lineno}, column {first_error.colno})"
    )


def load_records(data: Any, source: str, url: str | None = None) -> list[Article]:
    """Articles from parsed JSON; records without text are skipped, none at all is an error."""
    records = _records(data)
    if not records:
        raise InputError(source, f"holds no article record: {_FIX_TEXT}")
    articles: list[Article] = []
    skipped = 0
    for record in records:
        article = _article(record, source, url) if isinstance(record, dict) else None
        if article is None:
            skipped += 1
        else:
            articles.append(article)
    if not articles:
        what = "the record has" if len(records) == 1 else f"none of its {len(records)} records has"
        raise InputError(source, f"has no usable article: {what} any article text; {_FIX_TEXT}")
    return articles


def _records(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if not _first_text(data):
            for key in _WRAPPERS:
                if isinstance(data.get(key), list):
                    return list(data[key])
        return [data]
    return []


def _article(record: dict[str, Any], source: str, url: str | None) -> Article | None:
    body = _first_text(record)
    if not body:
        return None
    title = _string(record, _TITLE)
    outlet = _outlet(record)
    link = _string(record, _URL) or url
    published = to_iso(_string(record, _PUBLISHED))
    authors = _authors(record)
    try:
        if not _is_markup(body):
            return load_text(
                body,
                source,
                detect_title=False,
                title=title or "",
                outlet=outlet,
                url=link,
                published=published,
                authors=authors,
            )
        from bot.loaders.html import load_html  # here: html.py imports trafilatura, slow to load

        page = load_html(body, source, link)
    except InputError:
        return None
    return Article(
        text=page.text,
        title=title or page.title,
        outlet=outlet or page.outlet,
        url=link or page.url,
        published=published or page.published,
        authors=authors or page.authors,
        source=source,
    )


def _first_text(record: dict[str, Any]) -> str:
    for key in _TEXT:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            joined = "\n\n".join(v for v in value if v.strip())
            if joined:
                return joined
    return ""


def _string(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _outlet(record: dict[str, Any]) -> str | None:
    for key in _OUTLET:
        value = record.get(key)
        if isinstance(value, dict):  # NewsAPI: "source": {"id": ..., "name": "BBC News"}
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _authors(record: dict[str, Any]) -> tuple[str, ...]:
    for key in _AUTHORS:
        value = record.get(key)
        items = value if isinstance(value, list) else [value]
        names: list[str] = []
        for item in items:
            if isinstance(item, dict):
                item = item.get("name")
            if isinstance(item, str):
                names.extend(_split_names(item))
        if names:
            return tuple(names)
    return ()


def _split_names(value: str) -> list[str]:
    value = re.sub(r"^\s*by\s+", "", value, flags=re.I)
    return [p.strip() for p in re.split(r"\s*(?:,|;|&|\band\b)\s*", value) if p.strip()]


def _is_markup(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return head.startswith("<") and any(tag in head for tag in ("<p", "<div", "<article", "<html", "<body"))


def _msg(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at column {exc.colno}"
    return "nested too deeply"
