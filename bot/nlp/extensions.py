"""Every custom Doc/Span attribute the pipeline uses, declared in one place.

Components read and write them as `doc._.<name>`; `register()` is idempotent.
"""

from __future__ import annotations

from spacy.tokens import Doc

ARTICLE = "bb_article"  # bot.article.Article | None, set before the pipeline runs
ENTITIES = "bb_entities"  # list[bot.nlp.types.Entity], set by briefbot_entities
SPAN_ENTITY = "bb_span_entity"  # dict[int, int]: token index -> index into bb_entities
CLAIMS = "bb_claims"  # list[bot.nlp.types.Claim], set by briefbot_claims
SOURCES = "bb_cited"  # list[bot.nlp.types.CitedSource], set by briefbot_sources
KEY_POINTS = "bb_key_points"  # list[str], set by briefbot_key_points

_DOC_ATTRS = (ARTICLE, ENTITIES, SPAN_ENTITY, CLAIMS, SOURCES, KEY_POINTS)


def register() -> None:
    for name in _DOC_ATTRS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
