"""briefbot_claims: every attributed statement, with speaker, cue, content and hedging.

First the claims laid out without a verb (bot.nlp.claim_forms: "― Name" signatures,
transcript turns) and the headline's own (bot.nlp.claim_title); then rules on the dependency
parse, over each sentence:
1. cue verbs (said, told, warned, believe, expect, called for ...) with their subject and
   their content (bot.nlp.claim_content); participles ("..., saying ...") and conjoined verbs
   inherit their subject; cue nouns with their source ("Trump's claim that ...",
   bot.nlp.claim_nominal);
2. "according to X" and evidence ("data from X shows", "a report by X found");
3. quotes that continue over the next sentences join the claim they belong to;
4. last, a speaker's attitudes, wishes and deeds (bot.nlp.claim_attitude), where no cue took them.
Speakers are resolved by bot.nlp.speakers; a subject that cannot speak is no claim.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from bot.nlp.claim_attitude import attitude, is_attitude_cue
from bot.nlp.claim_content import CONTENT_DEPS, MIN_CONTENT_TOKENS, SUBJ, ContentFinder, second_cue
from bot.nlp.claim_forms import layout_claims
from bot.nlp.claim_found import Found, carve_nested, is_direct
from bot.nlp.claim_nominal import NOMINAL_CUES, nominal_claim
from bot.nlp.claim_parts import (
    name_after_quote,
    name_before,
    naming_content,
    subject_after,
)
from bot.nlp.claim_scan import may_cue, other_sents, sentence_table
from bot.nlp.claim_text import (
    adjacent,
    is_document,
    quote_regions,
    surface_subject,
    text,
    trim,
)
from bot.nlp.claim_title import title_claims
from bot.nlp.cues import (
    ALL_VERB_CUES,
    BELIEF_VERBS,
    EVIDENCE_VERBS,
    PARTICLE_CUES,
    PERSON_NOUNS,
    QUOTE_CHARS,
    SAYING_VERBS,
    SPEECH_VERBS,
    STANCE_VERBS,
)
from bot.nlp.extensions import CLAIMS
from bot.nlp.hedging import is_hedged
from bot.nlp.speakers import DOCUMENT, NAMED_PERSON, ORGANIZATION, UNNAMED, Speaker, SpeakerResolver
from bot.nlp.text import doc_text, is_heading
from bot.nlp.types import Claim

_SUBJ = SUBJ
_CONTENT_DEPS = CONTENT_DEPS
_MIN_CONTENT_TOKENS = MIN_CONTENT_TOKENS
_TEMPORAL = {"after", "before", "since", "until", "during", "following", "ahead"}
_INHERIT_DEPS = {"advcl", "xcomp", "conj", "pcomp"}
# Cue words the tagger sometimes reads as nouns ("figures show", "campaigners allege").
_SURFACE_CUES = frozenset(
    """show shows showed suggest suggests indicate indicates reveal reveals
    allege alleges claim claims say says""".split()
)


@Language.component("briefbot_claims", assigns=[f"doc._.{CLAIMS}"])
def find_claims(doc: Doc) -> Doc:
    setattr(doc._, CLAIMS, ClaimFinder(doc).run())
    return doc


class ClaimFinder:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.resolver = SpeakerResolver(doc)
        self.found: list[Found] = []
        self.used: set[int] = set()  # token indices already inside some claim's content
        self.regions = quote_regions(doc)
        self.quoted = {i for start, end in self.regions for i in range(start, end)}
        self.content = ContentFinder(doc, self.regions)
        self.sents, self.sent_at = sentence_table(doc)  # sent_at: token index -> its sentence
        self.text = doc_text(doc)  # a span's text is its slice (Span.text rebuilds it from tokens)
        self.may_cue = may_cue(doc)

    def run(self) -> list[Claim]:
        for lc in layout_claims(self.doc):
            sent = self.sent_at[lc.content[0].i]
            laid = Found(lc.cue, lc.speaker, lc.content, sent, lc.speaker_index, lc.owned, fixed=True)
            laid.extra_sents = other_sents(self.sent_at, lc.content, sent)
            self._add(laid)
        for sent in self.sents:
            if is_heading(self.text[sent.start_char : sent.end_char]):
                continue
            found: list[Found] = []
            weak: list[Found] = []
            for i in range(sent.start, sent.end):
                if not self.may_cue[i] or i in self.quoted:
                    continue  # no cue; or one inside a quotation, part of what the speaker says
                tok = self.doc[i]
                if tok.lower_ == "according" and tok.i + 1 < sent.end and self.doc[tok.i + 1].lower_ == "to":
                    hit = self._according(tok, sent)
                elif tok.lemma_.lower() in ALL_VERB_CUES and (
                    tok.pos_ in {"VERB", "AUX"} or _verb_in_role(tok)
                ):
                    hit = self._verb_cue(tok, sent)
                elif tok.lower_ in NOMINAL_CUES:
                    hit = self._nominal_cue(tok, sent)
                else:
                    hit = None
                if hit is not None:
                    found.append(hit)
                elif is_attitude_cue(tok):
                    attitude = self._attitude_cue(tok, sent)  # also a cue verb that made no claim
                    weak.extend([attitude] if attitude is not None else [])
            if not found:
                hit = self._mistagged_cue(sent) or self._evidence_phrase(sent)
                if hit is not None:
                    found.append(hit)
            for f in carve_nested(found):
                self._add(f)
            self._add_attitudes(weak, found)
        self._attach_quotes()
        self.found.sort(key=lambda f: f.cue[0].i)
        return [*title_claims(self.doc), *(self._to_claim(f) for f in self.found)]

    # ------------------------------------------------------------------ cues
    def _verb_cue(self, verb: Token, sent: Span) -> Found | None:
        lemma = verb.lemma_.lower()
        if any(c.dep_ == "neg" for c in verb.children):
            return None  # "has not said", "did not confirm": not a statement
        needs_particle = lemma in PARTICLE_CUES and not any(_particle(c, lemma) for c in verb.children)
        naming = naming_content(verb) if lemma == "call" else []  # "called the plan 'reckless'"
        clause_follows = any(c.dep_ in _CONTENT_DEPS for c in verb.children)
        if needs_particle and not naming and (lemma == "call" or not clause_follows):
            return None
        subj_tok = self._subject(verb)
        if lemma in SAYING_VERBS and (subj_tok is None or subj_tok.i in self.quoted):
            subj_tok = subject_after(verb, self.quoted) or subj_tok
        if lemma in SAYING_VERBS and subj_tok is not None and subj_tok.i > verb.i:
            subj_tok = name_after_quote(verb) or subj_tok
        if subj_tok is None and lemma in SAYING_VERBS:
            subj_tok = surface_subject(verb) or name_before(verb)
        content = naming or self.content.find(verb, sent)
        if not content:
            return None
        speaker: Speaker | None
        if subj_tok is None:
            speaker = self._inherited_speaker(verb)
            if speaker is None and not self._passive_without_agent(verb):
                return None
        else:
            speaker = self._speaker_for(subj_tok, lemma)
            if speaker is None:
                return None  # an inanimate subject: "The initiative highlights ..."
            if speaker is not None and speaker.kind == DOCUMENT and lemma not in EVIDENCE_VERBS:
                return None
        if lemma not in SPEECH_VERBS | EVIDENCE_VERBS and lemma in BELIEF_VERBS and speaker is None:
            return None
        stance_only = lemma in STANCE_VERBS and lemma not in SPEECH_VERBS | BELIEF_VERBS | EVIDENCE_VERBS
        if stance_only and (speaker is None or speaker.kind != NAMED_PERSON):
            return None
        clause = {t.i for t in verb.subtree}
        found = Found(self._cue_tokens(verb), speaker, content, sent, verb.i, clause)
        found.extra_sents = other_sents(self.sent_at, content, sent)
        return found

    def _attitude_cue(self, verb: Token, sent: Span) -> Found | None:
        subj = self._subject(verb.head if verb.pos_ == "ADJ" else verb)
        if subj is None and verb.dep_ == "conj":  # "backed the bill and voted against the cuts"
            subj = self._subject(verb.head)
        speaker = None if subj is None else self._speaker_for(subj, verb.lemma_.lower())
        content = attitude(verb, speaker.kind or "", _MIN_CONTENT_TOKENS) if speaker is not None else []
        if subj is None or not content:
            return None
        return Found([verb], speaker, content, sent, subj.i, {t.i for t in verb.subtree})

    def _add_attitudes(self, weak: list[Found], found: list[Found]) -> None:
        """Attitudes yield to the sentence's cues: none inside what a cue attributes."""
        taken = {i for f in found for i in f.clause | {t.i for t in f.content}}
        for f in weak:
            if f.cue[0].i in taken:
                continue
            f.content = [t for t in f.content if t.i not in taken]
            if len(f.content) >= _MIN_CONTENT_TOKENS:
                self._add(f)
                taken |= {t.i for t in f.content} | {f.cue[0].i}

    def _nominal_cue(self, noun: Token, sent: Span) -> Found | None:
        found = nominal_claim(noun, self.resolver)
        if found is None:
            return None
        speaker, source, content = found
        clause = {t.i for t in noun.subtree}
        return Found([noun], speaker, content, sent, source.i, clause)

    def _according(self, tok: Token, sent: Span) -> Found | None:
        to = self.doc[tok.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"]
        if not objs:
            return None
        speaker = self.resolver.resolve(objs[0], saying=True) or self.resolver.described(objs[0])
        if speaker.kind == DOCUMENT:
            speaker = self.resolver.source_of_document(objs[0]) or speaker
        phrase = {t.i for t in tok.subtree} | {tok.i, to.i} | {t.i for t in objs[0].subtree}
        for t in objs[0].subtree:  # "According to X, an industry body, 3,000 containers ...": the parser
            if t.dep_ == "conj" and t.left_edge.i > 0 and self.doc[t.left_edge.i - 1].text == ",":
                phrase -= {c.i for c in t.subtree}  # took the statement's subject for a conjunct
        content = [t for t in sent if t.i not in phrase]
        content = trim(content)
        if len(content) < _MIN_CONTENT_TOKENS:
            return None
        return Found([tok, to], speaker, content, sent, objs[0].i, phrase)

    def _mistagged_cue(self, sent: Span) -> Found | None:
        """'Accounts filed at Companies House show ...', 'Campaigners ... allege that ...' where the
        tagger read the cue as a noun: a subject phrase, a cue word, then a clause."""
        toks = [t for t in sent if not t.is_space]
        for k, tok in enumerate(toks[1:-3], start=1):
            if tok.pos_ == "VERB" or tok.lower_ not in _SURFACE_CUES:
                continue
            subject = toks[:k]
            while len(subject) > 1 and subject[0].pos_ in {"CCONJ", "ADV", "SCONJ"}:
                subject = subject[1:]  # "But Trump claims that ..."
            if subject[0].pos_ not in {"NOUN", "PROPN", "DET", "ADJ", "NUM"} or any(
                t.is_punct for t in subject
            ):
                return None
            heads = [t for t in subject if t.pos_ in {"NOUN", "PROPN"}]
            if not heads:
                return None
            speaker = self._surface_speaker(subject)
            if speaker is None:
                return None
            rest = toks[k + 1 :]
            if rest and rest[0].lower_ == "that":
                rest = rest[1:]
            content = trim(rest)
            if len(content) < _MIN_CONTENT_TOKENS:
                return None
            return Found([tok], speaker, content, sent, subject[0].i, {t.i for t in toks[: k + 1]})
        return None

    def _surface_speaker(self, subject: list[Token]) -> Speaker | None:
        span = self.doc[subject[0].i : subject[-1].i + 1]
        first_noun = next(t for t in subject if t.pos_ in {"NOUN", "PROPN"})
        lemma = first_noun.lemma_.lower()
        if all(t.pos_ == "PROPN" for t in subject):  # "Trump claims that ...": a name
            named = self.resolver.resolve(subject[-1], saying=True)
            if named is not None and named.kind in {NAMED_PERSON, ORGANIZATION}:
                return named
        if is_document(first_noun) or lemma in PERSON_NOUNS or first_noun.lower_ in PERSON_NOUNS:
            for tok in subject:
                if tok.pos_ == "PROPN":
                    speaker = self.resolver.resolve(tok)
                    if speaker is not None and speaker.kind != DOCUMENT:
                        return speaker
            kind = DOCUMENT if is_document(first_noun) else UNNAMED
            return Speaker(span.text, kind)
        return None

    def _evidence_phrase(self, sent: Span) -> Found | None:
        """'In light of recent data from X, <clause>': data attributed to X backs the clause."""
        for tok in sent:
            if not is_document(tok) or tok.dep_ != "pobj":
                continue
            top = tok
            while top.head.i != top.i and top.dep_ in {"pobj", "prep"} and top.head.pos_ in {"ADP", "NOUN"}:
                top = top.head
            if top.dep_ != "prep" or top.head.dep_ != "ROOT" or top.lower_ in _TEMPORAL:
                continue  # "Pressure grew after a report by X": when, not on whose word
            speaker = self.resolver.source_of_document(tok)
            if speaker is None:
                continue
            phrase = {t.i for t in top.subtree}
            content = trim([t for t in sent if t.i not in phrase])
            if len(content) < _MIN_CONTENT_TOKENS:
                continue
            cue = [t for t in tok.subtree if t.i <= tok.i + 1 and t.i >= tok.i]
            return Found(cue, speaker, content, sent, tok.i, phrase)
        return None

    # ------------------------------------------------------------------ parts
    def _subject(self, verb: Token) -> Token | None:
        for child in verb.children:
            if child.dep_ in _SUBJ and child.lower_ not in {"there"}:
                if child.dep_ == "nsubjpass":
                    agent = self._agent(verb)
                    return agent
                if child.dep_ == "nsubj" and child.lower_ == "it" and _is_extraposed(verb):
                    return None
                return child
        agent = self._agent(verb)
        if agent is not None:
            return agent
        if verb.dep_ == "relcl" and verb.head.pos_ in {"NOUN", "PROPN"}:
            return verb.head
        if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"} and verb.tag_ == "VBG":
            return verb.head
        return None

    def _agent(self, verb: Token) -> Token | None:
        for child in verb.children:
            if child.dep_ == "agent":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
        return None

    def _passive_without_agent(self, verb: Token) -> bool:
        return any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children) or any(
            c.dep_ == "nsubj" and c.lower_ == "it" for c in verb.children
        )

    def _inherited_speaker(self, verb: Token) -> Speaker | None:
        """'..., saying ...', 'X said A and added B': the subject of the verb this one hangs on."""
        if verb.i in second_cue(verb.head) and verb.head.dep_ == "ccomp":  # "He said A, and denied B"
            subj = self._subject(verb.head.head)
            if subj is not None:
                return self._speaker_for(subj, verb.lemma_.lower())
        node = verb
        for _ in range(4):
            through_prep = node.dep_ == "prep" and node.pos_ == "ADP"  # 'by telling them', 'after saying'
            if (node.dep_ not in _INHERIT_DEPS and not through_prep) or node.head.i == node.i:
                return None
            node = node.head
            subj = self._subject(node)
            if subj is not None:
                return self._speaker_for(subj, node.lemma_.lower())
        return None

    def _speaker_for(self, subj: Token, lemma: str) -> Speaker | None:
        speaker = self.resolver.resolve(subj, saying=lemma in SAYING_VERBS)
        if speaker is not None and speaker.kind == DOCUMENT:
            behind = self.resolver.source_of_document(subj) or self.resolver.earlier_document_source(subj)
            if behind is not None:
                return behind
        if speaker is None and is_document(subj):
            return Speaker(subj.text, DOCUMENT)
        return speaker

    def _cue_tokens(self, verb: Token) -> list[Token]:
        toks = [verb]
        for child in verb.children:
            if child.dep_ == "prt" or (child.dep_ == "prep" and _particle(child, verb.lemma_.lower())):
                toks.append(child)
        return sorted(toks, key=lambda t: t.i)

    def _attach_quotes(self) -> None:
        """A quote belongs whole to the claim that holds part of it; a quote right after a quoted
        claim ('"A," she said. "B."') continues it."""
        made: dict[int, tuple[list[Token], set[int]]] = {}  # id(found) -> its content, and its indices

        def content_ids(f: Found) -> set[int]:  # made again only when f.content is a new list
            kept = made.get(id(f))
            if kept is None or kept[0] is not f.content:
                kept = made[id(f)] = (f.content, {t.i for t in f.content})
            return kept[1]

        for start, end in self.regions:
            region = [t for t in self.doc[start:end] if not t.is_space]
            ids = {t.i for t in region}
            owners = [f for f in self.found if not ids.isdisjoint(content_ids(f))]
            if not owners:
                owner = self._quoted_claim_before(start)
                if owner is None:
                    continue
                owners = [owner]
            owner = owners[0]
            if owner.fixed:
                continue
            if ids.isdisjoint(content_ids(owner)) and self.sent_at[start] != owner.sent:
                # '"A," she said. "B."': the next sentence is a statement of its own, same speaker
                self._add_continuation(owner, region)
                continue
            others = set().union(*(f.clause | content_ids(f) for f in self.found if f is not owner))
            extra = [t for t in region if t.i not in others and t not in owner.cue]
            owner.content = trim([*owner.content, *extra])
            for sent in {self.sent_at[t.i] for t in extra}:
                if sent != owner.sent and sent not in owner.extra_sents:
                    owner.extra_sents.append(sent)
            owner.extra_sents.sort(key=lambda s: s.start)
            self.used.update(t.i for t in extra)

    def _add_continuation(self, owner: Found, region: list[Token]) -> None:
        toks = trim(region)
        if len(toks) < _MIN_CONTENT_TOKENS:
            return
        sent = self.sent_at[toks[0].i]
        cont = Found(owner.cue, owner.speaker, toks, sent, owner.speaker_index, set())
        cont.extra_sents = other_sents(self.sent_at, toks, sent)
        self.found.append(cont)
        self.used.update(t.i for t in toks)

    def _quoted_claim_before(self, start: int) -> Found | None:
        sent = self.sent_at[start]
        # the claim whose text ends last before the quote (continuations are appended out of order)
        before = [f for f in self.found if f.cue[0].i <= start]
        if not before:
            return None
        f = max(before, key=lambda f: max(s.start for s in [f.sent, *f.extra_sents]))
        last = max([f.sent, *f.extra_sents], key=lambda s: s.start)
        if (last == sent or adjacent(self.doc, last, sent)) and is_direct(f, self.doc):
            return f
        return None

    # ------------------------------------------------------------------ bookkeeping
    def _add(self, found: Found) -> None:
        ids = {t.i for t in found.content}
        if not found.inside and len(ids & self.used) > len(ids) / 2:
            return  # the same statement, reached through a second cue
        self.used.update(ids)
        if found.speaker is not None:
            self.resolver.remember(found.speaker_index, found.speaker)
        self.found.append(found)

    def _to_claim(self, f: Found) -> Claim:
        content_text = text(f.content)
        cue = " ".join(t.text for t in f.cue).strip("".join(QUOTE_CHARS))
        sentence = " ".join(self.text[s.start_char : s.end_char].strip() for s in [f.sent, *f.extra_sents])
        return Claim(
            speaker=f.speaker.name if f.speaker else None,
            cue=cue,
            content=content_text,
            direct_quote=is_direct(f, self.doc),
            hedged=is_hedged(f.cue, f.content),
            sentence=sentence,
            speaker_kind=f.speaker.kind if f.speaker else None,
            start_char=f.sent.start_char,
        )


# ---------------------------------------------------------------------- helpers


def _verb_in_role(tok: Token) -> bool:
    """'Export data compiled by X show that ...': tagged a noun, parsed as the clause's verb."""
    return (
        tok.dep_ == "ROOT"
        and any(c.dep_ == "nsubj" for c in tok.children)
        and any(c.dep_ == "ccomp" for c in tok.children)
    )


def _particle(child: Token, lemma: str) -> bool:
    """'called for', 'called on the minister'; not 'called ... on Tuesday'."""
    if child.lower_ not in PARTICLE_CUES.get(lemma, ()) or child.dep_ not in {"prep", "prt", "dative"}:
        return False
    return not any(c.ent_type_ in {"DATE", "TIME"} for c in child.children)


def _is_extraposed(verb: Token) -> bool:
    return any(c.dep_ in {"ccomp", "xcomp"} for c in verb.children) and any(
        c.dep_ == "auxpass" for c in verb.children
    )
