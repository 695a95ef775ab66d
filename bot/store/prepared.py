"""Statements built once, with named parameters, and run on the session's connection.

Building a statement, and making its cache key, cost SQLAlchemy several times what running a
prepared one does (~350 against ~65 µs for a small SELECT), so the hot ones are built once
(`functools.cache`) with these parameters and run with `run` or `rows`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Executable, bindparam
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from bot.store.idlist import ids_param


def run(session: Session, statement: Executable, **params: Any) -> list[Any]:
    """The first column of a statement, run on the session's connection and fetched at once (the
    ORM's row handling, or fetching row by row, costs more than the query for thousands of ids)."""
    return [row[0] for row in session.connection().execute(statement, params).fetchall()]


def rows(session: Session, statement: Executable, **params: Any) -> list[Any]:
    """The rows of a statement built once with parameters, as tuples."""
    return list(session.connection().execute(statement, params).fetchall())


# parameters of statements built once: the workspace id, a name's key, a list of ids
WS: BindParameter[int] = bindparam("ws")
KEY: BindParameter[str] = bindparam("key")
IDS = ids_param("ids")
