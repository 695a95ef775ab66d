"""The items answers are made of, one `Section` each: a claim, an article, an entity, a source."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.messages import MAX_HEADING, Link, Reply, Section, clip
from bot.store.types import ArticleSummary, ClaimView, EntityCount, SourceCount
from handlers.lookups import EntityMatch

CONTENT_CHARS = 450  # a claim's content; a section stays well within Discord's 1,024 per field
LINE_CHARS = 250
LABEL_CHARS = 100

KINDS = {
    "named_person": "named person",
    "organization": "organisation",
    "document": "document",
    "publication": "publication",
    "unnamed": "unnamed source",
}
TYPES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}
UNKNOWN_OUTLET = "unknown outlet"


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


def day(moment: datetime | None) -> str:
    return f"{moment.day} {moment:%b %Y}" if moment else "undated"


def kind_name(kind: str) -> str:
    return KINDS.get(kind, kind.replace("_", " "))


def type_name(entity_type: str) -> str:
    return TYPES.get(entity_type.upper(), entity_type.lower())


def article_link(article: ArticleSummary | None) -> tuple[Link, ...]:
    if article is None or not article.url:
        return ()
    return (Link(clip(article.title, LABEL_CHARS), article.url),)


def claim_item(claim: ClaimView, article: ArticleSummary | None, *, where: bool = True) -> Section:
    """Speaker and cue, hedged and unnamed flags; the content (quoted when it was a quote); where
    (unless `where` is false: an answer about one article says it once)."""
    speaker = claim.speaker_name or claim.speaker
    flags = []
    if claim.hedged:
        flags.append("hedged")
    if claim.speaker_kind == "unnamed":
        flags.append("unnamed source")
    heading = f"{speaker} {claim.cue}" if speaker else f"Unattributed ({claim.cue})"
    content = clip(claim.content, CONTENT_CHARS)
    lines = [f"“{content}”" if claim.direct_quote else content]
    if where:
        place = f"{claim.outlet or UNKNOWN_OUTLET}, {day(claim.dated_at)} · article {claim.article_id}"
        if article is None or not article.url:
            place = f"{place} · {claim.title}"
        lines.append(clip(place, LINE_CHARS))
    return Section(
        heading=clip(" · ".join([heading, *flags]), MAX_HEADING),
        lines=tuple(lines),
        links=article_link(article) if where else (),
    )


def article_item(article: ArticleSummary) -> Section:
    when = article.published_at or article.fetched_at
    return Section(
        heading=clip(article.title, MAX_HEADING),
        lines=(clip(f"{article.outlet or UNKNOWN_OUTLET}, {day(when)} · article {article.id}", LINE_CHARS),),
        links=article_link(article),
    )


def entity_item(entity: EntityCount, *, in_article: bool = False) -> Section:
    counts = plural(entity.mentions, "mention")
    if not in_article:
        counts += f" in {plural(entity.articles, 'article')}"
    lines = [f"{type_name(entity.type)} · {counts}"]
    if entity.roles:
        lines.insert(0, clip("; ".join(entity.roles[:3]), LINE_CHARS))
    return Section(heading=clip(entity.name, MAX_HEADING), lines=tuple(lines))


def source_item(source: SourceCount, *, in_article: bool = False) -> Section:
    line = f"{kind_name(source.kind)} · {plural(source.claims, 'claim')}"
    if not in_article:
        line += f" in {plural(source.articles, 'article')}"
    return Section(heading=clip(source.name, MAX_HEADING), lines=(line,))


def source_line(source: SourceCount) -> str:
    return clip(f"{source.name} ({kind_name(source.kind)}): {plural(source.claims, 'claim')}", LINE_CHARS)


def ambiguous(name: str, matches: Sequence[EntityMatch], retry: str) -> Reply:
    """Several entities answer to `name`: list them; `retry` shows how to ask again ("/who {}")."""
    return Reply(
        title=clip(f"Several names match “{name}”", MAX_HEADING),
        sections=(
            Section(
                lines=tuple(
                    f"{m.name} ({type_name(m.type)}, {plural(m.mentions, 'mention')})" for m in matches
                )
            ),
            Section(lines=("Ask again with the full name, e.g. " + retry.format(matches[0].name),)),
        ),
    )
