"""Parse articles into the contract of ../shared/eval/SCHEMA.md: one dict per article."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
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

log = logging.getLogger(__name__)


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
    nlp: Language, items: Iterable[Article | Failure], batch_size: int = 16
) -> Iterator[dict[str, Any]]:
    """Run the pipeline over articles (failures pass through in place); yield contract dicts.

    Articles go through `nlp.pipe` in batches; if a batch raises, its articles are
    parsed one by one so that only the article at fault becomes a failure line.
    In this process only: spaCy's own n_process ships Docs as bytes, which cannot carry
    our Doc._ values; bot.ingest.workers runs several of these in forked processes.
    """
    for chunk in _chunks(items, batch_size * 4):
        articles = [item for item in chunk if isinstance(item, Article)]
        parsed = iter(parse_docs(nlp, articles, batch_size))
        for item in chunk:
            if isinstance(item, Failure):
                yield item.to_dict()
                continue
            doc = next(parsed)
            if isinstance(doc, Failure):
                yield doc.to_dict()
            else:
                yield to_contract(item, doc)


def parse_docs(
    nlp: Language, articles: list[Article], batch_size: int, disable: Sequence[str] = ()
) -> list[Doc | Failure]:
    """The articles through `nlp.pipe` (less the `disable`d components), in order.

    If the batch raises, its articles are parsed one by one, so that only the article at
    fault becomes a Failure.
    """
    docs = (_doc(nlp, a) for a in articles)
    try:
        if disable:
            return list(nlp.pipe(docs, batch_size=batch_size, disable=disable))
        return list(nlp.pipe(docs, batch_size=batch_size))
    except Exception:  # one article broke the batch: find it, keep the rest
        log.exception("a parse batch failed; retrying its %d articles one by one", len(articles))
        return [_parse_one(nlp, a, disable) for a in articles]


def finish_doc(nlp: Language, article: Article, doc: Doc, components: Sequence[str]) -> dict[str, Any]:
    """The contract of a Doc that has been through the pipeline but for `components` (which are
    run here, in order, as `nlp.pipe` would), or the failure dict if one of them raises."""
    try:
        for name in components:
            doc = nlp.get_pipe(name)(doc)
    except Exception as exc:
        return _failed(article, exc).to_dict()
    return to_contract(article, doc)


def _doc(nlp: Language, article: Article) -> Doc:
    doc = nlp.make_doc(article.text)
    setattr(doc._, ARTICLE, article)
    return doc


def _parse_one(nlp: Language, article: Article, disable: Sequence[str] = ()) -> Doc | Failure:
    try:
        return nlp(_doc(nlp, article), disable=disable) if disable else nlp(_doc(nlp, article))
    except Exception as exc:
        return _failed(article, exc)


def _failed(article: Article, exc: Exception) -> Failure:
    log.exception("parsing %s failed", article.source or article.title)
    reason = f"internal error while parsing ({exc.__class__.__name__}); please report it"
    return Failure(article.source, reason)


def _chunks(items: Iterable[Article | Failure], size: int) -> Iterator[list[Article | Failure]]:
    chunk: list[Article | Failure] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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
