"""Output never destroys: no command writes over the ledger, over a good file without --force,
or leaves a half-written file where a good one was."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from .conftest import SAMPLE

pytestmark = pytest.mark.sqlite_only  # the ledger is a file here


@pytest.fixture
def ledger_file(run, db_path):
    assert run("init").exit_code == 0
    assert run("import", str(SAMPLE / "单位名单.xlsx")).exit_code == 0
    assert run("import", str(SAMPLE / "收件箱" / "省文物局问题隐患台账.xlsx")).exit_code == 0
    return db_path


def hazards(run) -> int:
    return len(json.loads(run("hazards", "--json").output))


@pytest.mark.parametrize("command", [
    ["export", "--force", "-o"], ["overdue", "--force", "-o"], ["template", "ledger", "--force", "-o"], ["backup", "-o"],
])
@pytest.mark.parametrize("companion", ["", "-wal", "-shm"])
def test_the_ledger_is_never_an_output(run, ledger_file, command, companion):
    target = Path(f"{ledger_file}{companion}")
    result = run(*command, str(target))
    assert result.exit_code == 1
    assert "这是账本文件，写入会毁掉账本" in result.stderr
    assert hazards(run) == 2  # the ledger still reads


def test_an_existing_file_needs_force(run, ledger_file, tmp_path):
    book = tmp_path / "逾期情况.xlsx"
    book.write_bytes(b"a good file")
    refused = run("overdue", "-o", str(book))
    assert refused.exit_code == 1 and "文件已存在" in refused.stderr and "--force" in refused.stderr
    assert book.read_bytes() == b"a good file"
    assert run("overdue", "-o", str(book), "--force").exit_code == 0
    assert book.read_bytes()[:2] == b"PK"


def test_a_device_is_never_an_output(run, ledger_file):
    result = run("export", "-o", "/dev/full", "--force")
    assert result.exit_code == 1 and "不是普通文件" in result.stderr


def test_a_full_disk_leaves_the_good_file_and_no_litter(run, ledger_file, tmp_path, monkeypatch):
    """The workbook is written beside the target and renamed into place only when complete."""
    folder = tmp_path / "报送"
    folder.mkdir()
    book = folder / "汇总.xlsx"
    assert run("export", "-o", str(book), "--as-of", "2018-12-20").exit_code == 0
    good = book.read_bytes()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    import zipfile

    monkeypatch.setattr(zipfile.ZipFile, "write", full)  # the disk fills while the zip is written
    result = run("export", "-o", str(book), "--as-of", "2018-12-21", "--force")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"错误：无法写入文件 {book}：磁盘空间已满（原有文件未改动）"
    assert book.read_bytes() == good
    assert sorted(p.name for p in folder.iterdir()) == ["汇总.xlsx"]  # no temporary file left


def test_a_backup_is_whole_or_not_there(run, ledger_file, tmp_path):
    target = tmp_path / "备份.db"
    assert run("backup", "-o", str(target)).exit_code == 0
    again = run("backup", "-o", str(target))
    assert again.exit_code == 1 and "文件已存在" in again.stderr
    assert run("--db", str(target), "hazards", "--json").exit_code == 0
