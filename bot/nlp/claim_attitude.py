"""What a speaker wants, thinks, feels or does, where no cue verb made a claim of it.

News attributes more than speech: decisions and intentions ("Trump refused to release his
returns", "the company decided to close the plant"), stances and perceptions ("Critics see the
program as a giveaway", "Republicans were wary of the deal") and a person's deeds ("the senator
voted against the bill"). The subject must be able to speak (a named person, an organisation,
an unnamed group of people); an organisation's deeds ("the bank cut rates") are no attitude,
only its stances (ATTITUDE_VERBS) and the clauses it takes ("decided to ...").

Verbs that only mark time, aspect, need or success ("began to", "had to", "tried to",
"managed to") say nothing about the subject's mind and are left out.
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.nlp.claim_text import trim
from bot.nlp.cues import ATTITUDE_VERBS, SPEECH_VERBS
from bot.nlp.speakers import NAMED_PERSON, ORGANIZATION, UNNAMED

_KINDS = {NAMED_PERSON, ORGANIZATION, UNNAMED}

# Complement-taking verbs that carry no attitude of their own.
NON_ATTITUDE_VERBS = frozenset(
    """be have do get go come keep begin start continue stop cease quit finish resume need use make
    let help happen tend fail manage try attempt become remain stay seem appear turn prove dare
    ought used mean take leave look sound end wind return move work run spend""".split()
)
_COMPLEMENTS = {"xcomp", "ccomp"}
_REFUSALS = {"decline", "refuse"}
# Not what the attitude is about: another verb of the subject's ("backed the bill and left").
_APART = {"conj"}
# Predicate adjectives that say what is possible, due or true of the subject, not what it thinks.
NON_ATTITUDE_ADJECTIVES = frozenset(
    """likely unlikely able unable due set poised about available eligible responsible liable free
    subject similar different close present open home first last next sure certain bound""".split()
)


def is_attitude_cue(tok: Token) -> bool:
    return attitude_complement(tok) is not None or adjective_complement(tok) is not None


def attitude(verb: Token, kind: str, min_tokens: int) -> list[Token]:
    """What a speaker of this kind wants, thinks, feels or does by this verb (empty: nothing)."""
    if kind not in _KINDS:
        return []
    if verb.pos_ == "ADJ":  # feelings are people's: "Republicans were wary of ..."
        comp = None if kind == ORGANIZATION else adjective_complement(verb)
    else:
        comp = attitude_complement(verb, person=kind != ORGANIZATION, named=kind == NAMED_PERSON)
    return [] if comp is None else attitude_content(verb, comp, min_tokens)


def attitude_complement(verb: Token, person: bool = True, named: bool = True) -> Token | None:
    """The complement a verb of attitude takes, or None. A person's deeds ("voted against the
    bill", "signed an agreement") are attributed to them; an organisation's only when the verb
    names an attitude (ATTITUDE_VERBS) or takes a clause ("decided to close the plant")."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() in NON_ATTITUDE_VERBS:
        return None
    if (verb.dep_ == "relcl" and not named and verb.lemma_.lower() not in ATTITUDE_VERBS) or any(
        c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children
    ):
        return None  # a relative clause describes its noun ("a developer that plans ...")
    if verb.lemma_.lower() in SPEECH_VERBS and any(c.dep_ == "neg" for c in verb.children):
        return None  # "has not said what ...": no statement, and no attitude either
    objective = person or verb.lemma_.lower() in ATTITUDE_VERBS
    deps = _COMPLEMENTS | {"dobj", "prep", "prt"} if objective else _COMPLEMENTS
    comps = [c for c in verb.children if c.dep_ in deps and c.i > verb.i]
    if not comps:
        return None
    if verb.lemma_.lower() in _REFUSALS and comps[0].lemma_.lower() in SPEECH_VERBS | {"discuss"}:
        return None  # "declined to comment": a refusal to speak states nothing
    return comps[0]


def attitude_content(verb: Token, comp: Token, min_tokens: int) -> list[Token]:
    """What follows the verb ('voted against the bill', 'urged them to act'); after an
    adjective, its complement ('wary of the deal')."""
    if verb.pos_ == "ADJ":
        toks = [t for t in comp.subtree if t.i != comp.i or comp.dep_ != "prep"]
    else:
        toks = [t for c in verb.children if c.i > verb.i and c.dep_ not in _APART for t in c.subtree]
    toks = trim(toks)
    return toks if len(toks) >= min_tokens else []


def adjective_complement(adj: Token) -> Token | None:
    """'were willing to go', 'is concerned about the plan', 'was coy about it': a predicate
    adjective of attitude and what it is about."""
    if adj.pos_ != "ADJ" or adj.dep_ != "acomp" or adj.lower_ in NON_ATTITUDE_ADJECTIVES:
        return None
    if adj.tag_ in {"JJR", "JJS"} or any(c.lower_ in {"so", "too"} for c in adj.children):
        return None  # "cheaper than ...", "so contagious that ...": a comparison or a degree
    comps = [c for c in adj.children if c.dep_ in _COMPLEMENTS | {"prep"} and c.i > adj.i]
    return comps[0] if comps else None
