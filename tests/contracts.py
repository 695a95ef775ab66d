"""Hand-built parse contracts (what `briefbot parse` gives) for tests that need stored articles
without running spaCy: `store.save_parsed(ws, contract(...), fetched_at=...)`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def entity(
    name: str, *aliases: str, type: str = "PERSON", role: str | None = None, mentions: int = 1
) -> dict[str, Any]:
    return {"name": name, "type": type, "aliases": list(aliases), "role": role, "mentions": mentions}


def claim(
    speaker: str | None,
    content: str,
    *,
    cue: str = "said",
    quote: bool = False,
    hedged: bool = False,
    sentence: str | None = None,
) -> dict[str, Any]:
    return {
        "speaker": speaker,
        "cue": cue,
        "content": content,
        "direct_quote": quote,
        "hedged": hedged,
        "sentence": sentence or f"{speaker or 'It'} {cue} that {content}.",
    }


def cited(name: str, kind: str, claims: int = 1) -> dict[str, Any]:
    return {"name": name, "kind": kind, "claims": claims}


def contract(
    title: str,
    text: str | None = None,
    *,
    outlet: str | None = "Test Wire",
    url: str | None = None,
    published: str | None = "2026-05-19",
    authors: Sequence[str] = (),
    who: Sequence[dict[str, Any]] | None = None,
    claims: Sequence[dict[str, Any]] | None = None,
    sources: Sequence[dict[str, Any]] | None = None,
    key_points: Sequence[str] | None = None,
) -> dict[str, Any]:
    """An article's contract; its text is the title and the claims' sentences unless given."""
    body = text if text is not None else f"{title}. " + " ".join(c["sentence"] for c in claims or [])
    return {
        "article": {
            "title": title,
            "outlet": outlet,
            "url": url,
            "published": published,
            "authors": list(authors),
            "text": body,
            "word_count": len(body.split()),
            "source": url or f"{title}.txt",
        },
        "key_points": list(key_points or []),
        "who": list(who or []),
        "claims": list(claims or []),
        "sources": {"outlet": outlet, "url": url, "cited": list(sources or [])},
    }
