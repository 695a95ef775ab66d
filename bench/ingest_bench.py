"""Ingest throughput against bare `nlp.pipe`, and with two parse workers against one (issue 3, "Speed").

    .venv/bin/python bench/ingest_bench.py [--articles 300] [--repeat 1] [--batch-size 16]

The articles are the bundled samples (bot/samples), cycled and varied slightly (a number
in the title, one closing sentence, their own URL) so that every content hash and URL
differs and nothing is skipped as unchanged. In one run, on the same texts:

- bare: `spacy.load(model)` and `nlp.pipe(texts)` in one process, nothing else;
- ingest, 1 worker: `bot.ingest.run.ingest` into a fresh SQLite store in a temp dir (lookup
  before parsing, one transaction per article): the model's components in this process, ours
  and the saves at the same time in a forked helper process (bot.ingest.stages);
- ingest, 2 workers: the same into another fresh store, parsing (model and our components) in
  two forked processes and saving in this one.

- bare, 2 processes: bare `nlp.pipe` on the same texts split between two processes forked
  with the model: the fastest any parse in two processes could go here, right then.

Reading the article files is not timed (the articles are loaded once, up front). Each side
runs --repeat times (taking turns) and keeps its best time. A control measures how much
faster two processes do pure-Python work than one right then, since neither the worker
speed-up nor the one-worker ingest (two processes) can beat what the machine gives. Goals:
ingest / bare >= 0.90, and two workers >= 1.6x one worker. The figures are printed; nothing
is asserted.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402

from bot.article import Article  # noqa: E402
from bot.bench import sample_paths  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.ingest.run import Summary, ingest  # noqa: E402
from bot.ingest.sources import Loaded  # noqa: E402
from bot.nlp.pipeline import load_nlp, model_name  # noqa: E402
from bot.parse import load_inputs  # noqa: E402
from bot.store import open_store  # noqa: E402

GOAL_RATIO, GOAL_SPEEDUP = 0.90, 1.6


def variants(base: list[Article], count: int) -> list[Article]:
    """`count` articles cycled from `base`, each with its own title, last sentence and URL."""
    out = []
    for i in range(count):
        article = base[i % len(base)]
        out.append(
            replace(
                article,
                title=f"{article.title} ({i + 1})",
                text=f"{article.text}\n\nThis is report {i + 1} in the series.",
                url=f"https://bench.example/{i % len(base)}/report-{i + 1}",
                source=f"bench:{i + 1}",
            )
        )
    return out


def time_bare(bare: Language, texts: list[str], batch_size: int) -> float:
    start = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - start


_shared: tuple[Language, list[str], int] | None = None  # what the forked bare parsers read


def time_bare_in(processes: int, bare: Language, texts: list[str], batch_size: int) -> float:
    """Bare `nlp.pipe` on the texts split among `processes` forked processes (the model shared,
    copy-on-write, as the ingest's workers share it): as fast as any parse in that many
    processes can go on this machine right then."""
    global _shared
    _shared = (bare, texts, processes)
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        pool.map(_bare_part, [(i, batch_size) for i in range(processes)])
    return time.perf_counter() - start


def _bare_part(job: tuple[int, int]) -> None:
    assert _shared is not None
    bare, texts, processes = _shared
    for _ in bare.pipe(texts[job[0] :: processes], batch_size=job[1]):
        pass


def time_ingest(
    ours: Language, articles: list[Article], batch_size: int, workers: int
) -> tuple[float, Summary]:
    with tempfile.TemporaryDirectory(prefix="briefbot-ingest-bench-") as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        try:
            ws = store.workspace("console", "console")
            items = [Loaded(a.source, a, url=a.url) for a in articles]
            summary = Summary()
            start = time.perf_counter()
            run = ingest(
                store, ws, items, lambda: ours, batch_size=batch_size, workers=workers, pipelined=True
            )
            for outcome in run:  # as `briefbot ingest` runs it
                summary.add(outcome)
            elapsed = time.perf_counter() - start
        finally:
            store.close()
    return elapsed, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="articles to ingest (default 300)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each side; the best is kept")
    parser.add_argument("--batch-size", type=int, default=16, help="articles per spaCy batch (default 16)")
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    base = [a for a in load_inputs(sample_paths(), settings) if isinstance(a, Article)]
    articles = variants(base, args.articles)
    texts = [a.text for a in articles]
    name = model_name(settings)
    bare = spacy.load(name)
    ours = load_nlp(settings)
    for _ in bare.pipe(texts[: len(base)]):  # warm-up
        pass
    time_ingest(ours, articles[: len(base)], args.batch_size, 1)
    tokens = sum(len(bare.make_doc(t)) for t in texts)

    cpu_before = cpu_parallelism()
    best_bare = best_bare2 = float("inf")
    runs: dict[int, tuple[float, Summary]] = {}
    for _ in range(args.repeat):  # the sides take turns, so a busy spell on the machine hits all of them
        best_bare = min(best_bare, time_bare(bare, texts, args.batch_size))
        best_bare2 = min(best_bare2, time_bare_in(2, bare, texts, args.batch_size))
        for workers in (1, 2):
            run = time_ingest(ours, articles, args.batch_size, workers)
            if workers not in runs or run[0] < runs[workers][0]:
                runs[workers] = run
    cpu_after = cpu_parallelism()
    for workers, (_, summary) in runs.items():
        if summary.counts["added"] != len(articles):
            print(f"warning: {workers} worker(s) added {summary.counts['added']} of {len(articles)}")

    t_bare, t1, t2 = best_bare, runs[1][0], runs[2][0]
    print(f"best of {args.repeat} run{'s' if args.repeat > 1 else ''} of each side, taking turns")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"model: {name}; {len(articles)} articles ({len(base)} distinct samples, varied), {tokens} tokens")
    print(f"machine: {os.cpu_count()} CPUs, load average {load}; batch size {args.batch_size}")
    print(
        "control: pure-Python CPU work in 2 processes ran "
        f"{cpu_before:.2f}x (before) and {cpu_after:.2f}x (after) as fast as in 1"
    )
    print(_row("bare nlp.pipe", tokens, len(texts), t_bare))
    print(_row("bare, 2 processes", tokens, len(texts), best_bare2))
    for workers, (elapsed, _) in runs.items():
        print(_row(f"ingest, {workers} worker{'s' if workers > 1 else ''}", tokens, len(texts), elapsed))
    print(f"ratio ingest (1 worker) / bare: {t_bare / t1:.3f}  (goal >= {GOAL_RATIO:.2f})")
    print(f"ratio ingest (2 workers) / bare: {t_bare / t2:.3f}")
    print(f"speed-up 2 workers / 1 worker: {t1 / t2:.3f}x  (goal >= {GOAL_SPEEDUP:.1f}x)")
    print(
        f"bare nlp.pipe, 2 processes / 1: {t_bare / best_bare2:.3f}x (what the machine gave the model itself)"
    )
    return 0


def _row(label: str, tokens: int, articles: int, seconds: float) -> str:
    return (
        f"{label:20} {tokens / seconds:8.0f} tokens/s {articles / seconds:6.1f} articles/s ({seconds:.2f} s)"
    )


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def cpu_parallelism(n: int = 5_000_000) -> float:
    """How much faster two processes do pure-Python work than one, on this machine, now.

    About 2.0 on two idle cores; less when other work shares them. The worker speed-up
    above cannot be better than this.
    """
    start = time.perf_counter()
    _burn(n)
    _burn(n)
    serial = time.perf_counter() - start
    with multiprocessing.get_context("fork").Pool(2) as pool:
        start = time.perf_counter()
        pool.map(_burn, [n, n])
        parallel = time.perf_counter() - start
    return serial / parallel


if __name__ == "__main__":
    sys.exit(main())
