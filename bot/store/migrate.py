"""Alembic, configured in code: the migrations ship inside the package (bot/migrations)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine

import bot.migrations
from bot.store import errors
from bot.store.engine import shown, writer

MIGRATIONS = Path(bot.migrations.__file__).resolve().parent


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str:
    """The newest revision this version of briefbot knows."""
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert revision is not None, "bot/migrations/versions holds no revision"
    return revision


def current(engine: Engine) -> str | None:
    """The revision the database is at (None: empty, never migrated)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to `revision` (default: the newest), in one transaction on each backend."""
    config = alembic_config()
    known = current(engine)
    if known is not None and not _is_known(config, known):
        raise errors.too_new(shown(engine.url))
    try:
        with writer(engine).begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
    except CommandError as error:
        raise errors.StoreError(f"cannot migrate the database at {shown(engine.url)}: {error}") from None


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with writer(engine).begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


def _is_known(config: Config, revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(config).get_revision(revision) is not None
    except CommandError:
        return False
