"""Mentions: the named spans of a Doc, trimmed and filtered, with evidence for their type.

One pass over doc.ents and one over the tokens. Each mention keeps the votes the
text gives for its type (a title says PERSON, "the consultancy X" says ORG, a
dateline says GPE), so that en_core_web_sm's label is only one voice among
several, and the role phrases found around it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from bot.nlp.entity_evidence import STRONG, Mention, context_votes, is_locative
from bot.nlp.entity_layout import Layout
from bot.nlp.entity_places import CAPITALS, DEMONYMS, fold, place_named
from bot.nlp.entity_roles import role_candidates
from bot.nlp.entity_words import (
    DETERMINERS,
    FINAL_PUNCT,
    HONORIFICS,
    NAME_PARTICLES,
    NOT_NAMES,
    ORG_DESIGNATORS,
    ORG_NOUNS,
    POSSESSIVE_TOKENS,
    ROLE_NOUNS,
    TITLE_QUALIFIERS,
    TITLES,
)

NUMERIC_LABELS = frozenset({"CARDINAL", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
_PROPER_TAGS = frozenset({"NNP", "NNPS"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})


def find_mentions(doc: Doc, layout: Layout, authors: set[str]) -> tuple[list[Mention], list[tuple[int, int]]]:
    """All mentions in text order, and (full, short) index pairs for "Name (ACRONYM)"."""
    mentions: list[Mention] = []
    by_token: dict[int, Mention] = {}
    names = {fold(ent.text) for ent in doc.ents}
    for ent in doc.ents:
        if ent.label_ in NUMERIC_LABELS:
            continue
        for start, end in _pieces(doc, ent, layout):
            mention = _mention(doc, start, end, ent.label_, layout, by_token, names)
            if mention is not None and fold(mention.text) not in authors:
                _add(mention, mentions, by_token)
    for mention in _unlabelled(doc, layout, by_token):
        _add(mention, mentions, by_token)
    for mention in _defined_acronyms(doc, mentions, by_token):
        _add(mention, mentions, by_token)
    mentions.sort(key=lambda m: m.start)
    index = {id(m): i for i, m in enumerate(mentions)}
    pairs = []
    for m in mentions:  # not "WASHINGTON (AP)": a place does not define an acronym
        if m.end + 2 < len(doc) and doc[m.end].text == "(" and doc[m.end + 2].text == ")":
            short = by_token.get(m.end + 1)
            if (
                short is not None
                and short is not m
                and not m.dateline
                and m.best_type() not in {"GPE", "LOC"}
            ):
                pairs.append((index[id(m)], index[id(short)]))
    return mentions, pairs


def _add(mention: Mention, mentions: list[Mention], by_token: dict[int, Mention]) -> None:
    mentions.append(mention)
    for i in range(mention.start, mention.end):
        by_token[i] = mention


def _pieces(doc: Doc, ent: Span, layout: Layout) -> list[tuple[int, int]]:
    """Split an entity that runs over a line break after a heading or a finished sentence."""
    pieces = []
    start = ent.start
    for tok in ent:
        if tok.is_space and "\n" in tok.text and tok.i > ent.start:
            before = doc[tok.i - 1]
            if before.i in layout.skip or before.text in FINAL_PUNCT or tok.i + 1 in layout.skip:
                pieces.append((start, tok.i))
                start = tok.i + 1
    pieces.append((start, ent.end))
    return pieces


def _is_edge(token: Token) -> bool:
    """Punctuation, spaces, articles and possessive endings: never the edge of a name."""
    return token.is_space or token.is_punct or token.lower_ in DETERMINERS or token.text in POSSESSIVE_TOKENS


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """ "the Bank of Canada" -> "Bank of Canada"; "North Korea's" -> "North Korea"; "Austin 83,000" ->
    "Austin"; "Institute for Basic Science (IBS" -> "Institute for Basic Science"."""
    opening = next((k for k in range(start + 1, end) if doc[k].text == "("), None)
    if opening is not None and not any(doc[k].text == ")" for k in range(opening, end)):
        end = opening
    while start < end and _is_edge(doc[start]):
        start += 1
    while end > start:
        last = doc[end - 1]
        numeric = last.is_digit or (last.like_num and last.text[:1].isdigit())
        if not (_is_edge(last) or ((last.is_lower or numeric) and end - 1 > start)):
            break
        end -= 1
    return start, end


def _is_title(token: Token) -> bool:
    word = token.lower_.rstrip(".")
    return word in TITLES or word in HONORIFICS


def _is_prefix_word(token: Token, person: bool) -> bool:
    """A word before the name proper: "Councillor", "Finance Minister", "skipper", "Dr"."""
    word = token.lower_.rstrip(".")
    if word in HONORIFICS or (token.is_lower and word not in NAME_PARTICLES):
        return True
    return person and (word in TITLES or word in TITLE_QUALIFIERS or word in ROLE_NOUNS)


def _mention(
    doc: Doc, start: int, end: int, label: str, layout: Layout, by_token: dict[int, Mention], names: set[str]
) -> Mention | None:
    start, end = _trim(doc, start, end)
    if start >= end or any(i in layout.skip for i in range(start, end)):
        return None
    title_start = start
    # a title or lower-case words inside the span: "Councillor Gareth Pryce", "skipper Robbie Flett"
    while start < end - 1 and (_is_prefix_word(doc[start], label == "PERSON") or _is_edge(doc[start])):
        start += 1
    if not any(_is_title(t) for t in doc[title_start:start]):
        title_start = start  # "this White House", "skipper Robbie Flett": no title to keep
    first = doc[start]
    opens = first.is_sent_start or first.i in layout.para_start
    if (
        label == "PERSON"
        and end - start > 1
        and layout.is_common_word(first)
        and (opens or first.tag_ not in _PROPER_TAGS)
    ):
        start += 1  # "Top Biden officials"
    forms: list[str] = []
    poss = next((k for k in range(start + 1, end - 1) if doc[k].text in {"'s", "’s"}), None)
    if poss is not None and label == "PERSON":  # "Donald's Georgia"
        end = poss
    elif poss is not None:
        start, end = _owner_or_owned(doc, start, poss, end, forms, names)
        title_start = start
    if start == title_start and (label == "PERSON" or end - start == 1):
        start = title_start = _first_names_before(doc, start, end, by_token)
        if label == "PERSON":
            title_start = _titles_before(doc, start, by_token)
    if title_start < start:
        forms.append(" ".join(doc[title_start:end].text.split()))
    elif (
        label != "PERSON"
        and start >= 2
        and doc[start - 1].text in {"'s", "’s"}
        and doc[start - 2].ent_type_ == "GPE"
    ):
        forms.append(" ".join(doc[start - 2 : end].text.split()))
    text = " ".join(doc[start:end].text.split())
    tokens = doc[start:end]
    folded = fold(text)
    if (
        not any(ch.isalpha() for ch in text)
        or all(t.is_lower or not t.is_alpha for t in tokens)
        or folded in NOT_NAMES
        or tokens[0].tag_ == "PRP"
        or _is_currency(doc, start, end)
    ):
        return None
    if end - start == 1 and (
        folded in TITLES
        or folded in ROLE_NOUNS
        or (folded in TITLE_QUALIFIERS and end < len(doc) and _is_title(doc[end]))
    ):
        return None  # "Chair", or "Home" in "Home Secretary James Cleverly"
    mention = Mention(start, end, text, label, forms=forms)
    place = place_named(text)
    if label in {"NORP", "LANGUAGE"}:
        if place is None and label == "LANGUAGE":
            return None
        if place is not None and label == "LANGUAGE" and tokens.root.dep_ not in _MODIFIER_DEPS:
            return None
        if place is not None:
            mention.place, mention.label = place, place.type
            mention.demonym = folded in DEMONYMS
        return mention
    if place is not None:
        mention.place, mention.label = place, place.type
        mention.locative = is_locative(tokens.root)
        return mention
    mention.capital_of = CAPITALS.get(folded)
    if mention.capital_of is not None:
        mention.vote("GPE", 2 * STRONG)
    if any(i in layout.dateline_place for i in range(start, end)):
        mention.vote("GPE", 2 * STRONG)
        mention.dateline = True
    elif any(i in layout.dateline_outlet for i in range(start, end)):
        mention.vote("ORG", 2 * STRONG)
    if title_start < start and any(_is_title(t) for t in doc[title_start:start]):
        mention.vote("PERSON", STRONG + 1)
    context_votes(doc, mention, by_token)
    mention.locative = mention.locative or mention.dateline
    if end - start == 1 and mention.capital_of is None and not mention.dateline:
        tok = doc[start]
        opens = tok.is_sent_start or start in layout.para_start
        mention.weak = tok.tag_ not in _PROPER_TAGS or (opens and layout.is_common_word(tok))
    mention.roles = role_candidates(doc, start, end, title_start)
    return mention


def _owner_or_owned(
    doc: Doc, start: int, poss: int, end: int, forms: list[str], names: set[str]
) -> tuple[int, int]:
    """ "Russia's Federal Security Service" is the service; "Amazon's HQ2" is Amazon's."""
    owner, owned = doc[start:poss], doc[poss + 1 : end]
    if place_named(owner.text) is not None or owned[-1].lower_ in ORG_DESIGNATORS:
        forms.append(" ".join(doc[start:end].text.split()))
        return poss + 1, end
    if owner[-1].lower_ in ORG_DESIGNATORS or fold(owner.text) in names:
        return start, poss
    return start, end


