"""Keeping data: backups (also while someone imports), backups before migrations, the change log,
and exports that are safe to forward."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from openpyxl import load_workbook

from huikan.ledger import database
from huikan.ledger.database import SCHEMA_HEAD, database_url, open_ledger, upgrade

from .conftest import SAMPLE
from .test_crash_and_concurrency import big_ledger, done, huikan


@pytest.mark.sqlite_only
@pytest.mark.slow
def test_backup_while_another_process_imports(tmp_path):
    db = tmp_path / "ledger.db"
    assert done(huikan(db, "init"))[0] == 0
    assert done(huikan(db, "import", str(SAMPLE / "单位名单.xlsx")))[0] == 0
    importer = huikan(db, "import", str(big_ledger(tmp_path / "big.xlsx", "郑州市旅游局", 8000)))
    backups = []
    while importer.poll() is None and len(backups) < 5:
        code, out, err = done(huikan(db, "backup", "-o", str(tmp_path / f"b{len(backups)}.db")))
        assert code == 0, err
        backups.append(tmp_path / f"b{len(backups)}.db")
    assert done(importer)[0] == 0
    backups.append(tmp_path / "final.db")
    assert done(huikan(db, "backup", "-o", str(backups[-1])))[0] == 0
    for path in backups:
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM hazard").fetchone()[0] in (0, 8000)  # before or after, never half
        conn.close()
    assert sqlite3.connect(backups[-1]).execute("SELECT count(*) FROM hazard").fetchone()[0] == 8000
    again = done(huikan(db, "backup", "-o", str(backups[-1])))
    assert again[0] == 1 and "已存在" in again[2]


@pytest.mark.sqlite_only
def test_automatic_backup_before_a_migration(tmp_path):
    path = tmp_path / "old.db"
    old = database.Ledger(database_url(path))
    upgrade(old.engine, "0001")
    old.close()
    ledger = open_ledger(path)
    [saved] = list(tmp_path.glob("old.db.v0001-*.bak"))
    ledger.close()
    conn = sqlite3.connect(saved)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone() == (SCHEMA_HEAD,)


def test_log_shows_who_and_when(run, tmp_path):
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    path = big_ledger(tmp_path / "郑州市旅游局台账.xlsx", "郑州市旅游局", 2)
    run("import", str(path))
    assert run("hazard", "set", "H0001", "--deadline", "2018-12-30", "--reason", "等材料").exit_code == 0
    run("hazard", "set", "H0002", "--status", "done")
    run("hazard", "verify", "H0002", "--by", "钱锋")
    entries = json.loads(run("log", "--json").stdout)
    import getpass

    assert all(e["user"] == getpass.getuser() for e in entries)
    actions = [(e["action"], e["target"]) for e in entries]
    assert ("复查销号", "H0002") in actions and ("延期", "H0001") in actions
    assert ("导入", "郑州市旅游局台账.xlsx") in actions and ("导入", "单位名单.xlsx") in actions
    assert entries == sorted(entries, key=lambda e: e["at"], reverse=True)
    extension = next(e for e in entries if e["action"] == "延期")
    assert extension["detail"] == "整改时限：2018-12-20 → 2018-12-30；等材料"
    shown = json.loads(run("hazard", "show", "H0002", "--json").stdout)
    assert shown["history"][-1]["actor"] == getpass.getuser() and shown["history"][-1]["kind"] == "verified"


PHONE = re.compile(r"1[3-9]\d{9}|0\d{2,3}-\d{7,8}")


def all_text(path) -> str:
    wb = load_workbook(path)
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None)


def test_leadership_export_has_no_phone_numbers_unless_asked(run, tmp_path):
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))  # three units came with their contacts
    plain, contacts = tmp_path / "plain.xlsx", tmp_path / "contacts.xlsx"
    assert run("export", "-o", str(plain), "--as-of", "2018-12-20").exit_code == 0
    assert run("export", "-o", str(contacts), "--as-of", "2018-12-20", "--with-contacts").exit_code == 0
    assert not PHONE.search(all_text(plain))
    text = all_text(contacts)
    assert "王晓燕 13837100002" in text and "陈静 0371-63511237" in text
