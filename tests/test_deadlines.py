"""Receipts to due instances, overdue, status and remind at fixed as-of times (docs/contract.md, "Terms")."""

import json
from datetime import datetime

import pytest
from openpyxl import load_workbook

from huikan.importers.runner import import_paths
from huikan.ledger.campaigns import current_campaign
from huikan.reports.overdue import compute_overdue, overdue_json
from huikan.reports.remind import reminders
from huikan.reports.status import compute_status
from huikan.reports.submissions import (
    LATE,
    MISSING,
    ON_TIME,
    PENDING,
    compute_submissions,
)

from .conftest import NOW, SAMPLE
from .workbooks import write_xlsx

WEEKLY = ["报送日期", "周次", "本周工作开展情况", "本周排查问题数", "累计排查数"]


def weekly(tmp_path, unit, name, week=None, stated=None):
    return write_xlsx(tmp_path / f"{unit}{name}.xlsx", [[f"填报单位：{unit}"], WEEKLY, [stated, week, "检查", 1, 1]])


def state_of(ledger, unit, deliverable, seq, as_of):
    with ledger.reading() as conn:
        subs = compute_submissions(conn, current_campaign(conn).id, as_of)
    [s] = [s for s in subs.items if s.unit.name == unit and s.slot.deliverable == deliverable and s.slot.seq == seq]
    return s.state


@pytest.mark.parametrize("received, state", [("2018-12-05 17:00:00", ON_TIME), ("2018-12-05 17:00:01", LATE)])
def test_exact_to_the_second(ledger_with_units, tmp_path, received, state):
    path = weekly(tmp_path, "郑州市旅游局", received[-2:], week="第1周")
    import_paths(ledger_with_units, [path], received_at=datetime.fromisoformat(received), now=NOW)
    assert state_of(ledger_with_units, "郑州市旅游局", "weekly", 1, datetime(2018, 12, 6)) == state


def test_missing_only_once_the_time_has_passed(ledger_with_units):
    assert state_of(ledger_with_units, "郑州市旅游局", "weekly", 1, datetime(2018, 12, 5, 17, 0, 0)) == PENDING
    assert state_of(ledger_with_units, "郑州市旅游局", "weekly", 1, datetime(2018, 12, 5, 17, 0, 1)) == MISSING


def test_receipts_after_as_of_have_not_happened_yet(ledger_with_units, tmp_path):
    path = weekly(tmp_path, "郑州市旅游局", "w2", week=2)
    import_paths(ledger_with_units, [path], received_at=datetime(2018, 12, 13, 9), now=NOW)
    assert state_of(ledger_with_units, "郑州市旅游局", "weekly", 2, datetime(2018, 12, 13, 8)) == MISSING
    assert state_of(ledger_with_units, "郑州市旅游局", "weekly", 2, datetime(2018, 12, 13, 10)) == LATE


def test_late_weekly_stating_its_week_is_late_not_next_weeks(ledger_with_units, tmp_path):
    path = weekly(tmp_path, "郑州市旅游局", "w1", stated="2018-12-05")
    import_paths(ledger_with_units, [path], received_at=datetime(2018, 12, 7, 10), now=NOW)
    as_of = datetime(2018, 12, 20)
    assert state_of(ledger_with_units, "郑州市旅游局", "weekly", 1, as_of) == LATE
    assert state_of(ledger_with_units, "郑州市旅游局", "weekly", 2, as_of) == MISSING


def test_receipt_before_the_campaign_starts_is_on_time(ledger_with_units, tmp_path):
    plan = write_xlsx(tmp_path / "p.xlsx", [["填报单位：郑州市旅游局"], ["人员类别", "姓名", "职务", "联系电话"], ["专职联络员", "甲", "科员", "1"]])
    import_paths(ledger_with_units, [plan], received_at=datetime(2018, 11, 30, 9), now=NOW)
    assert state_of(ledger_with_units, "郑州市旅游局", "plan", 1, datetime(2018, 12, 20)) == ON_TIME


def test_unit_added_mid_campaign_owes_only_what_falls_due_after(ledger_with_units, tmp_path):
    later = write_xlsx(tmp_path / "增补.xlsx", [["单位名称", "类别"], ["河南省杂技集团", "厅直单位"]])
    import_paths(ledger_with_units, [later], received_at=datetime(2018, 12, 13, 10), now=NOW)
    with ledger_with_units.reading() as conn:
        subs = compute_submissions(conn, current_campaign(conn).id, datetime(2018, 12, 31))
    owed = sorted((s.slot.deliverable, s.slot.seq) for s in subs.items if s.unit.name == "河南省杂技集团")
    assert owed == [("selfcheck", 1), ("special", 1), ("weekly", 3), ("weekly", 4)]
    # The notice's units (the first list) owe everything, whenever the list was imported.
    assert len([s for s in subs.items if s.unit.name == "郑州市旅游局"]) == 7


