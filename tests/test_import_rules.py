"""Importing as the clerk relies on it: whole or nothing, idempotent, updates with history."""

import json
import os
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from huikan.importers.runner import import_paths
from huikan.ledger.hazard_queries import find_hazard, history
from huikan.ledger.hazard_rules import hazard_code
from huikan.ledger.tables import due_instance, hazard, receipt, source_file, weekly_report

from .conftest import NOW, snapshot
from .workbooks import write_xlsx

LEDGER_HEADER = ["序号", "问题隐患描述", "场所名称", "整改时限", "整改状态", "完成日期", "备注"]


def ledger_file(path, rows, unit="郑州市文广新局"):
    return write_xlsx(path, {"台账": [["问题隐患台账"], [f"填报单位：{unit}"], LEDGER_HEADER, *rows]})


def hazards(ledger):
    with ledger.reading() as conn:
        return {h.description: h for h in conn.execute(select(hazard))}


def test_rejected_file_leaves_the_ledger_byte_for_byte_unchanged(ledger_with_units, tmp_path):
    good = ledger_file(tmp_path / "a.xlsx", [[1, "通道堵塞", "剧院", "2018-12-20", "未整改", None, None]])
    import_paths(ledger_with_units, [good], now=NOW)
    before = snapshot(ledger_with_units)
    bad = write_xlsx(tmp_path / "b.xlsx", {"台账": [["问题隐患台账"], ["填报单位：郑州市文广新局"], LEDGER_HEADER + ["是否整改到位"],
        [1, "灭火器过期", "图书馆", "2018-12-20", "未整改", None, None, "否"],
        [2, "线路老化", "博物馆", "2018-12-22", "未整改", None, None, "是"],  # two statuses that disagree: ambiguous
    ]})
    [result] = import_paths(ledger_with_units, [bad], now=NOW)
    assert result.outcome == "rejected"
    assert [(e.sheet, e.row, e.column, e.header) for e in result.errors] == [("台账", 5, "H", "是否整改到位")]
    assert "两列整改状态不一致：E列「整改状态」为「未整改」，H列「是否整改到位」为「是」" in result.errors[0].message
    assert snapshot(ledger_with_units) == before


def test_values_that_cannot_be_read_are_kept_in_the_note_and_named(ledger_with_units, tmp_path):
    path = ledger_file(tmp_path / "a.xlsx", [
        [1, "灭火器过期", "图书馆", "2018-12-20", "研究中", None, None],  # a status no one can read
        [2, "线路老化", "博物馆", "2018-13-45", "整改中", None, "已报预算"],  # a date that does not exist
        [3, "通道堵塞", "剧院", "立即整改", "未整改", None, None],  # a deadline without a date
    ])
    [result] = import_paths(ledger_with_units, [path], now=NOW)
    assert (result.outcome, result.rows) == ("imported", 3)
    stored = hazards(ledger_with_units)
    assert (stored["灭火器过期"].status, stored["灭火器过期"].note) == ("open", "整改状态：研究中")
    assert (stored["线路老化"].deadline, stored["线路老化"].note) == (None, "已报预算\n整改时限：2018-13-45")
    assert (stored["通道堵塞"].deadline, stored["通道堵塞"].note) == (None, "整改时限：立即整改")
    notes = "\n".join(result.notes)
    assert "工作表「台账」 E列（整改状态） 第4行：无法识别的整改状态「研究中」" in notes
    assert "工作表「台账」 D列（整改时限） 第5行：日期「2018-13-45」不存在，按空白导入，原文记入备注" in notes
    assert "工作表「台账」 D列（整改时限） 第6行：整改时限没有具体日期，按无时限记录，原文记入备注（如「立即整改」）" in notes


