"""Bulk inserts at driver speed: one DBAPI executemany with the column types' own conversions.

SQLAlchemy's executemany path builds and processes parameters row by row (about twice the
cost of the insert itself on 100k rows); the conversions it applies are the bind processors
of each type's dialect implementation (SQLite's DATETIME writes microseconds, for one), which
we apply here directly, column by column, so what is stored is exactly what SQLAlchemy
stores (tests/test_bulk.py compares the two, byte for byte, on SQLite and PostgreSQL).
"""

from __future__ import annotations

from itertools import repeat
from typing import Any

from sqlalchemy import Connection, Integer, String, Table, literal
from sqlalchemy.types import NullType

_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}
_LITERAL_TYPES = {int: Integer(), str: String(), type(None): NullType()}


def insert_columns(conn: Connection, table: Table, count: int, columns: dict[str, Any]) -> None:
    """Insert ``count`` rows given column by column: a list holds one value per row, anything
    else is the value of every row."""
    if not count:
        return
    values = [v if isinstance(v, list) else repeat(v, count) for v in columns.values()]
    placeholder = _PLACEHOLDERS.get(conn.dialect.paramstyle)
    if placeholder is None:  # a driver we do not know: let SQLAlchemy do it
        conn.execute(table.insert(), [dict(zip(columns, row)) for row in zip(*values)])
        return
    dbapi = conn.dialect.dbapi
    protocol = getattr(dbapi, "PrepareProtocol", None)  # sqlite3's own adapters (dates: isoformat)
    adapt = dbapi.adapt if protocol is not None else None
    slots, params = [], []
    for name, column in zip(columns, values):
        convert = _processor(conn.dialect, table, name)
        if isinstance(column, list):
            slots.append(placeholder)
            params.append(column if convert is None else _converted(column, convert))
            continue
        value = columns[name]
        if value is not None and convert is not None:
            value = convert(value)
        if value is not None and adapt is not None:
            value = adapt(value, protocol, value)
        # The same value on every row of a long insert is written once into the statement, quoted
        # by SQLAlchemy, instead of being bound 100k times (on a 50-row return, quoting costs more
        # than binding). Not text holding "%" when the driver's placeholders are %s (psycopg would
        # not read %% back as %).
        if count >= LITERALS_FROM and (value is None or type(value) is int
                                       or (type(value) is str and not (placeholder == "%s" and "%" in value))):
            slots.append(str(literal(value, _LITERAL_TYPES[type(value)]).compile(
                dialect=conn.dialect, compile_kwargs={"literal_binds": True})))
        else:
            slots.append(placeholder)
            params.append(repeat(value, count))
    quote = conn.dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in columns)}) "
           f"VALUES ({', '.join(slots)})")
    conn.exec_driver_sql(sql, list(zip(*params)))


LITERALS_FROM = 1_000  # rows
_PROCESSORS: dict[tuple, Any] = {}


def _processor(dialect, table: Table, name: str):
    """A column's bind processor for a dialect (looked up once: a folder of returns inserts 500 times)."""
    key = (dialect, table.name, name)
    if key not in _PROCESSORS:
        _PROCESSORS[key] = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
    return _PROCESSORS[key]


def _converted(column: list, convert) -> list:
    """A column through its bind processor, once per distinct value: a ledger's dates repeat
    (a few hundred deadlines over 100k rows), and the processors are pure functions."""
    try:
        seen = {v: None if v is None else convert(v) for v in set(column)}
    except TypeError:  # unhashable values
        return [None if v is None else convert(v) for v in column]
    return list(map(seen.__getitem__, column))
