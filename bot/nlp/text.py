"""Small text tests shared by the components."""

from __future__ import annotations

from spacy.tokens import Span

_FINAL = (".", "!", "?", '"', "”", "’", "'", ":", ")", "…")


def is_heading(sent: Span | str) -> bool:
    """A title-case section header or a fragment line: short and without final punctuation.

    `sent` is the sentence or its text (cheaper where the caller has it at hand).
    """
    text = (sent if isinstance(sent, str) else sent.text).strip()
    if not text:
        return True
    words = text.split()
    return not text.endswith(_FINAL) and len(words) <= 15
