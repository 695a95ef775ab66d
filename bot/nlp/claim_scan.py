"""Per-Doc tables for the claims component, each made in one pass instead of a search per token."""

from __future__ import annotations

from spacy.attrs import LEMMA, LOWER, POS
from spacy.symbols import ADJ, VERB
from spacy.tokens import Doc, Span, Token

from bot.nlp.claim_nominal import NOMINAL_CUES
from bot.nlp.cues import ALL_VERB_CUES

_ATTITUDE_POS = {int(VERB), int(ADJ)}  # what is_attitude_cue may take, as POS ids


def sentence_table(doc: Doc) -> tuple[list[Span], list[Span]]:
    """The Doc's sentences, and each token's sentence by index (`Token.sent` searches each time)."""
    sents = list(doc.sents)
    sent_at: list[Span] = []
    for sent in sents:
        sent_at.extend([sent] * (sent.end - sent.start))
    return sents, sent_at


def other_sents(sent_at: list[Span], toks: list[Token], sent: Span) -> list[Span]:
    """The sentences of `toks` other than `sent`, in order (a set of Spans iterates in an order
    that follows id(doc), which changes from run to run)."""
    return sorted({sent_at[t.i] for t in toks if sent_at[t.i] != sent}, key=lambda s: s.start)


def may_cue(doc: Doc) -> list[bool]:
    """Per token, whether the loop in `ClaimFinder.run` may find a cue in it: a cue word or lemma,
    "according", or a verb or an adjective (attitudes). Read off the token array, in one pass."""
    strings = doc.vocab.strings
    words: dict[int, bool] = {}
    lemmas: dict[int, bool] = {}
    out: list[bool] = []
    for lower, lemma, pos in doc.to_array([LOWER, LEMMA, POS]).tolist():
        if pos in _ATTITUDE_POS:
            out.append(True)
            continue
        word = words.get(lower)
        if word is None:
            text = strings[lower]
            word = words[lower] = text == "according" or text in NOMINAL_CUES
        if not word:
            cue = lemmas.get(lemma)
            if cue is None:
                cue = lemmas[lemma] = strings[lemma].lower() in ALL_VERB_CUES
            word = cue
        out.append(word)
    return out
