"""Entities linked across the articles of one workspace.

An article's entity joins a workspace entity of the same type family when their
canonical names match, when one's canonical name is the other's alias ("Matsegora"
and "Alexander Matsegora"), never on two aliases alone (two people may share a surname).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, delete, exists, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from bot.store.models import Entity, EntityAlias, Mention, table_of
from bot.store.normalize import name_key, type_family

_MAX_SEARCH_TEXT = 4000
ENTITIES = table_of(Entity)
ALIASES = table_of(EntityAlias)


@dataclass
class Incoming:
    """One `who` entry of the contract, with its keys."""

    name: str
    type: str
    family: str
    key: str
    aliases: list[str]
    alias_keys: set[str]
    role: str | None
    mentions: int

    @classmethod
    def from_contract(cls, raw: dict[str, Any]) -> Incoming | None:
        name = str(raw.get("name") or "").strip()
        key = name_key(name)
        if not key:
            return None
        etype = str(raw.get("type") or "OTHER").upper()
        aliases = [str(a).strip() for a in raw.get("aliases") or [] if name_key(str(a))]
        return cls(
            name=name[:300],
            type=etype[:20],
            family=type_family(etype),
            key=key[:300],
            aliases=[a[:300] for a in aliases],
            alias_keys={name_key(a)[:300] for a in aliases} - {key},
            role=(str(raw["role"]).strip() or None) if raw.get("role") else None,
            mentions=int(raw.get("mentions") or 0),
        )


@dataclass
class _Known:
    id: int  # 0 until a new entity is inserted
    key: str
    family: str
    search_parts: list[str]
    alias_keys: set[str] = field(default_factory=set)
    new_aliases: list[tuple[str, str]] = field(default_factory=list)  # (alias, key) to insert
    changed: bool = False
    created_from: Incoming | None = None


def link(session: Session, workspace_id: int, who: Iterable[Incoming]) -> list[int]:
    """The workspace entity id of each incoming entity (created when new); aliases and roles added."""
    items = list(who)
    known = _candidates(session, workspace_id, items)
    chosen: list[_Known] = []
    for item in items:
        entity = _match(item, known)
        if entity is None:
            entity = _Known(0, item.key, item.family, [item.name], created_from=item)
            known.append(entity)
        _absorb(entity, item)
        chosen.append(entity)
    _write(session, workspace_id, known)
    return [entity.id for entity in chosen]


def _write(session: Session, workspace_id: int, known: list[_Known]) -> None:
    """New entities, new aliases and changed search texts, a statement each."""
    fresh = [k for k in known if k.created_from is not None]
    if fresh:
        rows = [
            {"workspace_id": workspace_id, "name": item.name, "key": item.key, "type": item.type,
             "family": item.family, "search_text": _search_text(entity)}
            for entity in fresh
            if (item := entity.created_from) is not None
        ]  # fmt: skip
        for entity, new_id in zip(fresh, session.scalars(_INSERT_ENTITIES, rows), strict=True):
            entity.id = new_id
    aliases = [
        {"workspace_id": workspace_id, "entity_id": entity.id, "alias": alias, "key": key}
        for entity in known
        for alias, key in entity.new_aliases
    ]
    if aliases:
        session.execute(insert(ALIASES), aliases)
    changed = [  # in id order, as the counts are updated (bot/store/counts.py): no deadlock between writers
        {"entity_id": entity.id, "text": _search_text(entity)}
        for entity in sorted(known, key=lambda k: k.id)
        if entity.changed and entity.created_from is None
    ]
    if changed:
        session.execute(_SEARCH_TEXT, changed)


_INSERT_ENTITIES = insert(ENTITIES).returning(ENTITIES.c.id, sort_by_parameter_order=True)
_SEARCH_TEXT = (
    update(ENTITIES).where(ENTITIES.c.id == bindparam("entity_id")).values(search_text=bindparam("text"))
)


def _search_text(entity: _Known) -> str:
    return "\n".join(entity.search_parts)[:_MAX_SEARCH_TEXT]


def drop_orphans(session: Session, workspace_id: int, entity_ids: Iterable[int]) -> None:
    """Remove the given entities that no article mentions any more.

    Claims and cited sources link only to entities their own article mentions, so an
    entity without mentions has no other rows pointing at it (the foreign keys check it).
    """
    ids = sorted(set(entity_ids))
    if not ids:
        return
    mentioned = exists().where(Mention.workspace_id == workspace_id, Mention.entity_id == Entity.id)
    unused = select(Entity.id).where(Entity.workspace_id == workspace_id, Entity.id.in_(ids), ~mentioned)
    orphans = list(session.scalars(unused))
    if orphans:
        session.execute(delete(EntityAlias).where(EntityAlias.entity_id.in_(orphans)))
        session.execute(delete(Entity).where(Entity.id.in_(orphans)))


def _candidate_statements() -> tuple[Any, ...]:
    """`_candidates`' statements, built once (parameters ws, values: a list)."""
    ws: BindParameter[int] = bindparam("ws")
    values: BindParameter[Any] = bindparam("values", expanding=True)
    columns = (Entity.id, Entity.key, Entity.family, Entity.search_text)
    return (
        select(*columns).where(Entity.workspace_id == ws, Entity.key.in_(values)),
        select(*columns).where(Entity.workspace_id == ws, Entity.id.in_(values)),
        select(EntityAlias.entity_id).where(EntityAlias.workspace_id == ws, EntityAlias.key.in_(values)),
        select(EntityAlias.entity_id, EntityAlias.key).where(
            EntityAlias.workspace_id == ws, EntityAlias.entity_id.in_(values)
        ),
    )


