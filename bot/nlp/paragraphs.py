"""briefbot_paragraphs: a paragraph break always starts a new sentence.

Runs before the parser, which keeps boundaries that are already set, so a
heading line or a title never fuses with the sentence after it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("briefbot_paragraphs", assigns=["token.is_sent_start"])
def mark_paragraphs(doc: Doc) -> Doc:
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text_with_ws and not token.is_space:
            if "\n" in token.whitespace_ or token.is_space:
                doc[i + 1].is_sent_start = True
        elif token.is_space and "\n" in token.text:
            doc[i + 1].is_sent_start = True
    return doc
