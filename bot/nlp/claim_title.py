"""Claims a headline makes in the standard headline forms (the title is not part of the Doc).

- "Flynn says Trump 'absolutely right' on generals", "Obama Says Museum Will Tell of Suffering";
- "Clinton Hid Health Problems, Former White House Doctor Says" (speaker after the content);
- "Sanders: Clinton needs to get away from personality", "Poll: Clinton and Trump in dead heat"
  (a short name, then a colon); "Warren Hammers Wells Fargo CEO: 'You Should Be Investigated'"
  (a quotation after the colon: the person named before it said it).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from bot.nlp import entities
from bot.nlp.cues import DOCUMENT_NOUNS, HEDGE_WORDS, QUOTE_CHARS
from bot.nlp.extensions import ARTICLE, ENTITIES
from bot.nlp.speakers import DOCUMENT, NAMED_PERSON, ORGANIZATION, UNNAMED
from bot.nlp.types import Claim, Entity

_VERBS = """say said call warn claim insist urge tell slam blast rip hammer attack criticize defend deny vow
pledge promise reveal see speak admit accuse blame praise question reject dismiss tout doubt fear
hope want back endorse condemn decry mock denounce demand seek push threaten ask respond rule vote
weigh oppose support challenge press decide""".split()
_FORMS = "|".join(sorted({f for v in _VERBS for f in (v, v + "s", v[:-1] + "ies" if v.endswith("y") else v)}))
_SAYS = rf"(?:calls\s+for|calls\s+on|call\s+for|tells\s+\w+|{_FORMS})"
_NAME = r"(?P<speaker>[^,:;'‘’\"“”]{2,60}?)"
_AFTER = re.compile(rf"^(?P<content>.{{12,}}?),\s+{_NAME}\s+(?P<cue>{_SAYS})\W*$", re.I)
_BEFORE = re.compile(rf"^(?:[^:]{{2,20}}:\s+)?{_NAME}\s+(?P<cue>{_SAYS})\s+(?P<content>.{{12,}})$", re.I)
_COLON = re.compile(r"^(?P<speaker>[^:]{2,60}?):\s+(?P<content>.{12,})$")
_MAX_SPEAKER_WORDS = 6
_MAX_COLON_NAME_WORDS = 4
_LOWER_OK = {"of", "the", "de", "van", "von", "da", "and", "former", "a"}


def title_claims(doc: Doc) -> list[Claim]:
    article = getattr(doc._, ARTICLE, None)
    title = " ".join(str(getattr(article, "title", "") or "").split())
    if not title:
        return []
    found = _says(doc, title) or _colon(doc, title)
    return [found] if found is not None else []


def _says(doc: Doc, title: str) -> Claim | None:
    for pattern in (_AFTER, _BEFORE):
        m = pattern.match(title)
        if m is None:
            continue
        speaker = m.group("speaker").strip()
        if len(speaker.split()) > _MAX_SPEAKER_WORDS or not speaker[:1].isupper():
            continue
        cue = " ".join(m.group("cue").split())
        return _claim(doc, title, speaker, cue, m.group("content"))
    return None


def _colon(doc: Doc, title: str) -> Claim | None:
    m = _COLON.match(title)
    if m is None:
        return None
    before, content = m.group("speaker").strip(), m.group("content")
    before = re.split(r"\s+on\s+", before, maxsplit=1)[0]  # "Obama on Climate Change: ..."
    words = before.split()
    if content[:1] in QUOTE_CHARS or content[:1] == "'":
        ent = _person_in(doc, before)  # "Warren Hammers Wells Fargo CEO: 'You Should ...'"
        speaker = ent.name if ent is not None else before
        return _claim(doc, title, speaker, ":", content)
    if len(words) > _MAX_COLON_NAME_WORDS:
        return None
    named = all(w[:1].isupper() or w.lower() in _LOWER_OK for w in words)
    document = words[-1].lower() in DOCUMENT_NOUNS
    if not named or not (document or _entity(doc, before) is not None):
        return None  # "Russia Sends Soldiers to Korea: Implications ..." is not a speaker
    return _claim(doc, title, before, ":", content)


def _claim(doc: Doc, title: str, speaker: str, cue: str, content: str) -> Claim:
    content = content.strip().rstrip(".;: ")
    ent = _entity(doc, speaker)
    if ent is not None:
        name, kind = ent.name, NAMED_PERSON if ent.type == "PERSON" else ORGANIZATION
    else:
        last = speaker.split()[-1].lower()
        kind = DOCUMENT if last in DOCUMENT_NOUNS else UNNAMED if speaker[:1].islower() else NAMED_PERSON
        name = speaker
    words = set(re.findall(r"[a-z]+", content.lower()))
    return Claim(
        speaker=name,
        cue=cue,
        content=content,
        direct_quote=content[:1] in QUOTE_CHARS or content[:1] == "'",
        hedged=bool(words & HEDGE_WORDS),
        sentence=title,
        speaker_kind=kind,
        start_char=-1,  # not a sentence of the body
    )


def _entity(doc: Doc, text: str) -> Entity | None:
    """The body's entity for a headline name: the exact name or alias, else a surname match."""
    found = entities.entity_named(doc, text)
    if found is not None:
        return found
    last = text.split()[-1].lower() if text.split() else ""
    for ent in _entities(doc):
        names = [ent.name, *ent.aliases]
        if ent.type in {"PERSON", "ORG"} and any(n.lower().split()[-1:] == [last] for n in names):
            return ent
    return None


def _person_in(doc: Doc, text: str) -> Entity | None:
    for ent in _entities(doc):
        if ent.type == "PERSON" and any(n and n in text for n in [ent.name, *ent.aliases]):
            return ent
    return None


def _entities(doc: Doc) -> list[Entity]:
    found: list[Entity] = getattr(doc._, ENTITIES, None) or []
    return found
