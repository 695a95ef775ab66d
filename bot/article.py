"""The loaded article, before NLP: what every loader returns."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """An article as read from a file, a page or a record.

    `text` is the body only (no title, no byline, no trailing source line);
    paragraphs are separated by a blank line.
    """

    text: str
    title: str = ""
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date or date-time
    authors: tuple[str, ...] = field(default_factory=tuple)
    source: str = ""  # the path or URL it was read from, as given

    @property
    def word_count(self) -> int:
        return len(self.text.split())
