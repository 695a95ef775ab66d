"""Mentions and the evidence a text gives for what each one is.

en_core_web_sm's label is one voice among several: a title says PERSON ("Councillor
Gareth Pryce"), "the consultancy X" or a designator ("Havbris Offshore") says ORG, "X,
who led" says PERSON, "ports such as Nigg" or a conjunct of a place says GPE, "the
Skerryvane wind farm" says FAC, "Havbris's chief executive" says ORG.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from bot.nlp.entity_places import Place
from bot.nlp.entity_roles import Candidate
from bot.nlp.entity_words import (
    FACILITY_NOUNS,
    LOCATIVE_PREPS,
    ORG_DESIGNATORS,
    ORG_NOUNS,
    ORG_POSSESSIONS,
    PLACE_NOUNS,
    is_role_noun,
)

_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})

# Designators that are also surnames ("Post", "Power") do not overrule a PERSON label.
_PERSON_PROOF_DESIGNATORS = ORG_DESIGNATORS - frozenset(
    "post times press power bank fund wire news media energy court mining finance records".split()
)
STRONG = 3.0


@dataclass
class Mention:
    start: int  # the name's tokens: doc[start:end]
    end: int
    text: str
    label: str
    votes: dict[str, float] = field(default_factory=dict)
    place: Place | None = None  # a country or region (or its demonym)
    capital_of: Place | None = None
    weak: bool = False  # one word that may just be a capitalised common word
    locative: bool = False
    dateline: bool = False
    demonym: bool = False  # "Russian", "Victorian": names the people or things of a place
    short: bool = False  # joined a longer name as its short form ("Matsegora")
    forms: list[str] = field(default_factory=list)  # other surface forms: "Dr Farah Siddiqui"
    roles: list[Candidate] = field(default_factory=list)

    def vote(self, kind: str, weight: float) -> None:
        self.votes[kind] = self.votes.get(kind, 0.0) + weight

    def best_type(self) -> str:
        scores = dict(self.votes)
        scores[self.label] = scores.get(self.label, 0.0) + 1.0
        return max(scores, key=lambda k: (scores[k], k == self.label))


def is_locative(root: Token) -> bool:
    token = root
    for _ in range(3):
        if token.dep_ != "conj":
            break
        token = token.head
    if token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPS:
        return True
    return root.dep_ in {"compound", "nmod"} or (root.dep_ == "npadvmod" and root.head.lower_ == "based")


def context_votes(doc: Doc, m: Mention, by_token: dict[int, Mention]) -> None:
    span = doc[m.start : m.end]
    root = span.root
    last = doc[m.end - 1].lower_
    if (
        m.end - m.start > 1
        and last in ORG_DESIGNATORS
        and (m.label != "PERSON" or last in _PERSON_PROOF_DESIGNATORS)
    ):
        m.vote("ORG", STRONG)
    for child in root.children:
        if m.start <= child.i < m.end:
            continue
        lemma = child.lemma_.lower()
        modifier = child.i < m.start and child.dep_ in _MODIFIER_DEPS and not child.ent_type_
        if modifier or (child.dep_ == "appos" and child.pos_ == "NOUN"):
            _vote_noun(m, child, lemma)
        elif child.dep_ == "relcl" and any(c.lower_ == "who" for c in child.children):
            m.vote("PERSON", 2)
    if m.end + 1 < len(doc) and doc[m.end].text == "," and doc[m.end + 1].lower_ == "who":
        m.vote("PERSON", 2)
    head = root.head
    if root.dep_ == "appos" and head.i < m.start and head.pos_ == "NOUN":
        _vote_noun(m, head, head.lemma_.lower())
    if root.dep_ in {"poss", "compound", "amod", "nmod"} and head.i >= m.end:
        if head.lemma_.lower() in ORG_POSSESSIONS:
            m.vote("ORG", 2)
        if m.label == "PERSON" and m.end - m.start == 1 and head.lemma_.lower() in FACILITY_NOUNS:
            m.vote("FAC", STRONG)
    if root.dep_ == "npadvmod" and head.lower_ == "based":
        m.vote("GPE", STRONG)
    partners = [head] if root.dep_ == "conj" else []
    partners += [c for c in root.children if c.dep_ == "conj"]
    for partner in partners:
        other = by_token.get(partner.i)
        if (other is not None and other.best_type() == "GPE") or (
            other is None and partner.ent_type_ == "GPE"
        ):
            m.vote("GPE", 2)
    if _instance_of_place(root):
        m.vote("GPE", STRONG)
    m.locative = is_locative(root)
    if m.locative and m.label == "PERSON" and m.end - m.start == 1 and root.dep_ != "compound":
        m.vote("GPE", 2)
    if m.label == "PERSON" and m.end - m.start == 1 and root.tag_ == "NNPS":
        m.vote("NORP", 2)  # "the Houthis": a plural name is a group


def _instance_of_place(root: Token) -> bool:
    """ "ports such as Nigg and Montrose": an instance of a kind of place."""
    token = root
    for _ in range(3):
        if token.dep_ != "conj":
            break
        token = token.head
    if token.dep_ != "pobj" or token.head.lower_ != "as":
        return False
    kind = token.head.head
    if kind.lower_ == "such":
        kind = kind.head
    elif not any(c.lower_ == "such" for c in token.head.children):
        return False
    return kind.lemma_.lower() in PLACE_NOUNS


def _vote_noun(m: Mention, noun: Token, lemma: str) -> None:
    if lemma in ORG_NOUNS:
        m.vote("ORG", STRONG)
    elif is_role_noun(lemma) or is_role_noun(noun.lower_):
        m.vote("PERSON", STRONG)
