"""Entities linked across the articles of one workspace.

An article's entity joins a workspace entity of the same type family when their
canonical names match, when one's canonical name is the other's alias ("Matsegora"
and "Alexander Matsegora"), never on two aliases alone (two people may share a surname).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, exists, insert, select, tuple_, update
from sqlalchemy.orm import Session

from bot.store.models import CitedSource, Claim, ClaimSubject, Entity, EntityAlias, Mention
from bot.store.normalize import name_key, type_family

_MAX_SEARCH_TEXT = 4000


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
    id: int
    key: str
    family: str
    search_parts: list[str]
    alias_keys: set[str] = field(default_factory=set)
    changed: bool = False


def link(session: Session, workspace_id: int, who: Iterable[Incoming]) -> list[int]:
    """The workspace entity id of each incoming entity (created when new); aliases and roles added."""
    items = list(who)
    known = _candidates(session, workspace_id, items)
    ids: list[int] = []
    for item in items:
        entity = _match(item, known)
        if entity is None:
            entity = _create(session, workspace_id, item)
            known.append(entity)
        _absorb(session, workspace_id, entity, item)
        ids.append(entity.id)
    for entity in known:
        if entity.changed:
            text = "\n".join(entity.search_parts)[:_MAX_SEARCH_TEXT]
            session.execute(update(Entity).where(Entity.id == entity.id).values(search_text=text))
    return ids


def drop_orphans(session: Session, workspace_id: int, entity_ids: Iterable[int]) -> None:
    """Remove the given entities that no article mentions any more."""
    ids = sorted(set(entity_ids))
    if not ids:
        return
    unused = (
        select(Entity.id)
        .where(Entity.workspace_id == workspace_id, Entity.id.in_(ids))
        .where(~exists().where(Mention.entity_id == Entity.id))
        .where(~exists().where(Claim.speaker_entity_id == Entity.id))
        .where(~exists().where(ClaimSubject.entity_id == Entity.id))
        .where(~exists().where(CitedSource.entity_id == Entity.id))
    )
    orphans = list(session.scalars(unused))
    if orphans:
        session.execute(delete(EntityAlias).where(EntityAlias.entity_id.in_(orphans)))
        session.execute(delete(Entity).where(Entity.id.in_(orphans)))


def _candidates(session: Session, workspace_id: int, items: list[Incoming]) -> list[_Known]:
    if not items:
        return []
    names = {(i.family, i.key) for i in items}
    keys = {(i.family, k) for i in items for k in {i.key, *i.alias_keys}}
    by_name = select(Entity.id).where(
        Entity.workspace_id == workspace_id, tuple_(Entity.family, Entity.key).in_(sorted(keys))
    )
    by_alias = (
        select(Entity.id)
        .join(EntityAlias, EntityAlias.entity_id == Entity.id)
        .where(Entity.workspace_id == workspace_id, EntityAlias.workspace_id == workspace_id)
        .where(tuple_(Entity.family, EntityAlias.key).in_(sorted(names)))
    )
    ids = set(session.scalars(by_name)) | set(session.scalars(by_alias))
    if not ids:
        return []
    found = {
        row.id: _Known(row.id, row.key, row.family, row.search_text.split("\n"))
        for row in session.execute(
            select(Entity.id, Entity.key, Entity.family, Entity.search_text).where(Entity.id.in_(ids))
        )
    }
    for entity_id, key in session.execute(
        select(EntityAlias.entity_id, EntityAlias.key).where(EntityAlias.entity_id.in_(ids))
    ):
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


def _create(session: Session, workspace_id: int, item: Incoming) -> _Known:
    entity_id = session.scalars(
        insert(Entity)
        .values(
            workspace_id=workspace_id,
            name=item.name,
            key=item.key,
            type=item.type,
            family=item.family,
            search_text=item.name,
        )
        .returning(Entity.id)
    ).one()
    return _Known(entity_id, item.key, item.family, [item.name])


def _absorb(session: Session, workspace_id: int, entity: _Known, item: Incoming) -> None:
    """Record the names and role this article gives the entity."""
    new_aliases: list[dict[str, Any]] = []
    for alias in [item.name, *item.aliases]:
        key = name_key(alias)[:300]
        if key and key != entity.key and key not in entity.alias_keys:
            entity.alias_keys.add(key)
            new_aliases.append(
                {"workspace_id": workspace_id, "entity_id": entity.id, "alias": alias, "key": key}
            )
    if new_aliases:
        session.execute(insert(EntityAlias), new_aliases)
    parts = {p.casefold() for p in entity.search_parts}
    for text in [item.name, *item.aliases, item.role]:
        if text and text.casefold() not in parts:
            parts.add(text.casefold())
            entity.search_parts.append(text)
            entity.changed = True
