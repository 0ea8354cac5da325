"""The floors and peers huikan is measured against, each run as its own process like huikan is.

    python benchmarks/floors.py import FILE.xlsx DB      calamine read + sqlite3 executemany, one transaction
    python benchmarks/floors.py import-csv FILE.csv DB   the csv module + sqlite3 executemany, one transaction
    python benchmarks/floors.py peer FILE.xlsx DB        pandas.read_excel(openpyxl) + DataFrame.to_sql
    python benchmarks/floors.py read-folder DIR          calamine reading every workbook of a folder
    python benchmarks/floors.py status DB AS_OF          the status aggregation in raw sqlite3
    python benchmarks/floors.py overdue DB AS_OF         overdue hazards in raw sqlite3, printed as JSON
    python benchmarks/floors.py overdue-same DB AS_OF    the same, with huikan's keys and order
    python benchmarks/floors.py hazards DB UNIT          one unit's hazards in raw sqlite3, printed as JSON
    python benchmarks/floors.py hazards-orm DB UNIT      the same, after importing sqlalchemy.orm (start-up bar 4 allows)
    python benchmarks/floors.py export DB OUT.xlsx AS_OF the export's detail rows, openpyxl write-only, no styles
    python benchmarks/floors.py export-xlsxwriter DB OUT.xlsx AS_OF  the same rows styled, with XlsxWriter
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path


def import_floor(xlsx: str, db: str) -> None:
    import python_calamine as pc

    rows = pc.CalamineWorkbook.from_path(xlsx).get_sheet_by_index(0).to_python()[3:]
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE IF NOT EXISTS floor (a, b, c, d, e, f, g, h, i, j, k, l, m, n)")
    with conn:
        conn.executemany("INSERT INTO floor VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         [tuple(str(v) if v != "" else None for v in r[:14]) for r in rows])
    conn.close()


def import_csv(path: str, db: str) -> None:
    """The csv module and one executemany, in one transaction: a CSV import's floor."""
    import csv

    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE IF NOT EXISTS floor (a, b, c, d, e, f, g, h, i, j, k, l, m, n)")
    with open(path, encoding="utf-8-sig", newline="") as f, conn:
        rows = csv.reader(f)
        next(rows), next(rows)
        conn.executemany("INSERT INTO floor VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (tuple(v or None for v in r[:14]) for r in rows))
    conn.close()


def peer(xlsx: str, db: str) -> None:
    import pandas as pd
    from sqlalchemy import create_engine

    frame = pd.read_excel(xlsx, engine="openpyxl", header=2)
    frame.to_sql("peer", create_engine(f"sqlite:///{db}"), if_exists="replace", index=False)


def read_folder(folder: str) -> None:
    import python_calamine as pc

    total = 0
    for path in sorted(Path(folder).glob("*.xlsx")):
        total += len(pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python())
    print(total)


def status(db: str, as_of: str) -> None:
    conn = sqlite3.connect(db)
    day = as_of[:10]
    print(conn.execute(
        "SELECT count(*), sum(major), sum(status='done'), sum(major AND status='done'), sum(verified_at IS NOT NULL),"
        " sum(status!='done' AND deadline < ?) FROM hazard", (day,)).fetchone())
    print(conn.execute(
        "SELECT unit.name, count(*) FROM hazard JOIN unit ON unit.id = hazard.unit_id"
        " WHERE status != 'done' AND deadline < ? GROUP BY unit.id ORDER BY count(*) DESC LIMIT 5", (day,)).fetchall())
    print(conn.execute("SELECT unit_id, due_instance_id, min(received_at) FROM receipt WHERE received_at <= ?"
                       " GROUP BY unit_id, due_instance_id", (as_of,)).fetchall())


def overdue(db: str, as_of: str) -> None:
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT hazard.id, unit.name, description, deadline, status, major FROM hazard JOIN unit ON unit.id = hazard.unit_id"
        " WHERE status != 'done' AND deadline < ? ORDER BY hazard.id", (as_of[:10],)).fetchall()
    print(json.dumps([{"id": f"H{r[0]:04d}", "unit": r[1], "description": r[2], "deadline": r[3], "status": r[4],
                       "major": bool(r[5])} for r in rows], ensure_ascii=False, separators=(",", ":")))


def overdue_same(db: str, as_of: str) -> None:
    """The hazard list of `huikan overdue --json` exactly: same keys, same order (major first,
    longest overdue, unit list order, ID), days overdue, original deadline."""
    conn = sqlite3.connect(db)
    day = as_of[:10]
    rows = conn.execute(
        "SELECT hazard.id, unit.name, description, deadline, original_deadline, status, major,"
        " CAST(julianday(?) - julianday(deadline) AS INTEGER)"
        " FROM hazard JOIN unit ON unit.id = hazard.unit_id WHERE status != 'done' AND deadline < ?"
        " ORDER BY major DESC, deadline, unit.seq, hazard.id", (day, day)).fetchall()
    print(json.dumps({"hazards": [
        {"id": f"H{r[0]:04d}", "unit": r[1], "description": r[2], "deadline": r[3], "original_deadline": r[4],
         "status": r[5], "major": bool(r[6]), "days_overdue": r[7]} for r in rows]},
        ensure_ascii=False, separators=(",", ":")))


def hazards(db: str, unit: str) -> None:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = conn.execute("SELECT hazard.*, unit.name AS unit FROM hazard JOIN unit ON unit.id = hazard.unit_id"
                        " WHERE unit.name = ? ORDER BY hazard.id", (unit,)).fetchall()
    print(json.dumps([dict(r) for r in rows], ensure_ascii=False, separators=(",", ":"), default=str))


