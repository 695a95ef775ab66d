"""People the model's NER missed but the text quotes by name become entities (entity_speakers)."""

from __future__ import annotations

import spacy

from bot.nlp.entity_speakers import add_speaker_entities
from bot.nlp.extensions import ENTITIES, register
from bot.nlp.types import Claim, Entity

TEXT = (
    "Rhodri Pennant, the authority's chief executive, said the board had no good options. "
    "Councillor Ffion Howells, the council's cabinet member for transport, was angry. "
    '"Fares keep rising," Howells said. Acme Widgets, a Leeds firm, said prices would rise. '
    "Lowri Mathias, the finance director, said the gap was real."
)


def claim(speaker: str, kind: str | None) -> Claim:
    return Claim(speaker=speaker, cue="said", content="x", direct_quote=False, hedged=False, sentence="x",
                 speaker_kind=kind)  # fmt: skip


def test_named_speakers_missing_from_the_entities_are_added_as_people() -> None:
    register()
    doc = spacy.blank("en")(TEXT)
    setattr(doc._, ENTITIES, [Entity("Lowri Mathias", "PERSON", role="finance director", mentions=1)])
    claims = [
        claim("Rhodri Pennant", "organization"),  # kind guessed without an entity: a role says person
        claim("Howells", None),  # a surname: the full name and its title are earlier
        claim("Acme Widgets", "organization"),  # "a Leeds firm" is no person's role
        claim("Lowri Mathias", "named_person"),  # an entity already
        claim("analysts", "unnamed"),
    ]
    add_speaker_entities(doc, claims)
    added = {e.name: e for e in getattr(doc._, ENTITIES)}
    assert set(added) == {"Lowri Mathias", "Rhodri Pennant", "Ffion Howells"}
    assert added["Rhodri Pennant"].role == "authority's chief executive"
    assert added["Ffion Howells"].aliases == ["Howells"] and added["Ffion Howells"].mentions == 2
    assert [(c.speaker, c.speaker_kind) for c in claims[:3]] == [
        ("Rhodri Pennant", "named_person"),
        ("Ffion Howells", "named_person"),
        ("Acme Widgets", "organization"),
    ]
