"""Ledger errors say what is wrong and what to do: a read-only ledger, a server that cannot be
reached (its password never shown), a ledger from a newer huikan, a damaged file; and two clerks
running `huikan init` on a new file at once both succeed."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from .conftest import SAMPLE

pytestmark = pytest.mark.sqlite_only  # these ledgers are files


@pytest.fixture
def ledger_file(run, db_path):
    assert run("init").exit_code == 0
    assert run("import", str(SAMPLE / "单位名单.xlsx")).exit_code == 0
    assert run("import", str(SAMPLE / "收件箱" / "省文物局问题隐患台账.xlsx")).exit_code == 0
    return db_path


def test_a_read_only_ledger_says_so(run, ledger_file, monkeypatch):
    """SQLite refuses every write as it does for a read-only file (the suite runs as root, whom
    file permissions do not stop)."""
    from huikan.ledger import database

    real = database._sqlite_connect

    def read_only(dbapi_conn, record):
        real(dbapi_conn, record)
        dbapi_conn.execute("PRAGMA query_only=ON")

    monkeypatch.setattr(database, "_sqlite_connect", read_only)
    assert run("hazards").exit_code == 0  # reading works
    result = run("hazard", "set", "H0001", "--note", "复查")
    assert result.exit_code == 1
    assert "账本文件或其所在文件夹是只读的，无法写入" in result.stderr


def test_an_unreachable_server_is_named_without_its_password(run):
    result = run("--db", "postgresql+psycopg://clerk:s3cret-pw@127.0.0.1:1/huikan", "units")
    assert result.exit_code == 1
    assert "s3cret-pw" not in result.stderr and "内部错误" not in result.stderr
    assert "无法连接数据库服务器" in result.stderr or "无法打开账本" in result.stderr  # (psycopg may not be installed)
    assert "尚未建立" not in result.stderr


def test_a_ledger_from_a_newer_huikan_is_left_alone(run, ledger_file):
    conn = sqlite3.connect(ledger_file)
    conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.commit()
    conn.close()
    for _ in range(2):
        result = run("units")
        assert result.exit_code == 1
        assert "账本由更新版本的 huikan 建立（账本结构版本 0099" in result.stderr and "请升级 huikan" in result.stderr
    assert not list(ledger_file.parent.glob("*.bak"))  # no backup copy per attempt


def test_a_damaged_ledger_says_so_and_how_to_restore(run, ledger_file):
    data = bytearray(ledger_file.read_bytes())
    for page in range(1, len(data) // 4096):  # every page after the first, header kept
        data[page * 4096:page * 4096 + 64] = b"\xff" * 64
    ledger_file.write_bytes(bytes(data))
    for args in (("hazards",), ("hazard", "show", "H0001")):  # never "H0001 does not exist"
        result = run(*args)
        assert result.exit_code == 1
        assert "账本文件已损坏" in result.stderr and "huikan backup" in result.stderr
        assert "内部错误" not in result.stderr and "没有编号" not in result.stderr


def test_a_wal_deleted_under_a_running_process_is_an_io_error_not_a_missing_ledger(ledger_file):
    holder = sqlite3.connect(ledger_file)  # another program with the ledger open, mid-read
    holder.execute("UPDATE unit SET name = name")
    holder.commit()
    holder.execute("BEGIN")
    holder.execute("SELECT count(*) FROM unit").fetchall()
    ledger_file.with_name(ledger_file.name + "-wal").unlink()
    result = subprocess.run([sys.executable, "-m", "huikan", "--db", str(ledger_file), "import",
                             str(SAMPLE / "收件箱" / "开封市文广新局问题隐患台账.xls")], capture_output=True, text=True)
    holder.close()
    assert result.returncode == 1
    assert "尚未建立" not in result.stderr and "内部错误" not in result.stderr
    assert "磁盘错误" in result.stderr or "账本文件已损坏" in result.stderr


@pytest.mark.slow
def test_two_inits_at_once_both_succeed(tmp_path):
    for attempt in range(4):
        db = tmp_path / f"新账本{attempt}.db"
        procs = [subprocess.Popen([sys.executable, "-m", "huikan", "--db", str(db), "init"], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outcomes = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
        assert [code for code, _ in outcomes] == [0, 0], outcomes
