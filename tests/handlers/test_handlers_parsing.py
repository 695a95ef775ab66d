"""Reading what users type: questions to commands, claim filters, article numbers."""

from __future__ import annotations

import pytest

from bot.errors import UserError
from handlers import COMMANDS
from handlers.parsing import ClaimFilter, claim_filter, route, split_article, strip_mentions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@briefbot who is Matsegora?", ("who", "Matsegora")),
        ("<@U0BOT> who's Ana Ruiz", ("who", "Ana Ruiz")),
        ("<@!1234>  who", ("who", "")),
        ("@briefbot who is in the news?", ("who", "")),
        ("@briefbot tell me about Sadykova", ("who", "Sadykova")),
        ("@briefbot claims about compensation", ("claims", "about compensation")),
        ("@briefbot Claims by Matsegora about Russia", ("claims", "by Matsegora about Russia")),
        (
            "@briefbot what did Matsegora say about compensation?",
            ("claims", "by Matsegora about compensation"),
        ),
        ("@briefbot what has Sadykova said", ("claims", "by Sadykova")),
        ("@briefbot what are people saying about Russia", ("claims", "about Russia")),
        ("@briefbot who said compensation", ("claims", "compensation")),
        ("@briefbot sources", ("sources", "")),
        ("@briefbot who are the sources?", ("sources", "")),
        ("@briefbot /sources article 3", ("sources", "article 3")),
        ("@briefbot summary", ("summary", "")),
        ("@briefbot tl;dr", ("summary", "")),
        ("@briefbot what is this about?", ("summary", "")),
        ("@briefbot more", ("more", "")),
        ("@briefbot more claims:8::", ("more", "claims:8::")),
        ("@briefbot", ("help", "")),
        ("@briefbot help", ("help", "")),
        ("@briefbot hello there", None),
        ("@briefbot whose turn is it", None),
    ],
)
def test_questions_route_to_commands(text: str, expected: tuple[str, str] | None) -> None:
    assert route(text, COMMANDS) == expected


def test_leading_mentions_only_are_stripped() -> None:
    assert strip_mentions("@briefbot: <@U1> ask @someone") == "ask @someone"


def test_claim_filters_in_any_order() -> None:
    assert claim_filter("") == ClaimFilter()
    assert claim_filter("compensation") == ClaimFilter(words="compensation")
    assert claim_filter("By Matsegora about compensation") == ClaimFilter(
        by="Matsegora", about="compensation"
    )
    assert claim_filter("hospitals about Russia by Alexander Matsegora") == ClaimFilter(
        words="hospitals", by="Alexander Matsegora", about="Russia"
    )
    assert claim_filter("by Matsegora about compensation").describe() == "by Matsegora about compensation"


@pytest.mark.parametrize("args", ["by", "compensation about", "by A by B"])
def test_claim_filters_that_cannot_work_say_how_to_fix_them(args: str) -> None:
    with pytest.raises(UserError, match=r"e\.g\. /claims"):
        claim_filter(args)


def test_article_numbers() -> None:
    assert split_article("article 12") == (12, "")
    assert split_article("Article #7 by Ruiz") == (7, "by Ruiz")
    assert split_article("of article 7") == (7, "")
    assert split_article("12") == (12, "")
    assert split_article("12", bare_number=False) == (None, "12")
    assert split_article("articles of faith") == (None, "articles of faith")
