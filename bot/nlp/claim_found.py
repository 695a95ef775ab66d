"""A claim as the claims component finds it, before it becomes a `Claim`; and what is decided
across the claims of a sentence (nesting) or from the quotation marks around one (direct)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from bot.nlp.claim_content import MIN_CONTENT_TOKENS
from bot.nlp.claim_text import has_quote, trim
from bot.nlp.cues import QUOTE_CHARS, QUOTE_OPEN, SPEECH_VERBS
from bot.nlp.speakers import Speaker


@dataclass
class Found:
    cue: list[Token]
    speaker: Speaker | None
    content: list[Token]  # replaced, never changed in place: `_attach_quotes` keeps its indices by list
    sent: Span
    speaker_index: int
    clause: set[int] = field(default_factory=set)  # tokens the cue owns (its verb's subtree)
    extra_sents: list[Span] = field(default_factory=list)
    fixed: bool = False  # a layout claim: its content is the whole quotation already
    inside: bool = False  # a belief or stance inside another claim's content, kept as well


def is_direct(f: Found, doc: Doc) -> bool:
    start = f.content[0].i
    before = doc[start - 1].text if start > 0 else ""
    return (
        before in QUOTE_OPEN
        or f.content[0].text in QUOTE_OPEN
        or (has_quote(f.content, doc) and sum(t.text in QUOTE_CHARS for t in f.content) >= 1)
    )


def carve_nested(found: list[Found]) -> list[Found]:
    """A cue inside another claim's content is a claim of its own: cut its clause out of the outer one."""
    nested: set[int] = set()
    for outer in found:
        ids = {t.i for t in outer.content}
        for inner in found:
            if inner is outer or inner.cue[0].i not in ids:
                continue
            if inner.speaker is None or (
                inner.cue[0].lemma_.lower() not in SPEECH_VERBS and inner.speaker != outer.speaker
            ):
                nested.add(id(inner))  # "alleges that X wants ...": the belief is part of the claim
                continue
            if inner.cue[0].lemma_.lower() not in SPEECH_VERBS:
                inner.inside = True  # "said he expects ...": the speaker's own belief, a claim of its own too
                continue
            outer.content = trim([t for t in outer.content if t.i not in inner.clause])
            ids = {t.i for t in outer.content}
    return [f for f in found if len(f.content) >= MIN_CONTENT_TOKENS and id(f) not in nested]
