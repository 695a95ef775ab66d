"""The handler fixtures: one newsroom per test module and backend (the handlers only read it).

SQLite always; PostgreSQL too when BRIEFBOT_TEST_DATABASE_URL is set (as .ci/run does), in a
schema of its own that is dropped afterwards.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# pytest puts tests/ on sys.path (tests/conftest.py), where this folder would pass for the
# `handlers` package as a namespace package: the project root goes first.
ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
if getattr(sys.modules.get("handlers"), "__file__", "") is None:
    del sys.modules["handlers"]

import psycopg  # noqa: E402
from handler_newsroom import NOW, fill  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot.store import Store, open_store  # noqa: E402
from handlers.context import Context  # noqa: E402

PG_ENV = "BRIEFBOT_TEST_DATABASE_URL"
_schemas = itertools.count()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def newsroom(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, dict[str, int]]]:
    if request.param == "sqlite":
        store = open_store(f"sqlite:///{tmp_path_factory.mktemp('newsroom') / 'store.sqlite3'}")
        try:
            yield store, fill(store)
        finally:
            store.close()
        return
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        pytest.skip(f"{PG_ENV} is not set: the PostgreSQL runs need a server (.ci/run sets it)")
    schema = f"briefbot_test_{os.getpid()}_handlers{next(_schemas)}"  # tests/store drops stale ones
    admin = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    in_schema = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    store = open_store(in_schema.render_as_string(hide_password=False))
    try:
        yield store, fill(store)
    finally:
        store.close()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def store(newsroom: tuple[Store, dict[str, int]]) -> Store:
    return newsroom[0]


@pytest.fixture
def ids(newsroom: tuple[Store, dict[str, int]]) -> dict[str, int]:
    return newsroom[1]


@pytest.fixture
def ctx(store: Store) -> Context:
    return Context(store, now=lambda: NOW)
