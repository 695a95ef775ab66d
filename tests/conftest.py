"""Shared fixtures: the real pipeline, loaded once per test session; empty databases of each
backend (`database_url`): SQLite always, PostgreSQL when BRIEFBOT_TEST_DATABASE_URL is set (as
.ci/run does), each test in a fresh schema dropped afterwards, so runs are repeatable."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from spacy.language import Language
from spacy.tokens import Doc
from sqlalchemy.engine import make_url

from bot.article import Article
from bot.nlp.extensions import ARTICLE
from bot.nlp.pipeline import load_nlp
from bot.store import Store, open_store


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture(scope="session")
def parse_text(nlp: Language) -> Callable[..., Doc]:
    def run(text: str, title: str = "") -> Doc:
        doc = nlp.make_doc(text)
        setattr(doc._, ARTICLE, Article(text=text, title=title))
        return nlp(doc)

    return run


PG_ENV = "BRIEFBOT_TEST_DATABASE_URL"
SCHEMA_PREFIX = "briefbot_test_"
_counter = itertools.count()


def _admin_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _schema_url(url: str, schema: str) -> str:
    with_path = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return with_path.render_as_string(hide_password=False)


def _drop_stale_schemas(dsn: str) -> None:
    """Schemas left by killed runs (their process is gone) are dropped."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        names = conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", (SCHEMA_PREFIX + "%",)
        ).fetchall()
        for (name,) in names:
            pid = name.removeprefix(SCHEMA_PREFIX).split("_")[0]
            if pid.isdigit() and not _alive(int(pid)):
                conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        pytest.skip(f"{PG_ENV} is not set: PostgreSQL store tests need a server (.ci/run sets it)")
    _drop_stale_schemas(_admin_dsn(url))
    yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database of each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    url: str = request.getfixturevalue("pg_url")
    schema = f"{SCHEMA_PREFIX}{os.getpid()}_{next(_counter)}"
    dsn = _admin_dsn(url)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield _schema_url(url, schema)
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """A store migrated to head, on each backend (folders with a store of their own override it)."""
    opened = open_store(database_url)
    try:
        yield opened
    finally:
        opened.close()
