"""The hazard lifecycle through the CLI: list, show, set, extend, verify, reject."""

import json

import pytest

from huikan.errors import NotFoundError
from huikan.ledger.hazard_rules import parse_hazard_id

from .conftest import SAMPLE
from .workbooks import write_xlsx


@pytest.fixture
def ledger_cli(run, tmp_path):
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    path = write_xlsx(tmp_path / "郑州市文广新局台账.xlsx", [
        ["序号", "问题隐患描述", "场所名称", "检查项", "隐患等级", "来源", "整改措施", "责任人", "整改资金", "应急预案", "整改时限", "整改状态"],
        [1, "剧场后台使用聚氨酯泡沫保温层", "郑州大剧院", 3, "重大隐患", "自查", "拆除", "刘强", 35, "专人巡查", "2018-12-25", "整改中"],
        [2, "KTV消防设施损坏", "某KTV", 8, "重大隐患", "暗访", None, None, None, None, "2018-12-12", "未整改"],
        [3, "灭火器过期", "郑州图书馆", 4, "一般隐患", "督查", "更换", "陈红", 0.5, None, "2018-12-15", "已整改"],
    ])
    result = run("import", str(path), "--received-at", "2018-12-10 10:00")
    assert result.exit_code == 0, result.output
    return run


def test_hazards_json_and_filters(ledger_cli):
    run = ledger_cli
    data = json.loads(run("hazards", "--json", "--as-of", "2018-12-20").stdout)
    assert [h["id"] for h in data] == ["H0001", "H0002", "H0003"]
    keys = {"id", "unit", "description", "venue", "item", "major", "status", "found_on", "deadline", "done_on",
            "responsible", "measures", "source", "overdue"}
    assert keys <= set(data[0])
    h1 = data[0]
    assert (h1["item"], h1["major"], h1["status"], h1["deadline"], h1["source"], h1["overdue"]) == (3, True, "in_progress", "2018-12-25", "自查", False)
    assert data[1]["overdue"] is True and data[1]["missing_assurances"] == ["措施", "责任", "资金", "预案"]

    def ids(*args):
        return [h["id"] for h in json.loads(run("hazards", "--json", "--as-of", "2018-12-20", *args).stdout)]

    assert ids("--major") == ["H0001", "H0002"]
    assert ids("--overdue") == ["H0002"]
    assert ids("--status", "done") == ["H0003"]
    assert ids("--item", "4") == ["H0003"]
    assert ids("--source", "暗访") == ["H0002"]
    assert ids("--unit", "郑州文广新局", "--status", "open") == ["H0002"]
    assert ids("--unit", "郑州市旅游局") == []
    table = run("hazards", "--as-of", "2018-12-20").stdout
    assert "重大（五落实缺" in table and "共 3 条：已整改 1 条，逾期未整改 1 条" in table


def test_unknown_unit_filter_suggests(ledger_cli):
    result = ledger_cli("hazards", "--unit", "郑州文化局")
    assert result.exit_code == 1 and "名单中同一地方的单位：郑州市文化广电新闻出版局" in result.stderr


def test_set_status_and_history(ledger_cli):
    run = ledger_cli
    assert run("hazard", "set", "H0002", "--status", "done", "--on", "2018-12-18", "--note", "已维修").exit_code == 0
    data = json.loads(run("hazard", "show", "h2", "--json").stdout)
    assert (data["status"], data["done_on"]) == ("done", "2018-12-18")
    changes = [(e["kind"], e["field"], e["old"], e["new"]) for e in data["history"]]
    assert ("changed", "status", "未整改", "已整改") in changes and ("changed", "done_on", "", "2018-12-18") in changes
    assert data["history"][0]["file"] == "郑州市文广新局台账.xlsx"
    assert data["history"][-1]["actor"] and data["history"][-1]["file"] is None


def test_extension_needs_a_reason_and_keeps_the_original(ledger_cli):
    run = ledger_cli
    refused = run("hazard", "set", "H0001", "--deadline", "2018-12-31")
    assert refused.exit_code == 1 and "延期必须说明原因" in refused.stderr
    assert run("hazard", "set", "H0001", "--deadline", "2018-12-31", "--reason", "材料到货延迟").exit_code == 0
    data = json.loads(run("hazard", "show", "H0001", "--json").stdout)
    assert (data["deadline"], data["original_deadline"]) == ("2018-12-31", "2018-12-25")
    assert data["history"][-1] | {"at": None, "actor": None} == {
        "at": None, "kind": "extended", "field": "deadline", "old": "2018-12-25", "new": "2018-12-31",
        "reason": "材料到货延迟", "file": None, "actor": None,
    }
    shown = run("hazard", "show", "H0001").stdout
    assert "原整改时限" in shown and "2018-12-25 → 2018-12-31" in shown


def test_verify_and_reject(ledger_cli):
    run = ledger_cli
    not_done = run("hazard", "verify", "H0001")
    assert not_done.exit_code == 1 and "尚未整改完成" in not_done.stderr
    assert run("hazard", "verify", "H0003", "--by", "钱锋", "--note", "现场复查").exit_code == 0
    again = run("hazard", "verify", "H0003")
    assert again.exit_code == 1 and "已于" in again.stderr
    reopen = run("hazard", "set", "H0003", "--status", "in_progress")
    assert reopen.exit_code == 1 and "--reject" in reopen.stderr
    status = json.loads(run("status", "--as-of", "2018-12-20", "--json").stdout)
    assert status["hazards"]["verified"] == 1 and status["hazards"]["closure_rate"] == pytest.approx(1 / 3)
    no_reason = run("hazard", "verify", "H0003", "--reject")
    assert no_reason.exit_code == 1 and "必须说明原因" in no_reason.stderr
    assert run("hazard", "verify", "H0003", "--reject", "--reason", "灭火器仍未更换").exit_code == 0
    data = json.loads(run("hazard", "show", "H0003", "--json").stdout)
    assert (data["status"], data["verified"], data["done_on"]) == ("in_progress", False, None)
    kinds = [e["kind"] for e in data["history"]]
    assert kinds == ["created", "verified", "rejected", "changed"]  # no done date to clear
    assert "复查不通过" in run("hazard", "show", "H0003").stdout


def test_show_unknown_hazard(ledger_cli):
    result = ledger_cli("hazard", "show", "H0099")
    assert result.exit_code == 1 and "没有编号为 H0099 的隐患" in result.stderr


def test_set_needs_something_to_set(ledger_cli):
    assert ledger_cli("hazard", "set", "H0001").exit_code == 2


@pytest.mark.parametrize("text, number", [("H0001", 1), ("h12", 12), ("7", 7), (" H0100 ", 100)])
def test_hazard_ids(text, number):
    assert parse_hazard_id(text) == number


@pytest.mark.parametrize("text", ["X1", "H", "H0000", "一"])
def test_bad_hazard_ids(text):
    with pytest.raises(NotFoundError):
        parse_hazard_id(text)


def test_remind_is_plain_text(ledger_cli):
    out = ledger_cli("remind", "--as-of", "2018-12-06 09:00").stdout
    assert "┃" not in out and "\x1b[" not in out
    assert out.count("【回头看】") == 74
