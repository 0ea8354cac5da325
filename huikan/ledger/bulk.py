"""Bulk inserts at driver speed: one DBAPI executemany with the column types' own conversions.

SQLAlchemy's executemany path builds and processes parameters row by row (about twice the
cost of the insert itself on 100k rows); the conversions it applies are the types' bind
processors, which we apply here directly, column by column, so what is stored is exactly
what SQLAlchemy stores.
"""

from __future__ import annotations

from itertools import repeat
from typing import Any

from sqlalchemy import Connection, Table

_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


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
    for k, (name, column) in enumerate(zip(columns, values)):
        convert = table.c[name].type.bind_processor(conn.dialect)
        if isinstance(column, list):
            if convert is not None:
                values[k] = [None if v is None else convert(v) for v in column]
            continue
        value = columns[name]
        if value is not None and convert is not None:
            value = convert(value)
        if value is not None and adapt is not None:  # the same value on every row: adapted once, not per row
            value = adapt(value, protocol, value)
        values[k] = repeat(value, count)
    quote = conn.dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in columns)}) "
           f"VALUES ({', '.join([placeholder] * len(columns))})")
    conn.exec_driver_sql(sql, list(zip(*values)))
