"""Keys the store matches on: normalised names, canonical URLs, content hashes, content words."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

_SPACES = re.compile(r"\s+")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_WORD = re.compile(r"\w+(?:[.,]\w+)*")

# Entity types that can name the same thing ("Russia" GPE / "Russia" LOC); others match only themselves.
_FAMILIES = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}

# fmt: off
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just me might
more most must my myself no nor not now of off on once only or other our ours ourselves out over own
said same say says she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which while who
whom why will with would you your yours yourself yourselves
""".split())
# fmt: on


@lru_cache(maxsize=1 << 16)  # the same names come back in article after article
def name_key(name: str) -> str:
    """A name compared the way a reader would: case-folded, no dots ("Dr. J. Roe" is "dr j roe"),
    no leading "the", no possessive."""
    text = unicodedata.normalize("NFKC", name).replace(".", " ").casefold()
    text = _SPACES.sub(" ", text).strip()
    text = _EDGE_PUNCT.sub("", text)
    text = _POSSESSIVE.sub("", text)
    if text.startswith("the "):
        text = text[4:]
    return _EDGE_PUNCT.sub("", text)


_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "“": '"', "”": '"', "„": '"'})


def role_key(role: str) -> str:
    """A role however its quotes and case were typed: "the ‘envoy’" and "The 'envoy'" are one."""
    return role.translate(_QUOTES).casefold()


def type_family(entity_type: str) -> str:
    """The group of entity types whose names may be matched with each other."""
    upper = entity_type.upper()
    return _FAMILIES.get(upper, upper.lower())


def canonical_url(url: str | None) -> str | None:
    """The URL an article is known by, or None when `url` cannot identify one article.

    `bot.ingest.canonical_url` (host case, tracking parameters, fragments, trailing slash),
    with https assumed when the scheme is missing and http folded into https. A bare site
    address ("www.example.com", the outlet's home page) names an outlet, not an article,
    so it gives None.
    """
    from bot.ingest.urls import canonical_url as canonical_link

    if not url or not url.strip():
        return None
    raw = url.strip()
    if "://" not in raw:
        raw = "https://" + raw.lstrip("/")
    canon = canonical_link(raw)
    try:
        parts = urlsplit(canon)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if parts.path in ("", "/") and not parts.query:
        return None
    return urlunsplit(("https", parts.netloc, parts.path, parts.query, ""))


def content_hash(text: str, title: str = "") -> str:
    """The dedupe key of an article's content: title and text with whitespace collapsed."""
    norm = _SPACES.sub(" ", unicodedata.normalize("NFKC", f"{title}\n{text}")).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def content_words(text: str) -> frozenset[str]:
    """The words of a claim that carry its meaning, for comparing two reports of it."""
    words = set()
    for word in _WORD.findall(unicodedata.normalize("NFKC", text).casefold()):
        if word in STOPWORDS or (len(word) < 3 and not word[0].isdigit()):
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.add(word)
    return frozenset(words)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def parse_time(value: str | datetime | None) -> datetime | None:
    """An ISO date or date-time as an aware UTC datetime (naive values are taken as UTC)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        raw = value.strip()
        if not raw:
            return None
        try:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def stored_time(value: datetime | str) -> datetime:
    """A UTC time as a database returns it without SQLAlchemy's processing: SQLite's text
    ("2026-05-19 08:00:00.000000") or PostgreSQL's naive datetime, made aware (UTC)."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC)
