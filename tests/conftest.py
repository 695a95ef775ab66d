"""Shared fixtures: the real pipeline, loaded once per test session."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from bot.article import Article
from bot.nlp.extensions import ARTICLE
from bot.nlp.pipeline import load_nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture(scope="session")
def parse_text(nlp: Language) -> Callable[..., Doc]:
    def run(text: str, title: str = "") -> Doc:
        doc = nlp.make_doc(text)
        setattr(doc._, ARTICLE, Article(text=text, title=title))
        return nlp(doc)

    return run
