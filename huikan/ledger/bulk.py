"""Bulk inserts at driver speed: one DBAPI executemany with the column types' own conversions.

SQLAlchemy's executemany path builds and processes parameters row by row (about twice the
cost of the insert itself on 100k rows); the conversions it applies are the types' bind
processors, which we apply here directly, so what is stored is exactly what SQLAlchemy stores.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table

_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def insert_rows(conn: Connection, table: Table, rows: list[dict]) -> None:
    if not rows:
        return
    placeholder = _PLACEHOLDERS.get(conn.dialect.paramstyle)
    if placeholder is None:  # a driver we do not know: let SQLAlchemy do it
        conn.execute(table.insert(), rows)
        return
    names = list(rows[0])
    convert = [table.c[name].type.bind_processor(conn.dialect) for name in names]
    quote = conn.dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
           f"VALUES ({', '.join([placeholder] * len(names))})")
    params = [
        tuple(value if fn is None or value is None else fn(value) for fn, value in zip(convert, map(row.__getitem__, names)))
        for row in rows
    ]
    conn.exec_driver_sql(sql, params)