def _titles_before(doc: Doc, start: int, by_token: dict[int, Mention]) -> int:
    """ "Ambassador Alexander Matsegora", "Finance Minister Ola Berg": the title before a name."""
    if start == 0 or not _is_title(doc[start - 1]) or not doc[start - 1].text[:1].isupper():
        return start
    j = start - 1
    while j > 0 and doc[j - 1].text[:1].isupper() and j - 1 not in by_token:
        if not (_is_title(doc[j - 1]) or doc[j - 1].lower_ in TITLE_QUALIFIERS):
            break
        j -= 1
    return j


def _first_names_before(doc: Doc, start: int, end: int, by_token: dict[int, Mention]) -> int:
    """ "manager Pep Guardiola" when the model tagged only "Guardiola"."""
    while start > 0:
        tok = doc[start - 1]
        word = tok.lower_.rstrip(".")
        if (
            tok.tag_ not in _PROPER_TAGS
            or not tok.is_title
            or tok.ent_iob_ != "O"
            or tok.i in by_token
            or tok.dep_ != "compound"
            or not start <= tok.head.i < end
            or word in TITLES
            or word in HONORIFICS
            or word in TITLE_QUALIFIERS
            or word in ROLE_NOUNS
            or place_named(tok.text) is not None
        ):
            break
        start -= 1
    return start


