"""briefbot_entities: who takes part in an article, each participant once.

Runs after NER. Mentions (entity_mentions) are trimmed and filtered (no
numbers, dates, headings, bylines or capitalised common words), typed from
the evidence around them, and merged (entity_merge) so that "Matsegora",
"Ambassador Alexander Matsegora" and "Alexander Matsegora" are one person and
"Russian", "Russians" and "Russia" one country. Writes doc._.bb_entities (most
mentioned first) and doc._.bb_span_entity (token index -> entity index).

`entity_at` and `entity_named` let other components resolve a phrase or a name.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from bot.nlp.entity_evidence import Mention
from bot.nlp.entity_layout import Layout, read_layout
from bot.nlp.entity_mentions import find_mentions
from bot.nlp.entity_merge import Group, key_of, merge
from bot.nlp.entity_places import CAPITALS, DEMONYMS, fold
from bot.nlp.entity_tidy import tidy
from bot.nlp.entity_words import ORG_DESIGNATORS, ORG_PREFIXES
from bot.nlp.extensions import ARTICLE, ENTITIES, SPAN_ENTITY
from bot.nlp.types import Entity

__all__ = ["entity_at", "entity_named", "find_entities"]

_DROPPED_TYPES = frozenset({"WORK_OF_ART", "LAW", "LANGUAGE"})
_NAME_TYPES = frozenset({"PERSON", "ORG"})
_PLACE_TYPES = frozenset({"GPE", "LOC"})
_PROPER_TAGS = frozenset({"NNP", "NNPS"})
_MAX_DEPTH = 12


@Language.component(
    "briefbot_entities",
    requires=["doc.ents"],
    assigns=[f"doc._.{ENTITIES}", f"doc._.{SPAN_ENTITY}"],
)
def find_entities(doc: Doc) -> Doc:
    article = getattr(doc._, ARTICLE, None)
    authors = {fold(name) for name in getattr(article, "authors", ()) or ()}
    layout = read_layout(doc)
    mentions, acronyms = find_mentions(doc, layout, authors)
    groups = [g for g in merge(mentions, acronyms) if g.type() not in _DROPPED_TYPES]
    _add_bare_mentions(doc, layout, groups)
    built = [(_entity(doc, g), g.first) for g in groups]
    entities = tidy([entity for entity, _ in built], getattr(article, "outlet", None))
    first = {id(entity): start for entity, start in built}
    entities.sort(key=lambda e: (-e.mentions, first[id(e)]))
    span_entity: dict[int, int] = {}
    for index, entity in enumerate(entities):
        for span in entity.spans:
            for i in range(span.start, span.end):
                span_entity[i] = index
    setattr(doc._, ENTITIES, entities)
    setattr(doc._, SPAN_ENTITY, span_entity)
    return doc


def entity_at(doc: Doc, span: Span) -> Entity | None:
    """The entity a phrase refers to: the PERSON/ORG mention in it nearest its syntactic head
    ("a spokesperson for Fjordline Shipping"); another entity only when it heads the phrase
    ("Norway", not "Norwegian officials")."""
    mapping: dict[int, int] = getattr(doc._, SPAN_ENTITY, None) or {}
    entities: list[Entity] = getattr(doc._, ENTITIES, None) or []
    if not mapping:
        return None
    root = span.root
    best: tuple[int, int, int] | None = None  # (not a person or org, depth, entity index)
    for token in span:
        index = mapping.get(token.i)
        if index is None:
            continue
        depth = _depth(token, root)
        person_or_org = entities[index].type in _NAME_TYPES
        if not person_or_org and depth > 0:
            continue
        rank = (0 if person_or_org else 1, depth, index)
        if best is None or rank < best:
            best = rank
    return entities[best[2]] if best is not None else None


def entity_named(doc: Doc, text: str) -> Entity | None:
    """The entity whose name or alias is `text` (case, a leading "the" and a possessive aside)."""
    wanted = _name_key(text)
    if not wanted:
        return None
    entities: list[Entity] = getattr(doc._, ENTITIES, None) or []
    for entity in entities:
        if any(_name_key(name) == wanted for name in [entity.name, *entity.aliases]):
            return entity
    return None


def _name_key(text: str) -> str:
    key = fold(text).strip(" \t\n,;:.!?\"'“”‘’()[]-—–")
    key = re.sub(r"^the\s+", "", key)
    return re.sub(r"\s*'s$", "", key).strip()


def _depth(token: Token, root: Token) -> int:
    depth = 0
    while token.i != root.i and depth < _MAX_DEPTH:
        if token.head.i == token.i:
            return _MAX_DEPTH
        token = token.head
        depth += 1
    return depth


def _add_bare_mentions(doc: Doc, layout: Layout, groups: list[Group]) -> None:
    """ "Siddiqui told reporters": a surname or short name the model did not tag joins its entity."""
    covered = {i for g in groups for m in g.mentions for i in range(m.start, m.end)}
    short: dict[str, Group | None] = {}

    def offer(word: str, group: Group) -> None:
        short[word] = group if short.get(word, group) is group else None

    for g in groups:
        kind = g.type()
        if kind not in _NAME_TYPES:
            continue
        words = key_of(g.full).split()
        if len(words) >= 2:
            if kind == "PERSON":
                offer(words[-1], g)
            elif (
                words[0] not in ORG_DESIGNATORS and words[0] not in ORG_PREFIXES and words[0] not in DEMONYMS
            ):
                offer(words[0], g)
        for m in g.mentions:
            if m.end - m.start == 1:
                offer(key_of(m), g)
    for i in layout.capitalised_outside:
        token = doc[i]
        if i in covered or token.tag_ not in _PROPER_TAGS or i in layout.skip:
            continue
        group = short.get(fold(token.text))
        if group is None or not token.text[:1].isupper() or _in_proper_run(doc, i):
            continue
        group.mentions.append(Mention(i, i + 1, token.text, group.type()))
    for g in groups:
        g.mentions.sort(key=lambda m: m.start)


def _in_proper_run(doc: Doc, i: int) -> bool:
    before = i > 0 and doc[i - 1].tag_ in _PROPER_TAGS and doc[i - 1].text[:1].isupper()
    after = i + 1 < len(doc) and doc[i + 1].tag_ in _PROPER_TAGS and doc[i + 1].text[:1].isupper()
    return before or after


def _entity(doc: Doc, g: Group) -> Entity:
    kind = g.type()
    name = _place_name(g) if kind in _PLACE_TYPES and any(m.place for m in g.mentions) else _plain_name(g)
    seen = {name.casefold()}
    aliases: list[str] = []
    for m in g.mentions:
        for form in [m.text, *m.forms]:
            if form.casefold() not in seen:
                seen.add(form.casefold())
                aliases.append(form)
    role = None
    if kind in _NAME_TYPES:
        # a role must say what the person does or what kind of organisation it is
        wanted = "person" if kind == "PERSON" else "org"
        roles = [c for m in g.mentions for c in m.roles if c[2] == wanted and name not in c[1]]
        if roles:
            role = max(roles, key=lambda c: c[0])[1]
    spans = [doc[m.start : m.end] for m in g.mentions]
    return Entity(name=name, type=kind, aliases=aliases, role=role, mentions=len(spans), spans=spans)


def _plain_name(g: Group) -> str:
    full = g.full
    if full.text.isupper() and full.dateline:  # "OTTAWA (Northstar Wire) —"
        return full.text.title()
    return full.text


def _place_name(g: Group) -> str:
    """The form the text uses most for the place itself ("Britain"), else the table's name."""
    forms = [
        m.text for m in g.mentions if m.place is not None and not m.demonym and fold(m.text) not in CAPITALS
    ]
    place = next(m.place for m in g.mentions if m.place is not None)
    if not forms:
        return place.name
    counts = Counter(fold(f) for f in forms)
    top = max(counts, key=lambda k: counts[k])
    variants = [f for f in forms if fold(f) == top]
    return next((f for f in variants if not f.isupper() or len(f) <= 3), variants[0].title())