def test_overdue_sections_and_json(ledger_with_units, tmp_path):
    import_paths(ledger_with_units, [weekly(tmp_path, "郑州市旅游局", "a", week=1)], received_at=datetime(2018, 12, 5, 18), now=NOW)
    import_paths(ledger_with_units, [weekly(tmp_path, "郑州市旅游局", "b", week=2)], received_at=datetime(2018, 12, 12, 18), now=NOW)
    hazards = write_xlsx(tmp_path / "h.xlsx", [
        ["填报单位：郑州市旅游局"],
        ["问题隐患描述", "隐患等级", "整改时限", "整改状态"],
        ["一般问题", "一般隐患", "2018-12-10", "整改中"],
        ["重大问题", "重大隐患", "2018-12-15", "未整改"],
        ["已改问题", "一般隐患", "2018-12-01", "已整改"],
        ["未到期问题", "一般隐患", "2018-12-30", "未整改"],
    ])
    import_paths(ledger_with_units, [hazards], received_at=datetime(2018, 12, 14, 9), now=NOW)
    with ledger_with_units.reading() as conn:
        o = compute_overdue(conn, datetime(2018, 12, 17, 9))
        data = json.loads(json.dumps(overdue_json(o), default=str))
    assert data["as_of"] == "2018-12-17 09:00:00"
    late = [d for d in data["deliverables"] if d["state"] == "late"]
    assert [(d["unit"], d["deliverable"], d["due"], d["received_at"]) for d in late] == [
        ("郑州市旅游局", "weekly", "2018-12-05 17:00:00", "2018-12-05 18:00:00"),
        ("郑州市旅游局", "weekly", "2018-12-12 17:00:00", "2018-12-12 18:00:00"),
    ]
    missing = {(d["unit"], d["deliverable"]) for d in data["deliverables"] if d["state"] == "missing"}
    assert ("郑州市旅游局", "plan") in missing and ("郑州市旅游局", "weekly") not in missing
    assert ("郑州市旅游局", "selfcheck") not in missing  # the ledger counts for 自查报告及问题隐患台账
    missing_entries = [d for d in data["deliverables"] if d["state"] == "missing"]
    assert len(missing_entries) == 73 * 4 - 3  # plan, weeks 1-2, selfcheck; 郑州市旅游局 sent three of them
    assert [(h["id"], h["description"], h["days_overdue"], h["major"]) for h in data["hazards"]] == [
        ("H0002", "重大问题", 2, True), ("H0001", "一般问题", 7, False)
    ]
    assert set(data["hazards"][0]) >= {"id", "unit", "description", "deadline", "status", "days_overdue"}
    upcoming = {d["unit"]: d for d in data["upcoming"]}
    assert (upcoming["郑州市旅游局"]["deliverable"], upcoming["郑州市旅游局"]["due"], upcoming["郑州市旅游局"]["soon"]) == (
        "special", "2018-12-17 23:59:59", True)
    assert len(upcoming) == 73
    repeat = {r["unit"]: (r["late"], r["missing"]) for r in data["repeatedly_late"]}
    assert repeat["郑州市旅游局"] == (2, 0) and repeat["郑州市文化广电新闻出版局"] == (0, 2)


def test_status_numbers(ledger_with_units, tmp_path):
    hazards = write_xlsx(tmp_path / "h.xlsx", [
        ["填报单位：郑州市旅游局"],
        ["问题隐患描述", "是否重大隐患", "整改时限", "整改状态"],
        ["甲", "是", "2018-12-10", "已整改"], ["乙", "是", "2018-12-10", "整改中"], ["丙", "否", "2018-12-30", "已整改"],
        ["丁", "否", "2018-12-12", "未整改"],
    ])
    import_paths(ledger_with_units, [hazards], received_at=datetime(2018, 12, 14, 9), now=NOW)
    with ledger_with_units.reading() as conn:
        s = compute_status(conn, datetime(2018, 12, 16, 12))
    assert (s.phase, s.phase_days_left, s.campaign_days_left) == ("督查检查", 6, 15)
    assert s.next_deadline.name == "专题报告"
    h = s.hazards
    assert (h.total, h.major, h.done, h.verified, h.overdue) == (4, 2, 2, 0, 2)
    assert (h.rectification_rate, h.major_rectification_rate, h.closure_rate) == (0.5, 0.5, 0.0)
    assert [(w.unit, w.overdue) for w in s.worst_units] == [("郑州市旅游局", 2)]
    selfcheck = next(d for d in s.deliverables if d.key == "selfcheck")
    assert (selfcheck.owed, selfcheck.on_time, selfcheck.missing) == (73, 1, 72)


def test_remind_messages(ledger_with_units, tmp_path):
    import_paths(ledger_with_units, [weekly(tmp_path, "郑州市文广新局", "a", week=1)], received_at=datetime(2018, 12, 5, 9), now=NOW)
    with ledger_with_units.reading() as conn:
        campaign = current_campaign(conn)
        from huikan.ledger.campaigns import campaign_spec

        as_of = datetime(2018, 12, 6, 9)
        subs = compute_submissions(conn, campaign.id, as_of)
        messages = reminders(campaign_spec(campaign), subs, compute_overdue(conn, as_of, subs))
    first = messages[0]
    assert first.startswith("【回头看】郑州市文化广电新闻出版局 王晓燕同志：您好！截至12月6日9时")
    assert "1. 实施方案及联络人（应于12月5日17时前报送，已逾期16小时）" in first
    assert "每周工作进展 第1周" not in first  # it was sent
    assert "另：每周工作进展 第2周请于12月12日17时前报送。" in first
    assert "联络员同志" in messages[1] and "尚未报送分管负责人和专职联络员信息" in messages[1]
    assert len(messages) == 73 + 1
    assert messages[-1].startswith("【回头看】提醒：每周工作进展 第2周应于12月12日17时前报送领导小组办公室（综合协调处）")
    assert "以下 73 个单位尚未报送" in messages[-1]


