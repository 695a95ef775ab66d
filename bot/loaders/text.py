"""Plain-text articles: a headline (when the first line is one), metadata lines, the body.

The body keeps the article's words exactly; only line endings, trailing
spaces, blank-line runs, hard-wrapped lines and datelines change.
"""

from __future__ import annotations

import re

from bot.article import Article
from bot.errors import InputError
from bot.loaders import outlets
from bot.loaders.bylines import parse_byline
from bot.loaders.dates import date_line
from bot.loaders.textmeta import copyright_holder, credit_names, is_copyright, source_url, split_dateline

_MAX_TITLE_WORDS = 30
_MAX_TITLE_CHARS = 250
_MAX_PERIOD_TITLE_WORDS = 20  # a line ending in a period and longer than this is a sentence
_SHORT_SENTENCES = 12  # two sentences in this many words can still be a headline
_DATELINE_WITHIN = 6  # paragraphs from the top of the body
# A sentence break: end punctuation, then a capital. Not after Mr/Dr/St or a single initial.
_SENTENCE_BREAK = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)(?<!\bNo)[.!?][\"'”’)]*\s+[\"'“‘(]*[A-Z]"
)
_WRAP_MIN, _WRAP_MAX = 40, 100


def load_text(
    text: str,
    source: str,
    *,
    detect_title: bool = True,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: str | None = None,
    authors: tuple[str, ...] = (),
) -> Article:
    """Parse a plain-text article; keyword values (from a record) win over what the text says."""
    paras = paragraphs(text)
    found_title = ""
    if detect_title and len(paras) >= 2 and not _is_meta(paras[0]) and looks_like_headline(paras[0]):
        found_title = paras.pop(0)
    body, meta = _strip_metadata(paras)
    if not body:
        what = "only a title and metadata" if found_title or meta.any() else "no article text"
        raise InputError(source, f"has {what}: put the article's text after the title line")
    text_out = "\n\n".join(body)
    return Article(
        text=text_out,
        title=title if title is not None else found_title,
        outlet=outlets.resolve(
            explicit=outlet,
            dateline=meta.dateline_outlet,
            copyright_holder=meta.copyright_holder,
            url=url or meta.url,
            text=text_out,
        ),
        url=url or meta.url,
        published=published or meta.published,
        authors=authors or meta.authors or meta.reporters,
        source=source,
    )


def paragraphs(text: str) -> list[str]:
    """Paragraphs of `text`: blank-line blocks, one paragraph per line unless the lines are hard-wrapped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    out: list[str] = []
    for block in re.split(r"\n[ \t\f\v\u00a0]*\n", text):
        run: list[str] = []
        for raw in block.split("\n"):
            line = raw.strip()
            if not line:
                continue
            if _is_meta(line):
                out.extend(_unwrap(run))
                run = []
                out.append(line)
            else:
                run.append(line)
        out.extend(_unwrap(run))
    return out


def looks_like_headline(line: str) -> bool:
    """A headline is short and reads as one line of display text, not as sentences of prose.

    Headlines may end with a period ("... Diverted to Avoid Bad Optics.") or hold
    two very short sentences ("Virginian could make history. Again."); a lead
    paragraph is longer, or several full sentences.
    """
    words = line.split()
    if not words or len(words) > _MAX_TITLE_WORDS or len(line) > _MAX_TITLE_CHARS:
        return False
    breaks = len(_SENTENCE_BREAK.findall(line))
    ends_with_period = line.endswith(".") and not line.endswith("...")
    if breaks >= 2 or (breaks == 1 and ends_with_period and len(words) > _SHORT_SENTENCES):
        return False
    return not (ends_with_period and len(words) > _MAX_PERIOD_TITLE_WORDS)


class _Meta:
    def __init__(self) -> None:
        self.url: str | None = None
        self.published: str | None = None
        self.authors: tuple[str, ...] = ()
        self.reporters: tuple[str, ...] = ()
        self.dateline_outlet: str | None = None
        self.copyright_holder: str | None = None
        self.dateline_seen = False

    def any(self) -> bool:
        return bool(self.url or self.published or self.authors or self.reporters or self.copyright_holder)


def _strip_metadata(paras: list[str]) -> tuple[list[str], _Meta]:
    meta = _Meta()
    body: list[str] = []
    for para in paras:
        if (url := source_url(para)) is not None:
            meta.url = meta.url or url
        elif (names := parse_byline(para)) is not None:
            meta.authors = meta.authors or names
        elif (day := date_line(para)) is not None:
            meta.published = meta.published or day
        elif (reporters := credit_names(para)) is not None:
            meta.reporters = meta.reporters or reporters
        elif is_copyright(para):
            meta.copyright_holder = meta.copyright_holder or copyright_holder(para) or None
        else:
            if not meta.dateline_seen and len(body) < _DATELINE_WITHIN and (split := split_dateline(para)):
                meta.dateline_seen = True
                meta.dateline_outlet, para = split
            body.append(para)
    return body, meta


def _is_meta(line: str) -> bool:
    return (
        source_url(line) is not None
        or parse_byline(line) is not None
        or date_line(line) is not None
        or credit_names(line) is not None
        or is_copyright(line)
    )


def _unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines (all but the last 40-100 characters, mostly ending mid-sentence)."""
    if len(lines) < 2:
        return lines
    head = lines[:-1]
    if all(_WRAP_MIN <= len(line) <= _WRAP_MAX for line in head) and len(lines[-1]) <= _WRAP_MAX:
        open_ended = sum(1 for line in head if not line.endswith((".", "!", "?", ":", '"', "”", "’")))
        if open_ended * 2 >= len(head):
            return [" ".join(lines)]
    return lines