_CANDIDATES = _candidate_statements()


def _candidates(session: Session, workspace_id: int, items: list[Incoming]) -> list[_Known]:
    """The workspace entities an incoming name or alias may be: by their names, then their aliases."""
    if not items:
        return []
    families = {i.family for i in items}
    names = sorted({i.key for i in items})
    keys = sorted({k for i in items for k in (i.key, *i.alias_keys)})
    by_key, by_id, by_alias, aliases = _CANDIDATES
    found: dict[int, _Known] = {}

    def load(statement: Any, values: list[Any]) -> None:
        for row in session.execute(statement, {"ws": workspace_id, "values": values}):
            if row.family in families:
                found[row.id] = _Known(row.id, row.key, row.family, row.search_text.split("\n"))

    load(by_key, keys)
    more = set(session.scalars(by_alias, {"ws": workspace_id, "values": names})) - found.keys()
    if more:
        load(by_id, sorted(more))
    if found:
        for entity_id, key in session.execute(aliases, {"ws": workspace_id, "values": sorted(found)}):
            found[entity_id].alias_keys.add(key)
    return [found[i] for i in sorted(found)]


def _match(item: Incoming, known: list[_Known]) -> _Known | None:
    family = [k for k in known if k.family == item.family]
    for entity in family:  # the same canonical name
        if entity.key == item.key:
            return entity
    for entity in family:  # their canonical name is one of our aliases
        if entity.key in item.alias_keys:
            return entity
    for entity in family:  # our canonical name is one of their aliases
        if item.key in entity.alias_keys:
            return entity
    return None


def _absorb(entity: _Known, item: Incoming) -> None:
    """Record the names and role this article gives the entity (written by `_write`)."""
    for alias in [item.name, *item.aliases]:
        key = name_key(alias)[:300]
        if key and key != entity.key and key not in entity.alias_keys:
            entity.alias_keys.add(key)
            entity.new_aliases.append((alias, key))
    parts = {p.casefold() for p in entity.search_parts}
    for text in [item.name, *item.aliases, item.role]:
        if text and text.casefold() not in parts:
            parts.add(text.casefold())
            entity.search_parts.append(text)
            entity.changed = True