def test_batch_goes_on_past_a_rejected_file(ledger_with_units, tmp_path):
    ledger_file(tmp_path / "in" / "1.xlsx", [[1, "甲", "", "2018-12-20", "未整改", None, None]], unit="郑州市二七区文化局")
    ledger_file(tmp_path / "in" / "2.xlsx", [[1, "乙", "", "2018-12-20", "未整改", None, None]])
    (tmp_path / "in" / "~$2.xlsx").write_bytes(b"lock")
    (tmp_path / "in" / ".DS_Store").write_bytes(b"x")
    (tmp_path / "in" / "Thumbs.db").write_bytes(b"x")
    results = import_paths(ledger_with_units, [tmp_path / "in"], now=NOW)
    assert [(os.path.basename(r.file), r.outcome) for r in results] == [("1.xlsx", "rejected"), ("2.xlsx", "imported")]
    assert "单位「郑州市二七区文化局」不在单位名单中" in results[0].errors[0].message
    assert list(hazards(ledger_with_units)) == ["乙"]


def test_same_bytes_again_are_unchanged(ledger_with_units, tmp_path):
    path = ledger_file(tmp_path / "a.xlsx", [[1, "甲", "", "2018-12-20", "未整改", None, None]])
    assert import_paths(ledger_with_units, [path], now=NOW)[0].outcome == "imported"
    copy = tmp_path / "copy of a.xlsx"
    copy.write_bytes(path.read_bytes())
    assert [r.outcome for r in import_paths(ledger_with_units, [path, copy], now=NOW)] == ["unchanged", "unchanged"]
    with ledger_with_units.reading() as conn:
        assert conn.scalar(select(func.count()).select_from(hazard)) == 1
        assert conn.scalar(select(func.count()).select_from(source_file)) == 2  # unit list + ledger


def test_a_unit_reporting_only_what_is_new_is_told_of_the_rest_in_a_line(ledger_with_units, tmp_path):
    """Hazards on record that a later ledger leaves out are kept, and the note counts them and
    names the first 20 (a unit sending only its new findings leaves thousands out)."""
    first = ledger_file(tmp_path / "v1.xlsx", [
        [i, f"第{i}处隐患：{'消防通道堆放杂物' if i % 2 else '灭火器压力不足'}", f"场所{i}", "2018-12-20", "未整改", None, None]
        for i in range(1, 26)])
    import_paths(ledger_with_units, [first], now=NOW)
    second = ledger_file(tmp_path / "v2.xlsx", [[1, "安全出口上锁，无法打开", "文化馆", "2018-12-25", "未整改", None, None]])
    [result] = import_paths(ledger_with_units, [second], now=datetime(2018, 12, 21, 9))
    [note] = [n for n in result.notes if "本次未列出" in n]
    listed = re.findall(r"H\d{4}", note)
    assert "此前台账中的 25 条本次未列出，仍保留" in note and listed == [f"H{i:04d}" for i in range(1, 21)]
    assert note.endswith("H0020 等（此处列出前 20 条）")


def test_later_ledger_updates_hazards_with_history(ledger_with_units, tmp_path):
    first = ledger_file(tmp_path / "v1.xlsx", [
        [1, "消防通道堆放杂物", "大剧院", "2018-12-20", "未整改", None, None],
        [2, "灭火器压力不足", "图书馆", "2018-12-15", "整改中", None, None],
        [3, "电气线路私拉乱接", "博物馆", "2018-12-18", "未整改", None, None],
    ])
    import_paths(ledger_with_units, [first], now=NOW)
    second = ledger_file(tmp_path / "v2.xlsx", [
        # reordered rows, one reworded, one done, one extended, one new; 电气线路 left out
        [1, "灭火器压力不足", "图书馆", "2018-12-15", "已整改", "2018-12-14", None],
        [2, "消防通道内堆放杂物，未及时清理", "大剧院", "2018-12-28", "整改中", None, "等待搬迁场地"],
        [3, "安全出口上锁", "文化馆", "2018-12-25", "未整改", None, None],
    ])
    [result] = import_paths(ledger_with_units, [second], now=datetime(2018, 12, 21, 9))
    assert result.outcome == "updated"
    assert "新增 1 条，更新 2 条，无变化 0 条" in result.notes[0]
    assert "此前台账中的 1 条本次未列出，仍保留：H0003" in result.notes[1]
    stored = hazards(ledger_with_units)
    assert set(stored) == {"灭火器压力不足", "消防通道内堆放杂物，未及时清理", "电气线路私拉乱接", "安全出口上锁"}
    extinguisher = stored["灭火器压力不足"]
    assert (extinguisher.status, extinguisher.done_on.isoformat()) == ("done", "2018-12-14")
    passage = stored["消防通道内堆放杂物，未及时清理"]
    assert hazard_code(passage.id) == "H0001"  # recognised despite new wording and row number
    assert (passage.deadline.isoformat(), passage.original_deadline.isoformat()) == ("2018-12-28", "2018-12-20")
    with ledger_with_units.reading() as conn:
        entries = history(conn, find_hazard(conn, passage.id))
        kinds = [(e.kind, e.field, e.old, e.new, e.reason) for e in entries]
        assert kinds[0] == ("created", "status", "", "未整改", "")  # registered as the first file said
        assert ("changed", "status", "未整改", "整改中", "") in kinds
        assert ("extended", "deadline", "2018-12-20", "2018-12-28", "等待搬迁场地") in kinds
        files = {e.source_file_id: e for e in entries}
        assert entries[0].source_file_id != entries[1].source_file_id and len(files) == 2
    first_id, second_id = sorted(files)
    # Last seen in: the second file for what it lists, the first still for what it left out.
    assert {d: h.last_file_id for d, h in stored.items()} == {
        "灭火器压力不足": second_id, "消防通道内堆放杂物，未及时清理": second_id, "安全出口上锁": second_id,
        "电气线路私拉乱接": first_id,
    }
    assert (extinguisher.row_no, passage.row_no) == ("1", "2")  # the rows as the later file numbers them


