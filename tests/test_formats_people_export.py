"""Formats people export, sheets people hide, columns people repeat: UTF-16 text (Excel's
"Unicode 文本" and systems' CSV), NUL bytes wherever they are, hidden sheets named, and two
columns claiming one field that disagree refused naming both."""

from __future__ import annotations

import json
import zipfile

import pytest
from openpyxl import Workbook

from .conftest import SAMPLE
from .workbooks import write_xlsx

ROWS = [["序号", "问题隐患描述", "整改措施", "整改时限", "整改状态"],
        ["1", "消防通道堆放杂物", "清理通道", "2018-12-30", "整改中"],
        ["2", "灭火器过期", "更换灭火器", "2018-12-20", "已整改"]]


@pytest.fixture
def clerk(run):
    assert run("init").exit_code == 0
    assert run("import", str(SAMPLE / "单位名单.xlsx")).exit_code == 0
    return run


def imported(run, path) -> dict:
    result = run("import", str(path), "--json", "--received-at", "2018-12-14 10:00")
    [entry] = json.loads(result.stdout)
    return entry


def descriptions(run) -> dict[str, dict]:
    return {h["description"]: h for h in json.loads(run("hazards", "--unit", "郑州市旅游局", "--json").stdout)}


def as_text(rows, separator: str) -> str:
    return "\r\n".join(separator.join(row) for row in rows) + "\r\n"


@pytest.mark.parametrize(("name", "encoding", "separator"), [
    ("郑州市旅游局台账.txt", "utf-16", "\t"),  # Excel's "Unicode 文本": UTF-16 LE with BOM, tabs
    ("郑州市旅游局台账.csv", "utf-16", ","),  # BOM, little-endian
    ("郑州市旅游局台账.csv", "utf-16-be", ","),  # no BOM, big-endian: told by the zero bytes
    ("郑州市旅游局台账.txt", "utf-16-le", "\t"),  # no BOM, little-endian
], ids=["excel-unicode-text", "utf16-bom", "utf16-be-no-bom", "utf16-le-no-bom"])
def test_utf16_text_is_read(clerk, tmp_path, name, encoding, separator):
    data = as_text(ROWS, separator).encode(encoding)
    if encoding == "utf-16-be":
        data = "\ufeff".encode("utf-16-be") + data  # the BE BOM, as a few exporters write it
    (tmp_path / name).write_bytes(data)
    entry = imported(clerk, tmp_path / name)
    assert entry["outcome"] == "imported", entry
    found = descriptions(clerk)
    assert found["消防通道堆放杂物"]["status"] == "in_progress" and found["灭火器过期"]["status"] == "done"
    assert found["消防通道堆放杂物"]["deadline"] == "2018-12-30"


@pytest.mark.parametrize("where", ["start", "middle"])
def test_nul_bytes_are_dropped_and_said_wherever_they_are(clerk, tmp_path, where):
    """A NUL in the first 4 KB (which once made the file "damaged") or far after it: the same."""
    filler = [[str(i + 3), f"第{i}处疏散指示灯不亮", "更换", "2018-12-30", "整改中"] for i in range(200)]
    text = as_text(ROWS + filler, ",")
    at = text.index("消防") if where == "start" else len(text) - 40
    assert (at < 4096) == (where == "start")
    data = (text[:at] + "\x00" + text[at:]).encode("utf-8")
    path = tmp_path / "郑州市旅游局台账.csv"
    path.write_bytes(data)
    entry = imported(clerk, path)
    assert entry["outcome"] == "imported" and entry["rows"] == 202
    assert "文件中有 1 个空字符（NUL），已忽略" in entry["notes"]
    assert "消防通道堆放杂物" in descriptions(clerk)


def test_binary_junk_is_still_refused(clerk, tmp_path):
    path = tmp_path / "郑州市旅游局台账.csv"
    path.write_bytes(bytes(range(256)) * 40)
    entry = imported(clerk, path)
    assert entry["outcome"] == "rejected"
    assert "文件已损坏" in entry["errors"][0]["message"]


def hidden_workbook(path, *, visible: bool):
    book = Workbook()
    front = book.active
    front.title = "说明"
    front.append(["本表由郑州市旅游局填报"] if visible else [])
    ledger = book.create_sheet("台账")
    for row in ROWS:
        ledger.append(row)
    ledger.sheet_state = "hidden"
    scratch = book.create_sheet("下拉选项")
    scratch.append(["已整改", "整改中", "未整改"])
    scratch.sheet_state = "veryHidden"
    book.save(path)
    if not visible:  # openpyxl will not write it; Excel writes it when a macro hides the last sheet
        with zipfile.ZipFile(path) as z:
            parts = {name: z.read(name) for name in z.namelist()}
        front_xml = 'name="说明" sheetId="1" state="visible"'.encode()
        assert front_xml in parts["xl/workbook.xml"]
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(front_xml, front_xml.replace(b"visible", b"hidden"))
        with zipfile.ZipFile(path, "w") as z:
            for name, data in parts.items():
                z.writestr(name, data)
    return path


