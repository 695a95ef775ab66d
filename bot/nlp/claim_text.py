"""Token-level helpers for the claims component: trimming, quotation marks, text."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.attrs import IS_SPACE, ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from bot.nlp.cues import DOCUMENT_NOUNS, QUOTE_CHARS, QUOTE_CLOSE, QUOTE_OPEN, STRAIGHT_QUOTES


def is_document(tok: Token) -> bool:
    return tok.lower_ in DOCUMENT_NOUNS or tok.lemma_.lower() in DOCUMENT_NOUNS


def trim(toks: list[Token]) -> list[Token]:
    toks = sorted({t.i: t for t in toks}.values(), key=lambda t: t.i)
    while toks and (toks[0].is_punct or toks[0].is_space or _connective(toks[0])):
        if toks[0].text in QUOTE_OPEN and len(toks) > 1 and not toks[1].is_punct:
            break
        toks = toks[1:]
    while toks and (toks[-1].is_space or (toks[-1].is_punct and toks[-1].text not in QUOTE_CLOSE)):
        toks = toks[:-1]
    return toks


def _connective(tok: Token) -> bool:
    """A leading "that" (the complementizer, not the pronoun: "That is ambitious") or "and"/"but"."""
    if tok.lower_ == "that":
        return tok.dep_ == "mark" or tok.pos_ == "SCONJ"
    return tok.lower_ in {"and", "but"} and tok.dep_ == "cc"


def text(toks: list[Token]) -> str:
    parts: list[str] = []
    prev = -2
    for t in toks:
        if parts and t.i != prev + 1:
            parts.append(" … " if not parts[-1].endswith(" ") else "… ")
        parts.append(t.text_with_ws)
        prev = t.i
    text = "".join(parts).strip()
    text = " ".join(text.split())
    if text.startswith("''") and text.count("''") <= 2:
        text = text.strip("' ,")
    if text[:1] in QUOTE_CHARS and text.count(text[0]) + sum(text.count(c) for c in QUOTE_CLOSE) <= 2:
        text = text.strip("".join(QUOTE_CHARS) + " ,")
    return text.rstrip(" ,;:")


def quote_spans(sent: Span) -> list[tuple[int, int]]:
    """Token ranges inside quotation marks (the marks excluded)."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for tok in sent:
        ch = tok.text
        if ch not in QUOTE_CHARS or ch in {"‘", "’"}:
            continue
        if open_at is None and (ch in QUOTE_OPEN and ch != "”"):
            open_at = tok.i + 1
        elif open_at is not None and ch in QUOTE_CLOSE:
            if tok.i - open_at >= 1:
                spans.append((open_at, tok.i))
            open_at = None
    if open_at is not None and sent.end - open_at > 1:
        spans.append((open_at, sent.end))
    return [(s, e) for s, e in spans if e - s >= 3]


def has_quote(toks: list[Token], doc: Doc) -> bool:
    start, end = toks[0].i, toks[-1].i
    window = doc[max(0, start - 1) : min(len(doc), end + 2)]
    return any(t.text in QUOTE_CHARS and t.text not in {"‘", "’"} for t in window)


def adjacent(doc: Doc, a: Span, b: Span) -> bool:
    return a.end <= b.start and all(t.is_space for t in doc[a.end : b.start])


def quote_regions(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges between double quotation marks, across sentences; a paragraph ends an open quote.

    Worked out once per Doc (the claims and the speakers steps both ask).
    """
    cached: list[tuple[int, int]] | None = doc.user_data.get(_REGIONS)
    if cached is None:
        cached = doc.user_data[_REGIONS] = _quote_regions(doc)
    return list(cached)


_REGIONS = "briefbot.quote_regions"


def _quote_regions(doc: Doc) -> list[tuple[int, int]]:
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    for tok in _marks_and_spaces(doc):
        ch = tok.text
        if tok.is_space and "\n" in ch:
            if open_at is not None and tok.i - open_at >= 3:
                regions.append((open_at, tok.i))
            open_at = None
        elif ch in {"“", "``"} or (ch in STRAIGHT_QUOTES and open_at is None):
            open_at = tok.i + 1
        elif (ch == "”" or ch in STRAIGHT_QUOTES) and open_at is not None:
            if tok.i - open_at >= 3:
                regions.append((open_at, tok.i))
            open_at = None
    if open_at is not None and len(doc) - open_at >= 3:
        regions.append((open_at, len(doc)))
    return regions


_MARKS = frozenset(get_string_id(mark) for mark in ["“", "``", "”", *STRAIGHT_QUOTES])


def _marks_and_spaces(doc: Doc) -> Iterator[Token]:
    """The Doc's double quotation marks and whitespace tokens, in order: all that `_quote_regions`
    looks at, found on the token array (making a Token of each word costs more)."""
    for i, (orth, space) in enumerate(doc.to_array([ORTH, IS_SPACE]).tolist()):
        if space or orth in _MARKS:
            yield doc[i]


_NP_TAGS = {"PROPN", "NOUN", "ADJ", "DET", "NUM"}


def surface_subject(verb: Token) -> Token | None:
    """'"...," Tulsa police Chief Chuck Jordan said': the parser left the cue without a subject,
    but a bare noun phrase sits between the closing quote and the verb; its last noun is the head."""
    doc = verb.doc
    j = verb.i - 1
    phrase: list[Token] = []
    while j >= 0 and len(phrase) < 8:
        tok = doc[j]
        if tok.pos_ in _NP_TAGS or (tok.is_title and tok.is_alpha) or (tok.text == "." and phrase):
            phrase.insert(0, tok)
            j -= 1
            continue
        break
    if not phrase or j < 0:
        return None
    before = doc[j]
    if before.text == "," and j > 0:
        before = doc[j - 1]
    if before.text not in QUOTE_CLOSE and before.text != ",":
        return None
    heads = [t for t in phrase if t.pos_ in {"PROPN", "NOUN"}]
    return heads[-1] if heads else None


def next_paragraph(sent: Span) -> list[Token]:
    """The paragraph after a sentence that ends a line with a colon ('He said:' then the quote)."""
    doc = sent.doc
    colon = max((t.i for t in sent if not t.is_space), default=sent.start)
    i = colon + 1
    while i < len(doc) and doc[i].is_space:
        i += 1
    if "\n" not in doc[colon:i].text_with_ws[len(doc[colon].text) :]:
        return []  # the colon does not end its line
    toks: list[Token] = []
    while i < len(doc) and not (doc[i].is_space and "\n" in doc[i].text):
        toks.append(doc[i])
        if "\n" in doc[i].whitespace_:
            break
        i += 1
    return trim(toks)
