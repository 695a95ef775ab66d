"""briefbot_sources: the sources an article cites, each with its kind and claim count.

Every claim's speaker is a cited source; documents and data named without a cue
("in light of figures from X, ...") are cited too, with no claims. A named person who
speaks but whom the model's NER missed joins the entities (entity_speakers).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from bot.nlp.entity_speakers import add_speaker_entities
from bot.nlp.extensions import CLAIMS, ENTITIES, SOURCES
from bot.nlp.types import CitedSource, Claim


@Language.component(
    "briefbot_sources",
    requires=[f"doc._.{CLAIMS}", f"doc._.{ENTITIES}"],
    assigns=[f"doc._.{SOURCES}", f"doc._.{ENTITIES}"],
)
def find_sources(doc: Doc) -> Doc:
    claims: list[Claim] = getattr(doc._, CLAIMS) or []
    add_speaker_entities(doc, claims)  # first: it can make a speaker a named person
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
