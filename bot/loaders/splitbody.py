"""Rejoin an article body that a page splits into several containers around adverts.

trafilatura keeps the best container; pages such as Wired's cut the story into
sibling `<div class="body__container">` blocks, so the later blocks are lost.
The blocks are found by the container class of the paragraphs trafilatura
kept, close by in the tree, and outside asides, footers and related lists.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

_MIN_WORDS = 8
_NEAR = 4  # levels up to a common ancestor
_BOILERPLATE = re.compile(
    r"related|recirc|comment|promo|newsletter|footer|sidebar|popular|trending|teaser|card|caption|"
    r"signup|subscribe|share|social|nav|menu|widget|advert|sponsor",
    re.I,
)
_SKIP_TAGS = {"aside", "footer", "nav", "header", "figure", "figcaption", "form"}


def rejoin_split_body(tree: etree._Element, paras: list[str]) -> list[str]:
    if len(paras) < 2:
        return paras
    wanted: dict[str, int] = {}
    for i, para in enumerate(paras):
        wanted.setdefault(key(para), i)
    p_nodes = list(tree.iter("p"))
    positions: dict[int, int] = {}
    holders: Counter[etree._Element] = Counter()
    for pos, node in enumerate(p_nodes):
        index = wanted.get(key(_text(node)))
        if index is not None and index not in positions:
            positions[index] = pos
            parent = node.getparent()
            if parent is not None and parent.get("class"):
                holders[parent] += 1
    if not holders:
        return paras
    main, count = holders.most_common(1)[0]
    if count < 2:
        return paras
    signature = (main.tag, main.get("class"))
    extra: list[tuple[int, str]] = []
    candidates: dict[etree._Element, list[tuple[int, str]]] = {}
    for pos, node in enumerate(p_nodes):
        parent = node.getparent()
        if parent is None or parent in holders or (parent.tag, parent.get("class")) != signature:
            continue
        candidates.setdefault(parent, []).append((pos, _text(node)))
    for parent, found in candidates.items():
        if not _near(parent, main) or _in_boilerplate(parent, main):
            continue
        if any(key(text) in wanted for _, text in found):
            continue  # trafilatura kept part of it already
        extra.extend((pos, text) for pos, text in found if len(text.split()) >= _MIN_WORDS)
    if not extra:
        return paras
    ordered: list[tuple[int, int, int, str]] = []
    last = -1
    for i, para in enumerate(paras):
        last = positions.get(i, last)
        ordered.append((last, 0, i, para))
    ordered.extend((pos, 1, 0, text) for pos, text in extra)
    ordered.sort(key=lambda item: item[:3])
    return [item[3] for item in ordered]


def key(text: str) -> str:
    """A paragraph's identity, robust to spacing and punctuation differences."""
    return re.sub(r"\W+", "", text.lower())[:80]


def _text(node: etree._Element) -> str:
    return re.sub(r"\s+", " ", "".join(node.itertext())).strip()


def _near(a: etree._Element, b: etree._Element) -> bool:
    ups = set(_ancestors(b))
    return any(x in ups for x in _ancestors(a))


def _ancestors(node: etree._Element) -> list[etree._Element]:
    out: list[etree._Element] = []
    current = node.getparent()
    while current is not None and len(out) < _NEAR:
        out.append(current)
        current = current.getparent()
    return out


def _in_boilerplate(node: etree._Element, main: etree._Element) -> bool:
    """Is `node` inside an aside, a footer, a related list...? Checked up to where it meets `main`."""
    shared = set(_ancestors(main))
    current: etree._Element | None = node
    while current is not None and current not in shared:
        if not isinstance(current.tag, str):
            return True
        if current.tag in _SKIP_TAGS:
            return True
        marks = f"{current.get('class') or ''} {current.get('id') or ''}"
        if current is not node and _BOILERPLATE.search(marks):
            return True
        current = current.getparent()
    return False
