"""Parse articles in worker processes, each loading the spaCy model once.

`parse_stream(..., n_process=N)` cannot be used for this: spaCy ships Docs between
processes with `Doc.to_bytes`, which cannot carry our `Doc._` values (the Article and
the parse results), so every multi-process batch fails. Here each worker runs
`parse_stream` itself on a chunk of articles and sends back contract dicts, which are
plain data. Workers are forked from the process that loaded the model, so they share
it (copy-on-write) instead of loading it again.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from spacy.language import Language

from bot.article import Article
from bot.parse import Failure, parse_stream

log = logging.getLogger(__name__)
_nlp: Language | None = None  # the worker's model, inherited from its parent by `_start`
Pending = deque[tuple[list[Article], Future[list[dict[str, Any]]]]]
TAIL_SHARE = 4  # the end of a stream goes to the workers in pieces of a quarter of a chunk


def parse_in_workers(
    nlp: Language, articles: Iterable[Article], *, batch_size: int, workers: int
) -> Iterator[dict[str, Any]]:
    """One contract dict (or failure dict) per article, in the articles' order.

    Chunks of `batch_size` articles (see `chunks`) go to the workers, at most two per worker
    at a time, so a long stream of articles is never all in memory.
    """
    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - not on Linux
        log.warning("worker processes need fork(), which this system lacks: parsing in one process")
        yield from parse_stream(nlp, articles, batch_size=batch_size)
        return
    pool = _Pool(workers, nlp, batch_size)
    pending: Pending = deque()
    try:
        for chunk in chunks(articles, batch_size, workers):
            pending.append((chunk, pool.submit(chunk, pending)))
            while len(pending) >= 2 * workers:
                yield from _next_results(pool, pending)
        while pending:
            yield from _next_results(pool, pending)
    finally:
        pool.close()


def chunks(articles: Iterable[Article], size: int, workers: int) -> Iterator[list[Article]]:
    """Chunks of `size` articles, but the last ones (fewer than `(workers + 1) * size`) in
    small pieces of about `size // TAIL_SHARE` articles (at least `2 * workers` pieces).

    Otherwise the last whole chunk can keep one worker parsing alone while the others idle, up
    to ~2 s at the end of an ingest with 16 articles a chunk; with pieces of four, a worker
    waits at most for the last piece of another (the model is as fast on batches of four as of
    sixteen). Reading `(workers + 1) * size` articles ahead tells where the end is.
    """
    ahead: deque[Article] = deque()
    for article in articles:
        ahead.append(article)
        if len(ahead) == (workers + 1) * size:
            yield [ahead.popleft() for _ in range(size)]
    rest = list(ahead)
    pieces = max(2 * workers, -(-len(rest) // max(1, size // TAIL_SHARE)))
    for i in range(pieces):
        piece = rest[len(rest) * i // pieces : len(rest) * (i + 1) // pieces]
        if piece:
            yield piece


def _next_results(pool: _Pool, pending: Pending) -> list[dict[str, Any]]:
    results, broken = _collect(*pending.popleft())
    if broken:  # a worker died: the other chunks out there went with the pool
        pool.restart(pending)
    return results


class _Pool:
    """Worker processes forked with the model; replaced by new ones when one of them dies."""

    def __init__(self, workers: int, nlp: Language, batch_size: int) -> None:
        self.workers = workers
        self.nlp = nlp
        self.batch_size = batch_size
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start, initargs=(self.nlp,))

    def submit(self, chunk: list[Article], pending: Pending) -> Future[list[dict[str, Any]]]:
        try:
            return self.executor.submit(_parse, chunk, self.batch_size)
        except BrokenProcessPool:  # a worker died since the last result was collected
            self.restart(pending)
            return self.executor.submit(_parse, chunk, self.batch_size)

    def restart(self, pending: Pending) -> None:
        """New workers; the chunks that did not come back are sent to them again."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new()
        for i, (chunk, future) in enumerate(pending):
            if not _succeeded(future):
                pending[i] = (chunk, self.executor.submit(_parse, chunk, self.batch_size))

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _collect(chunk: list[Article], future: Future[list[dict[str, Any]]]) -> tuple[list[dict[str, Any]], bool]:
    try:
        return future.result(), False
    except BrokenProcessPool:
        log.error("a parse worker stopped unexpectedly while parsing %d articles", len(chunk))
        reason = "the parse worker stopped unexpectedly (out of memory?); ingest it again"
        return [Failure(a.source or a.title, reason).to_dict() for a in chunk], True
    except Exception as exc:  # parse_stream isolates article faults; this is a worker fault
        log.error("a parse worker failed on %d articles: %r", len(chunk), exc)
        reason = f"internal error in the parse worker ({type(exc).__name__}); please report it"
        return [Failure(a.source or a.title, reason).to_dict() for a in chunk], False


def _succeeded(future: Future[list[dict[str, Any]]]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _start(nlp: Language) -> None:
    global _nlp
    _nlp = nlp


def _parse(chunk: list[Article], batch_size: int) -> list[dict[str, Any]]:
    assert _nlp is not None, "the worker was started without its model"
    return list(parse_stream(_nlp, chunk, batch_size=batch_size))
