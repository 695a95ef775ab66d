"""`column IN (ids)` with the whole list as one bound parameter, so the statement's SQL is the same
for every list and SQLAlchemy compiles it once (its compiled cache), whatever the ids.

A list of hundreds of ids (the newest-first queries rank a few hundred candidates) written into
the SQL made every call a new statement to compile (~3 ms each); a bound parameter per id cost
~20 µs each. Here SQLite reads the list from a JSON array (`json_each`, built in since 3.38) and
PostgreSQL from a bigint array (`= ANY`), and both plan it as a short list that drives an index.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import BigInteger, Boolean, String, TypeDecorator, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeEngine


class IdArray(TypeDecorator[list[int]]):
    """A list of integers as one parameter: JSON text on SQLite, a bigint[] on PostgreSQL."""

    impl = String
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(ARRAY(BigInteger()))
        return dialect.type_descriptor(String())

    def process_bind_param(self, value: list[int] | None, dialect: Dialect) -> Any:
        ids = [int(i) for i in value or ()]
        return ids if dialect.name == "postgresql" else json.dumps(ids)


class InIds(FunctionElement[bool]):
    """`column IN (ids)`: two clauses, the column and the bound list (see `in_ids`)."""

    type = Boolean()
    inherit_cache = True
    # a condition as it is: SQLite would get "... = 1", which hides the list from its planner
    _is_implicitly_boolean = True
    name = "in_ids"


@compiles(InIds)
def _in_json(element: InIds, compiler: SQLCompiler, **kw: Any) -> str:
    column, ids = list(element.clauses)
    return f"{compiler.process(column, **kw)} IN (SELECT value FROM json_each({compiler.process(ids, **kw)}))"


@compiles(InIds, "postgresql")
def _in_array(element: InIds, compiler: SQLCompiler, **kw: Any) -> str:
    column, ids = list(element.clauses)
    return f"{compiler.process(column, **kw)} = ANY({compiler.process(ids, **kw)})"


_ID_ARRAY = IdArray()


def ids_param(name: str) -> BindParameter[list[int]]:
    """A named parameter for a list of ids, for statements built once and run with `{name: ids}`."""
    return bindparam(name, type_=_ID_ARRAY)


def in_ids(column: Any, ids: Iterable[int] | BindParameter[list[int]]) -> InIds:
    """`column IN (ids)` with `ids` bound as one parameter (or given as one, `ids_param`)."""
    if isinstance(ids, BindParameter):
        return InIds(column, ids)
    listed = [int(i) for i in cast("Iterable[int]", ids)]
    return InIds(column, bindparam(None, listed, type_=_ID_ARRAY))
