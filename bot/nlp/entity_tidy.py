"""Last corrections to the entity list, on what the whole article shows.

- The outlet naming itself ("figures seen by the Gazette" in The Humber Gazette) is the
  article's outlet, not a participant: it is dropped.
- A "person" whose whole name begins an organisation's name ("Marcher Water" beside
  "Marcher Water Services") is that organisation, shortened: it joins it as an alias.
"""

from __future__ import annotations

import re

from bot.nlp.types import Entity

_ORG_TYPES = frozenset({"ORG"})
_BODIES = frozenset({
    "group", "charity", "company", "firm", "organisation", "organization", "union", "association", "campaign",
    "network", "coalition", "alliance", "party", "agency", "newspaper", "website", "body", "club", "society",
    "trust", "foundation", "institute", "council", "committee", "consultancy", "bank", "fund", "movement",
})  # fmt: skip
_THE = re.compile(r"^the\s+", re.IGNORECASE)


def tidy(entities: list[Entity], outlet: str | None) -> list[Entity]:
    kept = [e for e in entities if not _is_outlet(e, outlet)]
    for entity in kept:
        if entity.type == "PERSON" and _named_as_body(entity):
            entity.type = "ORG"
    orgs = [e for e in kept if e.type in _ORG_TYPES]
    result: list[Entity] = []
    for entity in kept:
        target = _longer_org(entity, orgs) if entity.type == "PERSON" and entity.role is None else None
        if target is None:
            result.append(entity)
            continue
        target.aliases = [
            *target.aliases,
            *(n for n in (entity.name, *entity.aliases) if n not in target.aliases),
        ]
        target.mentions += entity.mentions
        target.spans = [*target.spans, *entity.spans]
    return result


def _key(name: str) -> str:
    return _THE.sub("", " ".join(name.split())).casefold().removesuffix("'s").removesuffix("’s")


def _is_outlet(entity: Entity, outlet: str | None) -> bool:
    if not outlet or entity.role or entity.type not in ("PERSON", "ORG", "WORK_OF_ART"):
        return False
    words = _key(outlet).split()
    names = [_key(n) for n in (entity.name, *entity.aliases)]
    # the outlet's name, or its last words ("Gazette" of "The Humber Gazette")
    return any(
        name and (name == " ".join(words) or words[-len(name.split()) :] == name.split()) for name in names
    )


def _named_as_body(entity: Entity) -> bool:
    """Every mention follows a word for a body of people: "the patient group Waiting Matters Humber"."""
    if not entity.spans:
        return False
    for span in entity.spans:
        before = span.doc[span.start - 1] if span.start > 0 else None
        if before is None or {before.lower_, before.lower_.removesuffix("s")}.isdisjoint(_BODIES):
            return False
    return True


def _longer_org(person: Entity, orgs: list[Entity]) -> Entity | None:
    words = _key(person.name).split()
    if len(words) < 2:
        return None
    for org in orgs:
        org_words = _key(org.name).split()
        if len(org_words) > len(words) and org_words[: len(words)] == words:
            return org
    return None
