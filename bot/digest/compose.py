"""A digest, composed: the plan (which articles make which item) and its messages.

The plan is what is stored when a digest is claimed; `render` turns it back into replies,
so a digest resumed after a crash posts the same items. Every text stays within the
limits of `bot.messages`, so no renderer ever has to cut an item.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from bot.digest.options import DigestOptions
from bot.digest.select import article_facts, new_article_ids
from bot.digest.stories import Story, group_stories
from bot.messages import (
    DIGEST_HEADER,
    DIGEST_ITEM,
    MAX_HEADING,
    MAX_SECTION_TEXT,
    MAX_TITLE,
    Link,
    Reply,
    Section,
    clip,
)
from bot.nlp.cues import BELIEF_VERBS, EVIDENCE_VERBS, SPEECH_VERBS
from bot.store import Store, Workspace
from bot.store.grouping import group_claims
from bot.store.normalize import content_words, jaccard
from bot.store.types import ClaimView

MAX_ARTICLES = 500  # articles one digest reads (the oldest first): grouping them is quadratic
THREAD_HINT = "Ask about a story in its thread: @briefbot who · claims · sources · summary"
POINT_CHARS = 300
CLAIM_CHARS = 280
UNNAMED = "unnamed"
_KIND_RANK = {"named_person": 0, "organization": 1, "publication": 1, "document": 2}
_SITE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?:/\S*)?$", re.I)
_FRAGMENT = frozenset({"which", "who", "that", "whom", "whose", "where", "and", "but", "or"})
_PRONOUN = re.compile(r"^(?:he|she|they|it|this|that|these|those|his|her|their|its)\b", re.IGNORECASE)


@dataclass(frozen=True)
class DigestItem:
    article_ids: tuple[int, ...]
    reply: Reply


def plan(
    store: Store,
    ws: Workspace,
    channel: str,
    since: datetime,
    until: datetime,
    *,
    exclude: frozenset[int] = frozenset(),
) -> list[list[int]]:
    """The channel's new articles since its last digest, as stories (article ids per story), most
    important first; every story, also those beyond the posted ones (the header names them)."""
    found = new_article_ids(store, ws, channel, since, until, limit=MAX_ARTICLES + len(exclude))
    ids = [i for i in found if i not in exclude][:MAX_ARTICLES]
    facts = article_facts(store, ws, ids)
    stories = group_stories([facts[i] for i in ids if i in facts])
    return [story.article_ids for story in stories]


def also_new(store: Store, ws: Workspace, planned: list[list[int]]) -> list[str]:
    """The titles of the stories a digest does not post (beyond its item limit)."""
    firsts = [ids[0] for ids in planned if ids]
    facts = article_facts(store, ws, firsts)
    return [facts[i].title for i in firsts if i in facts]


def render(store: Store, ws: Workspace, planned: list[list[int]], options: DigestOptions) -> list[DigestItem]:
    """The item messages of a plan (articles deleted since are left out; an empty item is dropped)."""
    facts = article_facts(store, ws, sorted({i for item in planned for i in item}))
    items = []
    for ids in planned:
        found = [facts[i] for i in ids if i in facts]
        if found:
            story = Story(found[0], tuple(found))
            items.append(DigestItem(tuple(a.id for a in found), item_reply(story, options)))
    return items


def header(
    items: list[DigestItem],
    *,
    since: datetime,
    until: datetime,
    zone: tzinfo,
    title: str = "Morning briefing",
    more: Sequence[str] = (),
) -> Reply:
    local = until.astimezone(zone)
    articles = sum(len(item.article_ids) for item in items)
    stories = len(items)
    when = f"{local:%A} {local.day} {local:%B %Y}"
    lines = [
        f"{stories} {'story' if stories == 1 else 'stories'} from {articles} "
        f"{'article' if articles == 1 else 'articles'} since {_since(since, until, zone)}.",
        THREAD_HINT,
    ]
    sections = [Section(lines=tuple(lines))]
    if more:  # every new story is named, also those beyond the items posted
        budget, shown = MAX_SECTION_TEXT - 60, []
        for name in more:
            line = f"• {clip(name, 160)}"
            if len(line) + 1 > budget:
                break
            shown.append(line)
            budget -= len(line) + 1
        if len(shown) < len(more):
            shown.append(f"…and {len(more) - len(shown)} more: /claims and /who search them all.")
        sections.append(Section(heading=f"Also new ({len(more)})", lines=tuple(shown)))
    return Reply(title=clip(f"{title} · {when}", MAX_TITLE), sections=tuple(sections), kind=DIGEST_HEADER)


def empty_reply(*, since: datetime, until: datetime, zone: tzinfo) -> Reply:
    return Reply(
        kind=DIGEST_HEADER,
        title="Nothing new for the digest",
        sections=(
            Section(
                lines=(
                    f"No new articles since {_since(since, until, zone)}. "
                    "Add some with /brief add URL, or follow a feed with /brief subscribe FEED.",
                )
            ),
        ),
    )


def item_reply(story: Story, options: DigestOptions) -> Reply:
    lead = story.lead
    sections = []
    points = key_points(story, options.key_points)
    if points:
        sections.append(Section(heading="Key points", lines=tuple(f"• {p}" for p in points)))
    said = top_claims(story, options.claims)
    if said:
        sections.append(Section(heading="Who says what", lines=tuple(_claim_line(c, n) for c, n in said)))
    outlets = story.outlets
    if len(story.articles) > 1:
        sections.append(
            Section(
                lines=(
                    f"Reported by {len(story.articles)} articles from {len(outlets) or 1} "
                    f"{'outlet' if len(outlets) <= 1 else 'outlets'}.",
                )
            )
        )
    links = tuple(Link(clip(a.outlet or a.title, MAX_HEADING), a.url) for a in story.articles if a.url)
    return Reply(
        title=clip(lead.title, MAX_TITLE),
        url=lead.url,
        sections=tuple(sections),
        links=links,
        kind=DIGEST_ITEM,
    )


def _forms(lemmas: frozenset[str]) -> frozenset[str]:
    """The inflected forms of regular verbs, and the irregular ones reporting verbs have."""
    forms = set(lemmas) | set(_IRREGULAR)
    for verb in lemmas:
        stem = verb[:-1] if verb.endswith("e") else verb
        forms |= {verb + "s", verb + "d" if verb.endswith("e") else verb + "ed", stem + "ing"}
        if verb.endswith("y"):
            forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
    return frozenset(forms)


_IRREGULAR = ("said", "told", "thought", "wrote", "written", "found", "saw", "seen", "felt", "sought",
              "knew", "according", "spoke", "spoken", "foresaw", "forecast")  # fmt: skip
_SAYING = _forms(SPEECH_VERBS | BELIEF_VERBS | EVIDENCE_VERBS)


def web_url(url: str | None) -> str | None:
    """An http(s) address to link to: a bare site ("www.example.com", as a text article's
    "Original Source:" line gives it) gets https://; anything else is not linked."""
    if not url:
        return None
    if url.startswith(("https://", "http://")):
        return url
    if _SITE.match(url):
        return "https://" + url
    return None


