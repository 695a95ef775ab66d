"""Which database, and the engine for it: SQLite in the data dir by default, PostgreSQL on request.

SQLite connections get WAL mode, foreign keys and a busy timeout. Writes begin with
BEGIN IMMEDIATE (see `writer`), so two writers queue instead of failing halfway.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Connection, make_url

from bot.store import errors

SQLITE_FILE = "briefbot.sqlite3"
_BUSY_TIMEOUT_S = 30
_WRITE = "briefbot_write"
# Pages each SQLite connection keeps (SQLite's default is 2 MB): a query over a 1 GB store touches
# a few thousand pages, and re-reading them from the OS took as long again as the query itself
# (bench/query_bench.py). Used as filled; a connection per concurrent query.
_CACHE_MB = 32


def upsert(dialect: str, target: Any) -> postgresql.Insert | sqlite.Insert:
    """An INSERT into `target` (a model or table) that takes ON CONFLICT clauses
    (`on_conflict_do_nothing`, `on_conflict_do_update`), in the backend's own dialect."""
    if dialect == "postgresql":
        return postgresql.insert(target)
    return sqlite.insert(target)


def database_url(data_dir: Path | str | None = None) -> str:
    """DATABASE_URL when set, else a SQLite file in `data_dir` (default: BRIEFBOT_DATA_DIR or ./data)."""
    configured = os.environ.get("DATABASE_URL", "").strip()
    if configured:
        return configured
    folder = Path(data_dir or os.environ.get("BRIEFBOT_DATA_DIR", "").strip() or "data")
    return f"sqlite:///{folder / SQLITE_FILE}"


def shown(url: URL | str) -> str:
    """The URL as it may appear in a message: never with its password."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except exc.ArgumentError:
            return "<unreadable URL>"
    return url.render_as_string(hide_password=True)


def parse_url(raw: str) -> URL:
    """The URL with its driver made explicit (postgresql+psycopg); anything else is a StoreError."""
    try:
        url = make_url(raw)
    except exc.ArgumentError:
        raise errors.bad_url(shown(raw), "is not a database URL") from None
    backend = url.get_backend_name()
    if backend in ("postgres", "postgresql"):
        driver = url.drivername.partition("+")[2]
        if driver not in ("psycopg", ""):
            raise errors.bad_url(shown(url), f"names the driver {driver!r}; briefbot uses psycopg")
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        if url.database in (None, "", ":memory:"):
            raise errors.bad_url(shown(url), "is an in-memory SQLite database, which keeps nothing")
        return url.set(drivername="sqlite")
    raise errors.bad_url(
        shown(url), f"names the database {backend!r}; briefbot supports SQLite and PostgreSQL"
    )


def make_engine(raw_url: str) -> Engine:
    """An engine for `raw_url`, connected once to prove it works (StoreError saying how to fix it)."""
    url = parse_url(raw_url)
    if url.get_backend_name() == "sqlite":
        engine = _sqlite_engine(url)
    else:
        engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    try:
        with engine.connect():
            pass
    except exc.DBAPIError as error:
        engine.dispose()
        raise _connect_error(url, error) from None
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, but its transactions take SQLite's write lock up front."""
    return engine.execution_options(**{_WRITE: True})


def _sqlite_engine(url: URL) -> Engine:
    path = Path(url.database or "")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise errors.sqlite_unusable(str(path), error.strerror or type(error).__name__) from None
    engine = create_engine(url, connect_args={"timeout": _BUSY_TIMEOUT_S, "check_same_thread": False})
    cache_mb = _cache_mb()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA cache_size=-{cache_mb * 1024}")
        cursor.close()
        require_json(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def require_json(dbapi_connection: Any) -> None:
    """Fail with a clear message where Python's SQLite lacks the JSON functions the queries use
    (lists of ids are read with json_each; built into SQLite since 3.38, usual before)."""
    try:
        dbapi_connection.execute("SELECT json_valid('[]')").fetchall()
    except sqlite3.OperationalError:
        raise errors.sqlite_without_json(sqlite3.sqlite_version) from None


def _cache_mb() -> int:
    """BRIEFBOT_SQLITE_CACHE_MB, else 32: megabytes of pages each SQLite connection keeps."""
    raw = os.environ.get("BRIEFBOT_SQLITE_CACHE_MB", "").strip()
    if not raw:
        return _CACHE_MB
    if not raw.isdigit() or int(raw) < 1:
        raise errors.bad_setting("BRIEFBOT_SQLITE_CACHE_MB", raw, "a whole number of megabytes, 1 or more")
    return int(raw)


def _connect_error(url: URL, error: exc.DBAPIError) -> errors.StoreError:
    reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
    if url.get_backend_name() == "sqlite":
        return errors.sqlite_unusable(url.database or "", reason)
    return errors.unreachable(shown(url), reason)
