"""Hand-built contract dicts (the shape `bot.parse.to_contract` returns) for the store tests:
the builders of tests/contracts.py, people, organisations and places, and the seed's story."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from contracts import cited, claim, contract, entity

FETCHED = datetime(2026, 5, 20, 9, 0, tzinfo=UTC)


def person(
    name: str, *aliases: str, role: str | None = None, mentions: int = 1, type: str = "PERSON"
) -> dict[str, Any]:
    return entity(name, *aliases, type=type, role=role, mentions=mentions)


def org(name: str, *aliases: str, role: str | None = None, mentions: int = 1) -> dict[str, Any]:
    return person(name, *aliases, role=role, mentions=mentions, type="ORG")


def place(name: str, *aliases: str, mentions: int = 1, type: str = "GPE") -> dict[str, Any]:
    return person(name, *aliases, mentions=mentions, type=type)


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
