"""Slack installs and OAuth states in the store's database (slack_sdk's table layout)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import Engine, inspect

from adapters.slack import install_store
from adapters.slack.install_store import InstallationStore, StateStore
from bot.store import open_store


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    try:
        yield store.engine  # the migrations made the Slack tables
    finally:
        store.close()


def install(team: str, token: str, *, enterprise: str | None = None, at: datetime) -> Installation:
    return Installation(
        app_id="A1", enterprise_id=enterprise, team_id=team, bot_token=token, bot_id="B1",
        bot_user_id="UBOT", bot_scopes="chat:write,commands", user_id="U1", installed_at=at.timestamp(),
    )  # fmt: skip


def test_the_newest_install_of_a_team_wins_and_other_apps_installs_are_not_seen(engine: Engine) -> None:
    assert {"slack_bots", "slack_installations", "slack_oauth_states"} <= set(
        inspect(engine).get_table_names()
    )
    store = InstallationStore(engine, "111.222")
    then = datetime(2026, 1, 1, tzinfo=UTC)
    store.save(install("T1", "xoxb-old", at=then))
    store.save(install("T1", "xoxb-new", at=then + timedelta(days=1)))
    store.save(install("T2", "xoxb-grid", enterprise="E1", at=then))
    InstallationStore(engine, "999.999").save(install("T1", "xoxb-other-app", at=then + timedelta(days=2)))

    found = store.find_bot(enterprise_id=None, team_id="T1")
    assert (
        found is not None
        and found.bot_token == "xoxb-new"
        and found.installed_at == (then + timedelta(days=1)).timestamp()
    )
    assert store.find_bot(enterprise_id=None, team_id="T2") is None  # a grid install needs its org
    grid = store.find_team_bot("T2")  # the digest poster knows the team only
    assert grid is not None and grid.bot_token == "xoxb-grid"
    installation = store.find_installation(enterprise_id=None, team_id="T1")
    assert installation is not None and installation.user_id == "U1" and installation.bot_token == "xoxb-new"

    store.delete_bot(enterprise_id=None, team_id="T1")
    store.delete_installation(enterprise_id=None, team_id="T1")
    assert store.find_bot(enterprise_id=None, team_id="T1") is None
    assert store.find_installation(enterprise_id=None, team_id="T1") is None
    assert InstallationStore(engine, "999.999").find_team_bot("T1") is not None  # another app's


def test_an_oauth_state_is_used_once_and_not_after_it_expires(engine: Engine) -> None:
    states = StateStore(engine, seconds=600)
    state = states.issue()
    assert states.consume(state) and not states.consume(state)
    assert not states.consume("forged")
    expired = StateStore(engine, seconds=-1).issue()
    assert not states.consume(expired)


def test_the_migration_makes_the_tables_as_the_stores_use_them(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, install_store.metadata)
    ours = [d for d in diff if "slack_" in repr(d)]
    assert ours == []
