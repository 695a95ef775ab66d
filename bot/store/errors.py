"""Errors of the article store; their messages are safe to show and say how to fix the problem."""

from __future__ import annotations

from bot.errors import UserError

_FALLBACK = "or unset DATABASE_URL to use SQLite in BRIEFBOT_DATA_DIR"


class StoreError(UserError):
    """The database cannot be opened, reached or upgraded."""


def bad_url(shown: str, why: str) -> StoreError:
    return StoreError(
        f"DATABASE_URL={shown} {why}: use postgresql+psycopg://USER:PASSWORD@HOST:5432/DBNAME, {_FALLBACK}"
    )


def unreachable(shown: str, reason: str) -> StoreError:
    return StoreError(
        f"DATABASE_URL={shown} cannot be reached ({reason}): check the host and port, the user and "
        f"password, and that the database exists, {_FALLBACK}"
    )


def sqlite_unusable(path: str, reason: str) -> StoreError:
    return StoreError(
        f"the SQLite database {path} cannot be opened ({reason}): make BRIEFBOT_DATA_DIR a folder "
        "briefbot can write to, or set DATABASE_URL to a PostgreSQL database"
    )


def too_new(shown: str) -> StoreError:
    return StoreError(
        f"the database at {shown} was written by a newer briefbot (its schema revision is unknown to "
        "this version): upgrade briefbot, or point DATABASE_URL / BRIEFBOT_DATA_DIR at another database"
    )


def bad_setting(name: str, value: str, wanted: str) -> StoreError:
    return StoreError(f"{name}={value!r} is not valid: set it to {wanted}, or leave it empty for the default")


def sqlite_without_json(version: str) -> StoreError:
    return StoreError(
        f"the SQLite library this Python uses ({version}) has no JSON functions, which briefbot's "
        "queries need: run briefbot on a Python built with SQLite 3.38 or newer, or set DATABASE_URL "
        "to a PostgreSQL database"
    )