def test_a_table_only_on_a_hidden_sheet_is_named_in_the_refusal(clerk, tmp_path):
    path = hidden_workbook(tmp_path / "郑州市旅游局台账.xlsx", visible=True)
    entry = imported(clerk, path)
    assert entry["outcome"] == "rejected"
    message = entry["errors"][0]["message"]
    assert message.startswith("无法识别文件内容：没有找到可识别的表头")
    assert message.endswith("。隐藏的工作表「台账」、「下拉选项」未读取：如表格在其中，请在 Excel/WPS 中取消隐藏后重新保存")


def test_a_workbook_of_hidden_sheets_only_says_so(clerk, tmp_path):
    path = hidden_workbook(tmp_path / "郑州市旅游局台账.xlsx", visible=False)
    entry = imported(clerk, path)
    assert entry["outcome"] == "rejected"
    assert "隐藏的工作表「说明」、「台账」、「下拉选项」未读取（文件中没有可见的工作表）" in entry["errors"][0]["message"]


def test_a_hidden_sheet_beside_a_read_one_is_named_in_the_notes(clerk, tmp_path):
    path = write_xlsx(tmp_path / "郑州市旅游局台账.xlsx", {"台账": ROWS, "上周台账": ROWS[:2]})
    from openpyxl import load_workbook

    book = load_workbook(path)
    book["上周台账"].sheet_state = "hidden"
    book.save(path)
    entry = imported(clerk, path)
    assert entry["outcome"] == "imported" and entry["rows"] == 2
    assert "隐藏的工作表「上周台账」未读取（如需导入，请在 Excel/WPS 中取消隐藏后重新保存）" in entry["notes"]


def test_two_status_columns_that_disagree_are_refused_naming_both(clerk, tmp_path):
    header = ["序号", "问题隐患描述", "整改状态", *[f"说明{i}" for i in range(10)], "整改状态"]
    path = write_xlsx(tmp_path / "郑州市旅游局台账.xlsx", [
        header,
        ["1", "消防通道堆放杂物", "已整改", *[""] * 10, "整改中"],
        ["2", "灭火器过期", "", *[""] * 10, "已整改"],  # one blank: the other fills it
    ])
    entry = imported(clerk, path)
    assert (entry["outcome"], entry["unit"]) == ("rejected", "郑州市旅游局")  # whose file it is: the clerk calls them
    [error] = entry["errors"]
    assert error["message"] == "两列整改状态不一致：C列「整改状态」为「已整改」，N列「整改状态」为「整改中」，请报送单位确认"
    assert (error["row"], error["column"]) == (2, "N")


def test_two_deadline_columns_that_disagree_are_refused(clerk, tmp_path):
    path = write_xlsx(tmp_path / "郑州市旅游局台账.xlsx", [
        ["问题隐患描述", "整改时限", "整改期限"], ["消防通道堆放杂物", "2018-12-30", "2019-01-15"]])
    entry = imported(clerk, path)
    assert entry["outcome"] == "rejected"
    assert entry["errors"][0]["message"].startswith("两列整改时限不一致：B列「整改时限」为「2018-12-30」，C列「整改期限」为")


def test_repeated_columns_that_agree_fill_blanks_and_differing_text_is_kept(clerk, tmp_path):
    path = write_xlsx(tmp_path / "郑州市旅游局台账.xlsx", [
        ["问题隐患描述", "整改状态", "整改时限", "问题隐患描述", "整改状态"],
        ["消防通道堆放杂物", "", "2018-12-30", "消防通道堆放杂物，占用宽度约一米", "整改中"],
        ["灭火器过期", "已整改", "2018-12-20", "灭火器过期", "已整改"],
    ])
    entry = imported(clerk, path)
    assert entry["outcome"] == "imported", entry
    found = descriptions(clerk)
    assert found["消防通道堆放杂物"]["status"] == "in_progress"  # from the second column
    assert found["消防通道堆放杂物"]["note"] == "问题隐患描述：消防通道堆放杂物，占用宽度约一米"
    assert found["灭火器过期"]["note"] == ""
    assert any("D列（问题隐患描述） 第2行：与A列「问题隐患描述」内容不同，记入备注" in n for n in entry["notes"])
    assert not any("未识别的列" in n for n in entry["notes"])  # the repeats were read, not ignored


def test_two_columns_of_a_descriptive_field_that_disagree_are_kept_not_refused(clerk, tmp_path):
    """发现日期 twice with different dates: it decides nothing (done, overdue, major), so the
    first holds, the second is kept in 备注 and said; a blank first cell takes the second's."""
    path = write_xlsx(tmp_path / "郑州市旅游局台账.xlsx", [
        ["问题隐患描述", "发现日期", "整改状态", "检查日期"],
        ["消防通道堆放杂物", "2018-12-05", "整改中", "2018-12-07"],
        ["灭火器过期", "", "整改中", "2018-12-08"],
    ])
    entry = imported(clerk, path)
    assert entry["outcome"] == "imported", entry
    found = descriptions(clerk)
    assert found["消防通道堆放杂物"]["found_on"] == "2018-12-05"
    assert found["消防通道堆放杂物"]["note"] == "检查日期：2018-12-07"
    assert found["灭火器过期"]["found_on"] == "2018-12-08"
    assert any("D列（检查日期） 第2行：与B列「发现日期」内容不同，记入备注" in n for n in entry["notes"]), entry["notes"]
    assert any("D列（检查日期） 第3行：B列「发现日期」空白，取此列的值" in n for n in entry["notes"]), entry["notes"]
