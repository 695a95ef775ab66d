"""Is a claim hedged? could, may, might, reportedly, allegedly, believe, suggest, appear to ..."""

from __future__ import annotations

from spacy.tokens import Token

from bot.nlp.cues import HEDGE_VERBS, HEDGE_WORDS, HEDGING_CUES


def is_hedged(cue: list[Token], content: list[Token]) -> bool:
    """Hedged: a hedging cue (believe, expect), or a modal or hedge word in what was said."""
    if any(t.lemma_.lower() in HEDGING_CUES for t in cue):
        return True
    scope = list(content) + [c for t in cue for c in t.children if c.dep_ == "advmod"]
    for t in scope:
        low = t.lower_
        if low in HEDGE_WORDS and (t.tag_ == "MD" or t.pos_ in {"ADV", "ADJ"} or low not in {"may"}):
            if low == "may" and t.tag_ != "MD":
                continue
            return True
        if t.lemma_.lower() in HEDGE_VERBS and t.pos_ == "VERB":
            return True
    return False
