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
    speaker: str | None, content: str, *, cue: str = "said", quote: bool = False, hedged: bool = False
) -> dict[str, Any]:
    sentence = f"{speaker or 'It'} {cue} that {content}."
    return {
        "speaker": speaker,
        "cue": cue,
        "content": content,
        "direct_quote": quote,
        "hedged": hedged,
        "sentence": sentence,
    }


def cited(name: str, kind: str, claims: int = 1) -> dict[str, Any]:
    return {"name": name, "kind": kind, "claims": claims}


def contract(
    title: str,
    *,
    outlet: str,
    url: str | None,
    published: str,
    who: Sequence[dict[str, Any]] = (),
    claims: Sequence[dict[str, Any]] = (),
    sources: Sequence[dict[str, Any]] = (),
    key_points: Sequence[str] = (),
) -> dict[str, Any]:
    body = f"{title}. " + " ".join(c["sentence"] for c in claims)
    return {
        "article": {
            "title": title, "outlet": outlet, "url": url, "published": published, "authors": [],
            "text": body, "word_count": len(body.split()), "source": url or f"{title}.txt",
        },
        "key_points": list(key_points),
        "who": list(who),
        "claims": list(claims),
        "sources": {"outlet": outlet, "url": url, "cited": list(sources)},
    }  # fmt: skip
