"""Parse and save in two processes at once: the model here, our components and the save in a helper.

Most of an ingest's CPU time is the model's own components (tok2vec, tagger, parser, NER),
which hold the GIL nearly all along, so a thread cannot overlap anything with them. Instead
this process runs `nlp.pipe` without our components on a batch, while a helper process,
forked with the model (copy-on-write), runs our components (bot.nlp), `to_contract` and the
save (`then`) on the batch before it. A Doc crosses as `Doc.to_bytes`, its job beside it;
the results come back in the jobs' order. On two cores this takes about the time of a bare
`nlp.pipe`; on one it takes what one process would.

What a caller sees is what a one-process ingest gives:
- `then` raising (a StoreError, a KeyboardInterrupt ...) stops the helper at that job: the
  results before it are yielded, then the exception is raised here, and nothing after it runs;
- a helper that dies (killed, out of memory) fails its batch (`then` gets a failure dict for
  each job, here) and a new one takes the batches after it;
- the helper dies with this process (Linux), so a killed ingest leaves whole articles only.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any, Generic, TypeVar, cast

import numpy
import srsly  # type: ignore[import-untyped]
from spacy.attrs import DEP, ENT_ID, ENT_KB_ID, ENT_TYPE, LEMMA, MORPH, NORM, TAG
from spacy.language import Language
from spacy.tokens import Doc

from bot.article import Article
from bot.nlp.extensions import ARTICLE
from bot.nlp.pipeline import COMPONENTS
from bot.parse import Failure, finish_doc, parse_docs, parse_stream

log = logging.getLogger(__name__)
Job = TypeVar("Job")
Result = TypeVar("Result")
Sent = list[tuple[Any, Article, bytes | dict[str, Any]]]  # (job, article, its Doc's bytes or failure dict)
Done = tuple[list[Any], BaseException | None]  # the results, and what stopped the batch early
Pending = deque[tuple[Sent, Future[Done], ProcessPoolExecutor]]  # a batch, its future, the helper it went to
_ARRAY: list[int | str] = list(Doc._get_array_attrs())  # what Doc.to_bytes sends of each token
_NAMED = [_ARRAY.index(a) for a in (TAG, LEMMA, MORPH, DEP, ENT_TYPE, ENT_KB_ID, ENT_ID, NORM)]  # string ids


class _Helper(Generic[Job, Result]):
    """The helper process's side, set up in it by fork."""

    def __init__(
        self, nlp: Language, components: list[str], then: Callable[[Job, dict[str, Any]], Result]
    ) -> None:
        self.nlp = nlp
        self.components = components
        self.then = then
        self.stopped = False  # a job raised: the batches queued after it are dropped


_helper: _Helper[Any, Any] | None = None


def parse_and_save(
    nlp: Language,
    jobs: Iterable[Job],
    *,
    article: Callable[[Job], Article],
    then: Callable[[Job, dict[str, Any]], Result],
    batch_size: int,
    in_helper: Callable[[], None] = lambda: None,
) -> Iterator[Result]:
    """`then(job, contract or failure dict)` for each job, in order; see the module's docstring.

    `in_helper` runs first thing in each helper process (the store drops the connections it
    inherited there). Without fork() (not on Linux) all of it runs here, in one process.
    """
    ours = [name for name in nlp.pipe_names if name in COMPONENTS]
    if not ours or "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover
        yield from _in_one_process(nlp, jobs, article, then, batch_size)
        return
    helpers = _Helpers((nlp, ours, then, in_helper))
    pending: Pending = deque()
    stream = iter(jobs)
    try:
        while chunk := list(islice(stream, batch_size)):
            articles = [article(job) for job in chunk]
            docs = parse_docs(nlp, articles, batch_size, disable=ours)
            sent: Sent = [
                (job, a, d.to_dict() if isinstance(d, Failure) else doc_bytes(d, a.text))
                for job, a, d in zip(chunk, articles, docs, strict=True)
            ]
            pending.append(helpers.submit(sent))
            while pending and (len(pending) > 1 or pending[0][1].done()):
                yield from helpers.collect(pending, then)
        while pending:
            yield from helpers.collect(pending, then)
    finally:
        helpers.close()


