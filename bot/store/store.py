"""The Store: one engine, migrated on open, with short sessions per call.

The API is synchronous (SQLAlchemy's asyncio extension needs greenlet and aiosqlite,
which are not installed); asyncio callers run its methods in a thread:
`await asyncio.to_thread(store.save_parsed, ws, contract, fetched_at=now)`.
Every method opens its own session, so a Store may be shared between threads.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, exc, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from bot.store import errors, migrate
from bot.store.core import on_connection
from bot.store.engine import database_url, make_engine, shown, upsert, writer
from bot.store.models import Article, Base, WorkspaceRow
from bot.store.normalize import canonical_url, content_hash
from bot.store.save import save
from bot.store.types import PLATFORMS, ArticleRef, SaveResult, Workspace

log = logging.getLogger(__name__)
ANALYZE_EVERY = 2000  # saves between refreshes of SQLite's planner statistics
_SAVE_ATTEMPTS = 5  # a concurrent writer may add the same entity or article first: try again
_RETRIED_STATES = {"40P01", "40001"}  # PostgreSQL: deadlock detected, serialization failure


def _collided(error: exc.DBAPIError) -> bool:
    """Whether saving failed only because of a concurrent writer (then trying again succeeds): a
    unique key it took first, or on PostgreSQL a deadlock between the two transactions' row locks
    (the counts kept at save time lock each mentioned entity and the article's day)."""
    if isinstance(error, exc.IntegrityError):
        return True
    return getattr(error.orig, "sqlstate", None) in _RETRIED_STATES


_CONNECTION_TROUBLE = (
    "connection", "could not connect", "unable to open", "database is locked", "disk i/o", "readonly"
)  # fmt: skip


def open_store(url: str | None = None, *, data_dir: Path | str | None = None, upgrade: bool = True) -> Store:
    """Open the database at the newest schema.

    `url` defaults to DATABASE_URL, else a SQLite file in `data_dir` (default BRIEFBOT_DATA_DIR).
    """
    engine = make_engine(url or database_url(data_dir))
    try:
        if upgrade:
            migrate.upgrade(engine)
        elif migrate.current(engine) != migrate.head():
            raise errors.StoreError(
                f"the database at {shown(engine.url)} is not at the current schema: run `briefbot db upgrade`"
            )
    except BaseException:
        engine.dispose()
        raise
    store = Store(engine)
    if store.dialect == "sqlite":  # SQLite never gathers statistics by itself; autovacuum does for PostgreSQL
        store.optimize()
    return store


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(writer(engine), expire_on_commit=False)
        self._saves_since_analyze = 0

    @property
    def dialect(self) -> str:
        """The backend's name: sqlite or postgresql."""
        return self.engine.dialect.name

    def upsert(self, model: type[Base]) -> postgresql.Insert | sqlite.Insert:
        """An INSERT into `model`'s table that takes ON CONFLICT clauses (`on_conflict_do_nothing`,
        `on_conflict_do_update`): the same statement on both backends, in their own dialect."""
        return upsert(self.dialect, model)

    def close(self) -> None:
        self.engine.dispose()

    def optimize(self) -> None:
        """Refresh the query planner's statistics.

        Without them the planners may scan a whole workspace where an index would do (SQLite
        keeps none by itself; PostgreSQL's autovacuum lags behind a bulk ingest). Run on opening SQLite
        and after every `ANALYZE_EVERY` saves; SQLite's `analysis_limit` keeps it quick.
        """
        self._saves_since_analyze = 0
        with self._guard(), writer(self.engine).begin() as conn:
            if self.dialect == "sqlite":
                conn.exec_driver_sql("PRAGMA analysis_limit=1000")
                conn.exec_driver_sql("ANALYZE")
            else:
                conn.exec_driver_sql(f"ANALYZE {', '.join(Base.metadata.tables)}")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session (the query functions use it)."""
        with self._guard(), self._read() as session, session.begin():
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One write transaction: everything in it is kept, or nothing."""
        with self._guard(), self._write() as session, session.begin():
            yield session

    def workspace(self, platform: str, external_id: str, name: str | None = None) -> Workspace:
        """The workspace of a Slack team, a Discord guild or the console, created on first use."""
        if platform not in PLATFORMS:
            raise ValueError(f"unknown platform {platform!r}: expected one of {', '.join(PLATFORMS)}")
        if not external_id:
            raise ValueError("a workspace needs its platform's id (team, guild, or 'console')")
        query = select(WorkspaceRow.id).where(
            WorkspaceRow.platform == platform, WorkspaceRow.external_id == external_id
        )
        for _ in range(_SAVE_ATTEMPTS):
            with self.reading() as session:
                found = session.scalars(query).first()
            if found is not None:
                return Workspace(found, platform, external_id)
            try:
                with self.writing() as session:
                    new_id = session.scalars(
                        insert(WorkspaceRow)
                        .values(platform=platform, external_id=external_id, name=name, created_at=_now())
                        .returning(WorkspaceRow.id)
                    ).one()
                return Workspace(new_id, platform, external_id)
            except exc.IntegrityError:  # created by someone else meanwhile
                continue
        raise errors.StoreError(f"cannot create the workspace {platform}:{external_id}; try again")

    def save_parsed(
        self,
        workspace: Workspace,
        contract: dict[str, Any],
        *,
        fetched_at: datetime,
        source_url: str | None = None,
    ) -> SaveResult:
        """Keep a parsed article (`bot.parse.to_contract` output) and its parse, in one transaction.

        The same canonical URL with other content is an update (the old parse is replaced);
        content already kept is unchanged. A failure leaves nothing of the article behind.
        """
        for attempt in range(1, _SAVE_ATTEMPTS + 1):
            try:
                with self.writing() as session:
                    core = on_connection(session)  # no ORM bookkeeping: half the time
                    result = save(core, workspace.id, contract, fetched_at=fetched_at, source_url=source_url)
                self._saves_since_analyze += 1
                if self._saves_since_analyze >= ANALYZE_EVERY:
                    self.optimize()
                return result
            except (exc.IntegrityError, exc.OperationalError) as error:
                if attempt == _SAVE_ATTEMPTS or not _collided(error):
                    raise
                log.info("a concurrent write collided with saving an article; retrying (%d)", attempt)
        raise AssertionError("unreachable")

    def lookup(
        self, workspace: Workspace, *, url: str | None = None, text: str | None = None, title: str = ""
    ) -> ArticleRef | None:
        """The kept article with this URL (canonicalised) or this content, if any: ingestion asks
        before parsing, to skip articles it already has."""
        conditions = []
        if canon := canonical_url(url):
            conditions.append(Article.canonical_url == canon)
        if text is not None:
            conditions.append(Article.content_hash == content_hash(text, title))
        with self.reading() as session:
            for condition in conditions:
                row = session.execute(
                    select(Article.id, Article.canonical_url, Article.content_hash).where(
                        Article.workspace_id == workspace.id, condition
                    )
                ).first()
                if row is not None:
                    return ArticleRef(row.id, row.canonical_url, row.content_hash)
        return None

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except exc.OperationalError as error:
            if error.connection_invalidated or _is_connection_error(error):
                reason = str(error.orig).strip().splitlines()[0] if error.orig else "connection lost"
                if self.dialect == "sqlite":
                    raise errors.sqlite_unusable(str(self.engine.url.database), reason) from error
                raise errors.unreachable(shown(self.engine.url), reason) from error
            raise


def _is_connection_error(error: exc.OperationalError) -> bool:
    text = str(error.orig).lower()
    return any(s in text for s in _CONNECTION_TROUBLE)


def _now() -> datetime:
    return datetime.now(UTC)
