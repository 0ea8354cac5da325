"""One bad file never stops a batch, and when the ledger itself fails mid-way the clerk is told
which files are in, which failed and which were not tried."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from huikan.importers import runner

from .conftest import ON_POSTGRES, SAMPLE
from .workbooks import write_xlsx


@pytest.fixture
def inbox(run, tmp_path):
    assert run("init").exit_code == 0
    assert run("import", str(SAMPLE / "单位名单.xlsx")).exit_code == 0
    folder = tmp_path / "收件箱"
    for name in ("a郑州市旅游局台账.xlsx", "b开封市文广新局台账.xlsx", "c洛阳市文广新局台账.xlsx"):
        write_xlsx(folder / name, [["问题隐患描述", "整改状态"], [f"{name[1:4]}通道堵塞", "未整改"]])
    return folder


def by_name(output: str) -> dict[str, dict]:
    return {Path(r["file"]).name: r for r in json.loads(output)}


def test_a_bug_met_on_one_file_rejects_that_file_only(run, inbox, monkeypatch, tmp_path):
    real = runner._extract_all

    def buggy(item, ctx):
        if item.path.name.startswith("b"):
            raise RuntimeError("a bug of ours")
        return real(item, ctx)

    monkeypatch.setattr(runner, "_extract_all", buggy)
    result = run("import", str(inbox), "--json")
    assert result.exit_code == 1
    files = by_name(result.output)
    assert [files[n]["outcome"] for n in sorted(files)] == ["imported", "rejected", "imported"]
    message = files["b开封市文广新局台账.xlsx"]["errors"][0]["message"]
    assert message.startswith("内部错误（RuntimeError: a bug of ours）；详情已写入 ")
    report = Path(message.split("详情已写入 ")[1].split("，请发给维护人员")[0])
    # beside a SQLite ledger; a PostgreSQL ledger has no folder, so the system's temporary one
    assert report.parent == (Path(tempfile.gettempdir()) if ON_POSTGRES else tmp_path)
    assert "RuntimeError: a bug of ours" in report.read_text(encoding="utf-8")
    table = run("import", str(inbox))  # the table comes out too (the others are unchanged now)
    assert "共 3 个文件" in table.output and "内部错误" in table.stderr


def test_the_ledger_failing_mid_batch_says_what_happened_to_each_file(run, inbox, monkeypatch):
    real = runner._import_one

    def disk_fills(ledger, item, *args):
        if item.path.name.startswith("b"):
            raise OperationalError("INSERT …", {}, Exception("database or disk is full"))
        return real(ledger, item, *args)

    monkeypatch.setattr(runner, "_import_one", disk_fills)
    result = run("import", str(inbox), "--json")
    assert result.exit_code == 1
    files = by_name(result.output)
    assert [files[n]["outcome"] for n in sorted(files)] == ["imported", "failed", "not_tried"]
    assert files["b开封市文广新局台账.xlsx"]["errors"][0]["message"].startswith(
        "账本写入失败，此文件未导入：磁盘空间已满，无法写入账本")
    table = run("import", str(inbox)).output
    assert "未导入（账本写入失败）" in table and "未尝试" in table and "排除故障后重新导入同一文件夹即可" in table
    assert len(json.loads(run("hazards", "--json").output)) == 1  # the first file is in