def test_a_moved_row_is_no_change_and_a_verification_survives_a_resend(ledger_with_units, tmp_path):
    from huikan.ledger import hazard_changes

    rows = [[1, "甲", "剧院", "2018-12-20", "已整改", "2018-12-14", None], [2, "乙", "剧院", "2018-12-20", "未整改", None, None]]
    import_paths(ledger_with_units, [ledger_file(tmp_path / "v1.xlsx", rows)], now=NOW)
    with ledger_with_units.writing() as conn:
        hazard_changes.verify(conn, 1, NOW, "clerk", by="钱锋")
    moved = [[5, *rows[1][1:]], [6, *rows[0][1:5], None, None]]  # renumbered; 甲 back to 未整改
    moved[1][4] = "整改中"
    [result] = import_paths(ledger_with_units, [ledger_file(tmp_path / "v2.xlsx", moved)], now=datetime(2018, 12, 21, 9))
    assert "新增 0 条，更新 1 条，无变化 1 条" in result.notes[0]
    stored = hazards(ledger_with_units)
    assert (stored["乙"].row_no, stored["乙"].updated_at) == ("5", NOW)  # renumbered, not changed
    # 复查销号 is the office's decision: the unit's 整改中 does not undo it, and the import says so.
    kept = stored["甲"]
    assert (kept.status, kept.row_no, kept.verified_by) == ("done", "6", "钱锋")
    assert any("H0001 整改状态：单位本次报「整改中」，与办公室的决定「已整改」不同，保留办公室的决定" in n for n in result.notes)
    with ledger_with_units.reading() as conn:
        kinds = [(e.kind, e.field, e.old, e.new) for e in history(conn, find_hazard(conn, "H0001"))]
    assert kinds[-2:] == [("verified", "", "", "钱锋"), ("kept", "status", "已整改", "整改中")]


def test_blank_cells_in_a_later_ledger_keep_earlier_values(ledger_with_units, tmp_path):
    import_paths(ledger_with_units, [ledger_file(tmp_path / "v1.xlsx", [[1, "甲", "剧院", "2018-12-20", "整改中", None, "已报预算"]])], now=NOW)
    import_paths(ledger_with_units, [ledger_file(tmp_path / "v2.xlsx", [[1, "甲", "剧院", None, None, None, None]])], now=NOW)
    h = hazards(ledger_with_units)["甲"]
    assert (h.status, h.deadline.isoformat(), h.note) == ("in_progress", "2018-12-20", "已报预算")


