"""Metadata lines of a plain-text article, recognised one line or paragraph at a time.

"Original Source: www.example.com", "(Reporting by ...; Editing by ...)",
"© Seafood Trade Weekly 2025. All rights reserved." and the dateline at the
start of a paragraph ("OTTAWA (Northstar Wire) — ").
"""

from __future__ import annotations

import re

from bot.loaders.bylines import clean_names

_SOURCE = re.compile(
    r"\s*(?:original\s+)?(?:source|url|link)\s*:\s*(?P<url>(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?:[/?#]\S*)?)\s*",
    re.I,
)
_CREDIT_HEAD = re.compile(
    r"(?:additional\s+)?(?:reporting|writing|editing|compiled|research|graphics|fact-checking|production)"
    r"(?:\s+and\s+\w+)?\s+by\s+",
    re.I,
)
_CONTRIBUTED = re.compile(
    r"[^.]{3,300}?\s+contributed(?:\s+(?:reporting|to\s+this\s+report(?:ing)?))?[^.]{0,120}?\.?\s*",
    re.I,
)
_REPORTED_FROM = re.compile(
    r"[A-Z][\w.'’-]*(?:,?\s+(?:and\s+)?[A-Z][\w.'’-]*){0,8}\s+(?:reported|wrote this story)\s+from\s+"
    r"[A-Z][\w.'’-]*(?:,?\s+(?:and\s+)?[A-Z][\w.'’-]*){0,5}\.?\s*"
)
_CONTRIBUTING = re.compile(r"\s*contributing\s*:\s*.{3,400}", re.I)
_COPYRIGHT = re.compile(
    r"\s*(?:copyright\s*)?(?:©|\(c\))\s*(?P<rest>.*)|\s*copyright\s+(?=\d{4})(?P<year_first>.*)", re.I
)
_CORPORATE = re.compile(r"[\s,]+(?:ltd|limited|inc|llc|plc|llp|corp|corporation|co)\.?$", re.I)
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’/-]+(?:,?\s[A-Z][A-Z.'’/-]*){0,4}(?:,\s[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?)"
    r"(?:\s*\((?P<outlet>[A-Z][^()]{0,60})\))?\s*(?:—|–|--|-)\s+(?=[A-Z0-9\"“‘'(])"
)


def source_url(line: str) -> str | None:
    """The URL of an "Original Source: www.example.com" line."""
    if len(line) > 500:
        return None
    m = _SOURCE.fullmatch(line)
    return m.group("url") if m else None


def credit_names(line: str) -> tuple[str, ...] | None:
    """The reporters named by a credit line, or None when the line is not a credit.

    Credits: "(Reporting by A in London and B in Oslo; Editing by C)", "Contributing: ...",
    "Jane Doe contributed to this report."
    """
    if len(line) > 600 or len(line.split()) > 80:
        return None
    inner = line.strip()
    if inner.startswith("(") and inner.endswith(")"):
        inner = inner[1:-1].strip()
    if _CONTRIBUTING.fullmatch(inner) or _REPORTED_FROM.fullmatch(inner):
        return ()
    if _CONTRIBUTED.fullmatch(inner) and len(inner.split()) <= 40:
        return ()
    segments = [s.strip() for s in re.split(r";|\.\s+(?=[A-Z])", inner) if s.strip()]
    if not segments or not all(_CREDIT_HEAD.match(s) for s in segments):
        return None
    reporters: list[str] = []
    for segment in segments:
        head = _CREDIT_HEAD.match(segment)
        if head and "reporting" in head.group().lower() and "additional" not in head.group().lower():
            reporters.extend(clean_names([segment[head.end() :].rstrip(".")]))
    return tuple(reporters)


def copyright_holder(line: str) -> str | None:
    """The name in a copyright footer ("© Seafood Trade Weekly 2025. All rights reserved.")."""
    if not is_copyright(line):
        return None
    m = _COPYRIGHT.fullmatch(line.strip())
    assert m is not None
    rest = m.group("rest") if m.group("rest") is not None else m.group("year_first")
    first = re.split(r"\.\s|\.$|,\s*all rights|\s+all rights", rest, maxsplit=1, flags=re.I)[0]
    name = re.sub(r"^\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)\s*", "", first)
    name = re.sub(r"\s*\d{4}(?:\s*[-–]\s*\d{4})?\s*$", "", name)
    name = _CORPORATE.sub("", name.strip(" ,.")).strip()
    words = name.split()
    if not 1 <= len(words) <= 8 or not name[:1].isupper():
        return ""  # a copyright line all the same, but no usable name in it
    return name


def is_copyright(line: str) -> bool:
    """A short footer line starting with ©, (c) or "Copyright 2025"."""
    return len(line) <= 400 and len(line.split()) <= 40 and bool(_COPYRIGHT.fullmatch(line.strip()))


def split_dateline(paragraph: str) -> tuple[str | None, str] | None:
    """("Northstar Wire", rest) for "OTTAWA (Northstar Wire) — rest"; (None, rest) for "MANCHESTER — rest"."""
    m = _DATELINE.match(paragraph[:200])
    if not m or not any(ch.isalpha() for ch in m.group("place")) or len(m.group("place")) < 2:
        return None
    place = m.group("place")
    if sum(ch.isupper() for ch in place) < 2:
        return None
    outlet = m.group("outlet")
    if outlet is not None:
        outlet = outlet.strip()
        if not outlet or any(ch.isdigit() for ch in outlet):
            outlet = None
    return outlet, paragraph[m.end() :]
