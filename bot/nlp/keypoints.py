"""briefbot_key_points: the body sentences that carry an article's main facts, best first.

Extractive and unsupervised, linear in the number of tokens. Each sentence is
cleaned (a leading dateline, or a photo caption fused to it, is cut off) and
filtered: headings, bylines, captions, questions, boilerplate, fragments and
restatements of the title are never key points. The rest are scored with a
lead prior (news puts its main facts first), overlap with the title and with
the rest of the article, and density of names and figures; quote fragments,
commentary ("The decision signals ...") and long sentences are discounted.
Points are picked best first, skipping near-repeats of a chosen point
(maximal marginal relevance).

A headed or paragraphed article gets up to five points; a bare block of text
(no title, no paragraph breaks) gets three, the length of a story-highlights
box, since there the points are the whole summary. Very short articles get
fewer.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span

from bot.nlp.extensions import ARTICLE, CLAIMS, ENTITIES, KEY_POINTS
from bot.nlp.text import CREDIT_STARTS, doc_text

MAX_POINTS = 5
BARE_POINTS = 3  # for a text with neither title nor paragraph breaks
MIN_WORDS, MAX_WORDS = 6, 60

# Score = (W_LEAD * lead + W_CENTRAL * central + W_TITLE * title + W_INFO * info) * discounts,
# each part scaled to 0..1 within the article.
W_LEAD, W_CENTRAL, W_TITLE, W_INFO = 2.0, 0.3, 0.5, 0.6
LEAD_DECAY = 0.25  # lead = 1 / (1 + LEAD_DECAY * rank among the candidates)
LEN_PIVOT = 25  # longer sentences are discounted by sqrt(LEN_PIVOT / words)
D_QUOTE, D_COMMENTARY, D_CAPTION, B_REPORTED = 0.5, 0.3, 0.5, 1.1
TITLE_REPEAT = 0.7  # this share of a sentence's terms in the title: it restates the headline
DUPLICATE = 0.45  # this share of the shorter point's terms in a chosen point: a repeat
REDUNDANCY = 0.5  # MMR: how much overlap with the chosen points lowers a candidate's score


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_REPORTING = _wordset(
    "say tell add state announce confirm report reveal claim insist warn deny admit explain "
    "accord allege argue estimate expect believe"
)
# "The decision signals ...", "It all highlights ...", "In summary, ...": comment on the news.
_COMMENTARY_VERBS = _wordset(
    "signal highlight underline underscore suggest illustrate reflect indicate demonstrate mark "
    "summarize summarise signify represent"
)
_COMMENTARY_SUBJECTS = _wordset("the this that these those such it")
_FIRST_SECOND_PERSON = _wordset("i me my we us our you your")
_WRAP_UP = re.compile(r"^(?:in summary|in conclusion|overall|to sum up|in short)\b", re.I)
# Boilerplate: these phrases anywhere as words ("subscribe", not "subscribers"; "read more", not
# "spread more"), "cookie(s)", a credit line (CREDIT_STARTS) or a byline ("By Ana Ruiz", not
# "By contrast" or "By Monday"), or a photo credit ("Photo: ...", not "Photographs show ...").
# The phrases are looked for in the lower-cased text first: one case-insensitive regex of them
# all took ~18 us a sentence.
_PHRASES = (
    "click here", "scroll down", "read more", "sign up", "subscribe", "newsletter", "follow us",
    "all rights reserved", "accepting comments", "original source",
)  # fmt: skip
_PHRASE_WORDS = re.compile(r"\b(?:" + "|".join(_PHRASES) + r")\b", re.I)
_COOKIES = re.compile(r"\bcookies?\b", re.I)
_WHEN = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june"
    "|july|august|september|october|november|december|today|tonight|tomorrow|yesterday"
)
_BOILERPLATE_START = re.compile(
    rf"by\s+(?=(?-i:[A-Z]))(?!(?:{_WHEN})\b)|\(?(?:{'|'.join(map(re.escape, CREDIT_STARTS))})"
    r"|\(?(?:photo(?:graph)?|picture|image)s?(?:\s*:|\s+(?:by|credit)\b)",
    re.I,
)
# "LONDON (Meridian Newswire) — ", "New Delhi, India (CNN)", "MANCHESTER — ": not "Microsoft (MSFT) ".
_DATELINE = re.compile(
    r"^(?:[A-Z][\w.'’-]*(?:[ ,]+[A-Z][\w.'’-]*){0,4}\s*)?\([A-Z][^()]{1,40}\)(?:(?=[A-Z\"“‘])|\s*[—–-]+\s*)"
    r"|^[A-Z][A-Z .,'’-]{2,40}\s+[—–-]+\s+"
)
# How a sentence ends: a bare "?" (a question) does not count, a quoted one ("... next?'") does.
_FINAL = tuple(e + c for e in ".!?" for c in ("", '"', "'", "”", "’", ")") if e + c != "?")
_WORD = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*")
# "... in November The German boss has ...": a capitalised pronoun or determiner straight after a
# word, then a lower-case word, is where a photo caption runs into the next sentence.
_FUSED = re.compile(r"(?<=[^\W_] )(?:He|She|It|They|His|Her|Their|Its|We|The|An|This|These) (?=[a-z])")
# "(pictured)", ", pictured,", "pictured left": a photo caption mixed into the body.
_CAPTION = re.compile(
    r"[(,]\s*(?:not )?pictured\b|\bpictured (?:left|right|above|below|centre|center)\b", re.I
)


def _stem(word: str) -> str:
    word = word.lower().removesuffix("'s").removesuffix("’s")
    if len(word) > 6:
        return word[:6]
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _terms(text: str) -> set[str]:
    """Content-word stems of a text: what two sentences, or a sentence and a title, share."""
    return _terms_of(_WORD.findall(text))


def _terms_of(words: list[str]) -> set[str]:
    return {_stem(w) for w in words if w.lower() not in STOP_WORDS and len(w) > 1}


@dataclass
class _Candidate:
    text: str
    terms: set[str]
    words: int
    info: float  # names and figures per sqrt(word)
    title: float  # share of the title's terms it holds
    discount: float
    central: float = 0.0
    score: float = 0.0


def _clean(sent: Span, whole: str) -> tuple[Span, str] | None:
    """The part of a sentence that could be a key point, or None when no part can.

    `whole` is the Doc's text: a span's text is its slice (cheaper than `Span.text`)."""
    fused = [m.start() for m in _FUSED.finditer(whole[sent.start_char : sent.end_char])]
    if fused:
        start = sent.start_char + fused[-1]
        sent = sent.doc.char_span(start, sent.end_char, alignment_mode="expand") or sent
    text = whole[sent.start_char : sent.end_char].strip()
    if (match := _DATELINE.match(text)) and _starts_sentence(text[match.end() :]):
        text = text[match.end() :]
    if not text.endswith(_FINAL) or not _starts_sentence(text) or _is_boilerplate(text):
        return None
    return sent, text


def _is_boilerplate(text: str) -> bool:
    lower = text.lower()
    if "©" in text or (any(p in lower for p in _PHRASES) and _PHRASE_WORDS.search(text)):
        return True
    return bool(_BOILERPLATE_START.match(text)) or ("cookie" in lower and bool(_COOKIES.search(text)))


def _starts_sentence(text: str) -> bool:
    return text[:1].isupper() or text[:1].isdigit() or text[:1] in "\"“‘'"


def _is_commentary(sent: Span) -> bool:
    first = sent[0].lower_
    if first in ("this", "these") and sent[1].pos_ == "NOUN" and sent[1].ent_type_ not in ("DATE", "TIME"):
        return True  # "This development ...": about an earlier sentence ("This week" is a date)
    if first not in _COMMENTARY_SUBJECTS:
        return False
    for tok in sent[1:6]:
        if tok.lemma_.lower() in _COMMENTARY_VERBS or tok.lower_.removesuffix("s") in _COMMENTARY_VERBS:
            return True
        if not (tok.is_lower and tok.is_alpha):
            return False
    return False


def _discount(sent: Span, text: str, words: int, reported: bool, personal: bool) -> float:
    """`personal`: the sentence has a first or second person pronoun."""
    discount = math.sqrt(min(1.0, LEN_PIVOT / words))
    first = sent[0]
    if first.is_quote or personal:
        discount *= D_QUOTE  # a quote, or a quote fragment without its speaker
    if _is_commentary(sent) or _WRAP_UP.match(text):
        discount *= D_COMMENTARY
    if _CAPTION.search(text):
        discount *= D_CAPTION
    return discount * (B_REPORTED if reported else 1.0)


def _candidates(doc: Doc, title_terms: set[str], whole: str) -> list[_Candidate]:
    salient = {s.start for e in getattr(doc._, ENTITIES) or [] if e.mentions > 1 for s in e.spans}
    claimed = {claim.start_char for claim in getattr(doc._, CLAIMS) or []}
    out: list[_Candidate] = []
    for raw in doc.sents:
        cleaned = _clean(raw, whole) if len(raw) > MIN_WORDS else None
        if cleaned is None:
            continue
        sent, text = cleaned
        all_words = _WORD.findall(text)
        words, found = len(all_words), _terms_of(all_words)
        if not MIN_WORDS <= words <= MAX_WORDS or len(found) < 3:
            continue
        if title_terms and len(found & title_terms) >= TITLE_REPEAT * len(found):
            continue  # the headline again
        facts, reported, personal = 0, raw.start_char in claimed, False
        for t in sent:  # one pass: names and figures, a reporting verb, a first or second person
            if t.like_num or t.ent_iob_ == "B" or t.i in salient:
                facts += 1
            if not reported and t.lemma_ in _REPORTING:
                reported = True
            if not personal and t.lower_ in _FIRST_SECOND_PERSON and t.pos_ == "PRON":
                personal = True
        share = len(found & title_terms) / len(title_terms) if title_terms else 0.0
        discount = _discount(sent, text, words, reported, personal)
        out.append(_Candidate(text, found, words, facts / math.sqrt(words), share, discount))
    return out


def _score(cands: list[_Candidate]) -> None:
    frequency = Counter(t for c in cands for t in c.terms)
    for cand in cands:
        cand.central = sum(math.log(frequency[t]) for t in cand.terms) / (len(cand.terms) + 8)
    top_central = max(c.central for c in cands) or 1.0
    top_title = max(c.title for c in cands) or 1.0
    top_info = max(c.info for c in cands) or 1.0
    for rank, cand in enumerate(cands):
        lead = 1.0 / (1.0 + LEAD_DECAY * rank)
        parts = W_CENTRAL * cand.central / top_central + W_TITLE * cand.title / top_title
        cand.score = (W_LEAD * lead + parts + W_INFO * cand.info / top_info) * cand.discount


def _overlap(cand: _Candidate, chosen: list[_Candidate]) -> float:
    """The largest share of the shorter sentence's terms that `cand` has in common with a chosen point."""
    return max((len(cand.terms & p.terms) / min(len(cand.terms), len(p.terms)) for p in chosen), default=0.0)


