"""What the text says a participant is: "chief executive of Y", "Russian ambassador to Pyongyang".

Read from the parse around one mention, in the places a news text puts a role:
a title or a noun phrase before the name ("Club chairman Alan Brierley",
"Norway's chief negotiator Kristian Aasland"), a comma apposition before or
after it ("the Russian ambassador to Pyongyang, Alexander Matsegora";
"X, the Oslo-based renewables developer,"), "X of the group Y", and "X, who
led the delegation". Each candidate gets a score; the entity keeps the best.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from bot.nlp.entity_words import DETERMINERS, HONORIFICS, ORG_NOUNS, ROLE_VERBS, is_role_noun

Candidate = tuple[float, str, str]  # score, phrase, "person" or "org" for what its nouns describe

_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "case", "punct", "npadvmod", "nummod"})
_CLIMB_DEPS = frozenset({"pobj", "prep", "compound", "conj"})
_NOT_IN_ROLES = frozenset(
    {"PRON", "DET", "ADV", "SCONJ", "CCONJ", "VERB", "AUX", "ADP", "PART", "SPACE", "NUM"}
)
_NUMERIC_ENTS = frozenset({"CARDINAL", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
_EDGE_PUNCT = " ,;:—–-\"'“”‘’()"
_MAX_WORDS = 16
_LONG = 10
_DESCRIBING_BONUS = 6.0


def role_candidates(doc: Doc, start: int, end: int, title_start: int) -> list[Candidate]:
    """Role phrases around the name doc[start:end]; doc[title_start:start] is a title already stripped."""
    span = doc[start:end]
    root = span.root
    found: list[Candidate] = []
    title = _title_phrase(doc[title_start:start])
    if title:
        found.append(_scored(title, kind="person"))
    before = _premodifiers(doc, title_start, end)
    if before is not None and any(_describes(t) for t in before):
        found.append(_scored(before))
    elif before is not None and title:  # "Florida State President Richard McCullough"
        found.append(_scored(doc[before.start : start], kind="person"))
    if root.dep_ == "appos" and root.head.i < start:
        head = _climb_to_noun(root.head, start)
        if head is not None and start - head.left_edge.i <= _MAX_WORDS:
            left, right = head.left_edge.i, title_start
            commas = [t.i for t in doc[left:right] if t.text == "," and t.ent_iob_ == "O"]
            before_head = [i for i in commas if i < head.i]
            after_head = [i for i in commas if i > head.i]
            found.append(
                _scored(
                    doc[before_head[-1] + 1 if before_head else left : after_head[0] if after_head else right]
                )
            )
    for child in root.children:
        if child.i < end:
            continue
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            found.append(_scored(_phrase(doc, child, end)))
        elif child.dep_ == "prep" and child.lower_ == "of" and child.i == end:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:  # "Lena Voss of the marine conservation group Blue Current"
                found.extend(_affiliation(doc, objects[0], end))
        elif child.dep_ == "relcl" and child.lemma_.lower() in ROLE_VERBS and _by_whom(child):
            found.append(_scored(doc[child.i : child.right_edge.i + 1], clause=True, kind="person"))
    return [c for c in found if c[1]]


def _affiliation(doc: Doc, obj: Token, end: int) -> list[Candidate]:
    """ "of the group Blue Current": the organisation a person belongs to (also when the parser
    left the name outside the phrase)."""
    stop = obj.right_edge.i + 1
    while (
        stop < len(doc)
        and doc[stop].ent_type_ == "ORG"
        and (stop == obj.right_edge.i + 1 or doc[stop].ent_iob_ == "I")
    ):
        stop += 1
    phrase = doc[max(obj.left_edge.i, end) : stop]
    if not any(t.ent_type_ == "ORG" for t in phrase):
        return []
    return [_scored(phrase, kind="person")]


def _by_whom(clause: Token) -> bool:
    """ "X, who led the Faroese delegation": a relative clause about a person."""
    return any(c.dep_ == "nsubj" and c.lower_ == "who" for c in clause.children)


def _title_phrase(tokens: Span) -> Span | None:
    kept = [t for t in tokens if t.lower_.rstrip(".") not in HONORIFICS]
    return tokens if kept else None


def _premodifiers(doc: Doc, title_start: int, end: int) -> Span | None:
    """ "Club chairman", "Coralline chief executive", "skipper": words before the name modifying it."""
    sent_start = doc[title_start].sent.start if title_start < len(doc) else 0
    j = title_start - 1
    while j >= sent_start:
        tok = doc[j]
        if tok.dep_ not in _MODIFIER_DEPS or not (j < tok.head.i < end) or tok.pos_ in _NOT_IN_ROLES:
            break
        if tok.ent_type_ in _NUMERIC_ENTS:  # "Thursday Trump campaign spokesman"
            break
        if tok.is_punct and tok.text not in {"-", "’", "'"}:
            break
        j -= 1
    phrase = doc[j + 1 : title_start]
    return phrase if len(phrase) else None


def _climb_to_noun(token: Token, limit: int) -> Token | None:
    """From the word an apposition hangs on up to the role noun: "ambassador to Pyongyang, X"."""
    for _ in range(4):
        if token.pos_ == "NOUN" and _describes(token):
            return token
        if token.dep_ not in _CLIMB_DEPS or token.head.i >= token.i or token.head.i >= limit:
            return None
        token = token.head
    return None


def _phrase(doc: Doc, head: Token, after: int) -> Span:
    start = max(head.left_edge.i, after)
    end = head.right_edge.i + 1
    if end - start > _LONG:  # a long apposition loses its relative clause
        clause = next((c for c in head.rights if c.dep_ in {"relcl", "acl"}), None)
        if clause is not None:
            end = clause.left_edge.i
    comma = next((t.i for t in doc[head.i : end] if t.text == "," and t.ent_iob_ == "O"), end)
    end = min(comma, start + _MAX_WORDS)  # an apposition ends at its first comma
    return doc[start:end]


def _describes(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return is_role_noun(token.lower_) or is_role_noun(lemma) or lemma in ORG_NOUNS


def _scored(phrase: Span, clause: bool = False, kind: str = "") -> Candidate:
    """Score a role phrase: longer and naming a role or a kind of organisation is better."""
    words = [t for t in phrase if not t.is_space]
    while words and (
        words[0].lower_ in DETERMINERS
        or words[0].text in _EDGE_PUNCT
        or (not clause and words[0].pos_ in _NOT_IN_ROLES)
    ):
        words = words[1:]
    while words and (words[-1].text in _EDGE_PUNCT or words[-1].pos_ in {"CCONJ", "ADP", "DET"}):
        words = words[:-1]
    if not words:
        return 0.0, "", ""
    text = "".join(t.text_with_ws for t in words).strip()
    text = " ".join(text.split())
    first = words[0]
    if first.is_sent_start and first.is_title and first.pos_ != "PROPN" and not first.ent_type_:
        text = text[0].lower() + text[1:]  # "Club chairman Alan Brierley said"
    score = float(min(len(words), 12) - max(0, len(words) - 14))
    for t in words:
        if t.lemma_.lower() in ORG_NOUNS:
            kind = kind or "org"
        elif _describes(t):
            kind = "person"
    if kind:
        score += _DESCRIBING_BONUS
    return score, text, kind
