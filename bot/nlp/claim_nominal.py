"""Attributions carried by a noun: "Trump's claim that ...", "her comments on the shooting",
"a statement from the ministry saying ...", "Obama's call for ...".

The noun needs a source (a possessor, or "by"/"from" a speaker) and a content (a clause, or
the object of "on", "about", "for", "against", "over", "of"); a possessor that cannot speak
("the plan's decision") makes no claim.
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.nlp.claim_text import trim
from bot.nlp.speakers import NAMED_PERSON, ORGANIZATION, PUBLICATION, Speaker, SpeakerResolver

NOMINAL_CUES = frozenset(
    """claim claims statement comment comments remark remarks assertion argument suggestion warning
    warnings promise pledge vow call calls demand demands proposal plan plans decision criticism
    condemnation accusation accusations allegation allegations denial announcement insistence
    admission view views concern concerns fear fears hope hopes belief message acknowledgment
    determination request""".split()
)
_CLAUSE_DEPS = {"acl", "ccomp", "relcl"}
_CONTENT_PREPS = {"on", "about", "for", "against", "over", "of", "that"}
_SOURCE_PREPS = {"by", "from"}
_SPEAKING_KINDS = {NAMED_PERSON, ORGANIZATION, PUBLICATION}
_MIN_CONTENT = 2
_PLACES = {"GPE", "LOC", "NORP", "FAC"}


def nominal_claim(noun: Token, resolver: SpeakerResolver) -> tuple[Speaker, Token, list[Token]] | None:
    """(speaker, the token naming it, content) for a cue noun, or None."""
    if noun.pos_ != "NOUN" or noun.lower_ not in NOMINAL_CUES:
        return None
    source = _source(noun)
    if source is None:
        return None
    speaker = resolver.resolve(source)
    if speaker is None or speaker.kind not in _SPEAKING_KINDS:
        return None
    if speaker.entity is not None and speaker.entity.type in _PLACES:
        return None  # "Russia's decision to ...": a state acting, not a statement
    content = _content(noun, source)
    if len(content) < _MIN_CONTENT:
        return None
    return speaker, source, content


def _source(noun: Token) -> Token | None:
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in _SOURCE_PREPS:
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


def _content(noun: Token, source: Token) -> list[Token]:
    own = {t.i for t in source.subtree}
    for child in noun.children:
        if child.dep_ in _CLAUSE_DEPS and child.i > noun.i and child.pos_ in {"VERB", "AUX"}:
            if child.dep_ == "relcl" and not any(c.dep_ == "mark" for c in child.children):
                continue  # "the claims he made": a relative clause says nothing
            return trim([t for t in child.subtree if t.i not in own])
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in _CONTENT_PREPS and child.i > noun.i:
            toks = [t for t in child.subtree if t.i != child.i and t.i not in own]
            return trim(toks)
    return []
