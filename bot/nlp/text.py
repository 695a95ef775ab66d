"""Small text tests shared by the components."""

from __future__ import annotations

from spacy.tokens import Span

_FINAL = (".", "!", "?", '"', "”", "’", "'", ":", ")", "…")


def is_heading(sent: Span) -> bool:
    """A title-case section header or a fragment line: short and without final punctuation."""
    text = sent.text.strip()
    if not text:
        return True
    words = text.split()
    return not text.endswith(_FINAL) and len(words) <= 15