def test_rows_name_units_and_unknown_ones_suggest_the_closest(ledger_with_units, tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", [
        ["单位", "问题隐患描述", "整改状态"],
        ["洛阳旅游委", "甲", "未整改"],
        ["郑州市文化局", "乙", "未整改"],
    ])
    [result] = import_paths(ledger_with_units, [path], now=NOW)
    assert result.outcome == "rejected"
    [problem] = result.errors
    assert (problem.row, problem.column) == (3, "A")
    assert "单位「郑州市文化局」不在单位名单中（名单中同一地方的单位：郑州市文化广电新闻出版局" in problem.message


def test_unit_from_file_name_and_override(ledger_with_units, tmp_path):
    rows = [["问题隐患描述", "整改状态"], ["甲", "未整改"]]
    named = write_xlsx(tmp_path / "鹤壁市旅游局台账.xlsx", rows)
    assert import_paths(ledger_with_units, [named], now=NOW)[0].unit == "鹤壁市旅游局"
    anonymous = write_xlsx(tmp_path / "台账.xlsx", [["问题隐患描述", "整改状态"], ["乙", "未整改"]])
    [result] = import_paths(ledger_with_units, [anonymous], now=NOW)
    assert result.outcome == "rejected" and "可用 --unit 指定" in result.errors[0].message
    [result] = import_paths(ledger_with_units, [anonymous], unit="省图", now=NOW)
    assert (result.outcome, result.unit) == ("imported", "河南省图书馆")


