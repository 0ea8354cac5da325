"""Templates: what units get to fill in; a filled template must import cleanly."""

from datetime import date

import pytest
from openpyxl import load_workbook

from huikan.importers.runner import import_paths
from huikan.workbook.templates import TEMPLATE_KINDS, build_template

from .conftest import NOW


def header_row(ws) -> int:
    return next(r for r in range(1, 8) if ws.cell(r, 1).fill.fgColor.rgb[-6:] == "D9E1F2")


def fill(ws, unit: str | None, rows: list[list]) -> None:
    h = header_row(ws)
    if unit:
        assert ws.cell(h - 1, 1).value == "填报单位："
        ws.cell(h - 1, 2, unit)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None:
                ws.cell(h + 1 + i, j + 1, value)


def saved(kind, spec, tmp_path):
    path = tmp_path / f"{kind}.xlsx"
    build_template(kind, spec, path).save()
    return load_workbook(path)


def test_template_layout(spec, tmp_path):
    wb = saved("ledger", spec, tmp_path)
    ws = wb["突出问题和重大隐患台账"]
    assert ws["A1"].value == "回头看突出问题和重大隐患台账"
    assert "12月14日前报送" in ws["A2"].value
    h = header_row(ws)
    headers = [c.value for c in ws[h]]
    assert headers[:3] == ["序号", "问题隐患描述（必填）", "场所名称"]
    assert ws.freeze_panes == f"A{h + 1}"
    lists = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["N"] == '"未整改,整改中,已整改"'
    assert lists["H"] == '"自查,督查,暗访"'
    assert lists["F"] == '"一般隐患,重大隐患"'
    assert lists["E"].startswith('"1.传达学习贯彻,2.省委省政府措施落实,3.彩钢板房专项整治')
    assert ws.cell(h + 1, 7).number_format == "yyyy-mm-dd"  # 发现日期
    assert ws.print_title_rows == f"${h}:${h}"
    assert ws.page_setup.orientation == "landscape"
    assert "填表说明" in wb.sheetnames


def test_weekly_template_lists_the_weeks(spec, tmp_path):
    ws = saved("weekly", spec, tmp_path).worksheets[0]
    [weeks] = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert weeks == '"第1周,第2周,第3周,第4周"'
    assert "每周三17时前报送" in ws["A2"].value


FILLED = {
    "units": (None, {0: [[1, "河南省杂技集团", "厅直单位", "省杂技集团", "王五", "副团长", "13800000000"]]}),
    "plan": ("郑州市文广新局", {0: [[None, "李建国", "副局长", "13837100001"], [None, "王晓燕", "科长", "13837100002"]]}),
    "weekly": ("洛阳旅游委", {0: [[date(2018, 12, 12), "第2周", "检查景区", 3, 1, 7, 3, "继续检查"]]}),
    "selfcheck": ("开封市文广新局", {0: [[None, "已传达学习", 0, 0], [None, "已落实", 1, 1]],
                                    1: [[1, "疏散通道堵塞", "开封博物馆", "博物馆", "3.彩钢板房专项整治", "重大隐患",
                                         date(2018, 12, 6), "自查", "清理", "王磊", 2.5, "专人值守", date(2018, 12, 20), "整改中"]]}),
    "ledger": ("鹤壁市旅游局", {0: [[1, "景区消防栓无水", "云梦山景区", "A级景区", "4.隐患排查治理", "一般隐患",
                                  date(2018, 12, 8), "督查", "维修", "赵六", None, None, date(2018, 12, 15), "已整改", date(2018, 12, 10)]]}),
}


@pytest.mark.parametrize("kind", TEMPLATE_KINDS)
def test_filled_template_imports_cleanly(ledger_with_units, tmp_path, spec, kind):
    path = tmp_path / f"{kind}.xlsx"
    build_template(kind, spec, path).save()
    wb = load_workbook(path)
    unit, sheets = FILLED[kind]
    for index, rows in sheets.items():
        fill(wb.worksheets[index], unit, rows)
    wb.save(path)
    [result] = import_paths(ledger_with_units, [path], now=NOW)
    assert result.outcome in ("imported", "updated"), result.errors
    expected_kind = {"selfcheck": "selfcheck+ledger"}.get(kind, kind)
    assert result.kind == expected_kind
    assert result.rows == sum(len(rows) for rows in sheets.values())


@pytest.mark.parametrize("kind", TEMPLATE_KINDS)
def test_blank_template_is_rejected_as_empty(ledger_with_units, tmp_path, spec, kind):
    path = tmp_path / f"{kind}.xlsx"
    build_template(kind, spec, path).save()
    [result] = import_paths(ledger_with_units, [path], kind=kind, unit="郑州市文广新局", now=NOW)
    assert result.outcome == "rejected"
    assert "没有" in result.errors[0].message


def test_cli_template_all_and_no_overwrite(run, tmp_path):
    out = tmp_path / "模板"
    result = run("template", "all", "-o", str(out))
    assert result.exit_code == 0
    assert len(list(out.glob("*.xlsx"))) == 5
    again = run("template", "all", "-o", str(out))
    assert again.exit_code == 1 and "--force" in again.stderr
    assert run("template", "all", "-o", str(out), "--force").exit_code == 0
    single = run("template", "weekly", "-o", str(tmp_path / "周报.xlsx"))
    assert single.exit_code == 0 and (tmp_path / "周报.xlsx").exists()
