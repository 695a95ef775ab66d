"""`briefbot bench parse`: tokens per second of our parse against bare `nlp.pipe`.

Both sides run in this process on the same texts with the same model; each side
runs `--repeat` times and keeps its best time, so a noisy neighbour hurts less.
"""

from __future__ import annotations

import argparse
import time
from importlib import resources
from pathlib import Path

import spacy

from bot.article import Article
from bot.config import Settings
from bot.nlp.pipeline import load_nlp, model_name
from bot.parse import Failure, load_inputs, parse_stream


def sample_paths() -> list[str]:
    folder = resources.files("bot") / "samples"
    return sorted(
        str(p) for p in Path(str(folder)).iterdir() if p.suffix in {".txt", ".html", ".json", ".jsonl"}
    )


def run_bench(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    paths = list(args.files) or sample_paths()
    base = [a for a in load_inputs(paths, settings) if isinstance(a, Article)]
    if not base:
        print("bench: none of the given files could be read as an article")
        return 1
    articles = [base[i % len(base)] for i in range(args.articles)]
    texts = [a.text for a in articles]

    bare = spacy.load(model_name(settings))
    ours = load_nlp(settings)
    tokens = sum(len(d) for d in bare.pipe(texts[: len(base)]))  # warm-up
    tokens = sum(len(bare.make_doc(t)) for t in texts)

    def time_bare() -> float:
        start = time.perf_counter()
        for _ in bare.pipe(texts, batch_size=16):
            pass
        return time.perf_counter() - start

    def time_ours() -> float:
        items: list[Article | Failure] = list(articles)
        start = time.perf_counter()
        for _ in parse_stream(ours, items, batch_size=16):
            pass
        return time.perf_counter() - start

    t_bare = min(time_bare() for _ in range(args.repeat))
    t_ours = min(time_ours() for _ in range(args.repeat))
    print(f"model: {model_name(settings)}; {len(articles)} articles ({len(base)} distinct), {tokens} tokens")
    print(f"bare nlp.pipe     {tokens / t_bare:10.0f} tokens/s  ({t_bare:.2f} s)")
    print(f"briefbot parse    {tokens / t_ours:10.0f} tokens/s  ({t_ours:.2f} s)")
    print(f"ratio (parse / bare): {t_bare / t_ours:.3f}  (goal >= 0.85)")
    return 0