def test_two_importers_claiming_a_sheet_is_an_error(ledger_with_units, tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", [["检查项", "自查情况", "分管负责人", "联系电话"], [1, "已落实", "张三", "1"]])
    [result] = import_paths(ledger_with_units, [path], now=NOW)
    assert "同时像 实施方案及联络人、自查情况" in result.errors[0].message
    [result] = import_paths(ledger_with_units, [path], kind="selfcheck", unit="郑州市文广新局", now=NOW)
    assert result.outcome == "imported"


def test_weekly_stating_its_week_counts_for_it_even_when_late(ledger_with_units, tmp_path):
    header = ["报送日期", "周次", "本周工作开展情况", "本周排查问题数", "累计排查数"]
    path = write_xlsx(tmp_path / "郑州旅游局周报.xlsx", [header, ["2018-12-12", "第2周", "检查", 1, 3]])
    [result] = import_paths(ledger_with_units, [path], received_at=datetime(2018, 12, 14, 9), now=NOW)
    assert "计入 每周工作进展 第2周（12-12 17:00 截止），迟报 1天" in result.notes[0]
    unstated = write_xlsx(tmp_path / "郑州旅游局周报2.xlsx", [header[2:], ["检查", 1, 4]])
    [result] = import_paths(ledger_with_units, [unstated], received_at=datetime(2018, 12, 14, 9), now=NOW)
    assert "第3周（12-19 17:00 截止），按时" in result.notes[0]
    too_late = write_xlsx(tmp_path / "郑州旅游局周报3.xlsx", [header[2:], ["检查", 1, 5]])
    [result] = import_paths(ledger_with_units, [too_late], received_at=datetime(2018, 12, 27, 9), now=NOW)
    assert "已过最后一期截止时间，未计入任何一期" in result.notes[0]
    with ledger_with_units.reading() as conn:
        seqs = conn.scalars(select(due_instance.c.seq).select_from(receipt.outerjoin(due_instance))
                            .order_by(receipt.c.id)).all()
        assert seqs == [2, 3, None]
        assert conn.scalar(select(func.count()).select_from(weekly_report)) == 3


def test_received_at_defaults_to_the_file_time(ledger_with_units, tmp_path):
    path = write_xlsx(tmp_path / "郑州旅游局周报.xlsx", [["本周工作开展情况", "本周排查问题数", "累计排查数"], ["检查", 1, 3]])
    stamp = datetime(2018, 12, 5, 17, 0, 0, tzinfo=ZoneInfo("Asia/Shanghai")).timestamp()  # the campaign's time
    os.utime(path, (stamp, stamp))
    [result] = import_paths(ledger_with_units, [path], now=NOW)
    assert "第1周（12-05 17:00 截止），按时" in result.notes[0]
    with ledger_with_units.reading() as conn:
        assert conn.scalar(select(receipt.c.received_at)) == datetime(2018, 12, 5, 17, 0, 0)


def test_weekly_counts_that_do_not_add_up_are_kept_and_said(ledger_with_units, tmp_path):
    path = write_xlsx(tmp_path / "郑州旅游局周报.xlsx", [["本周工作开展情况", "本周排查问题数", "累计排查数"], ["检查", 5, 3]])
    [result] = import_paths(ledger_with_units, [path], now=NOW)
    assert result.outcome == "imported"
    assert "工作表「Sheet1」 B列（本周排查问题数） 第2行：本周数（5）大于累计数（3），按所填导入" in result.notes


def test_documents_by_name(ledger_with_units, tmp_path):
    doc = tmp_path / "安阳市文广新局专题报告.docx"
    doc.write_bytes(b"PK\x03\x04 not really a document")
    [result] = import_paths(ledger_with_units, [doc], received_at=datetime(2018, 12, 17, 20), now=NOW)
    assert (result.outcome, result.kind, result.unit) == ("imported", "special", "安阳市文化广电新闻出版局")
    nameless = tmp_path / "报告.pdf"
    nameless.write_bytes(b"%PDF-1.4")
    [result] = import_paths(ledger_with_units, [nameless], now=NOW)
    assert [e.message.split("：")[0] for e in result.errors] == ["无法从文件名判断报送事项", "无法从文件名判断报送单位（可用 --unit 指定）"]
    [result] = import_paths(ledger_with_units, [nameless], kind="special", unit="省文物局", now=NOW)
    assert (result.outcome, result.unit) == ("imported", "河南省文物局")


def test_done_date_beside_a_status_not_done_is_kept_in_the_note(ledger_with_units, tmp_path):
    """A hazard that is not done has no done date: the status stands, the date is kept in 备注 and said."""
    path = ledger_file(tmp_path / "a.xlsx", [[1, "甲", "", "2018-12-20", "未整改", "2018-12-10", None]])
    [result] = import_paths(ledger_with_units, [path], now=NOW)
    assert result.outcome == "imported"
    h = hazards(ledger_with_units)["甲"]
    assert (h.status, h.done_on, h.note) == ("open", None, "完成日期：2018-12-10")
    assert any(n.startswith("工作表「台账」 F列（完成日期） 第4行：填写了完成日期，但整改状态为「未整改」") for n in result.notes)


def test_dry_run_stores_nothing(ledger_with_units, tmp_path):
    path = ledger_file(tmp_path / "a.xlsx", [[1, "甲", "", "2018-12-20", "未整改", None, None]])
    before = snapshot(ledger_with_units)
    [result] = import_paths(ledger_with_units, [path], dry_run=True, now=NOW)
    assert result.outcome == "imported" and result.rows == 1
    assert snapshot(ledger_with_units) == before


def test_cli_folder_import_json_and_exit_status(run, tmp_path):
    from .conftest import SAMPLE

    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    ledger_file(tmp_path / "in" / "good.xlsx", [[1, "甲", "", "2018-12-20", "未整改", None, None]])
    write_xlsx(tmp_path / "in" / "bad.xlsx", [["甲", "乙"]])
    result = run("import", str(tmp_path / "in"), "--json")
    assert result.exit_code == 1
    entries = json.loads(result.stdout)
    assert [(os.path.basename(e["file"]), e["outcome"]) for e in entries] == [("bad.xlsx", "rejected"), ("good.xlsx", "imported")]
    assert entries[0]["errors"][0] == {"sheet": None, "row": None, "column": None,
                                      "message": "无法识别文件内容：没有找到可识别的表头（请检查表头名称，或用 --kind 指定类型）"}
    assert entries[1]["unit"] == "郑州市文化广电新闻出版局" and entries[1]["kind"] == "ledger"


@pytest.mark.parametrize("flag", ["--received-at", "--unit"])
def test_cli_bad_option_values_are_clear(run, tmp_path, flag):
    run("init")
    path = ledger_file(tmp_path / "a.xlsx", [[1, "甲", "", "2018-12-20", "未整改", None, None]])
    result = run("import", str(path), flag, "昨天下午")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
