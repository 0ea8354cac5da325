"""New hazards go in through one driver-level executemany (huikan/ledger/bulk.py): what it
stores must be exactly what SQLAlchemy's own insert stores, byte for byte, on SQLite and on PostgreSQL."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import insert, select

from huikan.ledger import bulk as bulk_module
from huikan.ledger.bulk import insert_columns
from huikan.ledger.tables import hazard, source_file, unit

NOW = datetime(2018, 12, 14, 9, 30, 5)


@pytest.mark.parametrize("literals", [True, False], ids=["constants-as-literals", "constants-bound"])
def test_bulk_insert_stores_what_sqlalchemy_stores(ledger_with_units, monkeypatch, literals):
    ledger = ledger_with_units
    # A long insert writes a constant column into the statement once; a short one binds it.
    monkeypatch.setattr(bulk_module, "LITERALS_FROM", 0 if literals else 10**9)
    rows = [
        dict(row_no="1", description="剧场后台使用聚氨酯泡沫保温层", venue="郑州大剧院", venue_type="剧院", item_number=3,
             level="重大隐患", major=True, found_on=date(2018, 12, 5), origin="自查", measures="拆除", responsible="刘强",
             funds=Decimal("35.50"), contingency="专人巡查", deadline=date(2018, 12, 25), original_deadline=date(2018, 12, 25),
             status="in_progress", done_on=None),
        dict(row_no="", description="it's 100% %s 'quoted' \"text\"", venue="", venue_type="", item_number=None, level="",
             major=False, found_on=None, origin="", measures="", responsible="", funds=None, contingency="",
             deadline=None, original_deadline=None, status="done", done_on=date(2018, 12, 10)),
    ]
    with ledger.writing() as conn:
        unit_id = conn.scalars(select(unit.c.id).order_by(unit.c.id)).first()
        source_id = conn.execute(insert(source_file), dict(
            path="x", name="x", sha256="0" * 64, kind="ledger", received_at=NOW, imported_at=NOW,
            outcome="imported")).inserted_primary_key[0]
        constant = dict(unit_id=unit_id, verified_at=None, verified_by="", note="备注 100% ? 的", source_file_id=source_id,
                        last_file_id=source_id, created_at=NOW, updated_at=NOW)
        conn.execute(insert(hazard), [dict(fingerprint=f"f{i}", **row, **constant) for i, row in enumerate(rows)])
        columns = {name: [row[name] for row in rows] for name in rows[0]}  # the bulk way, same values
        insert_columns(conn, hazard, len(rows), dict(fingerprint=["f0", "f1"], **columns, **constant))
    with ledger.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT * FROM hazard ORDER BY id").all()  # as the driver returns them
        types = (conn.exec_driver_sql("SELECT " + ", ".join(f"typeof({c.name})" for c in hazard.columns)
                                      + " FROM hazard ORDER BY id").all() if ledger.sqlite_path else None)
    core, bulk = stored[:2], stored[2:]
    assert [tuple(r)[1:] for r in core] == [tuple(r)[1:] for r in bulk]  # all but the ID
    if types:  # SQLite keeps a type per value: the same ones (dates as text, booleans as integers…)
        assert types[:2] == types[2:]
