"""Real processes: killed mid-import, killed mid-change, several clerks at once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import SAMPLE
from .workbooks import write_xlsx

# SQLite files and PRAGMAs (PostgreSQL's own test is in test_postgres.py); child processes: slow
pytestmark = [pytest.mark.sqlite_only, pytest.mark.slow]


def huikan(db, *args, env=None, **kw):
    return subprocess.Popen(
        [sys.executable, "-m", "huikan", "--db", str(db), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})}, **kw,
    )


def done(proc, timeout=120):
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def counts(db) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("source_file", "receipt", "hazard", "hazard_event", "unit")}
    finally:
        conn.close()


def big_ledger(path, unit: str, rows: int):
    header = ["序号", "问题隐患描述", "场所名称", "整改时限", "整改状态", "整改措施"]
    body = [[i, f"{unit}问题{i}：消防通道堵塞需要清理", f"场所{i % 97}", "2018-12-20", "整改中", "清理"] for i in range(1, rows + 1)]
    return write_xlsx(path, [[f"填报单位：{unit}"], header, *body])


@pytest.fixture
def db(tmp_path):
    db = tmp_path / "ledger.db"
    assert done(huikan(db, "init"))[0] == 0
    assert done(huikan(db, "import", str(SAMPLE / "单位名单.xlsx")))[0] == 0
    return db


def test_killed_before_commit_leaves_the_ledger_as_it_was(db, tmp_path):
    path = big_ledger(tmp_path / "big.xlsx", "郑州市旅游局", 3000)
    before = counts(db)
    code, _, _ = done(huikan(db, "import", str(path), env={"HUIKAN_CRASH_BEFORE_COMMIT": "1"}))
    assert code == -signal.SIGKILL
    assert counts(db) == before
    code, out, _ = done(huikan(db, "import", str(path), "--json"))
    assert code == 0 and json.loads(out)[0]["outcome"] == "imported"
    assert counts(db)["hazard"] == before["hazard"] + 3000


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5])
def test_sigkill_at_any_moment_of_a_large_import(db, tmp_path, delay):
    path = big_ledger(tmp_path / "big.xlsx", "郑州市旅游局", 20000)
    before = counts(db)
    proc = huikan(db, "import", str(path))
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    code, _, _ = done(proc)
    after = counts(db)
    # All or nothing: the kill may also land after the commit, while the summary is printed.
    assert after == before or (after["hazard"] == before["hazard"] + 20000 and after["source_file"] == before["source_file"] + 1)
    code, out, err = done(huikan(db, "import", str(path), "--json"))
    assert code == 0, err
    assert json.loads(out)[0]["outcome"] in ("imported", "unchanged")
    assert counts(db)["hazard"] == before["hazard"] + 20000


def test_killed_hazard_set_changes_nothing(db, tmp_path):
    path = big_ledger(tmp_path / "small.xlsx", "郑州市旅游局", 3)
    assert done(huikan(db, "import", str(path)))[0] == 0
    before = counts(db)
    code, _, _ = done(huikan(db, "hazard", "set", "H0001", "--status", "done", "--on", "2018-12-18",
                             env={"HUIKAN_CRASH_BEFORE_COMMIT": "1"}))
    assert code == -signal.SIGKILL
    assert counts(db) == before
    shown = json.loads(done(huikan(db, "hazard", "show", "H0001", "--json"))[1])
    assert shown["status"] == "in_progress"
    assert done(huikan(db, "hazard", "set", "H0001", "--status", "done", "--on", "2018-12-18"))[0] == 0
    assert json.loads(done(huikan(db, "hazard", "show", "H0001", "--json"))[1])["status"] == "done"


def test_several_clerks_at_once(db, tmp_path):
    units = ["郑州市旅游局", "开封市旅游发展委员会", "洛阳市旅游发展委员会"]
    files = [big_ledger(tmp_path / f"{u}.xlsx", u, 4000) for u in units]
    importers = [huikan(db, "import", str(f), "--json") for f in files]
    importers.append(huikan(db, "import", str(files[0]), "--json"))  # the same file twice at once
    readers = []
    for _ in range(3):  # the clerk checking who is late while the imports run
        time.sleep(0.5)
        readers.append(huikan(db, "overdue", "--json", "--as-of", "2018-12-21"))
    results = [done(p) for p in importers]
    assert all(code == 0 for code, _, _ in results), [err for _, _, err in results]
    outcomes = sorted(json.loads(out)[0]["outcome"] for _, out, _ in results)
    assert outcomes == ["imported", "imported", "imported", "unchanged"]
    for code, out, err in (done(r) for r in readers):
        assert code == 0 and "locked" not in err and "锁" not in err
        json.loads(out)
    after = counts(db)
    assert after["hazard"] == 12000 and after["source_file"] == 4  # the unit list and three ledgers
    overdue = json.loads(done(huikan(db, "overdue", "--json", "--as-of", "2018-12-21"))[1])
    assert len(overdue["hazards"]) == 12000


def test_pipes_and_devices_in_an_inbox_are_never_opened(db, tmp_path):
    """A FIFO named .csv would block forever, a link to /dev/zero never ends: both are skipped by
    name, and the folder's real return imports."""
    inbox = tmp_path / "收件箱"
    big_ledger(inbox / "郑州市旅游局问题隐患台账.xlsx", "郑州市旅游局", 3)
    os.mkfifo(inbox / "郑州市旅游局周报.csv")
    (inbox / "郑州市旅游局台账.csv").symlink_to("/dev/zero")
    code, out, err = done(huikan(db, "import", str(inbox), "--json"), timeout=60)
    assert code == 1, err
    results = {Path(r["file"]).name: r for r in json.loads(out)}
    assert results["郑州市旅游局问题隐患台账.xlsx"]["outcome"] == "imported"
    assert results["郑州市旅游局周报.csv"]["errors"][0]["message"] == "不是普通文件（命名管道），未打开，已跳过"
    assert results["郑州市旅游局台账.csv"]["errors"][0]["message"] == "不是普通文件（设备文件），未打开，已跳过"


def test_ctrl_c_stops_an_import_at_once_and_says_what_happened(db, tmp_path):
    """SIGINT in the middle of a batch: exit 130 promptly; the files done before it are kept and
    listed (here as JSON), the one in progress is rolled back, the rest are not tried."""
    inbox = tmp_path / "收件箱"
    big_ledger(inbox / "a郑州市旅游局问题隐患台账.xlsx", "郑州市旅游局", 5)
    big_ledger(inbox / "b开封市文广新局问题隐患台账.xlsx", "开封市文广新局", 30000)
    big_ledger(inbox / "c洛阳市文广新局问题隐患台账.xlsx", "洛阳市文广新局", 5)
    before = counts(db)
    proc = huikan(db, "import", str(inbox), "--json")
    deadline = time.monotonic() + 60
    while counts(db)["source_file"] == before["source_file"] and time.monotonic() < deadline:
        time.sleep(0.02)  # the first file is in; the big one is being read or stored
    proc.send_signal(signal.SIGINT)
    started = time.monotonic()
    code, out, err = done(proc, timeout=30)
    assert code == 130 and time.monotonic() - started < 5, err
    assert err.rstrip().endswith("已中断。")
    listed = json.loads(out)
    assert listed[0]["file"].endswith("a郑州市旅游局问题隐患台账.xlsx") and len(listed) < 3
    assert all(r["outcome"] == "imported" for r in listed)
    assert counts(db)["source_file"] == before["source_file"] + len(listed)  # exactly the files listed
    assert "已中断：正在导入的文件未写入账本" in err
