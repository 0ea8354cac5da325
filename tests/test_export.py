"""The leadership rollup, read back as Excel would: values, types, formulas, styles, print settings."""

import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from huikan.cli.demo import stage_inbox
from huikan.cli.export import export_rollup
from huikan.importers.runner import import_paths
from huikan.ledger.tables import hazard
from huikan.reports.rollup import compute_rollup, hazard_rows
from huikan.workbook.rollup import write_rollup

from .conftest import NOW, SAMPLE
from .workbooks import write_xlsx

AS_OF = datetime(2018, 12, 24, 9, 0)
SHEETS = ["总体情况", "报送情况", "每周进展", "分单位统计", "九项检查", "问题隐患台账", "逾期未整改", "重大隐患"]


@pytest.fixture
def sample_ledger(ledger_with_units, tmp_path):
    inbox = stage_inbox(SAMPLE, tmp_path / "demo")
    results = import_paths(ledger_with_units, [inbox], now=NOW)
    assert all(r.outcome in ("imported", "updated") for r in results)
    return ledger_with_units


@pytest.fixture
def workbook(sample_ledger, tmp_path):
    path = export_rollup(sample_ledger, AS_OF, tmp_path / "汇总.xlsx", force=False)
    wb = load_workbook(path)
    wb.path = path
    return wb


def test_sheets_and_titles(workbook):
    assert workbook.sheetnames == SHEETS
    assert workbook["总体情况"]["A1"].value.endswith("“回头看”活动汇总")
    assert workbook["问题隐患台账"]["A2"].value.startswith("截至 2018年12月24日 09:00")


def test_overview_numbers(workbook):
    ws = workbook["总体情况"]
    cells = {ws.cell(r, 1).value: [ws.cell(r, c) for c in range(2, 9)] for r in range(1, ws.max_row + 1)}
    assert cells["统计截至"][0].value == AS_OF and cells["统计截至"][0].number_format == "yyyy-mm-dd hh:mm"
    weekly = cells["每周工作进展"]
    assert [c.value for c in weekly[:6]] == [219, 6, 5, 1, 213, 73]
    assert weekly[6].number_format == "0.0%" and weekly[6].value == pytest.approx(5 / 219)
    assert [c.value for c in cells["问题隐患总数"][:2]] == [20, 6]
    assert cells["整改率"][0].value == pytest.approx(8 / 20) and cells["整改率"][0].number_format == "0.0%"
    assert [c.value for c in cells["暗访"][:2]] == [1, 0]


def test_submission_matrix(workbook):
    ws = workbook["报送情况"]
    header = [c.value for c in ws[3]]
    assert header[0] == "单位" and header[1] == "实施方案及\n联络人\n12-05 17:00" and header[-3:] == ["按时", "迟报", "未报"]
    rows = {ws.cell(r, 1).value: r for r in range(4, ws.max_row + 1)}
    assert ws.cell(4, 1).value == "省辖市（36个）"
    zz = rows["郑州市文化广电新闻出版局"]
    assert [ws.cell(zz, c).value for c in range(2, 9)] == ["✓", "✓", "迟报 12-13", "✓", "未报", "未报", None]
    assert ws.cell(zz, 2).fill.fgColor.rgb[-6:] == "E2EFDA" and ws.cell(zz, 4).fill.fgColor.rgb[-6:] == "FFF2CC"
    assert ws.cell(zz, 6).fill.fgColor.rgb[-6:] == "F8CBAD"
    assert ws.cell(zz, 9).value == f'=COUNTIF(B{zz}:H{zz},"✓")'
    # No cached result written with the formula: LibreOffice and WPS show a cached one as is
    # (a stale 0), an empty one they compute.
    cached = load_workbook(workbook.path, data_only=True)["报送情况"]
    assert cached.cell(zz, 9).value in (None, "")
    last = ws.max_row
    assert ws.cell(last - 2, 1).value == "合计：按时"
    assert ws.cell(last, 2).value == f'=COUNTIF(B4:B{last - 3},"未报")'
    assert ws.print_title_rows == "$3:$3" and ws.freeze_panes == "A4"


def test_per_unit_statistics_with_formulas_and_chart(workbook):
    ws = workbook["分单位统计"]
    assert [c.value for c in ws[3]][:3] == ["单位", "类别", "隐患总数"]
    first, second = ([ws.cell(r, c).value for c in range(1, 10)] for r in (4, 5))
    # worst first: overdue, then the lowest rate, then the most still open
    assert first == ["信阳市旅游局", "省辖市", 3, 1, 1, 1, 1, 0, 1]
    assert second == ["开封市文化广电新闻出版局", "省辖市", 3, 1, 2, 0, 1, 0, 1]
    assert ws.cell(4, 10).value == '=IF(C4=0,"",G4/C4)' and ws.cell(4, 10).number_format == "0.0%"
    total = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == "合计")
    assert ws.cell(total, 3).value == f"=SUM(C4:C{total - 1})"
    assert len(ws._charts) == 1


