"""Store one parsed article (a `bot.parse.to_contract` dict) with its parse, in the caller's transaction."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from bot.store import counts, linking, tallies
from bot.store.engine import upsert
from bot.store.models import (
    Article,
    CitedSource,
    Claim,
    ClaimSubject,
    DateBlock,
    KeyPoint,
    Mention,
    date_block,
    table_of,
)
from bot.store.normalize import canonical_url, content_hash, name_key, parse_time
from bot.store.types import SaveResult, SaveStatus

_KIND_OF_TYPE = {"PERSON": "named_person", "ORG": "organization"}
ARTICLES, MENTIONS, SOURCES, CLAIMS, SUBJECTS, KEY_POINTS, DATE_BLOCKS = map(
    table_of, (Article, Mention, CitedSource, Claim, ClaimSubject, KeyPoint, DateBlock)
)
# statements built once: building one costs SQLAlchemy more than running it
_INSERT_ARTICLE = insert(ARTICLES).returning(ARTICLES.c.id)
_INSERT_CLAIMS = insert(CLAIMS).returning(CLAIMS.c.id, sort_by_parameter_order=True)
_INSERTS = {table: insert(table) for table in (MENTIONS, SOURCES, KEY_POINTS, SUBJECTS)}


def save(
    session: Session,
    workspace_id: int,
    contract: dict[str, Any],
    *,
    fetched_at: datetime,
    source_url: str | None = None,
) -> SaveResult:
    meta = contract.get("article")
    if not isinstance(meta, dict):
        raise ValueError("not a parsed article: the contract dict has no 'article' object")
    title = str(meta.get("title") or "")
    text = str(meta.get("text") or "")
    digest = content_hash(text, title)
    canon = canonical_url(meta.get("url")) or canonical_url(source_url)
    fetched = parse_time(fetched_at)
    assert fetched is not None
    published = parse_time(meta.get("published"))
    values: dict[str, Any] = {
        "url": source_url or meta.get("url"),
        "canonical_url": canon,
        "outlet": (str(meta["outlet"])[:200] if meta.get("outlet") else None),
        "title": title,
        "authors": [str(a) for a in meta.get("authors") or []],
        "published_at": published,
        "fetched_at": fetched,
        "dated_at": published or fetched,
        "updated_at": fetched,
        "content_hash": digest,
        "text": text,
        "word_count": int(meta.get("word_count") or len(text.split())),
        "source": meta.get("source") or source_url,
    }

    same_url, same_text = _find(session, workspace_id, canon, digest)
    if same_url is None and same_text is not None:  # known content, maybe under another address
        if canon and same_text.canonical_url is None:
            session.execute(update(Article).where(Article.id == same_text.id).values(canonical_url=canon))
        return SaveResult(same_text.id, "unchanged")
    if same_url is not None and (same_text is not None or same_url.content_hash == digest):
        # unchanged; or changed into the text of another article we keep already
        return SaveResult(same_text.id if same_text else same_url.id, "unchanged")

    status: SaveStatus
    if same_url is None:
        article_id = session.scalars(_INSERT_ARTICLE, {"workspace_id": workspace_id, **values}).one()
        status = "added"
    else:
        article_id = same_url.id
        old_entities = _clear_parse(session, workspace_id, article_id)
        session.execute(update(Article).where(Article.id == article_id).values(**values))
        status = "updated"
    _write_parse(session, workspace_id, article_id, contract, values["dated_at"], values["outlet"])
    if status == "updated":
        linking.drop_orphans(session, workspace_id, old_entities)
    # last: a concurrent save of the same block waits on its row only until this one commits
    session.execute(
        _date_block(session.get_bind().dialect.name),
        {"workspace_id": workspace_id, "block": date_block(article_id), "newest": values["dated_at"]},
    )
    return SaveResult(article_id, status)


@cache
def _date_block(dialect: str) -> Any:
    """Make the article's date block, or raise its newest date to the article's (never lower it:
    an older version's date may still be a newer article's in the same block)."""
    statement = upsert(dialect, DATE_BLOCKS)
    return statement.on_conflict_do_update(
        index_elements=["workspace_id", "block"],
        set_={"newest": statement.excluded.newest},
        where=DATE_BLOCKS.c.newest < statement.excluded.newest,
    )


@cache
def _finding(by_url: bool) -> Any:
    """The kept articles with a content hash, or (`by_url`) it or a canonical URL (built once)."""
    condition = Article.content_hash == bindparam("digest")
    if by_url:
        condition = or_(condition, Article.canonical_url == bindparam("canon"))
    columns = (Article.id, Article.canonical_url, Article.content_hash)
    return select(*columns).where(Article.workspace_id == bindparam("ws"), condition)


def _find(session: Session, workspace_id: int, canon: str | None, digest: str) -> tuple[Any, Any]:
    """The kept article with this canonical URL, and the one with this content (maybe the same)."""
    params = {"ws": workspace_id, "digest": digest, "canon": canon}
    rows = session.execute(_finding(bool(canon)), params).all()
    same_url = next((r for r in rows if canon and r.canonical_url == canon), None)
    same_text = next((r for r in rows if r.content_hash == digest), None)
    return same_url, same_text


def _clear_parse(session: Session, workspace_id: int, article_id: int) -> list[int]:
    """Delete an article's parse rows; return the entities it mentioned (they may be orphans now)."""
    counts.remove(session, workspace_id, article_id)
    entity_ids = list(
        session.scalars(
            select(Mention.entity_id).where(
                Mention.workspace_id == workspace_id, Mention.article_id == article_id
            )
        )
    )
    claim_ids = select(Claim.id).where(Claim.workspace_id == workspace_id, Claim.article_id == article_id)
    session.execute(delete(ClaimSubject).where(ClaimSubject.claim_id.in_(claim_ids)))
    for table in (Claim, Mention, CitedSource, KeyPoint):
        session.execute(
            delete(table).where(table.workspace_id == workspace_id, table.article_id == article_id)
        )
    return entity_ids


