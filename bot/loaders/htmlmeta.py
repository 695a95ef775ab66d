"""What a page says about itself: JSON-LD, <meta> tags, the visible headline and byline."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

_ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "blogposting",
    "liveblogposting",
    "scholarlyarticle",
    "techarticle",
    "report",
}
_ORG_TYPES = {"organization", "newsmediaorganization", "corporation", "organisation"}
_AUTHOR_META = (
    "author",
    "byl",
    "sailthru.author",
    "parsely-author",
    "dc.creator",
    "dcterms.creator",
    "article:author",
    "og:article:author",
    "citation_author",
)
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
    "parsely-pub-date",
    "sailthru.date",
    "citation_publication_date",
)
_SITE_META = ("og:site_name", "application-name", "al:android:app_name", "al:ios:app_name")
_MAX_LD_CHARS = 2_000_000
_MAX_DEPTH = 12


@dataclass
class PageMeta:
    """Raw candidates, best first within each field; html.py chooses and cleans."""

    titles: list[str] = field(default_factory=list)
    headlines: list[str] = field(default_factory=list)  # visible <h1> texts
    published: list[str] = field(default_factory=list)
    site_names: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    ld_people: list[str] = field(default_factory=list)
    ld_org_authors: bool = False  # the article's JSON-LD names only organisations as authors
    meta_authors: list[str] = field(default_factory=list)
    dom_authors: list[str] = field(default_factory=list)
    dom_dates: list[str] = field(default_factory=list)  # visible "posted"/"published" dates
    ld_body: str = ""


def read_meta(tree: etree._Element) -> PageMeta:
    meta = PageMeta()
    _from_json_ld(tree, meta)
    tags = _meta_tags(tree)
    for key in ("og:title", "twitter:title", "title", "dc.title"):
        if tags.get(key):
            meta.titles.append(tags[key])
    for key in _DATE_META:
        if tags.get(key):
            meta.published.append(tags[key])
    for key in _SITE_META:
        if tags.get(key):
            meta.site_names.append(tags[key])
    for key in _AUTHOR_META:
        value = tags.get(key, "")
        if value and not value.startswith(("http://", "https://", "/")):
            meta.meta_authors.append(value)
    for href in tree.xpath('//link[@rel="canonical"]/@href'):
        meta.urls.append(str(href))
    if tags.get("og:url"):
        meta.urls.append(tags["og:url"])
    for node in tree.xpath('//*[@itemprop="datePublished"]'):
        value = node.get("content") or node.get("datetime") or _text(node)
        if value:
            meta.published.append(value)
    meta.headlines = [t for t in (_text(h) for h in tree.xpath("//h1")[:5]) if t]
    meta.dom_authors = _dom_authors(tree)
    meta.dom_dates = _dom_dates(tree)
    return meta


def _meta_tags(tree: etree._Element) -> dict[str, str]:
    tags: dict[str, str] = {}
    for node in tree.xpath("//meta[@content]"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        content = (node.get("content") or "").strip()
        if key and content and key not in tags:
            tags[key] = content
    return tags


def _from_json_ld(tree: etree._Element, meta: PageMeta) -> None:
    articles: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        raw = script.text or ""
        if not raw.strip() or len(raw) > _MAX_LD_CHARS:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        for obj in _objects(data, 0):
            (articles if _types(obj) & _ARTICLE_TYPES else others).append(obj)
    for obj in articles[:1]:
        _read_article(obj, meta)
    for obj in others:  # the site itself, or its publisher, described on its own
        if _types(obj) & (_ORG_TYPES | {"website"}) and isinstance(obj.get("name"), str):
            meta.site_names.append(obj["name"])


def _read_article(obj: dict[str, Any], meta: PageMeta) -> None:
    if isinstance(obj.get("headline"), str):
        meta.titles.append(obj["headline"])
    if isinstance(obj.get("datePublished"), str):
        meta.published.append(obj["datePublished"])
    publisher = obj.get("publisher")
    if isinstance(publisher, list) and publisher:
        publisher = publisher[0]
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        meta.site_names.append(publisher["name"])
    if isinstance(obj.get("url"), str):
        meta.urls.append(obj["url"])
    if isinstance(obj.get("articleBody"), str):
        meta.ld_body = obj["articleBody"]
    authors = obj.get("author")
    if authors is None:
        return
    orgs = people = 0
    for author in authors if isinstance(authors, list) else [authors]:
        if isinstance(author, str):
            meta.ld_people.append(author)
            people += 1
            continue
        if not isinstance(author, dict):
            continue
        names = author.get("name")
        name_list = names if isinstance(names, list) else [names]
        if _types(author) & _ORG_TYPES:
            orgs += 1
            continue
        people += 1
        meta.ld_people.extend(n for n in name_list if isinstance(n, str))
    meta.ld_org_authors = orgs > 0 and people == 0


def _objects(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    """Every JSON-LD node that has a @type, through @graph and lists."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        if "@graph" in data:
            yield from _objects(data["@graph"], depth + 1)


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.lower() for v in values if isinstance(v, str)}


def _dom_authors(tree: etree._Element) -> list[str]:
    """Visible bylines: microdata authors, rel=author links, elements classed byline/author."""
    found: list[str] = []
    for node in tree.xpath('//*[@itemprop="author"]')[:6]:
        names = node.xpath('.//*[@itemprop="name"]')
        value = (
            (names[0].get("content") or _text(names[0])) if names else (node.get("content") or _text(node))
        )
        if value:
            found.append(value)
    for node in tree.xpath('//a[@rel="author"]')[:6]:
        found.append(_text(node))
    xpath = (
        '//*[contains(@class,"byline") or contains(@class,"author") or contains(@id,"byline")]'
        "[not(ancestor::aside) and not(ancestor::footer)]"
    )
    for node in tree.xpath(xpath)[:12]:
        classes = (node.get("class") or "").lower()
        if re.search(r"bio|box|avatar|image|img|photo|description|about|social|follow", classes):
            continue
        text = _text(node)
        if 3 < len(text) <= 120:
            found.append(text)
    return [f for f in found if f]


def _dom_dates(tree: etree._Element) -> list[str]:
    """Texts of elements labelled as the publication date: id or class with publish/posted/pubdate."""
    xpath = (
        '//*[contains(@id,"publish") or contains(@id,"posted") or contains(@id,"pubdate") or '
        'contains(@class,"publish") or contains(@class,"posted") or contains(@class,"pubdate")]'
    )
    found: list[str] = []
    for node in tree.xpath(xpath)[:10]:
        value = node.get("datetime") or node.get("content") or _text(node)
        if value and len(value) <= 80:
            found.append(value)
    return found


def _text(node: etree._Element) -> str:
    try:
        text = "".join(node.itertext())
    except ValueError:
        return ""
    return re.sub(r"\s+", " ", text).strip()
