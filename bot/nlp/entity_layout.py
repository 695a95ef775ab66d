"""What one pass over the tokens tells the entities component about the text's layout.

Headings (short title-case lines without final punctuation), bylines and credit
lines hold no participants; a dateline ("OTTAWA (Northstar Wire) —") names a
place and an outlet; the words a text uses in lower case ("mackerel",
"measles") are not names when a sentence happens to start with them. The pass
works on `Doc.to_array` columns, so only the few interesting tokens become
Python objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import ENT_IOB, IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE, IS_TITLE, LEMMA, LOWER, SENT_START
from spacy.tokens import Doc, Token

from bot.nlp.entity_words import FINAL_PUNCT, HEADING_SMALL_WORDS
from bot.nlp.text import CREDIT_STARTS

_DASHES = frozenset({"—", "–", "-", "--"})
_MAX_HEADING_WORDS = 15
_HEAD_TOKENS = 40  # a heading is shorter; a dateline or credit is read from the first tokens
_COLUMNS = [IS_SPACE, IS_ALPHA, IS_LOWER, IS_TITLE, IS_PUNCT, SENT_START, LOWER, LEMMA, ENT_IOB]
_OUTSIDE = 2  # ENT_IOB: the token is in no entity


@dataclass
class Layout:
    skip: set[int] = field(default_factory=set)  # tokens of headings, bylines, credit lines
    para_start: set[int] = field(default_factory=set)
    dateline_place: set[int] = field(default_factory=set)
    dateline_outlet: set[int] = field(default_factory=set)
    lower_words: set[str] = field(default_factory=set)  # lower-case words and their lemmas
    capitalised_inside: set[str] = field(default_factory=set)  # capitalised words seen mid-sentence
    capitalised_outside: list[int] = field(default_factory=list)  # capitalised tokens in no entity

    def is_common_word(self, token: Token) -> bool:
        """A capitalised word that only opens a sentence and is otherwise written in lower case."""
        lower = token.lower_
        if lower in self.capitalised_inside:
            return False
        return lower in self.lower_words or token.lemma_.lower() in self.lower_words


def read_layout(doc: Doc) -> Layout:
    layout = Layout()
    if not len(doc):
        return layout
    cols = doc.to_array(_COLUMNS)
    space, alpha, lower, title, punct, sent, low, lemma, iob = (cols[:, k] for k in range(len(_COLUMNS)))
    strings = doc.vocab.strings
    lowercase = (alpha == 1) & (lower == 1)
    layout.lower_words = {
        strings[int(h)].lower() for h in np.unique(np.concatenate([low[lowercase], lemma[lowercase]]))
    }
    inside = np.nonzero((title == 1) & (alpha == 1) & (sent != 1))[0]
    for i in inside:
        if i > 0 and (not punct[i - 1] or doc[int(i) - 1].text in {",", "-", "’", "'"}) and not space[i - 1]:
            layout.capitalised_inside.add(strings[int(low[i])])
    maybe = np.nonzero((lower == 0) & (punct == 0) & (space == 0) & (iob == _OUTSIDE))[0]
    layout.capitalised_outside = [int(i) for i in maybe if doc[int(i)].text[:1].isupper()]
    breaks = [int(i) for i in np.nonzero(space == 1)[0] if "\n" in doc[int(i)].text]
    paragraphs = []
    start = 0
    for b in [*breaks, len(doc)]:
        if b > start and not space[start:b].all():
            paragraphs.append((start, b))
        start = b + 1
    several = len(paragraphs) > 1
    for s, e in paragraphs:
        tokens = [t for t in doc[s : min(e, s + _HEAD_TOKENS)] if not t.is_space]  # enough for any test
        layout.para_start.add(tokens[0].i)
        short = e - s <= _HEAD_TOKENS
        if (several and short and _is_heading(tokens)) or _is_credit(tokens):
            layout.skip.update(range(s, e))
        else:
            _read_dateline(tokens, layout)
    return layout


def _is_heading(tokens: list[Token]) -> bool:
    if tokens[-1].text in FINAL_PUNCT:
        return False
    words = [t for t in tokens if t.is_alpha]
    if len(words) > _MAX_HEADING_WORDS:
        return False
    return all(w.text[0].isupper() or w.lower_ in HEADING_SMALL_WORDS for w in words)


def _is_credit(tokens: list[Token]) -> bool:
    text = " ".join(t.lower_ for t in tokens[:4]).lstrip("( ")
    if text.startswith(CREDIT_STARTS) or tokens[0].text in {"©", "(c)"}:
        return True
    return tokens[0].lower_ == "copyright"


def _read_dateline(tokens: list[Token], layout: Layout) -> None:
    """ "OTTAWA (Northstar Wire) — ...", "TALLAHASSEE, Fla. (AP) —": the place, then the outlet."""
    i = 0
    while i < len(tokens) and tokens[i].is_alpha and tokens[i].is_upper and len(tokens[i]) > 1:
        i += 1
    if i == 0 or i >= len(tokens):
        return
    place = [t.i for t in tokens[:i]]
    if tokens[i].text == ",":
        i = next(
            (j for j in range(i + 1, min(i + 5, len(tokens))) if tokens[j].text in _DASHES | {"("}),
            len(tokens),
        )
        if i >= len(tokens):
            return
    outlet: list[int] = []
    if tokens[i].text == "(":
        close = next((j for j in range(i + 1, min(i + 8, len(tokens))) if tokens[j].text == ")"), None)
        if close is None:
            return
        outlet = [t.i for t in tokens[i + 1 : close]]
        i = close + 1
    if i < len(tokens) and tokens[i].text in _DASHES:
        layout.dateline_place.update(place)
        layout.dateline_outlet.update(outlet)
