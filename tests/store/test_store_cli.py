"""`briefbot db upgrade` / `db current`, which database is used, and errors that say how to fix them."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

import bot.store
from bot.errors import UserError
from bot.store import StoreError, migrate, open_store
from bot.store.cli import add_db_commands
from bot.store.engine import database_url, parse_url


def run_db(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="briefbot")
    add_db_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["db", *argv])
    result: int = args.db_command(args)
    return result


@pytest.fixture
def env_url(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    return database_url


def test_db_upgrade_then_current(env_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_db("current") == 1
    assert "revision none (empty)" in capsys.readouterr().out
    assert run_db("upgrade") == 0
    assert f"migrated from empty to revision {migrate.head()}" in capsys.readouterr().out
    assert run_db("upgrade") == 0
    assert f"already at revision {migrate.head()}" in capsys.readouterr().out
    assert run_db("current") == 0
    assert "(up to date)" in capsys.readouterr().out


def test_sqlite_in_the_data_dir_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("BRIEFBOT_DATA_DIR", str(tmp_path / "state"))
    assert database_url() == f"sqlite:///{tmp_path / 'state' / 'briefbot.sqlite3'}"
    assert database_url(tmp_path) == f"sqlite:///{tmp_path / 'briefbot.sqlite3'}"
    assert run_db("upgrade") == 0
    assert (tmp_path / "state" / "briefbot.sqlite3").is_file()
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    assert database_url(tmp_path) == "postgresql://u@h/db"


def test_postgres_urls_get_the_psycopg_driver() -> None:
    for raw in ("postgres://u:p@h/db", "postgresql://u:p@h/db", "postgresql+psycopg://u:p@h/db"):
        assert parse_url(raw).drivername == "postgresql+psycopg"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a url", "is not a database URL"),
        ("mysql://u@h/db", "briefbot supports SQLite and PostgreSQL"),
        ("postgresql+asyncpg://u@h/db", "briefbot uses psycopg"),
        ("sqlite://", "in-memory SQLite"),
    ],
)
def test_bad_urls_say_how_to_fix_them(url: str, expected: str) -> None:
    with pytest.raises(StoreError, match=expected) as caught:
        open_store(url)
    assert "unset DATABASE_URL to use SQLite in BRIEFBOT_DATA_DIR" in str(caught.value)
    assert isinstance(caught.value, UserError)


def test_an_unreachable_server_is_a_user_error_without_the_password() -> None:
    with pytest.raises(StoreError, match="cannot be reached") as caught:
        open_store("postgresql://briefbot:hunter2@127.0.0.1:1/nowhere")
    message = str(caught.value)
    assert "hunter2" not in message and "***" in message
    assert "check the host and port" in message


def test_an_unwritable_data_dir_is_a_user_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="BRIEFBOT_DATA_DIR"):
        open_store(data_dir=blocker / "data")


def test_the_public_names() -> None:
    assert sorted(bot.store.__all__) == bot.store.__all__
    assert set(bot.store.__all__) == set(bot.store._HOMES)
    for name in bot.store.__all__:
        assert getattr(bot.store, name) is not None