class _Helpers:
    """The helper process, replaced by a new one when it dies."""

    def __init__(self, start: tuple[Any, ...]) -> None:
        self.start = start
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(1, mp_context=context, initializer=_start, initargs=self.start)

    def submit(self, sent: Sent) -> tuple[Sent, Future[Done], ProcessPoolExecutor]:
        try:
            return sent, self.executor.submit(_finish, sent), self.executor
        except BrokenProcessPool:  # it died since the last batch came back: the batches it had fail
            self._replace()
            return sent, self.executor.submit(_finish, sent), self.executor

    def collect(self, pending: Pending, then: Callable[[Any, dict[str, Any]], Result]) -> list[Result]:
        """The oldest batch's results (raising what stopped it), or failures if the helper died."""
        sent, future, executor = pending.popleft()
        try:
            results, error = future.result()
        except BrokenProcessPool:
            log.error("the parse helper stopped unexpectedly while finishing %d articles", len(sent))
            reason = "the parse worker stopped unexpectedly (out of memory?); ingest it again"
            if executor is self.executor:
                self._replace()
            for i, (later, _, given) in enumerate(pending):  # they went with the helper: send them again
                if given is executor:
                    pending[i] = self.submit(later)
            return [then(job, Failure(a.source or a.title, reason).to_dict()) for job, a, _ in sent]
        if error is not None:
            raise error
        return results

    def _replace(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _start(
    nlp: Language,
    components: list[str],
    then: Callable[[Any, dict[str, Any]], Any],
    in_helper: Callable[[], None],
) -> None:
    global _helper
    _die_with_parent()
    in_helper()
    _helper = _Helper(nlp, components, then)


def _finish(sent: Sent) -> Done:
    """In the helper: our components, the contract and `then`, job by job, until one raises."""
    assert _helper is not None, "the helper was started without its model"
    results: list[Any] = []
    if _helper.stopped:
        return results, None  # the caller stopped at an earlier batch and will not ask for this one
    for job, article, data in sent:
        try:
            if isinstance(data, dict):
                contract = data
            else:
                doc = Doc(_helper.nlp.vocab).from_bytes(data)
                setattr(doc._, ARTICLE, article)
                contract = finish_doc(_helper.nlp, article, doc, _helper.components)
            results.append(_helper.then(job, contract))
        except BaseException as error:  # raised again in the caller's process, after the results before it
            _helper.stopped = True
            return results, error
    return results, None


def _in_one_process(
    nlp: Language,
    jobs: Iterable[Job],
    article: Callable[[Job], Article],
    then: Callable[[Job, dict[str, Any]], Result],
    batch_size: int,
) -> Iterator[Result]:
    waiting: deque[Job] = deque()

    def articles() -> Iterator[Article]:
        for job in jobs:
            waiting.append(job)
            yield article(job)

    for result in parse_stream(nlp, articles(), batch_size=batch_size):
        yield then(waiting.popleft(), result)


def doc_bytes(doc: Doc, text: str) -> bytes:
    """`doc.to_bytes(exclude=["tensor", "user_data"])` at a third of the cost, for a Doc made from `text`.

    Doc.to_dict gathers the strings to send by reading eight attributes of every token in
    Python; here they are the distinct ids in the token array. Our components read neither the
    tensor nor user_data (the Article goes beside the bytes). `Doc(vocab).from_bytes` reads it.
    """
    body = doc.to_array(_ARRAY)
    strings = doc.vocab.strings
    msg = {
        "text": text,
        "array_head": _ARRAY,
        "array_body": body,
        "sentiment": doc.sentiment,
        "cats": doc.cats,
        "spans": doc.spans.to_bytes(),
        "strings": [strings[int(key)] for key in numpy.unique(body[:, _NAMED])],
        "has_unknown_spaces": doc.has_unknown_spaces,
    }
    return cast(bytes, srsly.msgpack_dumps(msg))


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies, so no orphan keeps saving."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
