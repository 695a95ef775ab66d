"""Alembic migrations of the article store, shipped inside the package.

Run them with `briefbot db upgrade` (or `bot.store.open_store`, which upgrades on start);
no alembic.ini is needed: bot/store/migrate.py builds the configuration.
To write a new revision: `alembic -c bot/migrations/alembic.ini revision -m "..."`, then edit it by hand
(it must work on SQLite and PostgreSQL; tests/store/test_migrations.py checks models and migrations agree).
"""
