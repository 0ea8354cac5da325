"""Benchmark data, generated once into benchmarks/.cache: ledgers, returns and large ledgers."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"
LEDGER_HEADER = ["序号", "问题隐患描述", "场所名称", "场所类型", "检查项", "隐患等级", "发现日期", "来源",
                 "整改措施", "责任人", "整改资金", "整改时限", "整改状态", "完成日期"]
STATUSES = ["未整改", "整改中", "已整改"]


def huikan(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "huikan", *args], check=True, capture_output=True)


def ledger_rows(n: int, seed: int = 1):
    rnd = random.Random(seed)
    start = date(2018, 12, 3)
    for i in range(1, n + 1):
        status = rnd.choice(STATUSES)
        found = start + timedelta(days=rnd.randint(0, 10))
        deadline = found + timedelta(days=rnd.randint(5, 30))
        yield [i, f"第{i}号隐患：{rnd.choice(['疏散通道堵塞', '灭火器过期', '电气线路老化', '彩钢板搭建', '安全出口锁闭'])}，需立即整改",
               f"场所{rnd.randint(1, 500)}", rnd.choice(["剧院", "博物馆", "图书馆", "A级景区", "星级酒店"]),
               rnd.randint(1, 9), rnd.choice(["一般隐患", "一般隐患", "重大隐患"]),
               found, rnd.choice(["自查", "督查", "暗访"]),
               "按要求整改", f"责任人{rnd.randint(1, 99)}", round(rnd.random() * 10, 2), deadline, status,
               deadline - timedelta(days=1) if status == "已整改" else None]


def ledger_xlsx(n: int, later: bool = False) -> Path:
    """An n-row, 14-column hazard ledger as a unit sends it (title, 填报单位 line, header).

    ``later``: the unit's next ledger, the same rows with one in ten not yet done now done."""
    path = CACHE / (f"ledger_{n}_later.xlsx" if later else f"ledger_{n}.xlsx")
    if not path.exists():
        rnd = random.Random(2)

        def rows():
            for row in ledger_rows(n):
                if later and rnd.random() < 0.1 and row[12] != "已整改":
                    row[12], row[13] = "已整改", date(2018, 12, 20)
                yield row

        _write_ledger(path, [["郑州市旅游局问题隐患台账"], ["填报单位：郑州市旅游局"]], rows())
    return path


def ledger_csv(n: int) -> Path:
    """The same ledger as ``ledger_xlsx`` exported as UTF-8 CSV (with BOM, as Excel and WPS save it)."""
    import csv

    path = CACHE / f"ledger_{n}.csv"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["郑州市旅游局问题隐患台账"])
            writer.writerow(LEDGER_HEADER)
            writer.writerows(["" if v is None else v for v in row] for row in ledger_rows(n))
        tmp.rename(path)
    return path


def _write_ledger(path: Path, lines_above: list[list], rows) -> None:
    """A ledger workbook: the lines above the header, the header, the rows (openpyxl, streamed)."""
    from openpyxl import Workbook

    CACHE.mkdir(exist_ok=True)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    for line in lines_above:
        ws.append(line)
    ws.append(LEDGER_HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)


def unit_names(n: int) -> list[str]:
    return [f"测试单位{i:04d}" for i in range(1, n + 1)]


def units_csv(n: int) -> Path:
    path = CACHE / f"units_{n}.csv"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        lines = ["单位名称,类别"] + [f"{name},省辖市" for name in unit_names(n)] + ["郑州市旅游局,省辖市"]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def base_ledger(units: int) -> Path:
    """A ledger with the default campaign and ``units`` units (copied for every run)."""
    path = CACHE / f"base_{units}.db"
    if not path.exists():
        huikan("--db", str(path), "init")
        huikan("--db", str(path), "import", str(units_csv(units)), "--received-at", "2018-12-01")
    return path


def _copy_of_base(path: Path, units: int) -> Path:
    """A fresh copy of base_ledger(units) beside ``path``, to fill and then rename into place."""
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    tmp.write_bytes(base_ledger(units).read_bytes())
    return tmp


def big_ledger(hazards: int, units: int) -> Path:
    """``hazards`` hazards over ``units`` units written straight into a huikan ledger."""
    path = CACHE / f"big_{hazards}_{units}.db"
    if path.exists():
        return path
    tmp = _copy_of_base(path, units)
    conn = sqlite3.connect(tmp)
    unit_ids = [r[0] for r in conn.execute("SELECT id FROM unit")]
    conn.execute("INSERT INTO source_file (path, name, sha256, kind, received_at, imported_at, outcome, rows, imported_by,"
                 " format, notes) VALUES ('bench', 'bench.xlsx', 'bench', 'ledger', '2018-12-14 09:00:00.000000',"
                 " '2018-12-14 09:00:00.000000', 'imported', 0, 'bench', 'xlsx', '')")
    now = "2018-12-14 09:00:00.000000"
    rnd = random.Random(7)
    batch = []
    for i, row in enumerate(ledger_rows(hazards, seed=3), start=1):
        status = {"未整改": "open", "整改中": "in_progress", "已整改": "done"}[row[12]]
        batch.append((unit_ids[rnd.randrange(len(unit_ids))], f"fp{i}", str(i), row[1], row[2], row[3], row[4], row[5],
                      row[5] == "重大隐患", row[6].isoformat(), row[7], row[8], row[9], row[10], "", row[11].isoformat(),
                      row[11].isoformat(), status, row[13].isoformat() if row[13] else None, "", now, now))
        if len(batch) == 50_000:
            _insert(conn, batch)
            batch = []
    _insert(conn, batch)
    conn.commit()
    conn.close()
    tmp.rename(path)
    return path


