"""The key-points component on small hand-written articles (fictional people and places)."""

from __future__ import annotations

import re

import pytest
from spacy.language import Language

from bot.article import Article
from bot.nlp.extensions import ARTICLE, KEY_POINTS
from bot.nlp.pipeline import load_nlp

pytestmark = pytest.mark.slow

TITLE = "Port of Vellmar Halts Night Shifts After Crane Collapse"

STANDFIRST = (
    "The Port of Vellmar has suspended all night shifts after a container crane collapsed onto a "
    "loading berth on Tuesday."
)
LEDE = (
    "The Port of Vellmar suspended all of its night shifts on Tuesday after a container crane "
    "collapsed onto a loading berth, the port authority said."
)
COMMENTARY = "The collapse highlights how much pressure the ageing terminal has been under for years."
FACTS = (
    "Three workers were taken to Halden General Hospital with minor injuries, according to the regional "
    "fire service.",
    "Harbour master Ilse Marquardt said the 42-metre crane had passed a safety inspection in March.",
    "About 1,800 containers are now waiting to be unloaded, and two shipping lines have diverted "
    "vessels to the rival port of Brennick.",
    "The Dockworkers' Federation of Vellmar said it had warned the authority about worn cables on the "
    "crane in January.",
    "Investigators from the national transport safety board are expected to publish an initial "
    "report within six weeks.",
)

ARTICLE_TEXT = "\n\n".join(
    [
        STANDFIRST,
        LEDE,
        FACTS[0],
        "Click here to sign up for our daily shipping newsletter.",
        FACTS[1],
        COMMENTARY,
        "What Happens Next",
        FACTS[2],
        "Will the port reopen its night shifts before the harvest season?",
        FACTS[3],
        FACTS[4],
    ]
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp(components=("briefbot_key_points",))


def key_points(nlp: Language, text: str, title: str = "") -> list[str]:
    doc = nlp.make_doc(text)
    setattr(doc._, ARTICLE, Article(text=text, title=title))
    points: list[str] = getattr(nlp(doc)._, KEY_POINTS)
    return points


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def test_points_are_verbatim_sentences_of_the_body(nlp: Language) -> None:
    points = key_points(nlp, ARTICLE_TEXT, TITLE)
    flat = re.sub(r"\s+", " ", ARTICLE_TEXT)
    assert 3 <= len(points) <= 5
    for point in points:
        assert re.sub(r"\s+", " ", point).strip() in flat
        assert point[0].isupper() and point.endswith(".")


def test_best_point_comes_first(nlp: Language) -> None:
    points = key_points(nlp, ARTICLE_TEXT, TITLE)
    assert points[0] in (STANDFIRST, LEDE)


def test_a_repeated_lede_is_picked_once(nlp: Language) -> None:
    points = key_points(nlp, ARTICLE_TEXT, TITLE)
    assert not (STANDFIRST in points and LEDE in points)
    for i, first in enumerate(points):
        for second in points[i + 1 :]:
            shared = words(first) & words(second)
            assert len(shared) / len(words(first) | words(second)) <= 0.6, (first, second)


def test_headings_questions_and_boilerplate_are_never_points(nlp: Language) -> None:
    points = key_points(nlp, ARTICLE_TEXT, TITLE)
    assert "What Happens Next" not in points
    assert not any(p.endswith("?") or "Click here" in p for p in points)


def test_commentary_loses_to_facts(nlp: Language) -> None:
    assert COMMENTARY not in key_points(nlp, ARTICLE_TEXT, TITLE)


def test_a_sentence_restating_the_title_is_not_a_point(nlp: Language) -> None:
    text = TITLE + ".\n\n" + ARTICLE_TEXT
    assert key_points(nlp, text)[0] == TITLE + "."  # without the title it looks like a lede
    points = key_points(nlp, text, TITLE)
    assert TITLE + "." not in points
    assert points[0] in (STANDFIRST, LEDE)


def test_a_bare_block_of_text_gets_three_points(nlp: Language) -> None:
    text = " ".join([LEDE, *FACTS])
    points = key_points(nlp, text)
    assert len(points) == 3
    assert points[0] == LEDE


def test_a_very_short_article_gets_fewer_points(nlp: Language) -> None:
    points = key_points(nlp, f"{LEDE}\n\n{FACTS[0]}", TITLE)
    assert len(points) == 1


def test_no_sentences_no_points(nlp: Language) -> None:
    assert key_points(nlp, "What Happens Next\n\nPort Updates", TITLE) == []
    assert key_points(nlp, "") == []


def test_a_caption_fused_to_a_sentence_is_cut_off(nlp: Language) -> None:
    caption = "Harbour master Ilse Marquardt at the berth on Tuesday morning"
    fused = "It was the second crane failure at the terminal in three years, inspectors confirmed."
    text = " ".join([LEDE, FACTS[0], caption + " " + fused, FACTS[2], FACTS[4]])
    points = key_points(nlp, text)
    assert not any(caption in p for p in points)
    assert fused in points