CUSTOM = """
[campaign]
key = "spring-2019"
name = "春节期间消防安全检查"
short_name = "春节检查"
office = "安全处"
start = 2019-01-28
end = 2019-02-22

[[phases]]
key = "check"
name = "检查"
end = 2019-02-22

[[deliverables]]
key = "weekly"
name = "周报"
schedule = { kind = "weekly", weekday = "friday", time = 12:00:00 }

[[deliverables]]
key = "summary"
name = "总结报告"
receives = ["special", "ledger"]
schedule = { kind = "by_date", date = 2019-02-09 }

[[items]]
number = 1
title = "消防设施"
wording = "检查消防设施完好情况"

[[categories]]
key = "city"
name = "省辖市"

[calendar]
holidays = [2019-02-04, 2019-02-05, 2019-02-06, 2019-02-07, 2019-02-08]
workdays = [2019-02-02, 2019-02-03]
move_to_workday = true
"""


def test_custom_campaign_with_holidays_end_to_end(run, tmp_path):
    campaign = tmp_path / "spring.toml"
    campaign.write_text(CUSTOM, encoding="utf-8")
    assert run("init", "--campaign", str(campaign)).exit_code == 0
    units = write_xlsx(tmp_path / "units.xlsx", [["单位名称", "类别"], ["郑州市旅游局", "省辖市"]])
    assert run("import", str(units)).exit_code == 0
    report = tmp_path / "郑州市旅游局总结报告.pdf"
    report.write_bytes(b"%PDF-1.4")
    assert run("import", str(report), "--received-at", "2019-02-10 09:00").exit_code == 0
    result = run("overdue", "--as-of", "2019-02-12 12:00", "--json")
    data = json.loads(result.stdout)
    dues = sorted((d["deliverable"], d["due"], d["state"]) for d in data["deliverables"])
    # Friday 02-08 falls in the Spring Festival holiday: due the next workday, Monday 02-11.
    assert dues == [
        ("weekly", "2019-02-01T12:00:00", "missing"),
        ("weekly", "2019-02-11T12:00:00", "missing"),
    ]
    # 02-09 is a Saturday off: the summary was due at the end of Monday 02-11, so 02-10 is on time.
    status = json.loads(run("status", "--as-of", "2019-02-12 12:00", "--json").stdout)
    summary = next(d for d in status["deliverables"] if d["key"] == "summary")
    assert (summary["on_time"], summary["late"], summary["missing"]) == (1, 0, 0)


def test_a_list_with_categories_another_campaign_lacks_is_accepted_and_said(run, tmp_path):
    """The sample list's categories are the 2018 campaign's: in this campaign only 省辖市 fits; the
    others are kept as written, each a group of its own, and the notes say so."""
    campaign = tmp_path / "spring.toml"
    campaign.write_text(CUSTOM, encoding="utf-8")
    run("init", "--campaign", str(campaign))
    result = run("import", str(SAMPLE / "单位名单.xlsx"), "--json")
    assert result.exit_code == 0
    [entry] = json.loads(result.stdout)
    assert entry["outcome"] == "imported" and entry["rows"] == 73
    assert "工作表「单位名单」 C列（类别） 第64–69行：类别「厅直单位」不属于本活动的单位类别（省辖市），作为单独一组" in entry["notes"]
    units = {u["name"]: u for u in json.loads(run("units", "--json").stdout)}
    assert (units["郑州市旅游局"]["category"], units["郑州市旅游局"]["category_key"]) == ("省辖市", "city")
    assert (units["河南博物院"]["category"], units["河南博物院"]["category_key"]) == ("厅直单位", "厅直单位")


def test_cli_overdue_workbook(run, tmp_path):
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    out = tmp_path / "逾期.xlsx"
    result = run("overdue", "--as-of", "2018-12-13", "-o", str(out))
    assert result.exit_code == 0 and out.exists()
    wb = load_workbook(out)
    assert wb.sheetnames[0].startswith("未报")
    ws = wb.worksheets[0]
    assert ws["A1"].value.startswith("未报（")
    assert ws["A2"].value == "截至 2018-12-13 23:59"
    assert [c.value for c in ws[3]] == ["单位", "未报事项（截止时间）", "最长逾期", "联络员"]
    assert ws["A4"].value == "郑州市文化广电新闻出版局"


def test_cli_as_of_is_validated(run):
    run("init")
    result = run("overdue", "--as-of", "下周三")
    assert result.exit_code == 2 and "无法识别" in result.stderr
