"""A small newsroom for the handler tests: hand-built parse contracts (no spaCy), two workspaces."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from contracts import cited, claim, contract, entity

from bot.messages import Event, Reply
from bot.store import Store, Workspace

NOW = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)
FETCHED = NOW - timedelta(hours=3)
SLACK = ("slack", "T1")  # the newsroom
DISCORD = ("discord", "G2")  # another tenant, whose data must never show in T1
HEARING_CLAIMS = 11  # claims in the hearing article: more than a page


def ambassador(outlet: str, url: str, published: str) -> dict[str, Any]:
    return contract(
        f"Russia to treat North Korean soldiers ({outlet})",
        outlet=outlet,
        url=url,
        published=published,
        who=[
            entity("Alexander Matsegora", "Matsegora", role="Russian ambassador to Pyongyang", mentions=3),
            entity("Russia", "Russian", type="GPE", mentions=4),
            entity("Kremlin", type="ORG", role="the Russian presidency"),
        ],
        claims=[
            claim(
                "Alexander Matsegora", "wounded North Korean soldiers will be treated in Russian hospitals"
            ),
            claim("analysts", "the deal may deepen military ties", cue="believe", hedged=True),
            claim("Matsegora", "Moscow would pay compensation to the families of the dead", quote=True),
        ],
        sources=[
            cited("Alexander Matsegora", "named_person", 2),
            cited("analysts", "unnamed", 1),
            cited("TASS", "publication", 0),
        ],
        key_points=[
            "Russia will treat wounded North Korean soldiers, its ambassador said.",
            "Families of the dead are to be compensated by Moscow.",
        ],
    )


def hearing() -> dict[str, Any]:
    speakers = ["Ana Ruiz", "Ana Gomez"]
    return contract(
        "Budget hearing runs late",
        outlet="Harbour Post",
        url="https://harbour.example/hearing",
        published="2026-05-19T15:00:00+00:00",
        who=[
            entity("Ana Ruiz", "Ruiz", role="finance minister", mentions=6),
            entity("Ana Gomez", "Gomez", role="opposition leader", mentions=5),
        ],
        claims=[
            claim(speakers[i % 2], f"budget line {i} needs {i} more hearings", hedged=i == 4)
            for i in range(HEARING_CLAIMS)
        ],
        sources=[cited("Ana Ruiz", "named_person", 6), cited("Ana Gomez", "named_person", 5)],
        key_points=["The budget hearing ran late."],
    )


def grain() -> dict[str, Any]:
    return contract(
        "Grain corridor agreed",
        outlet="Rioni Daily",
        url=None,  # no link: the answers name the article instead
        published="2026-05-18T10:00:00+00:00",
        who=[
            entity("Aigerim Sadykova", "Sadykova", role="deputy agriculture minister", mentions=4),
            entity("Russia", type="GPE", mentions=1),
        ],
        claims=[
            claim("Aigerim Sadykova", "the corridor should carry 4.5 million tonnes a year by 2028"),
            claim("Sadykova", "the corridor was not aimed at Russia", cue="denied"),
            claim("traders", "volumes may be lower", hedged=True),
            claim(None, "tariffs will fall"),
        ],
        sources=[cited("Aigerim Sadykova", "named_person", 2), cited("traders", "unnamed", 1)],
    )


def secret() -> dict[str, Any]:
    return contract(
        "Secret compensation plan",
        outlet="Other Guild Gazette",
        url="https://other.example/secret",
        published="2026-05-19T09:00:00+00:00",
        who=[entity("Zed Secretsson", "Secretsson", role="Matsegora's rival", mentions=9)],
        claims=[claim("Zed Secretsson", "compensation will never be paid to anyone")],
        sources=[cited("Zed Secretsson", "named_person", 1), cited("insiders", "unnamed", 1)],
        key_points=["A secret plan."],
    )


def fill(store: Store) -> dict[str, int]:
    """The newsroom's articles, by name -> id."""
    ws = store.workspace(*SLACK)
    other = store.workspace(*DISCORD)
    ids = {}
    for name, parsed, when in (
        ("corvane", ambassador("Corvane Wire", "https://corvane.example/a", "2026-05-18T08:00:00+00:00"), 0),
        (
            "rioni-ambassador",
            ambassador("Rioni Daily", "https://rioni.example/b", "2026-05-18T09:00:00+00:00"),
            1,
        ),
        ("grain", grain(), 2),
        ("hearing", hearing(), 3),
    ):
        ids[name] = store.save_parsed(ws, parsed, fetched_at=FETCHED + timedelta(minutes=when)).article_id
    ids["secret"] = store.save_parsed(other, secret(), fetched_at=FETCHED).article_id
    return ids


def workspace(store: Store) -> Workspace:
    return store.workspace(*SLACK)


def event(text: str, *, command: str | None = None, tenant: tuple[str, str] = SLACK, **extra: Any) -> Event:
    values: dict[str, Any] = {
        "platform": tenant[0], "workspace_id": tenant[1], "channel": "C1", "user": "U1",
        "text": text, "event_id": "Ev1", "is_mention": command is None, "command": command,
    }  # fmt: skip
    values.update(extra)
    return Event(**values)


def texts(reply: Reply) -> list[str]:
    """Every piece of text a reply shows, in order (title, headings, lines, fields, links, footer)."""
    shown = [reply.title]
    for section in reply.sections:
        shown += [section.heading or "", *section.lines]
        shown += [f"{f.name}: {f.value}" for f in section.fields]
        shown += [f"{link.label} <{link.url}>" for link in section.links]
    shown += [f"{link.label} <{link.url}>" for link in reply.links]
    shown.append(reply.footer or "")
    return [s for s in shown if s]


def shown(reply: Reply) -> str:
    return "\n".join(texts(reply))


def headings(reply: Reply) -> list[str]:
    return [s.heading for s in reply.sections if s.heading]
