"""Web pages: the main text with trafilatura, the metadata from what the page says about itself.

trafilatura finds the article; on top of it we rejoin bodies that a page splits
around its adverts, drop what trafilatura leaves of the page furniture (the
headline repeated, "Read more:" lists, credits, promos), and choose title,
date, authors and outlet from JSON-LD, <meta> tags and the visible page.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from lxml import etree
from trafilatura import bare_extraction
from trafilatura.utils import load_html as _parse

from bot.article import Article
from bot.errors import InputError
from bot.loaders import outlets
from bot.loaders.bodyclean import clean_body, same_text
from bot.loaders.bylines import clean_names
from bot.loaders.dates import is_local_day, to_iso
from bot.loaders.htmlmeta import PageMeta, read_meta
from bot.loaders.splitbody import rejoin_split_body

_LOOKAHEAD = 60  # paragraphs
_PROSE_WORDS = 8  # a paragraph this long is prose, not a leftover link label
_NO_TEXT = (
    "has no article text that could be found (a front page, a login or cookie wall, or a page "
    "built by JavaScript?): save the article's own page, or paste its text into a .txt file"
)


def load_html(markup: str, source: str, url: str | None = None) -> Article:
    tree = _parse(markup)
    if tree is None:
        raise InputError(
            source, "cannot be read as HTML: save the page again, or paste its text into a .txt file"
        )
    meta = read_meta(tree)
    doc, paras = _extract(tree, url)
    paras = rejoin_split_body(tree, paras)
    title = _title(meta, doc)
    site_names = [*meta.site_names, doc.get("sitename") or ""]
    paras = clean_body(paras, [title, *meta.headlines[:2], *meta.titles])
    if not _prose(paras) and len(meta.ld_body.split()) >= 50:
        paras = _lines(meta.ld_body)
    if not _prose(paras):
        raise InputError(source, _NO_TEXT)
    text = "\n\n".join(paras)
    page_url = url or next(iter(meta.urls), None) or doc.get("url")
    outlet = outlets.resolve(site_names=site_names, url=page_url, text=text)
    return Article(
        text=text,
        title=_strip_site(title, [*site_names, outlet or ""]),
        outlet=outlet,
        url=page_url,
        published=_published(meta, doc),
        authors=_authors(meta, doc, [*site_names, outlet or ""]),
        source=source,
    )


def _extract(tree: etree._Element, url: str | None) -> tuple[dict[str, Any], list[str]]:
    """trafilatura's metadata and paragraphs.

    Precise mode chooses the paragraphs, but it also cuts words out of them
    (links styled as "link"), so each chosen paragraph is taken whole from the
    default mode's output. Recall mode is tried when nothing is left.
    """
    doc = _run(tree, url, with_metadata=True)
    paras = _lines(doc.get("text"))
    precise = _lines(_run(tree, url, favor_precision=True).get("text"))
    if precise:
        paras = _whole(precise, paras)
    if not _prose(paras):
        recall = _lines(_run(tree, url, favor_recall=True).get("text"))
        if _words(recall) > _words(paras):
            paras = recall
    return doc, paras


def _run(
    tree: etree._Element,
    url: str | None,
    *,
    with_metadata: bool = False,
    favor_precision: bool = False,
    favor_recall: bool = False,
) -> dict[str, Any]:
    try:
        doc = bare_extraction(
            copy.deepcopy(tree),
            url=url,
            include_comments=False,
            with_metadata=with_metadata,
            favor_precision=favor_precision,
            favor_recall=favor_recall,
        )
    except (RecursionError, ValueError, TypeError):  # pathological trees
        return {}
    if doc is None:
        return {}
    return doc if isinstance(doc, dict) else doc.as_dict()


def _whole(chosen: list[str], full: list[str]) -> list[str]:
    """For each chosen paragraph, the paragraph of `full` it was cut from (when there is one)."""
    out: list[str] = []
    start = 0
    for para in chosen:
        words = set(para.split())
        for k in range(start, min(start + _LOOKAHEAD, len(full))):
            candidate = set(full[k].split())
            if len(words & candidate) >= 0.8 * len(words) and len(candidate) <= 2 * len(words) + 10:
                out.append(full[k])
                start = k + 1
                break
        else:
            out.append(para)
    return out


def _prose(paras: list[str]) -> bool:
    """At least one real paragraph, not just leftover link labels ("Home News")."""
    return any(len(p.split()) >= _PROSE_WORDS for p in paras)


def _words(paras: list[str]) -> int:
    return sum(len(p.split()) for p in paras)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def _title(meta: PageMeta, doc: dict[str, Any]) -> str:
    """The visible headline (<h1>) when it matches the page's title, else the title."""
    base = (doc.get("title") or next(iter(meta.titles), "")).strip()
    for headline in meta.headlines:
        if "|" not in headline and (not base or same_text(headline, base, 0.6)):
            return headline
    return base


def _strip_site(title: str, names: list[str]) -> str:
    """Drop a site name glued to a title: "Losing face ... | The Japan Times"."""
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        escaped = re.escape(name)
        stripped = re.sub(rf"\s+[|–—:·-]\s+{escaped}\s*$", "", title, flags=re.I)
        stripped = re.sub(rf"^{escaped}\s*[|–—:·]\s+", "", stripped, flags=re.I)
        if stripped.strip():
            title = stripped.strip()
    return title


def _published(meta: PageMeta, doc: dict[str, Any]) -> str | None:
    """The page's declared publication time; the date it shows when that is the same moment, locally."""
    declared = next((iso for value in [*meta.published, *meta.dom_dates] if (iso := to_iso(value))), None)
    shown = to_iso(doc.get("date"))
    if declared and shown and is_local_day(declared, shown):
        return shown
    return declared or shown


def _authors(meta: PageMeta, doc: dict[str, Any], site_names: list[str]) -> tuple[str, ...]:
    """People credited, from the most to the least reliable evidence; organisations dropped."""
    if names := clean_names(meta.ld_people, site_names):
        return names
    if meta.ld_org_authors:
        return ()  # the page says its author is an organisation: no byline
    for raw in (meta.meta_authors, (doc.get("author") or "").split(";"), meta.dom_authors):
        if names := clean_names([r for r in raw if r], site_names):
            return names
    return ()
