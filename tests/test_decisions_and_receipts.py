"""The clerk's decisions survive a unit's re-sent ledger, field by field; a hazard's record is always
consistent; receipt times can be corrected, are never taken silently from the future, and are the
campaign's local time whatever the machine's TZ."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from .conftest import SAMPLE
from .workbooks import write_xlsx

HEADER = ["序号", "问题隐患描述", "场所名称", "整改时限", "整改状态", "完成日期", "责任人"]


def ledger(tmp_path, name, rows):
    return write_xlsx(tmp_path / name, [["填报单位：郑州市旅游局"], HEADER, *rows])


@pytest.fixture
def cli(run, tmp_path):
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    first = ledger(tmp_path, "v1.xlsx", [
        [1, "消防通道堆放杂物", "大剧院", "2018-12-20", "未整改", None, "张伟"],
        [2, "灭火器压力不足", "图书馆", "2018-12-15", "整改中", None, "陈红"],
        [3, "应急照明不亮", "博物馆", "2018-12-18", "整改中", None, "赵刚"],
    ])
    assert run("import", str(first), "--received-at", "2018-12-10 10:00").exit_code == 0
    return run


def hazard(run, code) -> dict:
    return json.loads(run("hazard", "show", code, "--json").stdout)


def test_the_clerks_decisions_survive_a_resent_ledger(cli, tmp_path):
    run = cli
    assert run("hazard", "set", "H0001", "--deadline", "2018-12-31", "--reason", "需搬迁场地").exit_code == 0
    assert run("hazard", "set", "H0002", "--status", "done", "--on", "2018-12-16").exit_code == 0
    assert run("hazard", "set", "H0003", "--responsible", "李明").exit_code == 0
    # The unit re-sends its ledger with what it said before (the old deadline, 整改中, 赵刚) and one real change.
    again = ledger(tmp_path, "v2.xlsx", [
        [1, "消防通道堆放杂物", "大剧院", "2018-12-20", "整改中", None, "张伟"],  # status changed by the unit
        [2, "灭火器压力不足", "图书馆", "2018-12-15", "整改中", None, "陈红"],
        [3, "应急照明不亮", "博物馆", "2018-12-18", "整改中", None, "赵刚"],
    ])
    result = run("import", str(again), "--received-at", "2018-12-17 10:00", "--json")
    [entry] = json.loads(result.stdout)
    assert entry["outcome"] == "updated"
    h1, h2, h3 = hazard(run, "H0001"), hazard(run, "H0002"), hazard(run, "H0003")
    assert (h1["deadline"], h1["original_deadline"], h1["status"]) == ("2018-12-31", "2018-12-20", "in_progress")
    assert (h2["status"], h2["done_on"]) == ("done", "2018-12-16")
    assert h3["responsible"] == "李明"
    assert not any("保留办公室的决定" in n for n in entry["notes"])  # nothing conflicted: the unit changed none of them


def test_where_both_changed_the_clerks_stays_and_the_import_says_so(cli, tmp_path):
    run = cli
    run("hazard", "set", "H0002", "--status", "done", "--on", "2018-12-16")
    run("hazard", "set", "H0001", "--deadline", "2018-12-31", "--reason", "需搬迁场地")
    later = ledger(tmp_path, "v2.xlsx", [
        [1, "消防通道堆放杂物", "大剧院", "2018-12-25", "未整改", None, "张伟"],  # the unit moved the deadline too
        [2, "灭火器压力不足", "图书馆", "2018-12-15", "未整改", None, "陈红"],  # and says 未整改
        [3, "应急照明不亮", "博物馆", "2018-12-18", "整改中", None, "赵刚"],
    ])
    [entry] = json.loads(run("import", str(later), "--received-at", "2018-12-17 10:00", "--json").stdout)
    notes = "\n".join(entry["notes"])
    assert "H0002 整改状态：单位本次报「未整改」，与办公室的决定「已整改」不同，保留办公室的决定" in notes
    assert "H0001 整改时限：单位本次报「2018-12-25」，与办公室的决定「2018-12-31」不同，保留办公室的决定" in notes
    assert (hazard(run, "H0002")["status"], hazard(run, "H0001")["deadline"]) == ("done", "2018-12-31")
    kinds = [(e["kind"], e["field"]) for e in hazard(run, "H0002")["history"]]
    assert ("kept", "status") in kinds
    # The unit then agrees with the clerk: nothing to say any more.
    agreed = ledger(tmp_path, "v3.xlsx", [
        [1, "消防通道堆放杂物", "大剧院", "2018-12-31", "未整改", None, "张伟"],
        [2, "灭火器压力不足", "图书馆", "2018-12-15", "已整改", "2018-12-16", "陈红"],
        [3, "应急照明不亮", "博物馆", "2018-12-18", "整改中", None, "赵刚"],
    ])
    [entry] = json.loads(run("import", str(agreed), "--received-at", "2018-12-20 10:00", "--json").stdout)
    assert not any("保留办公室的决定" in n for n in entry["notes"])


def test_a_hazard_not_done_never_keeps_a_done_date(cli, tmp_path):
    run = cli
    run("hazard", "set", "H0003", "--status", "done", "--on", "2018-12-16")
    assert hazard(run, "H0003")["done_on"] == "2018-12-16"
    run("hazard", "set", "H0003", "--status", "in_progress")
    assert (hazard(run, "H0003")["status"], hazard(run, "H0003")["done_on"]) == ("in_progress", None)
    # A unit's 已整改 with a date, then 整改中: the date goes with the status.
    done = ledger(tmp_path, "v2.xlsx", [[2, "灭火器压力不足", "图书馆", "2018-12-15", "已整改", "2018-12-14", "陈红"]])
    run("import", str(done), "--received-at", "2018-12-15 10:00")
    assert hazard(run, "H0002")["done_on"] == "2018-12-14"
    reopened = ledger(tmp_path, "v3.xlsx", [[2, "灭火器压力不足", "图书馆", "2018-12-15", "整改中", None, "陈红"]])
    run("import", str(reopened), "--received-at", "2018-12-16 10:00")
    assert (hazard(run, "H0002")["status"], hazard(run, "H0002")["done_on"]) == ("in_progress", None)


def _set_mtime(path, moment: datetime) -> None:
    stamp = moment.replace(tzinfo=ZoneInfo("Asia/Shanghai")).timestamp()
    os.utime(path, (stamp, stamp))


def test_a_receipt_time_is_corrected_by_importing_again(run, tmp_path):
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    path = write_xlsx(tmp_path / "郑州市旅游局第1周工作进展.xlsx", [["本周工作开展情况", "本周排查问题数"], ["部署", 1]])
    _set_mtime(path, datetime(2026, 11, 29, 9, 30))  # the time it was copied, years later
    [first] = json.loads(run("import", str(path), "--json").stdout)
    assert any("远在活动结束（2018-12-31）之后，可能是复制文件的时间" in n for n in first["notes"])
    [weekly] = json.loads(run("weekly", "--json").stdout)
    assert (weekly["week"], weekly["state"]) == (1, "late")  # 第1周 in its name; "late" by years
    result = run("import", str(path), "--received-at", "2018-12-05 16:30", "--json")
    [entry] = json.loads(result.stdout)
    assert (entry["outcome"], entry["unit"]) == ("updated", "郑州市旅游局")
    assert entry["notes"][0] == "收到时间由 2026-11-29 09:30 更正为 2018-12-05 16:30"
    assert "郑州市旅游局：计入 每周工作进展 第1周（12-05 17:00 截止），按时" in entry["notes"]
    [weekly] = json.loads(run("weekly", "--json").stdout)
    assert (weekly["week"], weekly["state"], weekly["received_at"]) == (1, "on_time", "2018-12-05T16:30:00")
    overdue = json.loads(run("overdue", "--as-of", "2018-12-06", "--json").stdout)
    assert not [d for d in overdue["deliverables"] if d["unit"] == "郑州市旅游局" and d["deliverable"] == "weekly"]
    log = run("log").stdout
    assert "更正收到时间" in log and "2026-11-29 09:30 → 2018-12-05 16:30" in log
    # The same time again changes nothing.
    [again] = json.loads(run("import", str(path), "--received-at", "2018-12-05 16:30", "--json").stdout)
    assert again["outcome"] == "unchanged"


def test_a_copy_under_another_name_is_unchanged_not_a_correction(run, tmp_path):
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    path = write_xlsx(tmp_path / "郑州市旅游局周报.xlsx", [["本周工作开展情况", "本周排查问题数"], ["部署", 1]])
    run("import", str(path), "--received-at", "2018-12-05 10:00")
    copy = tmp_path / "郑州市旅游局周报(1).xlsx"
    copy.write_bytes(path.read_bytes())
    [entry] = json.loads(run("import", str(copy), "--received-at", "2018-12-05 10:05", "--json").stdout)
    assert entry["outcome"] == "unchanged" and "与已导入的「郑州市旅游局周报.xlsx」相同" in entry["notes"][0]


def test_receipt_times_in_the_future_or_before_the_campaign_are_never_taken_silently(run, tmp_path):
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    path = write_xlsx(tmp_path / "郑州市旅游局周报.xlsx", [["本周工作开展情况", "本周排查问题数"], ["部署", 1]])
    result = run("import", str(path), "--received-at", "2099-01-01 09:00")
    assert result.exit_code == 1 and "收到时间 2099-01-01 09:00 晚于现在" in result.stderr
    _set_mtime(path, datetime(2099, 1, 1, 9, 0))
    [entry] = json.loads(run("import", str(path), "--json").stdout)
    assert entry["outcome"] == "imported"
    assert any(n.startswith("文件修改时间 2099-01-01 09:00 晚于现在，按导入时间") for n in entry["notes"])
    early = write_xlsx(tmp_path / "郑州市旅游局方案.xlsx", [["类别", "姓名", "联系电话"], ["专职联络员", "刘佳", "138"]])
    [entry] = json.loads(run("import", str(early), "--received-at", "2018-11-20 09:00", "--json").stdout)
    assert "收到时间 2018-11-20 09:00 早于活动开始（2018-12-03），已按所给时间记录，请核对" in entry["notes"]


@pytest.mark.parametrize("tz", ["UTC", "America/New_York", "Asia/Shanghai"])
def test_file_times_are_the_campaigns_local_time_under_any_tz(run, tmp_path, monkeypatch, tz):
    monkeypatch.setenv("TZ", tz)
    time.tzset()
    try:
        run("init")
        run("import", str(SAMPLE / "单位名单.xlsx"))
        path = write_xlsx(tmp_path / "郑州市旅游局周报.xlsx", [["本周工作开展情况", "本周排查问题数"], ["部署", 1]])
        _set_mtime(path, datetime(2018, 12, 5, 16, 50))
        run("import", str(path))
        [weekly] = json.loads(run("weekly", "--json").stdout)
        assert (weekly["received_at"], weekly["week"], weekly["state"]) == ("2018-12-05T16:50:00", 1, "on_time")
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_base_moves_when_the_unit_agrees(cli, tmp_path):
    """The clerk extends; the unit then writes the clerk's deadline (agreement: no decision left); a later
    change of the unit's is applied as any change is."""
    run = cli
    run("hazard", "set", "H0001", "--deadline", "2019-01-31", "--reason", "需搬迁场地")
    agree = ledger(tmp_path, "v2.xlsx", [[1, "消防通道堆放杂物", "大剧院", "2019-01-31", "未整改", None, "张伟"]])
    run("import", str(agree), "--received-at", "2018-12-17 10:00")
    later = ledger(tmp_path, "v3.xlsx", [[1, "消防通道堆放杂物", "大剧院", "2019-02-28", "未整改", None, "张伟"]])
    [entry] = json.loads(run("import", str(later), "--received-at", "2018-12-24 10:00", "--json").stdout)
    assert not any("保留办公室的决定" in n for n in entry["notes"])
    assert hazard(run, "H0001")["deadline"] == "2019-02-28"
    shown = run("hazard", "show", "H0001").stdout
    assert "延期" in shown


def test_a_kept_decision_reads_plainly_in_the_history(cli, tmp_path):
    run = cli
    run("hazard", "set", "H0002", "--status", "done", "--on", "2018-12-16")
    again = ledger(tmp_path, "v2.xlsx", [[2, "灭火器压力不足", "图书馆", "2018-12-15", "未整改", None, "陈红"]])
    run("import", str(again), "--received-at", "2018-12-17 10:00")
    shown = run("hazard", "show", "H0002").stdout
    assert "保留办公室的决定" in shown and "单位报「未整改」，仍为「已整改」" in shown
