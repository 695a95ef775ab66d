"""Authors: read a byline ("By Anders Lie and Catherine Moyo") and keep people's names only.

Job titles ("Health Correspondent"), places ("in London"), organisations
("Associated Press", the outlet itself) and page furniture ("Link Copied")
are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_BY = re.compile(r"\s*(?:by|written by|words by|words and pictures by)\s*[:\-–—]?\s+(?P<rest>.+)", re.I)
_SPLIT = re.compile(r"\s*(?:,|;|\||/|\band\b|&|\bwith\b)\s*", re.I)
_IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*\s*$")
# fmt: off
_PARTICLES = {
    "de", "da", "di", "del", "della", "van", "von", "der", "den", "le", "la", "du", "bin", "al",
    "el", "ibn", "dos", "das", "ter", "y",
}
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
# Words of a job title: "Tomasz Wright, Health Correspondent".
_ROLE_WORDS = {
    "correspondent", "correspondents", "editor", "editors", "reporter", "reporters", "writer",
    "writers", "columnist", "journalist", "contributor", "contributors", "staff", "producer",
    "analyst", "critic", "chief", "bureau", "senior", "deputy", "associate", "political",
    "business", "health", "science", "technology", "markets", "economics", "sports", "sport",
    "news", "digital", "special", "foreign", "diplomatic", "investigations", "investigative",
    "desk", "team", "freelance", "photographer", "editorial", "board", "contributing", "affairs",
    "reporting", "service", "democracy", "author", "anchor", "presenter", "commentator",
    "researcher", "professor", "director", "manager", "intern", "opinion", "culture", "travel",
    "environment", "climate", "education", "crime", "international", "national", "economy",
    "finance", "entertainment",
}
# Words of an organisation's name: "The Associated Press", "USA TODAY", "Chicago Tribune".
_ORG_WORDS = {
    "press", "associated", "agency", "reuters", "afp", "wire", "wires", "media", "network", "group",
    "newsroom", "times", "daily", "herald", "tribune", "guardian", "journal", "gazette", "magazine",
    "ltd", "inc", "llc", "limited", "company", "corporation", "institute", "university",
    "bloomberg", "today", "online", "newsdesk", "partners", "foundation", "council", "bbc", "cnn",
    "usa", "unknown", "admin",
}
# Page furniture glued to a name: "Adam Cancryn Link Copied".
_FURNITURE = {
    "link", "copied", "follow", "email", "twitter", "share", "facebook", "updated", "published",
    "view", "profile", "bio", "read", "more", "subscribe",
}
# fmt: on


def parse_byline(line: str) -> tuple[str, ...] | None:
    """The names in a byline line ("By Tomasz Wright, Health Correspondent"), or None if it is not one.

    An organisation's byline ("By Reuters Staff") is a byline with no names: ().
    """
    if len(line) > 200 or len(line.split()) > 20:
        return None
    m = _BY.fullmatch(line.strip())
    if not m or not m.group("rest")[:1].isupper():
        return None
    names: list[str] = []
    for piece in _split(m.group("rest")):
        if is_person_name(piece):
            names.append(piece)
        elif not _is_role_or_org(piece):
            return None
    return tuple(names)


def clean_names(raw: Iterable[str], exclude: Iterable[str] = ()) -> tuple[str, ...]:
    """People's names from author strings: split joined names, drop roles, organisations and the outlet."""
    excluded = {_fold(x) for x in exclude if x}
    names: list[str] = []
    for item in raw:
        text = _BY.sub(lambda m: m.group("rest"), item.strip())
        for piece in _split(text):
            piece = _strip_furniture(piece)
            if not is_person_name(piece) or _fold(piece) in excluded:
                continue
            if _fold(piece) not in {_fold(n) for n in names}:
                names.append(piece)
    return tuple(names)


def is_person_name(text: str) -> bool:
    """Two to five capitalised words, no job title, organisation or digit: "Ralph D. Russo"."""
    tokens = text.split()
    if not 2 <= len(tokens) <= 5 or any(ch.isdigit() for ch in text) or "@" in text:
        return False
    lowered = [t.lower().strip(".,") for t in tokens]
    if any(t in _ROLE_WORDS or t in _ORG_WORDS for t in lowered):
        return False
    capitalised = 0
    for token, low in zip(tokens, lowered, strict=True):
        if low in _PARTICLES or low in _SUFFIXES:
            continue
        if token.isupper() and len(token) > 1 and token.isalpha():
            capitalised += 1  # ALLY MUTNICK
            continue
        if not _name_token(token):
            return False
        capitalised += 1
    return capitalised >= 2 and tokens[0].lower() not in _PARTICLES


def _name_token(token: str) -> bool:
    """ "Russo", "O'Neil", "Jean-Luc", "D.", "Ó": capitalised letters, maybe an initial."""
    if not token[:1].isupper():
        return False
    body = token[:-1] if token.endswith(".") and len(token) <= 3 else token
    return all(ch.isalpha() or ch in "'’-" for ch in body) and body[-1:].isalpha()


def _split(text: str) -> list[str]:
    pieces = []
    for piece in _SPLIT.split(text):
        piece = _IN_PLACE.sub("", piece.strip(" .,;:()[]")).strip()
        if piece:
            pieces.append(piece)
    return pieces


def _is_role_or_org(piece: str) -> bool:
    words = [w.lower().strip(".,") for w in piece.split()]
    return bool(words) and len(words) <= 6 and any(w in _ROLE_WORDS or w in _ORG_WORDS for w in words)


def _strip_furniture(piece: str) -> str:
    """Drop words pages glue onto a name: "Adam Cancryn Link Copied" -> "Adam Cancryn"."""
    tokens = piece.split()
    while len(tokens) > 2 and tokens[-1].lower().strip(".,") in _FURNITURE | _ORG_WORDS | _ROLE_WORDS:
        tokens.pop()
    return " ".join(tokens)


def _fold(text: str) -> str:
    text = re.sub(r"^the\s+", "", text.casefold().strip())
    return re.sub(r"[^\w]", "", text)
