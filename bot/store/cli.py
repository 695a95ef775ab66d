"""`briefbot db upgrade` and `briefbot db current`, registered by `add_db_commands`."""

from __future__ import annotations

import argparse
from typing import Any


def add_db_commands(sub: Any) -> None:
    """Add the `db` command to the `briefbot` subparsers; `args.db_command(args)` runs it."""
    db = sub.add_parser("db", help="the article database: migrate it, show its schema revision")
    actions = db.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    up = actions.add_parser("upgrade", help="migrate the database to the newest schema (also done on start)")
    up.add_argument("--revision", default="head", help="the revision to migrate to (default: head)")
    actions.add_parser("current", help="print the database's schema revision and the newest one")
    db.set_defaults(db_command=run)


def run(args: argparse.Namespace) -> int:
    from bot.config import Settings
    from bot.store import migrate
    from bot.store.engine import database_url, make_engine, shown

    settings = Settings.from_env()  # reads .env, where DATABASE_URL may be
    engine = make_engine(database_url(settings.data_dir))
    try:
        where = shown(engine.url)
        if args.db_action == "upgrade":
            before = migrate.current(engine)
            migrate.upgrade(engine, args.revision)
            after = migrate.current(engine)
            change = "already at" if before == after else f"migrated from {before or 'empty'} to"
            print(f"{where}: {change} revision {after}")
            return 0
        now, newest = migrate.current(engine), migrate.head()
        state = "up to date" if now == newest else "behind: run `briefbot db upgrade`"
        print(f"{where}: revision {now or 'none (empty)'}, newest {newest} ({state})")
        return 0 if now == newest else 1
    finally:
        engine.dispose()