def test_nine_items(workbook):
    ws = workbook["九项检查"]
    rows = [[ws.cell(r, c).value for c in range(1, 8)] for r in range(4, 13)]
    assert rows[2] == [3, "彩钢板房专项整治", 2, 2, 1, 2, 2]  # 郑州 and 河南博物院 (无 is 0)
    assert ws.cell(13, 2).value == "合计" and ws.cell(13, 4).value == "=SUM(D4:D12)"


def test_hazard_ledger_types_and_print(workbook):
    """问题隐患台账 is the full table, for filtering: every field, printed on A3."""
    ws = workbook["问题隐患台账"]
    header = [c.value for c in ws[3]]
    assert header[:3] == ["编号", "单位", "问题隐患描述"] and "原整改\n时限" in header and "五落实" in header
    assert "整改资金\n（万元）" in header and "逾期天数" in header  # broken between words, if at all
    row = {h.replace("\n", ""): ws.cell(4, i + 1) for i, h in enumerate(header)}
    assert row["编号"].value == "H0001"
    assert isinstance(row["整改时限"].value, datetime) and row["整改时限"].number_format == "yyyy-mm-dd"
    assert row["逾期天数"].value == 12 and row["逾期天数"].data_type == "n"
    assert row["整改资金（万元）"].value == 0.8 and row["整改资金（万元）"].number_format == "#,##0.00"
    assert ws.auto_filter.ref == f"A3:V{ws.max_row}"
    assert ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 8  # A3
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0  # absent is 1 (OOXML's default)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert "供筛选" in ws["A2"].value
    # 20 characters as Excel shows them (stored, as Excel stores it, with its 5-pixel padding)
    assert ws.column_dimensions["C"].width == pytest.approx(20.71, abs=0.01)
    # Detail rows are streamed as plain values: the body font is the workbook's default, and
    # borders and the overdue fill come from conditional formats over the whole table.
    assert row["单位"].font.sz == 10 and row["单位"].font.name == "宋体"
    assert row["问题隐患描述"].alignment.wrap_text  # wrapping text keeps its style
    rules = {cf.sqref: [r for r in cf.rules] for cf in ws.conditional_formatting}
    [(ref, table_rules)] = rules.items()
    assert str(ref) == f"A4:V{ws.max_row}"
    assert {r.formula[0] for r in table_rules} == {"TRUE", '$T4<>""'}
    border = next(r for r in table_rules if r.formula[0] == "TRUE").dxf.border
    assert border.left.style == border.bottom.style == "thin"
    fill = next(r for r in table_rules if r.formula[0] == '$T4<>""').dxf.fill
    assert fill.fgColor.rgb.endswith("F8CBAD") or fill.bgColor.rgb.endswith("F8CBAD")
    overdue = workbook["逾期未整改"]
    assert [overdue.cell(r, 1).value for r in range(4, overdue.max_row + 1)] == ["H0001", "H0010", "H0015"]
    major = workbook["重大隐患"]
    assert {major.cell(r, 1).value for r in range(4, major.max_row + 1)} == {"H0002", "H0005", "H0007", "H0010", "H0013", "H0018"}


def test_leadership_lists_are_a4_print_views(workbook):
    """逾期未整改 and 重大隐患 are print views: the columns a leader reads, on A4 landscape."""
    overdue, major = workbook["逾期未整改"], workbook["重大隐患"]
    assert [c.value for c in overdue[3]] == ["编号", "单位", "问题隐患描述", "场所名称", "重大\n隐患", "整改措施", "责任人",
                                             "整改时限", "整改\n状态", "逾期\n天数", "备注"]
    assert [c.value for c in major[3]] == ["编号", "单位", "问题隐患描述", "场所名称", "整改措施", "责任人", "整改时限",
                                           "整改\n状态", "逾期\n天数", "五落实", "备注"]
    for ws in (overdue, major):
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
        assert ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
    h10 = next(r for r in range(4, overdue.max_row + 1) if overdue.cell(r, 1).value == "H0010")
    assert [overdue.cell(h10, c).value for c in (5, 7, 10)] == ["是", "周敏", 12]
    assert isinstance(overdue.cell(h10, 8).value, datetime) and overdue.cell(h10, 8).number_format == "yyyy-mm-dd"
    # A list we join ourselves breaks after its 、, never before one.
    h05 = next(r for r in range(4, major.max_row + 1) if major.cell(r, 1).value == "H0005")
    assert major.cell(h05, 10).value == "缺措施、\n责任、\n资金、预案"


