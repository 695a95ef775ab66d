"""Page furniture that main-text extraction leaves in: drop it, line by line.

Only whole lines that are clearly not article prose go: the headline repeated
as the first line, labels such as "Read more:" with the headline list after
them, credits, copyright lines, bylines, date lines, promos that talk to the
reader ("Sign up", "your inbox"), contact lines, editor's notes and
references. Article sentences are never edited.
"""

from __future__ import annotations

import re

from bot.loaders.bylines import parse_byline
from bot.loaders.dates import date_line
from bot.loaders.textmeta import credit_names, is_copyright

_LIST_LABELS = {
    "read more",
    "more",
    "related",
    "related stories",
    "related articles",
    "related content",
    "related links",
    "also read",
    "read also",
    "see also",
    "recommended",
    "recommended reading",
    "more from",
    "more stories",
    "you may also like",
    "you might also like",
    "most read",
    "most popular",
    "top stories",
    "trending",
    "more on this story",
    "further reading",
    "latest",
    "editor's picks",
    "editors' picks",
}
_LABELS = _LIST_LABELS | {
    "advertisement",
    "story source",
    "cite this page",
    "share this article",
    "share",
    "share this",
    "watch",
    "listen",
    "skip advertisement",
    "continue reading",
    "comments",
    "print",
    "email",
    "sponsored",
}
_PROMO_START = re.compile(
    r"(?:sign up|subscribe|follow (?:us|[A-Z][\w&' -]{0,40}) on "
    r"(?:twitter|x|facebook|instagram|youtube|tiktok|linkedin|threads|bluesky)|"
    r"install the|download (?:the|our)|click here|tap here|be the first to|"
    r"get (?:the|our) .{0,60}(?:app|newsletter|inbox)|read more:)",
    re.I,
)
_PROMO_WORD = re.compile(r"\b(?:subscri\w*|newsletters?|sign up|inbox|bookmark|premium|app)\b", re.I)
_READER = re.compile(r"\b(?:you|your|here)\b|https?://", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_NOTE = re.compile(
    r"(?:editor['’]s note|this (?:article|story) (?:appeared|originally appeared|was (?:first |originally )?"
    r"published|has been updated)|more information\s*:|source\s*:|©)",
    re.I,
)
_DOI = re.compile(r"\bdoi\s*:\s*10\.\d+/", re.I)
_SHORT_LINE = 30  # words
_HEADLINE_WORDS = 20
_HEADLINE_WITHIN = 3  # paragraphs from the top where a repeated headline is dropped


def clean_body(paras: list[str], titles: list[str]) -> list[str]:
    """`paras` without furniture; `titles` are the page's headlines, dropped near the top."""
    out: list[str] = []
    in_list = False
    for i, para in enumerate(paras):
        if i < _HEADLINE_WITHIN and any(same_text(para, title, 0.8) for title in titles if title):
            continue
        label = _label(para)
        if label in _LABELS:
            in_list = label in _LIST_LABELS
            continue
        if in_list and _headline_like(para):
            continue
        in_list = False
        if not _furniture(para):
            out.append(para)
    return out


def same_text(a: str, b: str, threshold: float) -> bool:
    """Word-set Jaccard similarity of two short texts at least `threshold`."""
    wa, wb = set(re.findall(r"\w+", a.casefold())), set(re.findall(r"\w+", b.casefold()))
    if not wa or not wb or max(len(wa), len(wb)) > 60:
        return False
    return len(wa & wb) / len(wa | wb) >= threshold


def _label(para: str) -> str:
    text = para.strip().strip(":.-–—|»›>").strip().replace("’", "'").casefold()
    return "___" if not re.search(r"\w", text) else text


def _headline_like(para: str) -> bool:
    words = para.split()
    return len(words) <= _HEADLINE_WORDS and not para.rstrip().endswith((".", "!", '"', "”", "’", "'"))


def _furniture(para: str) -> bool:
    if _label(para) == "___":
        return True
    words = len(para.split())
    if words > 60:
        return False
    if credit_names(para) is not None or is_copyright(para) or parse_byline(para) is not None:
        return True
    if date_line(para) is not None:
        return True
    short = words <= _SHORT_LINE
    if short and (_PROMO_START.match(para) or (_PROMO_WORD.search(para) and _READER.search(para))):
        return True
    if short and _EMAIL.search(para):
        return True
    return bool(_NOTE.match(para) or (words <= 40 and _DOI.search(para)))
