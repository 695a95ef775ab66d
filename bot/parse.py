"""Parse articles into the contract of ../shared/eval/SCHEMA.md: one dict per article."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from bot.article import Article
from bot.config import Settings
from bot.errors import InputError
from bot.loaders import load_path
from bot.nlp.extensions import ARTICLE, CLAIMS, ENTITIES, KEY_POINTS, SOURCES
from bot.nlp.types import CitedSource, Claim, Entity


@dataclass(frozen=True)
class Failure:
    """An input that could not be read; it still gets its line in the output."""

    source: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.source, "error": self.reason}


def load_inputs(paths: Iterable[str], settings: Settings) -> Iterator[Article | Failure]:
    """Each path's articles in order (a JSONL file may hold several), or its failure."""
    for raw in paths:
        try:
            yield from load_path(Path(raw), settings)
        except InputError as exc:
            yield Failure(raw, exc.reason)


def parse_stream(
    nlp: Language, items: Iterable[Article | Failure], batch_size: int = 16, n_process: int = 1
) -> Iterator[dict[str, Any]]:
    """Run the pipeline over articles (failures pass through in place); yield contract dicts."""

    def docs() -> Iterator[tuple[Doc, Article | Failure]]:
        for item in items:
            doc = nlp.make_doc(item.text if isinstance(item, Article) else "")
            setattr(doc._, ARTICLE, item if isinstance(item, Article) else None)
            yield doc, item

    for doc, item in nlp.pipe(docs(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        if isinstance(item, Failure):
            yield item.to_dict()
        else:
            yield to_contract(item, doc)


def to_contract(article: Article, doc: Doc) -> dict[str, Any]:
    entities: list[Entity] = getattr(doc._, ENTITIES) or []
    claims: list[Claim] = getattr(doc._, CLAIMS) or []
    cited: list[CitedSource] = getattr(doc._, SOURCES) or []
    key_points: list[str] = getattr(doc._, KEY_POINTS) or []
    return {
        "article": {
            "title": article.title,
            "outlet": article.outlet,
            "url": article.url,
            "published": article.published,
            "authors": list(article.authors),
            "text": article.text,
            "word_count": article.word_count,
            "source": article.source,
        },
        "key_points": list(key_points),
        "who": [e.to_dict() for e in entities],
        "claims": [c.to_dict() for c in claims],
        "sources": {
            "outlet": article.outlet,
            "url": article.url,
            "cited": [c.to_dict() for c in cited],
        },
    }
