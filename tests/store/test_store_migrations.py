"""Migrations: empty to head on both backends, models and migrations agree, errors say how to fix."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from bot.store import Store, StoreError, migrate, open_store
from bot.store.engine import make_engine, require_json
from bot.store.models import Base

TABLES = {
    "workspaces", "articles", "entities", "entity_aliases", "mentions", "claims", "claim_subjects",
    "cited_sources", "key_points", "feeds", "feed_entries", "channel_settings", "article_channels",
    "digest_deliveries", "digest_messages", "slack_bots", "slack_installations", "slack_oauth_states",
    "handled_events", "page_tokens", "entity_hours", "entity_roles",
}  # fmt: skip


def _only_modelled(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """The full-text machinery exists only in the migration (FTS5 tables, tsvector columns); the
    Slack install tables are modelled by adapters/slack/install_store.py (checked there)."""
    if (
        type_ == "table"
        and name is not None
        and (name == "alembic_version" or "_fts" in name or name.startswith("slack_"))
    ):
        return False
    if type_ == "index" and name is not None and name.endswith("_search"):
        return False
    return not (type_ == "column" and name == "search_vector")


def test_empty_to_head(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        assert migrate.current(engine) is None
        migrate.upgrade(engine)
        assert migrate.current(engine) == migrate.head()
        assert set(inspect(engine).get_table_names()) >= TABLES
        migrate.upgrade(engine)  # a second run does nothing
        assert migrate.current(engine) == migrate.head()
    finally:
        engine.dispose()


def test_models_and_migrations_agree(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": _only_modelled, "compare_type": True}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_empty_and_back(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        migrate.upgrade(engine)
        migrate.downgrade(engine, "base")
        assert migrate.current(engine) is None
        assert not TABLES & set(inspect(engine).get_table_names())
        migrate.upgrade(engine)
        assert migrate.current(engine) == migrate.head()
    finally:
        engine.dispose()


def test_full_text_indexes_are_made_by_the_migration(store: Store) -> None:
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            names = set(conn.scalars(text("SELECT name FROM sqlite_master")))
            assert {"claims_fts", "key_points_fts", "entities_fts", "claims_fts_insert"} <= names
        else:
            indexes = set(conn.scalars(text("SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%gin%'")))
            assert {"ix_claims_search", "ix_key_points_search", "ix_entities_search"} <= indexes


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Any) -> None:
    store = open_store(data_dir=tmp_path / "data")
    try:
        assert (tmp_path / "data" / "briefbot.sqlite3").is_file()
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -32 * 1024  # 32 MB of pages
    finally:
        store.close()


def test_an_sqlite_without_json_functions_is_refused_with_a_fix() -> None:
    class NoJson:  # a DB-API connection to an SQLite built without its JSON functions
        def execute(self, sql: str) -> Any:
            raise sqlite3.OperationalError("no such function: json_valid")

    with pytest.raises(StoreError, match=r"has no JSON functions.*SQLite 3\.38 or newer.*PostgreSQL"):
        require_json(NoJson())
    require_json(sqlite3.connect(":memory:"))  # this machine's has them: nothing raised


def test_the_sqlite_page_cache_is_configurable(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFBOT_SQLITE_CACHE_MB", "8")
    store = open_store(data_dir=tmp_path / "data")
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -8 * 1024
    finally:
        store.close()
    monkeypatch.setenv("BRIEFBOT_SQLITE_CACHE_MB", "lots")
    with pytest.raises(
        StoreError, match="BRIEFBOT_SQLITE_CACHE_MB='lots' is not valid: set it to a whole number"
    ):
        open_store(data_dir=tmp_path / "data")


def test_a_database_from_a_newer_briefbot_is_refused(database_url: str) -> None:
    open_store(database_url).close()
    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    finally:
        engine.dispose()
    with pytest.raises(StoreError, match="newer briefbot"):
        open_store(database_url)


def test_an_unmigrated_database_is_refused_without_upgrade(database_url: str) -> None:
    with pytest.raises(StoreError, match="briefbot db upgrade"):
        open_store(database_url, upgrade=False)
    open_store(database_url).close()
    open_store(database_url, upgrade=False).close()


def test_planner_statistics_are_kept(store: Store) -> None:
    """SQLite plans with ANALYZE's statistics (PostgreSQL gets ANALYZE too); opening runs it."""
    ws = store.workspace("console", "console")
    store.optimize()
    if store.dialect == "sqlite":
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_stat1").scalar() is not None
    assert ws.id > 0