def key_points(story: Story, count: int) -> list[str]:
    """The lead's key points first, then other reports' that add something, without repeats."""
    chosen: list[str] = []
    words: list[frozenset[str]] = []
    for article in story.articles:
        for n, point in enumerate(article.key_points):
            if n > 0 and _PRONOUN.match(point):
                continue  # "She denied..." reads wrong away from the sentence before it
            mine = content_words(point)
            if any(jaccard(mine, other) >= 0.4 for other in words):
                continue
            chosen.append(clip(point, POINT_CHARS))
            words.append(mine)
            if len(chosen) >= count:
                return chosen
    return chosen


def top_claims(story: Story, count: int) -> list[tuple[ClaimView, int]]:
    """The most important attributed claims, each with the number of outlets reporting it:
    carried by most outlets, then said by a named person, then firm rather than hedged, then
    first in the article."""
    claims = [c for a in story.articles for c in a.claims if _headline_worthy(c, a.title)]
    if not claims:
        return []
    order = {c.id: i for i, c in enumerate(claims)}
    groups = group_claims(claims)
    groups.sort(
        key=lambda g: (
            -g.outlet_count,
            min(_KIND_RANK.get(c.speaker_kind or "", 3) for c in g.claims),
            all(c.hedged for c in g.claims),
            min(order[c.id] for c in g.claims),
        )
    )
    picked: list[tuple[ClaimView, int]] = []
    speakers: dict[str, int] = {}
    for group in groups:
        first = min(group.claims, key=lambda c: order[c.id])
        who = (first.speaker_name or first.speaker or "").casefold()
        if speakers.get(who, 0) >= 1 and len(groups) > count:
            continue  # let another voice in before a second claim of the same speaker
        speakers[who] = speakers.get(who, 0) + 1
        picked.append((first, group.outlet_count))
        if len(picked) >= count:
            break
    return picked


def _headline_worthy(claim: ClaimView, title: str) -> bool:
    """A claim worth a digest line: a named speaker (written with a capital: "analysts" or
    "a Leeds-based company" are not names), a whole statement, and not the headline itself."""
    speaker = (claim.speaker_name or claim.speaker or "").strip()
    if not speaker or not speaker[0].isupper() or claim.speaker_kind == UNNAMED:
        return False
    words = claim.content.split()
    if len(words) < 5 or words[0].casefold() in _FRAGMENT:
        return False
    if claim.cue.split()[0].casefold() not in _SAYING:
        return False  # a deed or a stance ("inspected the bridge"), not a statement
    return claim.sentence.strip().casefold() not in title.casefold()


def _named(claim: ClaimView) -> bool:
    return claim.speaker_kind != UNNAMED


def _claim_line(claim: ClaimView, outlets: int = 1) -> str:
    who = claim.speaker_name or claim.speaker or "someone"
    cue = f"{claim.cue}, hedged" if claim.hedged else claim.cue
    quoted = claim.direct_quote and not any(q in claim.content for q in '"“”')
    content = f"“{claim.content}”" if quoted else claim.content
    reported = f" [{outlets} outlets]" if outlets > 1 else ""
    return clip(f"{who} ({cue}){reported}: {content}", CLAIM_CHARS)


def _since(since: datetime, until: datetime, zone: tzinfo) -> str:
    start = since.astimezone(zone)
    if (until - since).total_seconds() <= 36 * 3600:
        return f"{start:%H:%M} {start:%a}"
    return f"{start:%a} {start.day} {start:%b}"