def _select(cands: list[_Candidate], limit: int) -> list[str]:
    """Best first by maximal marginal relevance; near-repeats of a chosen point are dropped."""
    chosen: list[_Candidate] = []
    pool = sorted(cands, key=lambda c: c.score, reverse=True)[: 10 * limit]  # bounds the loop below
    while pool and len(chosen) < limit:
        best = max(pool, key=lambda c: c.score - REDUNDANCY * _overlap(c, chosen))
        pool.remove(best)
        if _overlap(best, chosen) <= DUPLICATE:
            chosen.append(best)
    return [c.text for c in chosen]


def key_points(doc: Doc, title: str = "") -> list[str]:
    """Up to MAX_POINTS verbatim sentences of `doc` (the article body), best first."""
    text = doc_text(doc)
    cands = _candidates(doc, _terms(title), text)
    if not cands:
        return []
    _score(cands)
    limit = MAX_POINTS if title.strip() or "\n" in text.strip() else BARE_POINTS
    return _select(cands, min(limit, (len(cands) + 1) // 2))


@Language.component("briefbot_key_points", assigns=[f"doc._.{KEY_POINTS}"])
def find_key_points(doc: Doc) -> Doc:
    article = getattr(doc._, ARTICLE)
    setattr(doc._, KEY_POINTS, key_points(doc, getattr(article, "title", "") or ""))
    return doc