def _insert(conn, rows) -> None:
    conn.executemany(
        "INSERT INTO hazard (unit_id, fingerprint, row_no, description, venue, venue_type, item_number, level, major,"
        " found_on, origin, measures, responsible, funds, contingency, deadline, original_deadline, status, done_on,"
        " note, created_at, updated_at, verified_by, source_file_id, last_file_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 1, 1)", rows)


def returns_folder(count: int = 500, rows: int = 50) -> Path:
    """``count`` small ledgers from different units, ``rows`` rows each."""
    folder = CACHE / f"returns_{count}x{rows}"
    if folder.exists():
        return folder
    from openpyxl import Workbook

    tmp = folder.with_name(folder.name + ".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    names = unit_names(max(count, 200))
    for k in range(count):
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("台账")
        ws.append([f"填报单位：{names[k]}"])
        ws.append(LEDGER_HEADER)
        for row in ledger_rows(rows, seed=k):
            ws.append(row)
        wb.save(tmp / f"{names[k]}问题隐患台账.xlsx")
    tmp.rename(folder)
    return folder


def findings_xlsx(n: int, first: int) -> Path:
    """A ledger of ``n`` new findings numbered from ``first`` (the texts of ``ledger_rows``, so
    alike the stored ones: the hardest case for recognising hazards again)."""
    path = CACHE / f"findings_{n}_from_{first}.xlsx"
    if not path.exists():
        def rows():
            for row in ledger_rows(n, seed=3):
                number = row[0] + first - 1
                row[1] = row[1].replace(f"第{row[0]}号", f"第{number}号")
                row[0] = number
                yield row

        _write_ledger(path, [["填报单位：郑州市旅游局"]], rows())
    return path


def stored_ledger(n: int) -> Path:
    """base_ledger(200) where 郑州市旅游局 has ``n`` hazards on record (its first ledger imported)."""
    path = CACHE / f"stored_{n}.db"
    if not path.exists():
        tmp = _copy_of_base(path, 200)
        huikan("--db", str(tmp), "import", str(ledger_xlsx(n)), "--unit", "郑州市旅游局", "--received-at", "2018-12-14 09:00")
        tmp.rename(path)
    return path


def returns_ledger(units: int = 2000, weeks: int = 4) -> Path:
    """base_ledger(units) with every unit's weekly returns for ``weeks`` weeks and its nine-item
    self-check, written straight into the tables (what importing 2,000 × 5 files would leave)."""
    path = CACHE / f"returns_{units}x{weeks}.db"
    if path.exists():
        return path
    tmp = _copy_of_base(path, units)
    conn = sqlite3.connect(tmp)
    unit_ids = [r[0] for r in conn.execute("SELECT id FROM unit ORDER BY seq")]
    weekly_id, = conn.execute("SELECT id FROM deliverable WHERE key = 'weekly'").fetchone()
    instances = conn.execute("SELECT id, due_at FROM due_instance WHERE deliverable_id = ? ORDER BY seq",
                             (weekly_id,)).fetchall()[:weeks]
    items = [r[0] for r in conn.execute("SELECT id FROM check_item ORDER BY number")]
    now = "2018-12-20 09:00:00.000000"
    rnd = random.Random(5)
    n = 0
    for uid in unit_ids:
        for week, (instance, due) in enumerate(instances, start=1):
            n += 1
            received = due if rnd.random() < 0.8 else due.replace("17:00", "20:00")
            file_id = conn.execute(
                "INSERT INTO source_file (path, name, sha256, kind, unit_id, received_at, imported_at, outcome, rows,"
                " imported_by, format, notes) VALUES (?, ?, ?, 'weekly', ?, ?, ?, 'imported', 1, 'bench', 'xlsx', '')",
                (f"w{n}", f"第{week}周工作进展{n}.xlsx", f"w{n}", uid, received, now)).lastrowid
            receipt_id = conn.execute(
                "INSERT INTO receipt (source_file_id, unit_id, deliverable_id, due_instance_id, received_at, week_no,"
                " kind, note) VALUES (?, ?, ?, ?, ?, ?, 'weekly', '')",
                (file_id, uid, weekly_id, instance, received, week)).lastrowid
            conn.execute(
                "INSERT INTO weekly_report (unit_id, source_file_id, receipt_id, week_no, work_done, found_this_week,"
                " rectified_this_week, found_total, rectified_total, next_week, notes)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
                (uid, file_id, receipt_id, week, f"第{week}周开展消防安全检查，检查场所{rnd.randint(1, 30)}家",
                 rnd.randint(0, 9), rnd.randint(0, 9), rnd.randint(0, 40), rnd.randint(0, 40), "继续开展检查"))
        n += 1
        file_id = conn.execute(
            "INSERT INTO source_file (path, name, sha256, kind, unit_id, received_at, imported_at, outcome, rows,"
            " imported_by, format, notes) VALUES (?, ?, ?, 'selfcheck', ?, ?, ?, 'imported', 9, 'bench', 'xlsx', '')",
            (f"s{n}", f"自查报告{n}.xlsx", f"s{n}", uid, now, now)).lastrowid
        conn.executemany(
            "INSERT INTO selfcheck_result (unit_id, item_id, finding, problems_found, rectified, source_file_id, notes)"
            " VALUES (?, ?, ?, ?, ?, ?, '')",
            [(uid, item, "已对照检查，未发现问题" if k % 3 else "发现问题已整改", k % 3, k % 2, file_id)
             for k, item in enumerate(items)])
    conn.commit()
    conn.close()
    tmp.rename(path)
    return path
