"""One claim as several outlets reported it: same speaker, much the same content words.

Simple and general on purpose: claims are grouped when their speakers are the same
(the same workspace entity, else the same normalised name) and their content words
overlap enough (Jaccard >= threshold) across different articles; groups are closed
transitively.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from bot.store.normalize import content_words, jaccard, name_key
from bot.store.types import ClaimGroup, ClaimView

UNKNOWN_OUTLET = "unknown outlet"


def group_claims(claims: Iterable[ClaimView], *, threshold: float = 0.3) -> list[ClaimGroup]:
    """Groups of claims, most outlets first, then most reports, then newest."""
    by_speaker: dict[tuple[str, str], list[ClaimView]] = {}
    for claim in claims:
        if claim.speaker is None:
            continue
        key = (
            ("entity", str(claim.speaker_entity_id))
            if claim.speaker_entity_id
            else ("name", name_key(claim.speaker))
        )
        by_speaker.setdefault(key, []).append(claim)
    groups = [group for said in by_speaker.values() for group in _cluster(said, threshold)]
    groups.sort(
        key=lambda g: (-g.outlet_count, -len(g.claims), -max(c.dated_at.timestamp() for c in g.claims))
    )
    return groups


def _cluster(claims: list[ClaimView], threshold: float) -> list[ClaimGroup]:
    words = [content_words(c.content) for c in claims]

    def same(i: int, j: int) -> bool:
        return claims[i].article_id != claims[j].article_id and jaccard(words[i], words[j]) >= threshold

    return [_group([claims[i] for i in members]) for members in clusters(len(claims), same)]


def clusters(count: int, same: Callable[[int, int], bool]) -> list[list[int]]:
    """Items 0..count-1 grouped transitively by `same` (asked of every pair once), in first-seen order."""
    parent = list(range(count))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(count):
        for j in range(i + 1, count):
            if same(i, j):
                parent[root(j)] = root(i)
    members: dict[int, list[int]] = {}
    for i in range(count):
        members.setdefault(root(i), []).append(i)
    return list(members.values())


def _group(claims: list[ClaimView]) -> ClaimGroup:
    ordered = sorted(claims, key=lambda c: (c.dated_at, c.article_id, c.id))  # first report first
    outlets = tuple(dict.fromkeys(c.outlet or UNKNOWN_OUTLET for c in ordered))
    speaker = Counter(c.speaker_name or c.speaker for c in ordered).most_common(1)[0][0] or ""
    return ClaimGroup(speaker=speaker, content=ordered[0].content, outlets=outlets, claims=tuple(ordered))
