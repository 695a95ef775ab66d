"""Key points' text rules, without the model: what counts as boilerplate."""

from __future__ import annotations

import pytest

from bot.nlp.keypoints import _is_boilerplate


@pytest.mark.parametrize(
    "sentence",
    [
        "Click HERE to read the full report.",
        "Readers can Sign Up for the morning newsletter.",
        "Subscribe to our newsletter.",
        "Read more: the full story.",
        "We use Cookies to improve the site.",
        "By Ana Ruiz and Tomas Lindqvist.",
        "BY ANA RUIZ.",
        "Reporting by Ana Ruiz; Editing by Tom Hale.",
        "(Reporting by Ana Ruiz)",
        "Additional reporting by Tom Hale.",
        "Writing by Ana Ruiz; Editing by Tom Hale.",
        "Additional reporting from Kyiv and Warsaw.",  # a credit line opens as the layout pass reads one
        "(Photo: Harbour authority) The crane fell at night.",
        "Photograph: Reuters.",
        "Image: the berth after the collapse.",
        "© 2026 Vellmar Daily. All rights reserved.",
    ],
)
def test_boilerplate(sentence: str) -> None:
    assert _is_boilerplate(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "By contrast, the port's rivals kept their night shifts.",  # "by" opens a sentence, no byline
        "By a 2-to-1 vote, the court sent the case back.",
        "By 2030, the port will close.",
        "By Monday the strike was over.",
        "The virus could spread more quickly in winter.",  # "read more" inside a word
        "The council approved a design update for the berth.",  # "sign up" inside words
        "The service lost 10,000 paid subscribers in March.",  # "subscribe" inside a word
        "According to reporting by the Guardian, he resigned.",  # a source, not a credit line
        "Photographs released by police show the car.",  # not a photo credit
        "Cookiecutter housing was approved in March.",  # "cookie" only as a whole word
        "Three workers were taken to Halden General Hospital.",
    ],
)
def test_not_boilerplate(sentence: str) -> None:
    assert not _is_boilerplate(sentence)
