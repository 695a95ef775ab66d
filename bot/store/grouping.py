"""One claim as several outlets reported it: same speaker, much the same content words.

Simple and general on purpose: claims are grouped when their speakers are the same
(the same workspace entity, else the same normalised name) and their content words
overlap enough (Jaccard >= threshold) across different articles; groups are closed
transitively.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

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
    parent = list(range(len(claims)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(claims)):
        for j in range(i + 1, len(claims)):
            if claims[i].article_id != claims[j].article_id and jaccard(words[i], words[j]) >= threshold:
                parent[root(j)] = root(i)
    members: dict[int, list[ClaimView]] = {}
    for i, claim in enumerate(claims):
        members.setdefault(root(i), []).append(claim)
    return [_group(found) for found in members.values()]


def _group(claims: list[ClaimView]) -> ClaimGroup:
    ordered = sorted(claims, key=lambda c: (c.dated_at, c.article_id, c.id))  # first report first
    outlets = tuple(dict.fromkeys(c.outlet or UNKNOWN_OUTLET for c in ordered))
    speaker = Counter(c.speaker_name or c.speaker for c in ordered).most_common(1)[0][0] or ""
    return ClaimGroup(speaker=speaker, content=ordered[0].content, outlets=outlets, claims=tuple(ordered))
