"""Who is speaking: turn the subject of a cue into a canonical speaker and a source kind.

Names resolve through the entities component (aliases merged); pronouns and
descriptions ("he", "the company") resolve to the entity they refer to; unnamed
groups ("analysts", "two officials familiar with the talks") keep their phrase;
inanimate subjects ("The initiative highlights ...") are not speakers at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from bot.nlp import entities
from bot.nlp.claim_text import quote_regions
from bot.nlp.cues import (
    DOCUMENT_NOUNS,
    ORG_NOUNS,
    PERSON_NOUNS,
    PRONOUNS_PERSON,
    PRONOUNS_PLURAL,
    PRONOUNS_SELF,
    PRONOUNS_THING,
    RELATIVE_PRONOUNS,
)
from bot.nlp.extensions import ENTITIES
from bot.nlp.types import Entity

NAMED_PERSON = "named_person"
ORGANIZATION = "organization"
DOCUMENT = "document"
UNNAMED = "unnamed"
PUBLICATION = "publication"

_PERSON_TYPES = {"PERSON"}
_ORG_TYPES = {"ORG", "GPE", "NORP", "FAC", "LOC"}
_PHRASE_DROP_DEPS = {"appos", "relcl", "acl", "punct", "advcl", "cc", "conj", "parataxis"}
_DOCUMENT_WINDOW = 120  # tokens back to look for the source of "the report"
_SOMEONES = {"campaign", "team", "administration", "office", "staff"}
_SPOKES = {"spokesperson", "spokesman", "spokeswoman", "representative", "official", "officials"}
_GENDER = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
_TITLE_GENDER = {
    "mr": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "sir": "m",
    "dame": "f",
    "lady": "f",
    "lord": "m",
}
_SOURCING_VERBS = {
    "compile",
    "publish",
    "produce",
    "release",
    "prepare",
    "collect",
    "issue",
    "commission",
    "conduct",
    "carry",
    "write",
    "file",
    "gather",
    "analyse",
    "analyze",
    "run",
}
_PUBLICATION_NOUNS = {
    "newspaper",
    "daily",
    "paper",
    "magazine",
    "broadcaster",
    "tabloid",
    "website",
    "outlet",
}


@dataclass(frozen=True)
class Speaker:
    name: str | None
    kind: str | None
    entity: Entity | None = None


@dataclass
class Mention:
    """A resolved speaker or entity mention, remembered for later pronouns."""

    index: int
    speaker: Speaker
    is_person: bool
    is_group: bool


class SpeakerResolver:
    """Resolves speaker phrases of one Doc, remembering what came before for pronouns."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.last_speakers: list[Mention] = []
        self._genders: dict[int, str | None] = {}
        self._mentions = self._entity_mentions(doc)
        # people named inside a quotation are talked about, not talking: no antecedents there
        self._quoted = {i for start, end in quote_regions(doc) for i in range(start, end)}

    @staticmethod
    def _entity_mentions(doc: Doc) -> list[tuple[int, Entity]]:
        found: list[tuple[int, Entity]] = []
        for ent in getattr(doc._, ENTITIES) or []:
            for span in ent.spans:
                found.append((span.start, ent))
        if not found:  # no merged entities (component left out): fall back to raw NER
            for span in doc.ents:
                if span.label_ in _PERSON_TYPES | _ORG_TYPES:
                    found.append((span.start, Entity(_clean(span.text), span.label_, spans=[span])))
        found.sort(key=lambda item: item[0])
        return found

    def remember(self, index: int, speaker: Speaker) -> None:
        if speaker.name is None:
            return
        ent = speaker.entity
        is_person = speaker.kind == NAMED_PERSON or (ent is not None and ent.type in _PERSON_TYPES)
        self.last_speakers.append(Mention(index, speaker, is_person, speaker.kind == UNNAMED))

    # ------------------------------------------------------------------ phrases
    def phrase(self, head: Token) -> Span:
        """The noun phrase naming the speaker: the head's subtree without clauses and appositions."""
        doc = self.doc
        drop: set[int] = set()
        group = head.pos_ == "NOUN" and head.tag_ == "NNS"  # "people briefed on the plans" keeps its acl
        for child in head.children:
            if child.dep_ in _PHRASE_DROP_DEPS and not (group and child.dep_ == "acl"):
                drop.update(t.i for t in child.subtree)
        for tok in head.subtree:  # a clause or aside deeper in the phrase ends it too
            if tok is not head and tok.dep_ in {"relcl", "appos", "parataxis", "punct"}:
                drop.update(t.i for t in tok.subtree)
        keep = [t.i for t in head.subtree if t.i not in drop]
        start, end = min(keep), max(keep) + 1
        # stop at the first dropped token after the head (an apposition splits the phrase)
        for i in range(head.i + 1, end):
            if i in drop:
                end = i
                break
        for i in range(head.i - 1, start - 1, -1):
            if i in drop:
                start = i + 1
                break
        if end - start > 12:
            start, end = self._compact(head)
        return doc[start:end]

    def _compact(self, head: Token) -> tuple[int, int]:
        lefts = [c for c in head.lefts if c.dep_ in {"compound", "amod", "nummod", "det", "poss"}]
        start = min([t.left_edge.i for t in lefts] + [head.i])
        return start, head.i + 1

    # ------------------------------------------------------------------ resolving
    def resolve(self, head: Token, saying: bool = False) -> Speaker | None:
        """The speaker a subject token stands for; None when it cannot speak (inanimate).

        `saying`: the cue is a verb of saying, whose subject speaks whatever noun it is.
        """
        low = head.lower_
        if not any(ch.isalnum() for ch in head.text):
            return None  # a dash or a quote mark the tagger read as a noun
        if low in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            return self.resolve(head.head.head, saying)
        if low in RELATIVE_PRONOUNS and head.head.head.pos_ in {"NOUN", "PROPN"}:
            return self.resolve(head.head.head, saying)
        if low in PRONOUNS_PERSON:
            return self._antecedent(head.i, person=True)
        if low in PRONOUNS_PLURAL:
            return self._antecedent(head.i, person=False, group=True)
        if low in PRONOUNS_THING:
            return self._antecedent(head.i, person=False)
        if low in PRONOUNS_SELF:
            return None
        for child in head.children:  # "Norway's chief negotiator, Kristian Aasland": the name
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                named = _entity_at(self.doc, self.doc[child.left_edge.i : child.right_edge.i + 1])
                if named is not None and named.type in _PERSON_TYPES | {"ORG"}:
                    return _from_entity(named)
        span = self.phrase(head)
        if head.ent_type_ == "NORP" and head.tag_ in {"NNS", "NNPS"}:
            return Speaker(_clean(span.text), UNNAMED)  # "Mexicans often say": the people, not Mexico
        ent = _entity_at(self.doc, span)
        if ent is not None and (head.pos_ == "PROPN" or _covers_head(ent, head)):
            return _from_entity(ent)
        lemma = head.lemma_.lower()
        if lemma in _SPOKES or low in _SPOKES:
            owner = self._owner(head)
            if owner is not None:
                return owner
        if head.pos_ == "PROPN":
            return Speaker(_clean(span.text), ORGANIZATION if head.ent_type_ != "PERSON" else NAMED_PERSON)
        if lemma in _PUBLICATION_NOUNS or low in _PUBLICATION_NOUNS:
            named = self._named_in(span)
            if named is not None:
                return Speaker(named.name, PUBLICATION, named)
        if lemma in ORG_NOUNS or low in ORG_NOUNS:
            if _is_definite(head) and len(span) <= 2:
                ante = self._org_antecedent(head)
                if ante is not None:
                    return ante
            named = self._named_in(span)
            if named is not None:
                return _from_entity(named)
            return Speaker(_clean(span.text), UNNAMED if _is_plural(head) else ORGANIZATION)
        if lemma in PERSON_NOUNS or low in PERSON_NOUNS:
            member_of = self._institution(head)  # "analysts at Strathmore Energy Research"
            if member_of is not None:
                return member_of
            named = self._named_in(span) if _is_definite(head) else None
            if named is not None and named.type in _PERSON_TYPES:
                return _from_entity(named)
            return Speaker(_clean(span.text), UNNAMED)
        if lemma in DOCUMENT_NOUNS or low in DOCUMENT_NOUNS:
            return Speaker(_clean(span.text), DOCUMENT)
        if saying and head.pos_ == "NOUN":
            return Speaker(_clean(span.text), UNNAMED)
        return None

    def described(self, head: Token) -> Speaker:
        """Any noun phrase as a source ('according to the top British medical journal')."""
        span = self.phrase(head)
        lemma = head.lemma_.lower()
        kind = DOCUMENT if lemma in DOCUMENT_NOUNS or head.lower_ in DOCUMENT_NOUNS else UNNAMED
        return Speaker(_clean(span.text), kind)

    def source_of_document(self, head: Token) -> Speaker | None:
        """'data from X', 'a report by X', 'figures compiled by X': the X behind a document."""
        for tok in head.subtree:
            if tok.dep_ == "agent" and tok.head.lemma_.lower() not in _SOURCING_VERBS:
                continue  # "a report seen by the Courier": the Courier did not write it
            if tok.lower_ in {"from", "by", "of"} and tok.dep_ in {"prep", "agent"}:
                for obj in tok.children:
                    if obj.dep_ == "pobj":
                        who = self.resolve(obj)
                        if who is not None and who.kind != DOCUMENT:
                            return who
        return None

    def earlier_document_source(self, head: Token) -> Speaker | None:
        """'The report found ...' after 'a report published by the Fair Work Data Project': the
        source named with the same document a few sentences before."""
        if not _is_definite(head):
            return None
        lemma = head.lemma_.lower()
        start = max(0, head.sent.start - _DOCUMENT_WINDOW)
        for tok in reversed(self.doc[start : head.i]):
            if tok.lemma_.lower() == lemma and tok.pos_ == "NOUN":
                found = self.source_of_document(tok)
                if found is not None:
                    return found
        return None

    def _owner(self, head: Token) -> Speaker | None:
        """'a Defra spokesperson', 'a spokesman for the ministry', 'the bank's spokeswoman'."""
        for child in head.children:
            if child.dep_ in {"compound", "poss"} and child.pos_ == "PROPN":
                ent = _entity_at(self.doc, self.doc[child.left_edge.i : child.i + 1])
                if ent is not None:
                    return _from_entity(ent)
            if child.dep_ == "prep" and child.lower_ in {"for", "of", "at"}:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return self.resolve(obj)
        return None

    def _named_in(self, span: Span) -> Entity | None:
        """A person or organisation named inside a descriptive phrase ("the Save Holbeck Baths group");
        a place or nationality modifier ("the South Korean intelligence agency") names no one."""
        for tok in span:
            if tok.pos_ == "PROPN" or tok.ent_type_:
                ent = _entity_at(self.doc, self.doc[tok.i : tok.i + 1])
                if ent is not None and ent.type in _PERSON_TYPES | {"ORG"}:
                    return ent
        return None

    def _institution(self, head: Token) -> Speaker | None:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in {"at", "from", "with"}:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        named = self._named_in(self.doc[obj.left_edge.i : obj.right_edge.i + 1])
                        if named is not None and named.type == "ORG":
                            return _from_entity(named)
        return None

    def _antecedent(self, index: int, person: bool, group: bool = False) -> Speaker | None:
        sent_start = self.doc[index].sent.start
        window = max(0, sent_start - 120)
        gender = _GENDER.get(self.doc[index].lower_)
        for m in reversed(self.last_speakers):
            if m.index >= index or m.index < window:
                continue
            if person and m.is_person:
                if (
                    gender
                    and m.speaker.entity is not None
                    and self._gender(m.speaker.entity) not in {gender, None}
                ):
                    continue
                return m.speaker
            if not person and not m.is_person and (group or not m.is_group):
                return m.speaker
            if person != m.is_person:
                continue
        for start, ent in reversed(self._mentions):
            if start >= index or (start in self._quoted and self.doc[index].i not in self._quoted):
                continue
            if person and ent.type in _PERSON_TYPES:
                if gender and self._gender(ent) not in {gender, None}:
                    continue
                return _from_entity(ent)
            if not person and ent.type in ({"ORG"} if not group else {"ORG", "NORP", "GPE"}):
                return _from_entity(ent)
        if person:  # no known person fits: the named subject of the sentence before, if any
            near = self._recent_sentences_start(index)
            for tok in reversed(self.doc[near:index]):
                named = tok.pos_ == "PROPN" and tok.ent_type_ not in _ORG_TYPES
                if named and tok.dep_ in {"nsubj", "nsubjpass"}:
                    first = min([c.i for c in tok.children if c.dep_ == "compound"] + [tok.i])
                    return Speaker(_clean(self.doc[first : tok.i + 1].text), NAMED_PERSON)
        return None

    def _recent_sentences_start(self, index: int) -> int:
        """Where the sentence before the one holding token `index` starts."""
        sent = self.doc[index].sent
        if sent.start == 0:
            return 0
        return self.doc[sent.start - 1].sent.start

    def _gender(self, ent: Entity) -> str | None:
        """'m' or 'f' from the pronouns and titles used right after the person's mentions."""
        key = id(ent)
        if key not in self._genders:
            votes = {"m": 0, "f": 0}
            for span in ent.spans:
                for tok in span:
                    if tok.lower_ in _TITLE_GENDER:
                        votes[_TITLE_GENDER[tok.lower_]] += 3
                if span.start > 0 and self.doc[span.start - 1].lower_.rstrip(".") in _TITLE_GENDER:
                    votes[_TITLE_GENDER[self.doc[span.start - 1].lower_.rstrip(".")]] += 3
                end = min(len(self.doc), span.end + 25)
                for tok in self.doc[span.end : end]:
                    if tok.ent_type_ == "PERSON":
                        break
                    g = _GENDER.get(tok.lower_)
                    if g:
                        votes[g] += 1
                        break
            m, f = votes["m"], votes["f"]
            self._genders[key] = "m" if m > f else "f" if f > m else None
        return self._genders[key]

    def _org_antecedent(self, head: Token) -> Speaker | None:
        """'the company', 'the council': the nearest earlier organisation, preferring one described so."""
        noun = head.lemma_.lower()
        best: Entity | None = None
        for start, ent in reversed(self._mentions):
            if start >= head.i or ent.type != "ORG":
                continue
            described = " ".join([ent.name, *ent.aliases, ent.role or ""]).lower()
            if noun in described:
                return _from_entity(ent)
            if best is None:
                best = ent
        if noun in _SOMEONES:  # "the campaign", "the team": someone's, not the last company named
            return None
        return _from_entity(best) if best is not None else None


