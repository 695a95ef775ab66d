"""Attributions marked by layout rather than by a verb.

- a signature: a quotation, then a dash and a name closing the line
  ('"We deserve better." ― Ana Ruiz');
- a transcript turn: a paragraph that opens with a speaker's name in capitals and a colon
  ('PENCE: Well, look, ...'), the whole paragraph being the turn.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.attrs import ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from bot.nlp.claim_text import trim
from bot.nlp.cues import QUOTE_CLOSE, QUOTE_OPEN
from bot.nlp.speakers import Speaker, speaker_named

_DASHES = {"―", "—"}
_OPENERS = {'"', "“", "”", "«"}  # '”' too: typed as an opener by mistake ('”Fear. I am ...')
# a dash, or a closing mark and a dash read as one token ('”―'), as string ids
_DASH_TOKENS = frozenset(
    get_string_id(t) for d in _DASHES for t in [d, *(q + d for q in QUOTE_CLOSE if len(q) == 1)]
)
_MAX_NAME = 6
_MIN_CONTENT = 3


@dataclass
class LayoutClaim:
    cue: list[Token]
    speaker: Speaker
    content: list[Token]
    speaker_index: int
    owned: set[int]  # the cue and the name: never part of any content


def layout_claims(doc: Doc) -> list[LayoutClaim]:
    return [*_signatures(doc), *_transcript_turns(doc)]


def _line_end(doc: Doc, i: int) -> int:
    """The index after the last token of the line that token i is on."""
    while i < len(doc):
        tok = doc[i]
        if tok.is_space and "\n" in tok.text:
            return i
        if "\n" in tok.whitespace_:
            return i + 1
        i += 1
    return len(doc)


def _signatures(doc: Doc) -> list[LayoutClaim]:
    found: list[LayoutClaim] = []
    for dash in _dashes(doc):
        if len(dash.text) == 2:  # '”―' read as one token
            if dash.text[0] not in QUOTE_CLOSE:
                continue
            j = dash.i
        else:
            j = dash.i - 1
            while j >= 0 and doc[j].is_space and "\n" not in doc[j].text:
                j -= 1
            if j < 0 or doc[j].text not in QUOTE_CLOSE:
                continue
        end = _line_end(doc, dash.i + 1)
        name = [t for t in doc[dash.i + 1 : end] if not t.is_space and t.text != "."]
        if not name or len(name) > _MAX_NAME or not all(t.is_title or t.is_upper for t in name):
            continue
        content = _quote_before(doc, j)
        if len(content) < _MIN_CONTENT:
            continue
        span = doc[name[0].i : name[-1].i + 1]
        owned = {dash.i, *range(span.start, span.end)}
        found.append(LayoutClaim([dash], speaker_named(doc, span), content, name[-1].i, owned))
    return found


def _dashes(doc: Doc) -> Iterator[Token]:
    """The tokens that are a dash, or a closing quotation mark and a dash ('”―'), in order: read
    off the token array (making a Token of each word costs more)."""
    for i, orth in enumerate(doc.to_array(ORTH).tolist()):
        if orth in _DASH_TOKENS:
            yield doc[i]


def _quote_before(doc: Doc, close: int) -> list[Token]:
    """The quotation ending at the closing mark `close`, back to its opening mark on the same line."""
    i = close - 1
    first_open: int | None = None
    while i >= 0:
        if (doc[i].is_space and "\n" in doc[i].text) or "\n" in doc[i].whitespace_:
            break  # the line starts after this token
        if doc[i].text in _OPENERS:
            first_open = i  # the first opening mark of the line wins (quotes may nest)
        i -= 1
    start = first_open + 1 if first_open is not None else i + 1
    return trim(list(doc[start:close]))


def _transcript_turns(doc: Doc) -> list[LayoutClaim]:
    found: list[LayoutClaim] = []
    for sent in doc.sents:
        first = next((t for t in sent if not t.is_space), None)
        if first is None or not _paragraph_start(doc, first):
            continue
        toks = [t for t in sent if not t.is_space]
        k = 1 if toks[0].text in QUOTE_OPEN else 0
        name: list[Token] = []
        while k < len(toks) and toks[k].is_upper and toks[k].is_alpha and len(name) < 3:
            name.append(toks[k])
            k += 1
        if not name or k >= len(toks) or toks[k].text != ":" or len(name[-1].text) < 2:
            continue
        colon = toks[k]
        end = _line_end(doc, colon.i + 1)
        content = trim(list(doc[colon.i + 1 : end]))
        if len(content) < _MIN_CONTENT:
            continue
        span: Span = doc[name[0].i : name[-1].i + 1]
        owned = {colon.i, *range(span.start, span.end)}
        found.append(LayoutClaim([colon], speaker_named(doc, span), content, name[0].i, owned))
    return found


def _paragraph_start(doc: Doc, tok: Token) -> bool:
    if tok.i == 0:
        return True
    prev = doc[tok.i - 1]
    return "\n" in (prev.text if prev.is_space else prev.whitespace_)
