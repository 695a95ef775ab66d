"""Progress of an ingest: a rich progress bar on a terminal, plain lines (or nothing) elsewhere."""

from __future__ import annotations

from typing import Protocol, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bot.ingest.run import Outcome


class IngestProgress(Protocol):
    def __enter__(self) -> IngestProgress: ...
    def __exit__(self, *exc: object) -> None: ...
    def grow(self, more: int) -> None:
        """The work turned out larger (a file held several articles, a URL was a feed)."""

    def advance(self, outcome: Outcome) -> None:
        """One input article decided."""


def progress_for(
    stream: TextIO, total: int, *, verbose: bool = False
) -> BarProgress | LineProgress | NoProgress:
    """A bar on a terminal; else one line per article with `verbose`, nothing without it."""
    if stream.isatty():
        return BarProgress(Console(file=stream), total, verbose=verbose)
    return LineProgress(stream) if verbose else NoProgress()


class BarProgress:
    def __init__(self, console: Console, total: int, *, verbose: bool = False) -> None:
        self.verbose = verbose
        self.bar = Progress(
            TextColumn("[bold]ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[last]}", markup=False),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task = self.bar.add_task("ingest", total=total, last="")

    def __enter__(self) -> BarProgress:
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    def grow(self, more: int) -> None:
        total = self.bar.tasks[0].total or 0
        self.bar.update(self.task, total=total + more)

    def advance(self, outcome: Outcome) -> None:
        if self.verbose:
            self.bar.console.print(outcome.line(), markup=False, highlight=False)
        self.bar.update(self.task, advance=1, last=_short(outcome.source))


class LineProgress:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def __enter__(self) -> LineProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.flush()

    def grow(self, more: int) -> None:
        pass

    def advance(self, outcome: Outcome) -> None:
        print(outcome.line(), file=self.stream, flush=True)


class NoProgress:
    def __enter__(self) -> NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def grow(self, more: int) -> None:
        pass

    def advance(self, outcome: Outcome) -> None:
        pass


def _short(source: str, width: int = 40) -> str:
    return source if len(source) <= width else "…" + source[-(width - 1) :]
