"""People the model's NER missed but the text quotes by name.

spaCy's small model misses some names, often less common ones ("Rhodri Pennant", "Ffion
Howells"), yet the claims step finds them as the named speaker of a cue. A named person who
speaks is a participant: when no entity has that name (or that surname), one is added as a
PERSON, with the role an apposition gives it ("Rhodri Pennant, the authority's chief
executive, said") and the mentions the text has of the full name and of the surname.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from bot.nlp.extensions import ENTITIES
from bot.nlp.text import doc_text
from bot.nlp.types import Claim, Entity

NAMED_PERSON = "named_person"
ORGANIZATION = "organization"
# The head words of roles only people hold (an apposition naming one makes its name a person's).
_PERSON_NOUN = re.compile(
    r"\b(?:executive|minister|director|spokes(?:man|woman|person)|chief|member|officer|organi[sz]er|student|"
    r"economist|analyst|professor|lecturer|researcher|scientist|secretary|chair(?:man|woman|person)?|president|"
    r"founder|head|leader|manager|councillor|mayor|ambassador|senator|governor|lawyer|attorney|judge|doctor|"
    r"nurse|surgeon|teacher|engineer|owner|resident|farmer|worker|driver|campaigner|activist|adviser|advisor|"
    r"consultant|negotiator|commissioner|inspector|official|deputy|editor|reporter|correspondent|author|"
    r"partner|mother|father|son|daughter|wife|husband|widow|pensioner|parent|patient|victim|witness|"
    r"fisherman|trader|investor|strategist|historian|expert|specialist|campaigner)s?\b",
    re.IGNORECASE,
)
# Last words of organisation names ("Penarth Mobility Partners", "Marcher Water Services").
_ORG_WORDS = frozenset({
    "Partners", "Group", "Ltd", "Limited", "Inc", "Corp", "Corporation", "Company", "Union", "Council",
    "Bank", "Association", "Institute", "Trust", "Services", "Authority", "Agency", "Ministry", "Department",
    "Foundation", "Fund", "Holdings", "Capital", "Transit", "Party", "Committee", "Commission", "Board",
    "University", "College", "School", "Hospital", "News", "Press", "Times", "Post", "Wire", "Daily",
})  # fmt: skip
_NAME = re.compile(r"^[A-Z][\w'’.-]+(?: (?:[A-Z][\w'’.-]+|de|van|von|der|da|di|al|bin|ibn|le|la))*$")
_BEFORE_SURNAME = re.compile(r"(?:\b([A-Z][\w'’.-]+) )?\b([A-Z][\w'’-]+) $")
_ROLE_WORDS = 8  # an apposition longer than this is a clause, not a role


def add_speaker_entities(doc: Doc, claims: list[Claim]) -> None:
    """Add the people who speak by name but are no entity; their claims' speakers become named people."""
    entities: list[Entity] = getattr(doc._, ENTITIES, None) or []
    known = _known(entities)
    added: dict[str, Entity] = {}
    people: dict[str, str] = {}  # speakers as written, found to be people -> their full name
    tried: set[tuple[str, str | None]] = set()  # each speaker is looked at once, not once per claim
    text = doc_text(doc)
    for claim in claims:
        written = (claim.speaker or "").strip()
        if (written, claim.speaker_kind) in tried or written.casefold() in known:
            continue
        tried.add((written, claim.speaker_kind))
        if claim.speaker_kind not in (None, NAMED_PERSON, ORGANIZATION) or not _NAME.match(written):
            continue
        if written.casefold() in people:
            continue
        name, titled = written, False
        if len(written.split()) < 2:  # "Howells said": the full name is earlier ("Councillor Ffion Howells")
            found = _full_name(text, written)
            if found is None:
                continue
            name, titled = found
        if name.casefold() in known or written.casefold() in known:
            continue
        role = _apposition(text, name)
        if not (claim.speaker_kind == NAMED_PERSON or titled or (role and _PERSON_NOUN.search(role))):
            continue  # "Acme Widgets, a Leeds firm, said" is no person
        if name.split()[-1] in _ORG_WORDS:
            continue
        people[written.casefold()] = name
        in_full, alone = _mentions(text, name)
        mentions = max(1, in_full + alone)
        added.setdefault(
            name.casefold(),
            Entity(
                name=name,
                type="PERSON",
                aliases=[name.split()[-1]] if mentions > in_full else [],
                role=role,
                mentions=mentions,
            ),
        )
    for claim in claims:
        full = people.get((claim.speaker or "").strip().casefold())
        if full is not None:
            claim.speaker, claim.speaker_kind = full, NAMED_PERSON
    if added:
        setattr(doc._, ENTITIES, [*entities, *added.values()])


def _full_name(text: str, surname: str) -> tuple[str, bool] | None:
    """The full name a surname stands for, and whether a title came with it ("Councillor Ffion Howells")."""
    for found in re.finditer(rf"\b{re.escape(surname)}\b", text):
        before = _BEFORE_SURNAME.search(text, max(0, found.start() - 80), found.start())
        if before is None:
            continue
        title, given = before.group(1), before.group(2)
        if given.casefold().rstrip(".") not in _TITLES:
            return f"{given} {surname}", bool(title and title.casefold().rstrip(".") in _TITLES)
    return None


def _known(entities: list[Entity]) -> set[str]:
    """Names, aliases and people's surnames already in the entity list, case-folded."""
    found: set[str] = set()
    for entity in entities:
        for name in (entity.name, *entity.aliases):
            found.add(name.casefold())
            if entity.type == "PERSON" and " " in name:
                found.add(name.split()[-1].casefold())
    return found


def _mentions(text: str, name: str) -> tuple[int, int]:
    """How often the text names the person in full, and by the surname alone."""
    full = len(re.findall(rf"\b{re.escape(name)}\b", text))
    surname = len(re.findall(rf"\b{re.escape(name.split()[-1])}\b", text))
    return full, max(0, surname - full)


def _apposition(text: str, name: str) -> str | None:
    """ "NAME, the ROLE, said" / "NAME, ROLE of X," -> ROLE (a short noun phrase)."""
    found = re.search(rf"\b{re.escape(name)}, (?:the |an? )?([^,.;:“”\"()]+?),", text)
    if not found:
        return None
    role = found.group(1).strip()
    words = role.split()
    if not words or len(words) > _ROLE_WORDS or words[0][0].isdigit() or words[0].casefold() in _NOT_ROLE:
        return None
    return role


_NOT_ROLE = frozenset({"who", "which", "whose", "said", "says", "told", "and", "but", "he", "she", "they"})
_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "councillor",
    "judge", "justice", "senator", "sen", "rep", "representative", "governor", "gov", "mayor", "minister",
    "president", "general", "gen", "colonel", "col", "captain", "capt", "inspector", "sergeant", "chief",
    "father", "rev", "bishop", "ambassador", "secretary", "chancellor", "king", "queen", "prince", "princess",
})  # fmt: skip
