"""Small text tests shared by the components."""

from __future__ import annotations

from spacy.tokens import Doc, Span

_TEXT = "briefbot.text"  # Doc.user_data key of the Doc's text, kept by `doc_text`
_FINAL = (".", "!", "?", '"', "”", "’", "'", ":", ")", "…")
# how a credit line opens ("Reporting by Ana Ruiz; Editing by Tom Hale"), lower-cased
CREDIT_STARTS = ("reporting by", "additional reporting", "editing by", "writing by", "compiled by")


def doc_text(doc: Doc) -> str:
    """The Doc's text, made once: `Doc.text` joins every token's text each time it is read
    (~0.1 ms an article), and several components slice it instead of reading `Span.text`."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def is_heading(sent: Span | str) -> bool:
    """A title-case section header or a fragment line: short and without final punctuation.

    `sent` is the sentence or its text (cheaper where the caller has it at hand).
    """
    text = (sent if isinstance(sent, str) else sent.text).strip()
    if not text:
        return True
    words = text.split()
    return not text.endswith(_FINAL) and len(words) <= 15