def _is_publication(ent: Entity) -> bool:
    role = (ent.role or "").lower().split()
    return any(word in _PUBLICATION_NOUNS for word in role)


def _covers_head(ent: Entity, head: Token) -> bool:
    return any(span.start <= head.i < span.end for span in ent.spans)


def _from_entity(ent: Entity) -> Speaker:
    if ent.type in _PERSON_TYPES:
        kind = NAMED_PERSON
    else:
        kind = PUBLICATION if _is_publication(ent) else ORGANIZATION
    return Speaker(ent.name, kind, ent)


def _is_definite(head: Token) -> bool:
    return any(
        c.dep_ in {"det", "poss"} and c.lower_ in {"the", "its", "this", "that"} for c in head.children
    )


def _is_plural(head: Token) -> bool:
    return head.tag_ in {"NNS", "NNPS"}


def _clean(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;:-—–\"'“”‘’")
    for prefix in ("the ", "The ", "a ", "A ", "an ", "An "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    if text.endswith(("'s", "’s")):
        text = text[:-2]
    return text


def _entity_at(doc: Doc, span: Span) -> Entity | None:
    """The merged entity a span refers to (the entities component's lookup)."""
    lookup = getattr(entities, "entity_at", None)
    if lookup is not None:
        found: Entity | None = lookup(doc, span)
        return found
    for ent in span.ents:  # before the entities component is in place: raw NER
        if ent.label_ in _PERSON_TYPES | _ORG_TYPES:
            return Entity(_clean(ent.text), ent.label_, spans=[ent])
    return None


def speaker_named(doc: Doc, span: Span) -> Speaker:
    """A bare name standing alone ('― Sonya Herridge', 'PENCE:'): its entity, else the name itself."""
    ent = _entity_at(doc, span)
    if ent is not None and ent.type in _PERSON_TYPES | {"ORG"}:
        return _from_entity(ent)
    named = entities.entity_named(doc, span.text) if hasattr(entities, "entity_named") else None
    if named is not None:
        return _from_entity(named)
    return Speaker(_clean(span.text), NAMED_PERSON)
