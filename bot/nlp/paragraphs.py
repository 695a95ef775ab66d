"""briefbot_paragraphs: a paragraph break always starts a new sentence.

Runs before the parser, which keeps boundaries that are already set, so a
heading line or a title never fuses with the sentence after it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("briefbot_paragraphs", assigns=["token.is_sent_start"])
def mark_paragraphs(doc: Doc) -> Doc:
    for token in doc[:-1]:
        # a newline after a word, or a whitespace token holding one, ends the paragraph
        if "\n" in (token.text if token.is_space else token.whitespace_):
            doc[token.i + 1].is_sent_start = True
    return doc