def _is_currency(doc: Doc, start: int, end: int) -> bool:
    """ "NOK 38", "38 NOK": a currency code next to a number."""
    if end - start != 1 or not doc[start].is_upper or len(doc[start]) != 3:
        return False
    return (end < len(doc) and doc[end].like_num) or (start > 0 and doc[start - 1].like_num)


def _unlabelled(doc: Doc, layout: Layout, by_token: dict[int, Mention]) -> list[Mention]:
    """Names the model missed: a country or demonym ("Icelandic"), "the sports daily Sportkrant"."""
    found: list[Mention] = []
    n = len(doc)
    after = 0  # tokens before this one are done
    for i in layout.capitalised_outside:
        if i < after or i in by_token or i in layout.skip:
            continue
        tok = doc[i]
        place = place_named(tok.text)
        if place is not None and not (
            (tok.is_sent_start or i in layout.para_start) and layout.is_common_word(tok)
        ):
            found.append(
                Mention(i, i + 1, tok.text, place.type, place=place, demonym=fold(tok.text) in DEMONYMS)
            )
            continue
        j = i
        while j < n and doc[j].tag_ in _PROPER_TAGS and doc[j].ent_iob_ == "O" and doc[j].text[:1].isupper():
            j += 1
        if j > i and _described_as_org(doc[j - 1], i):
            mention = Mention(i, j, " ".join(doc[i:j].text.split()), "ORG")
            mention.vote("ORG", STRONG)
            mention.roles = role_candidates(doc, i, j, i)
            found.append(mention)
        after = j
    return found


def _described_as_org(token: Token, start: int) -> bool:
    if token.lower_ in TITLES or token.lower_ in ROLE_NOUNS:
        return False
    for child in token.children:
        if (
            child.i < start
            and child.dep_ in _MODIFIER_DEPS
            and child.lemma_.lower() in ORG_NOUNS
            and not child.ent_type_
        ):
            return True
    return token.dep_ == "appos" and token.head.i < start and token.head.lemma_.lower() in ORG_NOUNS


def _defined_acronyms(doc: Doc, mentions: list[Mention], by_token: dict[int, Mention]) -> list[Mention]:
    """ "the Federal Security Service (FSB)": the acronym is a mention even when the model missed it."""
    found = []
    for m in mentions:
        k = m.end
        if k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")" and k + 1 not in by_token:
            acronym = doc[k + 1]
            if acronym.is_alpha and acronym.is_upper and 2 <= len(acronym) <= 8:
                found.append(Mention(k + 1, k + 2, acronym.text, m.label))
    return found
