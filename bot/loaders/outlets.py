"""The outlet as readers know it ("Business Insider", not "businessinsider.com").

Sources, best first: an explicit name (a record's field); the page's own site
name (og:site_name, JSON-LD publisher) when it agrees with the page's domain;
a dateline's "(Northstar Wire)"; a "© Seafood Trade Weekly" footer; and last
the domain itself: a table of well-known outlets, a capitalised phrase in the
article that spells the domain's name, or the name split into words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from bot.loaders.segment import ABBREVIATIONS, segment

KNOWN_OUTLETS: dict[str, str] = {
    "abcnews.go.com": "ABC News",
    "aljazeera.com": "Al Jazeera",
    "apnews.com": "AP News",
    "ap.org": "The Associated Press",
    "axios.com": "Axios",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "bloomberg.com": "Bloomberg",
    "bostonglobe.com": "The Boston Globe",
    "businessinsider.com": "Business Insider",
    "buzzfeednews.com": "BuzzFeed News",
    "cbsnews.com": "CBS News",
    "chicagotribune.com": "Chicago Tribune",
    "cnbc.com": "CNBC",
    "cnn.com": "CNN",
    "dailymail.co.uk": "Daily Mail",
    "economist.com": "The Economist",
    "euronews.com": "Euronews",
    "forbes.com": "Forbes",
    "foxnews.com": "Fox News",
    "ft.com": "Financial Times",
    "huffpost.com": "HuffPost",
    "independent.co.uk": "The Independent",
    "latimes.com": "Los Angeles Times",
    "msnbc.com": "MSNBC",
    "nbcnews.com": "NBC News",
    "news.sky.com": "Sky News",
    "newsweek.com": "Newsweek",
    "newyorker.com": "The New Yorker",
    "npr.org": "NPR",
    "nydailynews.com": "New York Daily News",
    "nypost.com": "New York Post",
    "nytimes.com": "The New York Times",
    "pbs.org": "PBS",
    "politico.com": "Politico",
    "politico.eu": "Politico Europe",
    "propublica.org": "ProPublica",
    "reuters.com": "Reuters",
    "scmp.com": "South China Morning Post",
    "smh.com.au": "The Sydney Morning Herald",
    "telegraph.co.uk": "The Telegraph",
    "theatlantic.com": "The Atlantic",
    "theglobeandmail.com": "The Globe and Mail",
    "theguardian.com": "The Guardian",
    "thehill.com": "The Hill",
    "theintercept.com": "The Intercept",
    "thetimes.co.uk": "The Times",
    "theverge.com": "The Verge",
    "time.com": "Time",
    "usatoday.com": "USA Today",
    "vox.com": "Vox",
    "washingtonpost.com": "The Washington Post",
    "wired.com": "Wired",
    "wsj.com": "The Wall Street Journal",
    "yahoo.com": "Yahoo News",
}

# fmt: off
_SECOND_LEVEL = {
    "co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "ltd", "plc", "sch", "go", "gob", "nic",
}
# fmt: on
_HOST_PREFIXES = ("www.", "www2.", "m.", "amp.", "mobile.", "edition.")
_DOMAIN_RE = re.compile(r"(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?:[/?#]\S*)?", re.I)
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’&.-][^\W_]+)*")
_CONNECTORS = {"of", "and", "the", "on", "in", "for", "at", "&"}
_MAX_PHRASE = 6
_TEXT_SCAN = 200_000


def resolve(
    *,
    explicit: str | None = None,
    site_names: Iterable[str | None] = (),
    dateline: str | None = None,
    copyright_holder: str | None = None,
    url: str | None = None,
    text: str = "",
) -> str | None:
    """The best outlet name the evidence allows, or None."""
    host = hostname(url)
    if explicit and (name := _clean(explicit)):
        if _DOMAIN_RE.fullmatch(name):
            return from_domain(hostname(name), text)
        return name
    for raw in site_names:
        name = _clean(raw)
        if not name or _DOMAIN_RE.fullmatch(name):
            continue
        if host and (not agrees(name, host) or _is_handle(name, host)):
            continue
        return name
    if dateline:
        return dateline
    if copyright_holder:
        return copyright_holder
    return from_domain(host, text)


def hostname(url: str | None) -> str | None:
    """The host of a URL or bare domain, lower-case, without "www." and the like."""
    if not url:
        return None
    url = url.strip()
    parts = urlsplit(url if "//" in url else "//" + url)
    host = (parts.hostname or "").lower().rstrip(".")
    if "." not in host:
        return None
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix) :]
    return host


def name_label(host: str) -> str:
    """The label that names the site: "northwestobserver" for northwestobserver.co.uk."""
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def from_domain(host: str | None, text: str = "") -> str | None:
    """Name an outlet from its domain alone (and the article's wording)."""
    if not host:
        return None
    labels = host.split(".")
    for i in range(len(labels) - 1):
        if (known := KNOWN_OUTLETS.get(".".join(labels[i:]))) is not None:
            return known
    label = name_label(host)
    letters = re.sub(r"[^a-z0-9]", "", label)
    if not letters:
        return None
    if phrase := phrase_in_text(letters, text):
        return phrase
    spelled = {t.lower(): t for t in _capitalised(text) if t.isalpha() and t.lower() in letters}
    words = [w for part in label.split("-") for w in segment(part, spelled)]
    return _title(words, spelled)


def phrase_in_text(letters: str, text: str) -> str | None:
    """A capitalised phrase of `text` spelling `letters` ("Digital Frontier News"), with its "The"."""
    tokens = [(m.group(), m.start()) for m in _TOKEN_RE.finditer(text[:_TEXT_SCAN])]
    for i, (token, _) in enumerate(tokens):
        if not token[:1].isupper():
            continue
        joined = ""
        for j in range(i, min(i + _MAX_PHRASE, len(tokens))):
            word = tokens[j][0]
            if j > i and not word[:1].isupper() and word.lower() not in _CONNECTORS:
                break
            joined += re.sub(r"[^a-z0-9]", "", word.lower())
            if not letters.startswith(joined):
                break
            if joined == letters:
                start = tokens[i][1]
                if i > 0 and tokens[i - 1][0] == "The" and not letters.startswith("the"):
                    start = tokens[i - 1][1]
                return text[start : tokens[j][1] + len(word)]
    return None


def agrees(name: str, host: str) -> bool:
    """Does a site name fit the domain? ("U.S." on reuters.com does not; "Los Angeles Times" fits latimes)."""
    label = re.sub(r"[^a-z0-9]", "", name_label(host))
    letters = re.sub(r"[^a-z0-9]", "", name.lower())
    if len(letters) < 2 or not label:
        return False
    if label in letters or (len(letters) >= 3 and letters in label):
        return True
    words = [w for w in re.findall(r"[a-z0-9]+", name.lower()) if w != "the"]
    return _abbreviates(words, label)


def _abbreviates(words: list[str], label: str) -> bool:
    """Can a run of `words`, each whole or by its initial, spell `label` ("los angeles times")?"""

    def match(i: int, rest: str) -> bool:
        if not rest:
            return True
        if i == len(words):
            return False
        word = words[i]
        return (rest.startswith(word) and match(i + 1, rest[len(word) :])) or (
            rest[0] == word[0] and match(i + 1, rest[1:])
        )

    return len(words) <= 10 and any(match(i, label) for i in range(len(words)))


def _is_handle(name: str, host: str) -> bool:
    """ "usatoday" or "TheHill": the domain written as one word, not the name readers use."""
    if any(ch.isspace() for ch in name) or name.isupper():
        return False
    if re.sub(r"[^a-z0-9]", "", name.lower()) != name_label(host):
        return False
    return name.islower() or sum(ch.isupper() for ch in name) >= 2


def _capitalised(text: str) -> set[str]:
    return {m.group() for m in _TOKEN_RE.finditer(text[:_TEXT_SCAN]) if m.group()[:1].isupper()}


def _title(words: list[str], spelled: dict[str, str]) -> str:
    out: list[str] = []
    for i, word in enumerate(words):
        if word in spelled:
            out.append(spelled[word])
        elif word in ABBREVIATIONS:
            out.append(word.upper())
        elif i > 0 and word in _CONNECTORS:
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)


def _clean(name: str | None) -> str:
    return re.sub(r"\s+", " ", name or "").strip(" \t|-–—:·")
