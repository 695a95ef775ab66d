"""Shared pieces of the ingest-run and feed tests: small articles, store counts, a counting loader."""

from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language
from sqlalchemy import func, select

from bot.store import Store, Workspace
from bot.store.models import Article, Claim, KeyPoint, Mention


def story(n: int, version: int = 0) -> tuple[str, list[str]]:
    """A short article that parses into people, a claim and key points; `version` edits it."""
    title = f"Harbour council approves repair plan {n}"
    paragraphs = [
        f"The harbour council in Ellery approved repair plan {n} on Tuesday, officials said.",
        f'"We expect the work on plan {n} to finish before the winter storms," said Mara Lindqvist, '
        "the council's chief engineer.",
        f"Ferries will run every {10 + version} minutes while the bridge is closed for the works.",
    ]
    return title, paragraphs


def story_text(n: int, version: int = 0) -> str:
    title, paragraphs = story(n, version)
    return "\n\n".join([title, *paragraphs]) + "\n"


def story_record(n: int, url: str, version: int = 0) -> str:
    title, paragraphs = story(n, version)
    return json.dumps({"title": title, "text": "\n\n".join(paragraphs), "url": url, "outlet": "Ledger"})


def write_stories(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = folder / f"story-{n:03d}.txt"
        path.write_text(story_text(n), encoding="utf-8")
        paths.append(path)
    return paths


def count(store: Store, model: type[object] = Article, ws: Workspace | None = None) -> int:
    query = select(func.count()).select_from(model)  # type: ignore[arg-type]
    if ws is not None:
        query = query.where(model.workspace_id == ws.id)  # type: ignore[attr-defined]
    with store.reading() as session:
        return int(session.scalar(query) or 0)


def orphans(store: Store) -> int:
    """Parse rows whose article is not there (there must never be any)."""
    total = 0
    with store.reading() as session:
        kept = select(Article.id)
        for model in (Claim, Mention, KeyPoint):
            query = select(func.count()).select_from(model).where(~model.article_id.in_(kept))
            total += int(session.scalar(query) or 0)
    return total


class CountingLoader:
    """An `NlpLoader` handing out the session's model and counting the calls."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.calls = 0

    def __call__(self) -> Language:
        self.calls += 1
        return self.nlp
