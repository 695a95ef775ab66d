"""What a cue verb attributes: the content half of a claim, found on the dependency parse.

In order: a cue set off by commas inside the statement; a clausal complement; the statement
the cue hangs off ('"We will fight," she said.'); an object where the cue takes one; a quote
near the cue or ending just before it; a colon and what follows; content first, then the cue.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from bot.nlp.claim_parts import parenthetical, region_before, with_reasons
from bot.nlp.claim_text import has_quote, next_paragraph, quote_spans, trim
from bot.nlp.cues import PARTICLE_CUES, SPEECH_VERBS, STANCE_VERBS

SUBJ = {"nsubj", "nsubjpass"}
CONTENT_DEPS = {"ccomp", "xcomp", "csubj"}
OBJECT_CUES = frozenset(
    """deny warn call urge criticize criticise blame reject dismiss question accuse praise promise pledge
    demand propose recommend announce confirm reveal disclose acknowledge estimate predict forecast
    highlight flag mention describe cite condemn blast slam want plan seek fear expect dispute allege
    report attack""".split()
)
_OBJECT_PREPS = {"for", "on", "of", "about", "against", "to", "that"}
MIN_CONTENT_TOKENS = 3
_ON = {"on", "upon"}
_REQUESTS = {"ask", "tell", "advise", "encourage", "instruct"}  # "told his advisers to find a way"


class ContentFinder:
    def __init__(self, doc: Doc, regions: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.regions = regions

    def find(self, verb: Token, sent: Span) -> list[Token]:
        """What a cue verb attributes: its clause, a quote, its object ... (empty: no content)."""
        lemma = verb.lemma_.lower()
        subj_ids = {t.i for c in verb.children if c.dep_ in SUBJ for t in c.subtree}
        # 0. a cue set off by commas inside the statement: "The plan, she said, is dead."
        if lemma in SPEECH_VERBS and not has_quote([verb], self.doc):
            inside = parenthetical(verb)
            if len(inside) >= MIN_CONTENT_TOKENS:
                return inside
        # 1. a clause: "said (that) ...", "believe ...", "expects prices to rise"; of two clauses,
        #    the one after the cue unless the one before is a quotation ("X came under scrutiny
        #    after Kerr said her son was left ..." is about Kerr's words, not X)
        children = list(verb.children)
        clauses = [c for c in children if c.dep_ == "ccomp"]
        if len(clauses) > 1 and clauses[0].i < verb.i < clauses[-1].i and not self._quoted(clauses[0]):
            children = [c for c in children if c.i != clauses[0].i]
        for child in children:
            if child.i < verb.i and any(t.text in {";", ":"} for t in self.doc[child.right_edge.i : verb.i]):
                continue  # "It is unlikely; the team says she will ...": not what the team says
            if child.dep_ in CONTENT_DEPS and child.i not in subj_ids:
                if child.dep_ == "xcomp" and lemma in SPEECH_VERBS and lemma not in OBJECT_CUES | _REQUESTS:
                    continue
                if child.dep_ == "xcomp" and any(c.dep_ == "auxpass" for c in child.children):
                    continue  # "asked not to be named": a condition of the interview, not a claim
                cut = second_cue(child)
                toks = trim([t for t in child.subtree if t.i not in cut])
                if child.i > verb.i:
                    toks = _from_that(verb, child, toks)
                toks = self._extend_with_objects(verb, child, toks)
                if child.i > verb.i:
                    toks = with_reasons(verb, child, toks)
                if len(toks) >= MIN_CONTENT_TOKENS:
                    return toks
        # 2. the cue hangs off the statement: '"We will fight," she said.' parsed as parataxis
        if verb.dep_ in {"parataxis", "ccomp"} and verb.head.i != verb.i:
            own = {t.i for t in verb.subtree}
            toks = trim([t for t in verb.head.subtree if t.i not in own and t.sent == sent])
            if len(toks) >= MIN_CONTENT_TOKENS and (verb.dep_ == "parataxis" or has_quote(toks, self.doc)):
                return toks
        # 3. an object first where the cue takes one: "condemned the test as \"reckless\"",
        #    "attacked Clinton for her vote, saying ..." (the quote is the participle's)
        objective = lemma in OBJECT_CUES or lemma in PARTICLE_CUES or lemma in STANCE_VERBS
        if objective and any(c.dep_ == "dobj" for c in verb.children):
            toks = self._object_content(verb, lemma)
            if toks:
                return toks
        # 4. a quote in the sentence, before or after the cue ('"...," X said.' / 'X said: "..."')
        quote = self._quote_near(verb, sent)
        if quote:
            return quote
        subject = next((c for c in verb.children if c.dep_ in SUBJ), None)
        quote = region_before(verb, self.regions, subject)
        if len(quote) >= MIN_CONTENT_TOKENS:
            return quote
        # 4b. an object: "denied the allegations", "called for a review", "warned of delays"
        if objective:
            toks = self._object_content(verb, lemma)
            if toks:
                return toks
        # 5. colon form: "X said: the plan is dead.", or "X said:" closing a line, the words below
        after = [t for t in sent if t.i > verb.i and not t.is_space]
        if after and after[0].text == ":":
            toks = trim(after[1:]) or next_paragraph(sent)
            if len(toks) >= MIN_CONTENT_TOKENS:
                return toks
        # 6. content first, then a comma and the cue: "The cap is 650,000 tonnes, Aasland confirmed."
        subj = [c for c in verb.children if c.dep_ in SUBJ]
        for child in verb.children:
            if child.dep_ == "advcl" and subj and child.right_edge.i < subj[0].left_edge.i:
                gap = self.doc[child.right_edge.i + 1 : subj[0].left_edge.i]
                if any(t.text == "," for t in gap):
                    toks = trim(list(child.subtree))
                    if len(toks) >= MIN_CONTENT_TOKENS:
                        return toks
        return []

    def _object_content(self, verb: Token, lemma: str) -> list[Token]:
        for child in verb.children:
            if child.dep_ in {"dobj", "attr"} or (child.dep_ == "prep" and child.lower_ in _OBJECT_PREPS):
                toks = trim([t for t in child.subtree])
                if child.dep_ == "prep":
                    toks = [t for t in toks if t.i != child.i]
                toks = self._extend_with_objects(verb, child, toks)
                if child.dep_ == "dobj":  # "condemned the test as reckless", "attacked her for ..."
                    for prep in verb.children:
                        if prep.dep_ == "prep" and prep.lower_ in {"as", "for"} and prep.i > child.i:
                            toks = trim([*toks, *prep.subtree])
                if len(toks) >= MIN_CONTENT_TOKENS:
                    return toks
        return []

    def _quoted(self, clause: Token) -> bool:
        return any(start <= clause.i < end for start, end in self.regions)

    def _extend_with_objects(self, verb: Token, first: Token, toks: list[Token]) -> list[Token]:
        """'urged ministers to act', 'called on Republicans to act': keep the object with its complement."""
        if first.dep_ == "xcomp":
            objs = [c for c in verb.children if c.dep_ == "dobj" and c.i < first.i]
            if objs:
                return trim([*objs[0].subtree, *toks])
            ons = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in _ON and c.i < first.i]
            if ons:
                return trim([t for t in ons[0].subtree if t.i != ons[0].i] + toks)
        return toks

    def _quote_near(self, verb: Token, sent: Span) -> list[Token]:
        spans = quote_spans(sent)
        if not spans:
            return []
        # the nearest quote that does not contain the cue
        best: tuple[int, int] | None = None
        for start, end in spans:
            if start <= verb.i < end or _title_like(self.doc[start:end]):
                continue
            if best is None or abs(start - verb.i) < abs(best[0] - verb.i):
                best = (start, end)
        if best is None:
            return []
        toks = trim([self.doc[i] for i in range(*best)])
        return toks if len(toks) >= MIN_CONTENT_TOKENS else []

    # ------------------------------------------------------------------ quotes over several sentences


def _title_like(span: Span) -> bool:
    """'the "Commander-in-Chief Forum"', '"The Steve Harvey Morning Show"': a quoted name, no statement."""
    words = [t for t in span if t.is_alpha]
    if not words or len(words) > 8 or any(t.pos_ in {"VERB", "AUX"} for t in span):
        return False
    return all(t.is_title or t.is_upper or t.lower_ in _SMALL_WORDS for t in words)


_SMALL_WORDS = {"a", "an", "the", "of", "in", "on", "for", "and", "to", "with", "at", "by"}


def second_cue(clause: Token) -> set[int]:
    """'He said A, and denied B': the parser hung 'denied' (no subject of its own) on A's verb;
    it is the speaker's second cue, not part of what was said."""
    for conj in clause.children:
        if conj.dep_ != "conj" or conj.lemma_.lower() not in SPEECH_VERBS or conj.pos_ != "VERB":
            continue
        if any(c.dep_ in SUBJ for c in conj.children) or not any(c.dep_ in SUBJ for c in clause.children):
            continue
        ids = {t.i for t in conj.subtree}
        ids |= {c.i for c in clause.children if c.dep_ in {"cc", "punct"} and c.i < conj.i and c.i > clause.i}
        return ids
    return set()


def _from_that(verb: Token, clause: Token, toks: list[Token]) -> list[Token]:
    """'told reporters on a call that households renewing mortgages face ...': the parser read the
    complementizer as a relative pronoun and lost the clause's subject; the content runs from
    the 'that' after the cue to the end of the clause."""
    doc = verb.doc
    start = toks[0].i if toks else clause.i
    that = next((t for t in doc[verb.i + 1 : start] if t.lower_ == "that" and t.dep_ != "mark"), None)
    if that is None or any(t.is_punct and t.text in {".", ";", ":"} for t in doc[that.i : start]):
        return toks
    return trim(list(doc[that.i + 1 : clause.right_edge.i + 1]))