def test_text_that_looks_like_a_formula_stays_text(ledger_with_units, tmp_path):
    hostile = write_xlsx(tmp_path / "郑州市旅游局台账.xlsx", [
        ["问题隐患描述", "整改措施", "整改状态", "备注"],
        ['=HYPERLINK("http://x","点我")', "+1 更换", "未整改", "@SUM(A1)"],
        ["-2 条通道堵塞", "\tTAB开头", "未整改", "备注"],
    ])
    wb = load_workbook(hostile)
    wb.active["A2"].data_type = "s"  # typed as text in the unit's file, not a formula
    wb.save(hostile)
    assert import_paths(ledger_with_units, [hostile], now=NOW)[0].outcome == "imported"
    with ledger_with_units.writing() as conn:  # a control character that reached the ledger another way
        conn.execute(update(hazard).where(hazard.c.id == 2).values(note="控制\x07字符"))
    path = export_rollup(ledger_with_units, AS_OF, tmp_path / "x.xlsx", force=False)
    ws = load_workbook(path)["问题隐患台账"]
    cells = [ws.cell(r, c) for r in (4, 5) for c in (3, 11, 22)]
    assert [c.value for c in cells] == ['=HYPERLINK("http://x","点我")', "+1 更换", "@SUM(A1)", "-2 条通道堵塞", "TAB开头", "控制字符"]
    assert all(c.data_type == "s" for c in cells)
    assert ws.cell(4, 3).quotePrefix


def test_a_ledger_past_the_row_limit_continues_on_a_new_sheet(sample_ledger, tmp_path):
    with sample_ledger.reading() as conn:
        rollup = compute_rollup(conn, AS_OF)
        path = write_rollup(rollup, lambda **kw: hazard_rows(conn, AS_OF.date(), **kw), tmp_path / "split.xlsx", max_rows=8)
    wb = load_workbook(path)
    assert "问题隐患台账（2）" in wb.sheetnames and "问题隐患台账（3）" in wb.sheetnames
    first, second = wb["问题隐患台账"], wb["问题隐患台账（2）"]
    assert first.max_row == 8 and [c.value for c in second[3]] == [c.value for c in first[3]]
    assert second["A1"].value.endswith("（续1）") and second["A4"].value == "H0006"
    codes = [ws.cell(r, 1).value for name in wb.sheetnames if name.startswith("问题隐患台账") for ws in [wb[name]]
             for r in range(4, ws.max_row + 1)]
    assert codes == [f"H{i:04d}" for i in range(1, 21)]


def test_cli_export_default_name_and_no_overwrite(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    result = run("export", "--as-of", "2018-12-20")
    assert result.exit_code == 0 and "回头看汇总_2018-12-20.xlsx" in result.stdout
    assert (tmp_path / "回头看汇总_2018-12-20.xlsx").exists()
    again = run("export", "--as-of", "2018-12-20")
    assert again.exit_code == 1 and "--force" in again.stderr
    assert run("export", "--as-of", "2018-12-20", "--force").exit_code == 0


def test_demo_runs_the_real_commands_from_any_folder(tmp_path, monkeypatch):
    """The demo's data ships in the package; the demo runs the commands the clerk would type and
    leaves a ledger and a workbook in --dir."""
    from click.testing import CliRunner

    import huikan
    from huikan.cli import cli
    from huikan.cli.demo import sample_data_dir

    assert sample_data_dir().is_relative_to(Path(huikan.__file__).parent)
    monkeypatch.chdir(tmp_path)  # not the repository
    result = CliRunner().invoke(cli, ["demo", "--dir", "演示"])
    assert result.exit_code == 0, result.output
    for command in ("huikan init", "huikan import", "huikan units", 'huikan overdue --as-of "2018-12-24 09:00"',
                    'huikan hazards --as-of "2018-12-24 09:00"', 'huikan status --as-of "2018-12-24 09:00"',
                    'huikan export --as-of "2018-12-24 09:00"', 'huikan bulletin --as-of "2018-12-24 09:00"'):
        assert command in result.output
    assert "共 19 个文件：导入 18，更新 1，未变化 0，拒收 0" in result.output
    folder = tmp_path / "演示"
    assert (folder / "回头看汇总_2018-12-24.xlsx").exists() and (folder / "huikan.db").exists()
    assert (folder / "回头看通报_2018-12-24.docx").exists()
    assert "驻马店市文广新局报送材料.zip/驻马店市文广新局报送材料/驻马店市文广新局问题隐患台账.xlsx" in result.output  # GBK names
    hazards = CliRunner().invoke(cli, ["--db", str(folder / "huikan.db"), "hazards", "--json"])
    assert len(json.loads(hazards.output)) == 20
    assert "问题隐患台账" in load_workbook(folder / "回头看汇总_2018-12-24.xlsx", read_only=True).sheetnames


def test_tab_and_cr_starts_are_written_as_text(run, tmp_path):
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    path = write_xlsx(tmp_path / "郑州市旅游局台账.xlsx", [["问题隐患描述", "整改状态"], ["通道堵塞", "未整改"]])
    run("import", str(path))
    assert run("hazard", "set", "H0001", "--note", "\t=cmd|' /C calc'!A0").exit_code == 0
    assert run("hazard", "set", "H0001", "--responsible", "\r+张三").exit_code == 0
    out = tmp_path / "x.xlsx"
    assert run("export", "-o", str(out)).exit_code == 0
    ws = load_workbook(out)["问题隐患台账"]
    header = [c.value for c in ws[3]]
    note, responsible = ws.cell(4, header.index("备注") + 1), ws.cell(4, header.index("责任人") + 1)
    assert (note.data_type, responsible.data_type) == ("s", "s")
    assert note.value.endswith("=cmd|' /C calc'!A0") and responsible.value.endswith("+张三")
