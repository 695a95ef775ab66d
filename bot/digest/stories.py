"""Stories: the new articles grouped so that several reports of one event are one digest item.

General on purpose: two articles tell the same story when they share enough of the people,
organisations and places they name (weighted by how much each article names them) and
of the words of their headlines and key points. Groups are closed transitively, and ranked
by how many outlets carry the story, then how much it says (claims, key points), then news.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.digest.select import ArticleFacts
from bot.store.grouping import clusters
from bot.store.normalize import content_words, jaccard

SAME_STORY = 0.2  # similarity at or above which two articles are one story


@dataclass(frozen=True)
class Story:
    lead: ArticleFacts  # the most central, most complete report
    articles: tuple[ArticleFacts, ...]  # lead first, then by date

    @property
    def article_ids(self) -> list[int]:
        return [a.id for a in self.articles]

    @property
    def outlets(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for article in self.articles:
            if article.outlet:
                seen.setdefault(article.outlet, None)
        return tuple(seen)


def similarity(a: ArticleFacts, b: ArticleFacts) -> float:
    """How much two articles look like one story, 0 to 1."""
    return 0.6 * _entity_overlap(a.entities, b.entities) + 0.4 * jaccard(_words(a), _words(b))


def group_stories(articles: Sequence[ArticleFacts], *, threshold: float = SAME_STORY) -> list[Story]:
    scores: dict[tuple[int, int], float] = {}

    def same(i: int, j: int) -> bool:
        scores[i, j] = scores[j, i] = similarity(articles[i], articles[j])
        return scores[i, j] >= threshold

    stories = []
    for group in clusters(len(articles), same):
        lead = max(
            group,
            key=lambda i: (sum(scores.get((i, j), 0.0) for j in group if j != i), articles[i].word_count, -i),
        )
        rest = sorted((i for i in group if i != lead), key=lambda i: (articles[i].dated_at, articles[i].id))
        stories.append(Story(articles[lead], tuple(articles[i] for i in [lead, *rest])))
    stories.sort(key=_rank)
    return stories


def _rank(story: Story) -> tuple[float, ...]:
    claims = sum(len(a.claims) for a in story.articles)
    newest = max(a.dated_at.timestamp() for a in story.articles)
    return (-len(story.outlets or story.articles), -len(story.articles), -min(claims, 10), -newest)


def _entity_overlap(a: dict[int, int], b: dict[int, int]) -> float:
    """Weighted Jaccard of two articles' entities, each weighted by its share of the article's mentions."""
    if not a or not b:
        return 0.0
    total_a, total_b = sum(a.values()), sum(b.values())
    share_a = {k: v / total_a for k, v in a.items()}
    share_b = {k: v / total_b for k, v in b.items()}
    keys = share_a.keys() | share_b.keys()
    low = sum(min(share_a.get(k, 0.0), share_b.get(k, 0.0)) for k in keys)
    high = sum(max(share_a.get(k, 0.0), share_b.get(k, 0.0)) for k in keys)
    return low / high if high else 0.0


def _words(article: ArticleFacts) -> frozenset[str]:
    return content_words(" ".join([article.title, *article.key_points[:3]]))
