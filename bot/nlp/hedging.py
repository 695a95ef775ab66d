"""Is a claim hedged? could, may, might, reportedly, allegedly, believe, suggest, appear to ..."""

from __future__ import annotations

from spacy.tokens import Token

from bot.nlp.cues import HEDGE_VERBS, HEDGE_WORDS, HEDGING_CUES

# A modal inside these does not qualify the statement itself:
# "the farm, which could have supplied 1.4 million homes", "costs they could not control".
_EMBEDDED = {"relcl", "acl"}


def is_hedged(cue: list[Token], content: list[Token]) -> bool:
    """Hedged: a hedging cue (believe, expect, allege), or a modal or hedge word in what was said."""
    if any(t.lemma_.lower() in HEDGING_CUES for t in cue):
        return True
    inside = {t.i for t in content}
    scope = list(content) + [c for t in cue for c in t.children if c.dep_ == "advmod"]
    for t in scope:
        low = t.lower_
        if low in HEDGE_WORDS:
            if low == "may" and t.tag_ != "MD":
                continue  # the month
            if t.i in inside and _embedded(t, inside):
                continue
            return True
        if t.lemma_.lower() in HEDGE_VERBS and t.pos_ == "VERB" and _takes_clause(t):
            return True  # "appeared to", "seems to", "suggests that"; not "suspected patients"
    return False


def _embedded(tok: Token, inside: set[int]) -> bool:
    node = tok.head if tok.tag_ == "MD" else tok
    while node.i in inside and node.head.i != node.i:
        if node.dep_ in _EMBEDDED:
            return True
        node = node.head
    return False


def _takes_clause(tok: Token) -> bool:
    return any(c.dep_ in {"xcomp", "ccomp"} for c in tok.children)
