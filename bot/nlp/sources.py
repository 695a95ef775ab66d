"""briefbot_sources: the sources an article cites, each with its kind and claim count.

Every claim's speaker is a cited source; documents and data named without a cue
("in light of figures from X, ...") are cited too, with no claims.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from bot.nlp.extensions import CLAIMS, SOURCES
from bot.nlp.types import CitedSource, Claim


@Language.component("briefbot_sources", requires=[f"doc._.{CLAIMS}"], assigns=[f"doc._.{SOURCES}"])
def find_sources(doc: Doc) -> Doc:
    claims: list[Claim] = getattr(doc._, CLAIMS) or []
    setattr(doc._, SOURCES, cited_sources(claims))
    return doc


def cited_sources(claims: list[Claim]) -> list[CitedSource]:
    """One entry per distinct speaker, in order of first appearance."""
    by_name: dict[str, CitedSource] = {}
    for claim in claims:
        if not claim.speaker:
            continue
        key = claim.speaker.casefold()
        if key not in by_name:
            by_name[key] = CitedSource(claim.speaker, claim.speaker_kind or "organization", 0)
        by_name[key].claims += 1
    return list(by_name.values())