def hazards_orm(db: str, unit: str) -> None:
    import sqlalchemy.orm  # noqa: F401  (what any command that opens the ledger may cost, per bar 4)

    hazards(db, unit)


def weekly(db: str) -> None:
    """The weekly returns as `weekly --json` lists them: one raw query, json (after the start-up
    every command that opens the ledger is allowed, as bar 4 has it)."""
    import sqlalchemy.orm  # noqa: F401

    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT u.name, d.seq, d.due_at, f.received_at, w.work_done, w.found_this_week, w.rectified_this_week,"
        " w.found_total, w.rectified_total, w.next_week, f.name FROM weekly_report w JOIN unit u ON u.id = w.unit_id"
        " JOIN source_file f ON f.id = w.source_file_id LEFT JOIN receipt r ON r.id = w.receipt_id"
        " LEFT JOIN due_instance d ON d.id = r.due_instance_id ORDER BY d.seq, u.seq").fetchall()
    print(json.dumps([{"unit": r[0], "week": r[1], "due": r[2], "received_at": r[3],
                       "state": "on_time" if r[3] <= r[2] else "late", "work_done": r[4], "found": r[5],
                       "rectified": r[6], "found_total": r[7], "rectified_total": r[8], "next_plan": r[9],
                       "file": r[10]} for r in rows], ensure_ascii=False, separators=(",", ":")))


def selfcheck(db: str) -> None:
    """The self-check answers as `selfcheck --json` lists them (after the allowed start-up)."""
    import sqlalchemy.orm  # noqa: F401

    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT u.name, i.number, s.finding, s.problems_found, s.rectified, f.name FROM selfcheck_result s"
        " JOIN unit u ON u.id = s.unit_id JOIN check_item i ON i.id = s.item_id"
        " JOIN source_file f ON f.id = s.source_file_id ORDER BY u.seq, u.id, i.number").fetchall()
    print(json.dumps([{"unit": r[0], "item": r[1], "finding": r[2], "found": r[3], "rectified": r[4], "file": r[5]}
                      for r in rows], ensure_ascii=False, separators=(",", ":")))


def export(db: str, out: str, as_of: str) -> None:
    from openpyxl import Workbook

    conn = sqlite3.connect(db)
    day = as_of[:10]
    wb = Workbook(write_only=True)
    columns = ("id", "description", "venue", "venue_type", "item_number", "level", "major", "found_on", "origin",
               "measures", "responsible", "funds", "contingency", "deadline", "original_deadline", "status", "done_on",
               "verified_at", "note")
    query = ("SELECT unit.name, " + ", ".join(f"hazard.{c}" for c in columns)
             + " FROM hazard JOIN unit ON unit.id = hazard.unit_id {} ORDER BY hazard.id")
    for name, where, args in (("all", "", ()), ("overdue", "WHERE hazard.status != 'done' AND hazard.deadline < ?", (day,)),
                              ("major", "WHERE hazard.major", ())):
        ws = wb.create_sheet(name)
        for row in conn.execute(query.format(where), args):
            ws.append(list(row))
    wb.save(out)


def export_xlsxwriter(db: str, out: str, as_of: str) -> None:
    """The same rows as ``export``, styled as huikan styles them (dates formatted, numbers
    centred, long text wrapped, one font), in a bare loop with XlsxWriter's constant-memory
    mode: what huikan's writer costs beyond the library it uses."""
    from datetime import datetime

    import xlsxwriter

    conn = sqlite3.connect(db)
    day = as_of[:10]
    wb = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter", "border": 1}
    wrap = wb.add_format({**base, "text_wrap": True})
    centred = wb.add_format({**base, "align": "center"})
    dated = wb.add_format({**base, "align": "center", "num_format": "yyyy-mm-dd"})
    money = wb.add_format({**base, "align": "center", "num_format": "#,##0.00"})
    columns = ("id", "description", "venue", "venue_type", "item_number", "level", "major", "found_on", "origin",
               "measures", "responsible", "funds", "contingency", "deadline", "original_deadline", "status", "done_on",
               "verified_at", "note")
    dates = {8, 14, 15, 17, 18}
    query = ("SELECT unit.name, " + ", ".join(f"hazard.{c}" for c in columns)
             + " FROM hazard JOIN unit ON unit.id = hazard.unit_id {} ORDER BY hazard.id")
    for name, where, args in (("all", "", ()), ("overdue", "WHERE hazard.status != 'done' AND hazard.deadline < ?", (day,)),
                              ("major", "WHERE hazard.major", ())):
        ws = wb.add_worksheet(name)
        for r, row in enumerate(conn.execute(query.format(where), args)):
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                if c in dates:
                    ws.write_datetime(r, c, datetime.fromisoformat(v[:19]), dated)
                elif c == 12:
                    ws.write_number(r, c, v, money)
                elif isinstance(v, int):
                    ws.write_number(r, c, v, centred)
                else:
                    ws.write_string(r, c, v, wrap)
    wb.close()


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"import": import_floor, "import-csv": import_csv, "peer": peer, "read-folder": read_folder, "status": status, "overdue": overdue, "overdue-same": overdue_same,
     "hazards": hazards, "hazards-orm": hazards_orm, "export": export, "export-xlsxwriter": export_xlsxwriter,
     "weekly": weekly, "selfcheck": selfcheck}[command](*args)
