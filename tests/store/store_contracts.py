"""Hand-built contract dicts (the shape `bot.parse.to_contract` returns): no spaCy needed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

FETCHED = datetime(2026, 5, 20, 9, 0, tzinfo=UTC)


def person(
    name: str, *aliases: str, role: str | None = None, mentions: int = 1, type: str = "PERSON"
) -> dict[str, Any]:
    return {"name": name, "type": type, "aliases": list(aliases), "role": role, "mentions": mentions}


def org(name: str, *aliases: str, role: str | None = None, mentions: int = 1) -> dict[str, Any]:
    return person(name, *aliases, role=role, mentions=mentions, type="ORG")


def place(name: str, *aliases: str, mentions: int = 1, type: str = "GPE") -> dict[str, Any]:
    return person(name, *aliases, mentions=mentions, type=type)


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
    authors: tuple[str, ...] = (),
    who: list[dict[str, Any]] | None = None,
    claims: list[dict[str, Any]] | None = None,
    sources: list[dict[str, Any]] | None = None,
    key_points: list[str] | None = None,
) -> dict[str, Any]:
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


def ambassador_story(outlet: str = "Test Wire", url: str | None = None, **extra: Any) -> dict[str, Any]:
    """The seed story's shape: a named ambassador, a hedged unnamed source, a document."""
    return contract(
        "Russia to treat North Korean soldiers",
        outlet=outlet,
        url=url,
        who=[
            person("Alexander Matsegora", "Matsegora", role="Russian ambassador to Pyongyang", mentions=3),
            place("Russia", "Russian", mentions=4),
            place("North Korea", "Pyongyang", mentions=3),
            org("Kremlin"),
        ],
        claims=[
            claim(
                "Alexander Matsegora", "wounded North Korean soldiers will be treated in Russian hospitals"
            ),
            claim("analysts", "the deal may deepen military ties", cue="believe", hedged=True),
            claim("Matsegora", "Moscow would pay compensation to the families", quote=True),
        ],
        sources=[
            cited("Alexander Matsegora", "named_person", 2),
            cited("analysts", "unnamed", 1),
            cited("TASS", "publication", 0),
        ],
        key_points=[
            "Russia will treat wounded North Korean soldiers, its ambassador said.",
            "Families of the dead are to be compensated by Moscow.",
        ],
        **extra,
    )
