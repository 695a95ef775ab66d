"""Each article's cited sources as one packed row, so "sources by outlet" never groups every cited source.

`source_tallies` holds one row per article (written with its parse, replaced when it is
re-parsed): the article's date and outlet, and (source id, claims) pairs, one per source it
cites, where a source is a (key, kind) of the `sources` table. Bare /sources (a day or a week
of articles by outlet) and topic sources (the newest 200 articles on a topic) read these rows
and sum them in numpy: a week at 137 articles a day is ~1000 rows, where grouping its ~5000
cited sources by name in SQL took 10-40 ms. tests/store/test_store_tallies.py checks every
result against grouping the cited_sources rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import numpy as np
from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.orm import Session

from bot.store.engine import upsert
from bot.store.idlist import in_ids
from bot.store.models import Source, SourceTally, table_of
from bot.store.prepared import IDS, WS, rows, run
from bot.store.types import SourceCount, Workspace

SOURCES, TALLIES = table_of(Source), table_of(SourceTally)
_PACKED = np.dtype("<i4")  # source_tallies.counts: (source_id, claims) pairs


@dataclass(frozen=True)
class OutletTally:
    """An outlet's articles in a period, its `top` sources (most claims, then most articles,
    then by key) and how many different sources its articles cite."""

    outlet: str
    articles: int
    top: tuple[SourceCount, ...]
    sources: int


def write(
    session: Session,
    workspace_id: int,
    article_id: int,
    dated_at: datetime,
    outlet: str | None,
    cited: Iterable[tuple[str, str, str, int]],
) -> None:
    """The tally of an article's cited sources, as (name, key, kind, claims), replacing any
    earlier one; new sources get their id here."""
    claims: dict[tuple[str, str], int] = {}
    names: dict[tuple[str, str], str] = {}
    for name, key, kind, n in cited:
        claims[(key, kind)] = claims.get((key, kind), 0) + n
        names.setdefault((key, kind), name)
    ids = _source_ids(session, workspace_id, names)
    pairs = sorted((ids[k], n) for k, n in claims.items())
    session.execute(_DELETE_TALLY, {"ws": workspace_id, "article": article_id})
    session.execute(
        insert(TALLIES),
        {"workspace_id": workspace_id, "dated_at": dated_at, "article_id": article_id, "outlet": outlet,
         "counts": np.array(pairs, dtype=_PACKED).tobytes()},
    )  # fmt: skip


_DELETE_TALLY = delete(SourceTally).where(
    SourceTally.workspace_id == bindparam("ws"), SourceTally.article_id == bindparam("article")
)
_SOURCE_IDS = select(Source.key, Source.kind, Source.id).where(
    Source.workspace_id == bindparam("ws"), Source.key.in_(bindparam("keys", expanding=True))
)


@cache
def _new_sources(dialect: str) -> Any:
    """Insert sources not kept yet (built once per backend)."""
    return upsert(dialect, SOURCES).on_conflict_do_nothing(index_elements=["workspace_id", "key", "kind"])


def _source_ids(
    session: Session, workspace_id: int, names: dict[tuple[str, str], str]
) -> dict[tuple[str, str], int]:
    if not names:
        return {}
    keys = sorted(names)  # in key order: concurrent saves insert the same sources in one order
    session.execute(
        _new_sources(session.get_bind().dialect.name),
        [
            {"workspace_id": workspace_id, "key": k, "kind": kind, "name": names[(k, kind)]}
            for k, kind in keys
        ],
    )
    found = session.execute(_SOURCE_IDS, {"ws": workspace_id, "keys": sorted({k for k, _ in keys})})
    return {(k, kind): i for k, kind, i in found if (k, kind) in names}


def _unpacked(blobs: Sequence[bytes]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """All pairs of these rows as (source ids, claims), and each pair's row."""
    sizes = np.fromiter((len(b) // 8 for b in blobs), dtype=np.int64, count=len(blobs))
    pairs = np.frombuffer(b"".join(blobs), dtype=_PACKED).reshape(-1, 2)
    return pairs, np.repeat(np.arange(len(blobs)), sizes)


def _candidates(
    claims: np.ndarray[Any, Any], articles: np.ndarray[Any, Any], most: int
) -> np.ndarray[Any, Any]:
    """The positions of the `most` best (most claims, then most articles) and of any tied with
    the last of them: the source's key decides among those (`_best`)."""
    order = np.lexsort((-articles, -claims))
    if len(order) <= most:
        return order
    last = order[most - 1]
    better = (claims > claims[last]) | ((claims == claims[last]) & (articles >= articles[last]))
    return np.flatnonzero(better)


@cache
def _statements() -> tuple[Any, Any]:
    """Source names by id, and tallies of some articles (parameters ws, ids), built once."""
    names = select(Source.id, Source.key, Source.name, Source.kind).where(
        Source.workspace_id == WS, in_ids(Source.id, IDS)
    )
    counts = select(SourceTally.counts).where(
        SourceTally.workspace_id == WS, in_ids(SourceTally.article_id, IDS)
    )
    return names, counts


def _names(session: Session, ws: Workspace, ids: Iterable[int]) -> dict[int, tuple[str, str, str]]:
    """Source id -> (key, name, kind)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {
        i: (key, name, kind) for i, key, name, kind in rows(session, _statements()[0], ws=ws.id, ids=wanted)
    }


def _best(
    counted: list[tuple[int, int, int]], names: dict[int, tuple[str, str, str]], most: int
) -> tuple[SourceCount, ...]:
    """(source id, claims, articles) in order: most claims, then most articles, then key."""
    known = [c for c in counted if c[0] in names]
    known.sort(key=lambda c: (-c[1], -c[2], names[c[0]][0], names[c[0]][2]))
    return tuple(SourceCount(names[i][1], names[i][2], n, a) for i, n, a in known[:most])


def _sums(pairs: np.ndarray[Any, Any], groups: np.ndarray[Any, Any]) -> tuple[np.ndarray[Any, Any], ...]:
    """Per (group, source): the group, the source id, its claims and its articles (an article
    cites a source once in its pairs)."""
    key = groups.astype(np.int64) << 32 | pairs[:, 0].astype(np.int64)
    unique, inverse = np.unique(key, return_inverse=True)
    claims = np.bincount(inverse, weights=pairs[:, 1], minlength=len(unique)).astype(np.int64)
    articles = np.bincount(inverse, minlength=len(unique))
    return unique >> 32, unique & 0xFFFFFFFF, claims, articles


def _tops(
    session: Session, ws: Workspace, sums: tuple[np.ndarray[Any, Any], ...], groups: int, most: int
) -> tuple[list[tuple[SourceCount, ...]], np.ndarray[Any, Any]]:
    """Each group's `most` best sources (`_sums`' groups 0 .. groups - 1), their names read in
    one statement; and where each group's sums start and end (np.unique sorted by group first)."""
    group_of, ids, claims, articles = sums
    bounds = np.searchsorted(group_of, np.arange(groups + 1))
    counted: list[list[tuple[int, int, int]]] = []
    for i in range(groups):
        lo, hi = bounds[i], bounds[i + 1]
        chosen = lo + _candidates(claims[lo:hi], articles[lo:hi], most)
        counted.append([(int(ids[j]), int(claims[j]), int(articles[j])) for j in chosen])
    names = _names(session, ws, (c[0] for group in counted for c in group))
    return [_best(group, names, most) for group in counted], bounds


def for_articles(session: Session, ws: Workspace, article_ids: Sequence[int], most: int) -> list[SourceCount]:
    """The sources these articles cite, most relied-on first (the workspace's own articles only)."""
    if not article_ids:
        return []
    blobs = run(session, _statements()[1], ws=ws.id, ids=list(article_ids))
    pairs, _rows = _unpacked(blobs)
    if not len(pairs):
        return []
    (top,), _bounds = _tops(session, ws, _sums(pairs, np.zeros(len(pairs), dtype=np.int64)), 1, most)
    return list(top)


def by_outlet(
    session: Session, ws: Workspace, since: datetime | None, per_outlet: int, *, unknown: str
) -> list[OutletTally]:
    """Each outlet with articles dated since `since` (None: all), in no particular order;
    articles without an outlet count under `unknown`."""
    query = select(SourceTally.outlet, SourceTally.counts).where(SourceTally.workspace_id == ws.id)
    if since is not None:
        query = query.where(SourceTally.dated_at >= since)
    found = rows(session, query)
    if not found:
        return []
    outlet_of = [unknown if outlet is None else outlet for outlet, _counts in found]
    outlets = sorted(set(outlet_of))
    index = {o: i for i, o in enumerate(outlets)}
    of_row = np.fromiter((index[o] for o in outlet_of), dtype=np.int64, count=len(found))
    articles_per_outlet = np.bincount(of_row, minlength=len(outlets))
    pairs, row_of_pair = _unpacked([blob for _outlet, blob in found])
    if not len(pairs):
        return [OutletTally(o, int(articles_per_outlet[i]), (), 0) for i, o in enumerate(outlets)]
    tops, bounds = _tops(session, ws, _sums(pairs, of_row[row_of_pair]), len(outlets), per_outlet)
    return [
        OutletTally(o, int(articles_per_outlet[i]), tops[i], int(bounds[i + 1] - bounds[i]))
        for i, o in enumerate(outlets)
    ]
