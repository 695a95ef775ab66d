"""Plain dataclasses the pipeline components produce (stored on the Doc, then serialised)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span


@dataclass
class Entity:
    """One real-world participant, all its mentions merged.

    `type` is PERSON, ORG, GPE, NORP, LOC, GROUP (unnamed groups such as "analysts") ...
    `spans` are the mention spans in the Doc (not serialised).
    """

    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    mentions: int = 0
    spans: list[Span] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "role": self.role,
            "mentions": self.mentions,
        }


@dataclass
class Claim:
    speaker: str | None
    cue: str
    content: str
    direct_quote: bool
    hedged: bool
    sentence: str
    speaker_kind: str | None = None  # named_person | organization | document | unnamed | publication
    start_char: int = 0  # where the claim's sentence starts in the body text

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "cue": self.cue,
            "content": self.content,
            "direct_quote": self.direct_quote,
            "hedged": self.hedged,
            "sentence": self.sentence,
        }


@dataclass
class CitedSource:
    name: str
    kind: str  # named_person | organization | document | unnamed | publication
    claims: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "claims": self.claims}
