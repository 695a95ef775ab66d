"""Ingest loaded articles into the store: skip what is kept already, parse the rest, save each.

Before parsing, every article is looked up in the store by canonical URL and content
hash: content already kept is "unchanged" and never parsed again. The others are parsed in
batches and each is saved in its own transaction by `Store.save_parsed`, which says whether
it was added or replaced an older version (updated). With one worker, all of it runs here, or
(`pipelined`, `briefbot ingest`) the model's components run here while a helper process runs
ours and the saves of the batch before (bot.ingest.stages); with more, `parse_stream` runs in
`workers` processes forked from this one with the model loaded once, and the saves here. An
ingest that stops halfway leaves whole articles only; running it again finishes the rest.
"""

from __future__ import annotations

import logging
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain
from typing import Any, Literal

from spacy.language import Language

from bot.article import Article
from bot.ingest.sources import Loaded
from bot.ingest.stages import parse_and_save
from bot.ingest.workers import parse_in_workers
from bot.parse import parse_stream
from bot.store import Store, StoreError, Workspace, canonical_url, content_hash

log = logging.getLogger(__name__)

Status = Literal["added", "updated", "unchanged", "failed"]
STATUSES: tuple[Status, ...] = ("added", "updated", "unchanged", "failed")
NlpLoader = Callable[[], Language]  # called once, and only when something needs parsing


@dataclass(frozen=True)
class Outcome:
    """What became of one input article."""

    source: str
    status: Status
    title: str = ""
    reason: str = ""  # why it failed, or why it was skipped as unchanged
    article_id: int | None = None
    tag: str | None = None  # the `Loaded.tag` it came with

    def line(self) -> str:
        if self.status == "failed":
            return f"{self.source}: {self.reason}"
        what = f"{self.source}: {self.title}" if self.title else self.source
        return f"{self.status:9} {what}" + (f" ({self.reason})" if self.reason else "")


@dataclass
class Summary:
    """The counts of an ingest, and the failures with their reasons."""

    outcomes: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)

    @property
    def counts(self) -> Counter[str]:
        return Counter(o.status for o in self.outcomes)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def stored(self) -> int:
        """Articles the store now has from this ingest (added, updated or already kept)."""
        return len(self.outcomes) - len(self.failures)

    def headline(self) -> str:
        counts = self.counts
        total = len(self.outcomes)
        parts = ", ".join(f"{counts[s]} {s}" for s in STATUSES)
        return f"{total} article{'' if total == 1 else 's'}: {parts}"

    def lines(self) -> list[str]:
        """The headline, then one line per failure."""
        return [self.headline(), *(f"  failed: {o.line()}" for o in self.failures)]


def ingest(
    store: Store,
    workspace: Workspace,
    items: Iterable[Loaded],
    nlp: NlpLoader,
    *,
    batch_size: int = 16,
    workers: int = 1,
    pipelined: bool = False,
    fetched_at: datetime | None = None,
) -> Iterator[Outcome]:
    """One outcome per loaded item, as each is decided (not necessarily in the items' order).

    `nlp` is called at most once, when the first article that needs parsing turns up. A store
    that cannot be used (StoreError) stops the ingest; anything wrong with one article does not.
    `pipelined` (one worker): our components and the saves run in a forked helper process
    while this one parses (bot.ingest.stages). For `briefbot ingest`, not for the bot: forking
    a process whose other threads may hold locks (an event loop, a chat client) is unsafe, and
    the bot ingests a few articles at a time.
    """
    when = fetched_at or datetime.now(UTC)
    triage = _Triage(store, workspace)
    decided: deque[Outcome] = deque()
    queued: deque[Loaded] = deque()

    def to_parse() -> Iterator[Article]:
        for loaded in items:
            outcome = triage.decide(loaded)
            if outcome is not None:
                decided.append(outcome)
                continue
            queued.append(loaded)
            assert isinstance(loaded.item, Article)
            yield loaded.item

    wanted = to_parse()
    first = next(wanted, None)
    yield from _drain(decided)
    if first is None:
        return
    articles = chain([first], wanted)
    if workers > 1 or not pipelined:
        if workers > 1:
            results = parse_in_workers(nlp(), articles, batch_size=batch_size, workers=workers)
        else:
            results = parse_stream(nlp(), articles, batch_size=batch_size)
        for result in results:
            loaded = queued.popleft()
            yield from _drain(decided)
            yield _save(store, workspace, loaded, result, when)
    else:
        jobs = (queued.popleft() for _ in articles)  # each article pulled has just queued its Loaded
        for outcome in parse_and_save(
            nlp(),
            jobs,
            article=_article,
            then=lambda loaded, result: _save(store, workspace, loaded, result, when),
            batch_size=batch_size,
            in_helper=lambda: store.engine.dispose(close=False),  # its own connections, not ours
        ):
            yield from _drain(decided)
            yield outcome
    yield from _drain(decided)


class _Triage:
    """Decides, before parsing, what needs no parse: failures, and content the store keeps."""

    def __init__(self, store: Store, workspace: Workspace) -> None:
        self.store = store
        self.workspace = workspace
        self.this_run: dict[str, str] = {}  # content hash -> the source that brought it this run

    def decide(self, loaded: Loaded) -> Outcome | None:
        item = loaded.item
        if not isinstance(item, Article):
            return Outcome(loaded.source, "failed", reason=item.reason, tag=loaded.tag)
        digest = content_hash(item.text, item.title)
        earlier = self.this_run.get(digest)
        if earlier is not None:
            reason = f"the same article as {earlier}"
            return Outcome(loaded.source, "unchanged", item.title, reason, tag=loaded.tag)
        self.this_run[digest] = loaded.source
        url = item.url or loaded.url
        kept = self.store.lookup(self.workspace, url=url, text=item.text, title=item.title)
        if kept is None or kept.content_hash != digest:
            return None  # new, or a new version of a kept URL: parse it
        reason = "" if kept.canonical_url in (None, canonical_url(url)) else f"kept as {kept.canonical_url}"
        return Outcome(loaded.source, "unchanged", item.title, reason, kept.id, loaded.tag)


def _save(
    store: Store, workspace: Workspace, loaded: Loaded, result: dict[str, Any], when: datetime
) -> Outcome:
    if "error" in result:
        return Outcome(loaded.source, "failed", reason=str(result["error"]), tag=loaded.tag)
    title = str(result["article"].get("title") or "")
    try:
        saved = store.save_parsed(workspace, result, fetched_at=when, source_url=loaded.url)
    except StoreError:
        raise
    except Exception as exc:  # one article the store rejects must not stop the others
        log.exception("saving %s failed", loaded.source)
        reason = f"could not be stored ({type(exc).__name__}); please report it"
        return Outcome(loaded.source, "failed", title, reason, tag=loaded.tag)
    return Outcome(loaded.source, saved.status, title, article_id=saved.article_id, tag=loaded.tag)


def _article(loaded: Loaded) -> Article:
    assert isinstance(loaded.item, Article)
    return loaded.item


def _drain(outcomes: deque[Outcome]) -> Iterator[Outcome]:
    while outcomes:
        yield outcomes.popleft()
