"""Cross-outlet tracking: which claims several outlets reported, which only one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from store_contracts import FETCHED, claim, contract, person

from bot.store import Store, Workspace, queries
from bot.store.grouping import group_claims
from bot.store.types import ClaimView


def story(
    outlet: str, day: int, *claims: dict[str, object], who: list[dict[str, object]] | None = None
) -> dict:
    return contract(
        f"Grain talks ({outlet})",
        outlet=outlet,
        published=f"2026-05-{day:02d}",
        who=who or [person("Aigerim Sadykova", "Sadykova"), person("Rauf Mammadli", "Mammadli")],
        claims=list(claims),
    )


SADYKOVA_2028 = "the corridor should carry 4.5 million tonnes a year by 2028"


@pytest.fixture
def ws(store: Store) -> Workspace:
    ws = store.workspace("console", "console")

    def add(outlet: str, day: int, *claims: dict[str, object]) -> None:
        store.save_parsed(ws, story(outlet, day, *claims), fetched_at=FETCHED)

    add(
        "Corvane Wire",
        17,
        claim("Aigerim Sadykova", SADYKOVA_2028),
        claim("Rauf Mammadli", "the tariff is $38 per tonne from Aktau to Poti"),
        claim("Aigerim Sadykova", "farmers will have a second door to the world", quote=True),
    )
    add(
        "Rioni Daily",
        18,
        claim("Sadykova", "the corridor was designed to carry 4.5 million tonnes of grain a year by 2028"),
        claim("Mammadli", "Georgia will build a new grain berth"),
    )
    add(
        "Commodity Ledger",
        19,
        claim("Aigerim Sadykova", "the route would handle 4.5 million tonnes annually by 2028"),
        claim("Rauf Mammadli", SADYKOVA_2028),  # the same words from another speaker: another claim
    )
    return ws


def test_one_claim_reported_by_three_outlets(store: Store, ws: Workspace) -> None:
    [widely] = queries.widely_reported_claims(store, ws)
    assert widely.speaker == "Aigerim Sadykova"
    assert widely.outlets == ("Corvane Wire", "Rioni Daily", "Commodity Ledger")  # first report first
    assert widely.content == SADYKOVA_2028
    assert widely.outlet_count == 3 and len(widely.claims) == 3


def test_claims_only_one_outlet_reported(store: Store, ws: Workspace) -> None:
    single = queries.single_outlet_claims(store, ws)
    assert sorted((g.speaker, g.outlets[0]) for g in single) == [
        ("Aigerim Sadykova", "Corvane Wire"),
        ("Rauf Mammadli", "Commodity Ledger"),  # the same words, another speaker: another claim
        ("Rauf Mammadli", "Corvane Wire"),
        ("Rauf Mammadli", "Rioni Daily"),
    ]
    assert len(queries.claim_groups(store, ws)) == 5


def test_a_period_limits_the_groups(store: Store, ws: Workspace) -> None:
    since = datetime(2026, 5, 18, tzinfo=UTC)
    [widely] = queries.widely_reported_claims(store, ws, since=since)
    assert widely.outlets == ("Rioni Daily", "Commodity Ledger")


def _view(claim_id: int, article_id: int, outlet: str | None, speaker: str, content: str) -> ClaimView:
    return ClaimView(
        claim_id, article_id, speaker, None, "named_person", "said", content, False, False, content,
        outlet, "t", datetime(2026, 5, 1, tzinfo=UTC), speaker,
    )  # fmt: skip


def test_grouping_rules() -> None:
    groups = group_claims(
        [
            _view(1, 1, "A", "Dr. Jane Roe", "the vaccine is safe for children"),
            _view(2, 2, "B", "dr jane roe", "The vaccine is safe for all children"),
            _view(3, 3, "A", "Jane Roe", "the vaccine is safe for children"),  # another outlet? no: A again
            _view(4, 4, None, "Dr. Jane Roe", "Vaccines are safe for children."),
            _view(5, 5, None, "Dr. Jane Roe", "prices will rise next year"),
            _view(
                6, 1, "A", "Dr. Jane Roe", "the vaccine is safe for children, she repeated"
            ),  # same article
        ]
    )
    first = groups[0]
    assert [c.id for c in first.claims] == [1, 6, 2, 4]  # by date, article, position
    assert first.outlets == ("A", "B", "unknown outlet")
    assert sorted(len(g.claims) for g in groups) == [1, 1, 4]  # "Jane Roe" is another speaker key