def _write_parse(
    session: Session,
    workspace_id: int,
    article_id: int,
    contract: dict[str, Any],
    dated_at: datetime,
    outlet: str | None,
) -> None:
    owned = {"workspace_id": workspace_id, "article_id": article_id}
    incoming = [e for e in map(linking.Incoming.from_contract, contract.get("who") or []) if e]
    entity_ids = linking.link(session, workspace_id, incoming)

    by_key: dict[str, int] = {}  # every name and alias in this article -> its workspace entity
    kind_by_key: dict[str, str] = {}  # a speaker's kind: as cited, else from the entity's type
    kind_by_entity: dict[int, str] = {}
    mentions: dict[int, dict[str, Any]] = {}
    for position, (item, entity_id) in enumerate(zip(incoming, entity_ids, strict=True)):
        for key in (item.key, *item.alias_keys):
            by_key.setdefault(key, entity_id)
        if item.type in _KIND_OF_TYPE:
            kind_by_entity.setdefault(entity_id, _KIND_OF_TYPE[item.type])
        row = mentions.get(entity_id)
        if row is None:
            mentions[entity_id] = {
                **owned, "entity_id": entity_id, "position": position, "name": item.name,
                "aliases": list(item.aliases), "role": item.role, "mentions": item.mentions,
            }  # fmt: skip
        else:  # two entries of this article are one workspace entity
            row["mentions"] += item.mentions
            row["aliases"] += [a for a in [item.name, *item.aliases] if a not in row["aliases"]]
            row["role"] = row["role"] or item.role
    if mentions:
        session.execute(_INSERTS[MENTIONS], list(mentions.values()))
        counts.add(session, workspace_id, counts.hour_of(dated_at), mentions.values())

    sources = (contract.get("sources") or {}).get("cited") or []
    source_rows = []
    cited: list[tuple[str, str, str, int]] = []  # name, key, kind, claims
    for position, raw in enumerate(sources):
        name = str(raw.get("name") or "").strip()
        if not name:
            continue
        name, key = name[:300], name_key(name)[:300]
        kind = str(raw.get("kind") or "unnamed")[:20]
        claims = int(raw.get("claims") or 0)
        cited.append((name, key, kind, claims))
        kind_by_key[key] = kind
        if key in by_key:
            kind_by_entity[by_key[key]] = kind
        source_rows.append(
            {**owned, "position": position, "name": name, "key": key, "kind": kind,
             "claims": claims, "entity_id": by_key.get(key)}
        )  # fmt: skip
    if source_rows:
        session.execute(_INSERTS[SOURCES], source_rows)
    tallies.write(session, workspace_id, article_id, dated_at, outlet, cited)

    for key, entity_id in by_key.items():
        if entity_id in kind_by_entity:
            kind_by_key.setdefault(key, kind_by_entity[entity_id])
    _write_claims(session, owned, contract.get("claims") or [], by_key, kind_by_key, incoming, entity_ids)

    points = [str(p) for p in contract.get("key_points") or [] if str(p).strip()]
    if points:
        session.execute(
            _INSERTS[KEY_POINTS], [{**owned, "position": i, "text": p} for i, p in enumerate(points)]
        )


def _write_claims(
    session: Session,
    owned: dict[str, Any],
    claims: list[dict[str, Any]],
    by_key: dict[str, int],
    kind_by_key: dict[str, str],
    incoming: list[linking.Incoming],
    entity_ids: list[int],
) -> None:
    if not claims:
        return
    rows = []
    for position, raw in enumerate(claims):
        speaker = str(raw["speaker"]).strip()[:300] if raw.get("speaker") else None
        key = name_key(speaker)[:300] if speaker else None
        kind = raw.get("speaker_kind") or (kind_by_key.get(key) if key else None)
        rows.append(
            {**owned, "position": position, "speaker": speaker, "speaker_key": key,
             "speaker_entity_id": by_key.get(key) if key else None, "speaker_kind": kind,
             "cue": str(raw.get("cue") or "")[:100], "content": str(raw.get("content") or ""),
             "direct_quote": bool(raw.get("direct_quote")), "hedged": bool(raw.get("hedged")),
             "sentence": str(raw.get("sentence") or "")}
        )  # fmt: skip
    ids = session.scalars(_INSERT_CLAIMS, rows).all()
    names = _entity_names(incoming, entity_ids)
    subjects = [
        {"workspace_id": owned["workspace_id"], "claim_id": claim_id, "entity_id": entity_id}
        for claim_id, row in zip(ids, rows, strict=True)
        for entity_id, entity_names in names.items()
        if entity_id != row["speaker_entity_id"] and _names_any(row["content"], entity_names)
    ]
    if subjects:
        session.execute(_INSERTS[SUBJECTS], subjects)


def _entity_names(incoming: list[linking.Incoming], entity_ids: list[int]) -> dict[int, set[str]]:
    names: dict[int, set[str]] = {}
    for item, entity_id in zip(incoming, entity_ids, strict=True):
        names.setdefault(entity_id, set()).update(n.casefold() for n in [item.name, *item.aliases])
    return names


def _names_any(text: str, names: set[str]) -> bool:
    """Whether any of the (case-folded) names occurs in `text` as whole words."""
    folded = text.casefold()
    for name in names:
        start = folded.find(name)
        while start >= 0:
            end = start + len(name)
            before = folded[start - 1] if start else " "
            after = folded[end] if end < len(folded) else " "
            if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
                return True
            start = folded.find(name, start + 1)
    return False
