"""Slack installs and OAuth states in briefbot's database, on the store's SQLAlchemy engine.

slack_sdk's own SQLAlchemy stores cannot be imported here: their module imports
`sqlalchemy.ext.asyncio`, which needs greenlet, and greenlet is not a dependency. These
stores keep the same tables and columns (slack_bots, slack_installations,
slack_oauth_states), so switching to slack_sdk's later needs no data move. They are
synchronous, like the rest of the store: `oauth.py` runs them in threads. Their tables are
made by briefbot's migrations (bot/migrations/versions/0004_slack_installs.py), like every
other table; a test checks that the two agree.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk.oauth.installation_store import Bot, Installation
from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    DateTime,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    delete,
    desc,
    func,
    insert,
    select,
)

metadata = MetaData()

_BOT_COLUMNS = (
    ("app_id", 32), ("enterprise_id", 32), ("enterprise_name", 200), ("team_id", 32), ("team_name", 200),
    ("bot_token", 200), ("bot_id", 32), ("bot_user_id", 32), ("bot_scopes", 1000), ("bot_refresh_token", 200),
)  # fmt: skip
_INSTALL_COLUMNS = (
    *_BOT_COLUMNS, ("enterprise_url", 200), ("user_id", 32), ("user_token", 200), ("user_scopes", 1000),
    ("user_refresh_token", 200), ("incoming_webhook_url", 200), ("incoming_webhook_channel", 200),
    ("incoming_webhook_channel_id", 200), ("incoming_webhook_configuration_url", 200), ("token_type", 32),
)  # fmt: skip


def _table(name: str, columns: tuple[tuple[str, int], ...], *, times: tuple[str, ...]) -> Table:
    return Table(
        name,
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("client_id", String(32), nullable=False),
        *(Column(col, String(size)) for col, size in columns),
        *(Column(col, DateTime) for col in times),
        Column("is_enterprise_install", Boolean, default=False, nullable=False),
        Column("installed_at", DateTime, nullable=False, default=func.now()),
        Index(f"{name}_idx", "client_id", "enterprise_id", "team_id", "installed_at"),
    )


bots = _table("slack_bots", _BOT_COLUMNS, times=("bot_token_expires_at",))
installations = _table(
    "slack_installations", _INSTALL_COLUMNS, times=("bot_token_expires_at", "user_token_expires_at")
)
states = Table(
    "slack_oauth_states",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)


class InstallationStore:
    """The installs of one Slack app (`client_id`); the newest install of a team wins."""

    def __init__(self, engine: Engine, client_id: str) -> None:
        self.engine = engine
        self.client_id = client_id

    def save(self, installation: Installation) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(installations).values(**self._row(installations, installation.to_dict())))
        self.save_bot(installation.to_bot())

    def save_bot(self, bot: Bot) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(bots).values(**self._row(bots, bot.to_dict())))

    def find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        team = None if is_enterprise_install else team_id
        return self._newest_bot(self._owner(bots, enterprise_id, team))

    def find_team_bot(self, team_id: str) -> Bot | None:
        """The newest bot install of a workspace, whichever Enterprise Grid org it belongs to."""
        return self._newest_bot(and_(bots.c.client_id == self.client_id, bots.c.team_id == team_id))

    def _newest_bot(self, where: ColumnElement[bool]) -> Bot | None:
        query = (
            select(bots)
            .where(where, bots.c.bot_token.is_not(None))
            .order_by(desc(bots.c.installed_at), desc(bots.c.id))
            .limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return Bot(**_fields(row, exclude=("id", "client_id"))) if row else None

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        team = None if is_enterprise_install else team_id
        where = self._owner(installations, enterprise_id, team)
        if user_id is not None:
            where = and_(where, installations.c.user_id == user_id)
        query = (
            select(installations)
            .where(where)
            .order_by(desc(installations.c.installed_at), desc(installations.c.id))
            .limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return Installation(**_fields(row, exclude=("id", "client_id"))) if row else None

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(bots).where(self._owner(bots, enterprise_id, team_id)))

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        where = self._owner(installations, enterprise_id, team_id)
        if user_id is not None:
            where = and_(where, installations.c.user_id == user_id)
        with self.engine.begin() as conn:
            conn.execute(delete(installations).where(where))

    def _owner(self, table: Table, enterprise_id: str | None, team_id: str | None) -> Any:
        c = table.c
        return and_(
            c.client_id == self.client_id,
            c.enterprise_id.is_(None) if enterprise_id is None else c.enterprise_id == enterprise_id,
            c.team_id.is_(None) if team_id is None else c.team_id == team_id,
        )

    def _row(self, table: Table, values: dict[str, Any]) -> dict[str, Any]:
        row = {k: _naive(v) for k, v in values.items() if k in table.c and k != "id"}
        row["client_id"] = self.client_id
        return row


class StateStore:
    """One-use OAuth `state` values, valid for `seconds`."""

    def __init__(self, engine: Engine, seconds: int) -> None:
        self.engine = engine
        self.seconds = seconds

    def issue(self) -> str:
        state = uuid.uuid4().hex
        expire = _naive(datetime.now(UTC) + timedelta(seconds=self.seconds))
        with self.engine.begin() as conn:
            conn.execute(insert(states).values(state=state, expire_at=expire))
        return state

    def consume(self, state: str) -> bool:
        now = _naive(datetime.now(UTC))
        with self.engine.begin() as conn:
            gone = conn.execute(delete(states).where(states.c.state == state, states.c.expire_at > now))
        return bool(getattr(gone, "rowcount", 0))


def _naive(value: Any) -> Any:
    """Datetimes as naive UTC, as the DateTime columns (slack_sdk's layout) keep them."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def _fields(row: Any, *, exclude: tuple[str, ...]) -> dict[str, Any]:
    values = {k: v for k, v in dict(row).items() if k not in exclude}
    for key in ("installed_at", "bot_token_expires_at", "user_token_expires_at"):
        if isinstance(values.get(key), datetime):
            values[key] = values[key].replace(tzinfo=UTC)
    return values
