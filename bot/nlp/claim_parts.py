"""Subjects and contents the dependency parse gets wrong around quotations and names.

- '"...," said Leslie Wimes, a ...': the subject comes after the cue (the parser often takes a
  word of the quote instead);
- '... of the Washington Post Trump said that ...': a name right before the cue is its subject;
- '"A. B," said the ruling.': the quotation began sentences earlier, the cue's own sentence
  holds only its end;
- 'said that A, because B': the reason clause belongs to what was said.
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.nlp.claim_text import trim
from bot.nlp.cues import QUOTE_CLOSE, QUOTE_OPEN

_NP_TAGS = {"PROPN", "NOUN", "ADJ", "DET", "NUM"}
_REASON_MARKS = {"because", "since", "although", "though", "while", "as", "if", "unless", "so"}
_NAME_TYPES = {"PERSON", "ORG", "NORP", "GPE"}
_JOINING = {",", "?", "!", "—", "–"}


def _after_quote(verb: Token) -> bool:
    """The cue follows a closing quotation mark, maybe with a comma between."""
    doc = verb.doc
    j = verb.i - 1
    while j >= 0 and (doc[j].text == "," or doc[j].is_space):
        j -= 1
    return j >= 0 and doc[j].text in QUOTE_CLOSE


def subject_after(verb: Token, quoted: set[int]) -> Token | None:
    """'"...," said X, the ...': the head of the noun phrase right after the cue."""
    if not _after_quote(verb):
        return None
    doc = verb.doc
    phrase: list[Token] = []
    k = verb.i + 1
    while k < len(doc) and len(phrase) < 8 and k not in quoted:
        tok = doc[k]
        if tok.pos_ in _NP_TAGS or (tok.text == "." and phrase and len(doc[k - 1]) <= 3):
            phrase.append(tok)
            k += 1
            continue
        break
    heads = [t for t in phrase if t.pos_ in {"PROPN", "NOUN"}]
    return heads[-1] if heads else None


def name_before(verb: Token) -> Token | None:
    """'... the editorial board of the Washington Post Trump said ...': a name glued to the cue."""
    if verb.i == 0:
        return None
    prev = verb.doc[verb.i - 1]
    if prev.pos_ == "PROPN" and prev.ent_type_ in _NAME_TYPES:
        return prev
    return None


def region_before(verb: Token, regions: list[tuple[int, int]], subject: Token | None) -> list[Token]:
    """The quotation that ends just before the cue ('"...," said the ruling'), whatever its length."""
    doc = verb.doc
    own = {t.i for t in subject.subtree} if subject is not None else set()
    for start, end in regions:
        if end > verb.i or verb.i - end > 10:
            continue
        gap = doc[end : verb.i]
        joined = any(t.text in _JOINING for t in [doc[end - 1], *gap])  # '..., ” she said', not '.” She'
        if joined and all(t.is_punct or t.is_space or t.i in own for t in gap):
            return trim([doc[i] for i in range(start, end)])
    return []


def with_reasons(verb: Token, clause: Token, toks: list[Token]) -> list[Token]:
    """'said that A, because B': a reason or condition clause after the content joins it."""
    extra: list[Token] = []
    for child in verb.children:
        if child.dep_ != "advcl" or child.i < clause.i:
            continue
        marks = [c for c in child.children if c.dep_ == "mark"]
        if marks and marks[0].lower_ in _REASON_MARKS:
            extra.extend(child.subtree)
    return trim([*toks, *extra]) if extra else toks


def name_after_quote(verb: Token) -> Token | None:
    """'"...," Flynn, a top surrogate, said Thursday on Fox News': the name right after the
    quotation, before the cue, when the parser took a later noun as the subject."""
    doc = verb.doc
    start = verb.i - 1
    while start >= max(0, verb.i - 15) and doc[start].text not in QUOTE_CLOSE:
        start -= 1
    if start < 0 or doc[start].text not in QUOTE_CLOSE:
        return None
    for tok in doc[start + 1 : verb.i]:
        if tok.is_punct or tok.is_space:
            continue
        if tok.pos_ == "PROPN" and tok.ent_type_ in {"PERSON", "ORG"}:
            while tok.i + 1 < verb.i and doc[tok.i + 1].ent_iob_ == "I":
                tok = doc[tok.i + 1]
            return tok
        return None  # the first word after the quote is not a name
    return None


def parenthetical(verb: Token) -> list[Token]:
    """'The museum, Mr. Obama said, would make visitors ...': a cue set off by commas inside the
    statement; the content is the sentence around it."""
    doc, sent = verb.doc, verb.sent
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subj is None:
        return []
    left = subj.left_edge.i - 1
    if left <= sent.start or doc[left].text != ",":
        return []
    k = verb.i + 1
    while k < sent.end and doc[k].text != "," and k - verb.i <= 8:
        if doc[k].dep_ in {"ccomp", "xcomp", "dobj"} or doc[k].text in QUOTE_CLOSE:
            return []
        k += 1
    if k >= sent.end or doc[k].text != ",":
        return []
    before = [t for t in doc[sent.start : left] if not t.is_space]
    after = [t for t in doc[k + 1 : sent.end] if not t.is_space]
    if sum(t.is_alpha for t in before) < 2 or sum(t.is_alpha for t in after) < 2:
        return []
    return trim([*before, *after])


def naming_content(verb: Token) -> list[Token]:
    """'called Wells Fargo's behavior "outrageous"', 'called half of his supporters deplorables':
    the object and what it is called (a predicate, or a quoted word inside the object)."""
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    if not objs or any(c.dep_ == "prt" for c in verb.children):
        return []
    oprd = [c for c in verb.children if c.dep_ in {"oprd", "xcomp", "ccomp"} and c.i > objs[0].i]
    toks = list(objs[0].subtree)
    if oprd:
        toks += list(oprd[0].subtree)
    elif not any(t.text in QUOTE_OPEN for t in toks):
        return []  # "called the police": no name given
    toks = trim(toks)
    return toks if len(toks) >= 2 else []
