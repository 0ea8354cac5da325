import json

from sqlalchemy import func, select

from huikan.importers.runner import import_paths
from huikan.ledger.tables import source_file, unit
from huikan.ledger.units import unit_entries

from .conftest import NOW, SAMPLE
from .workbooks import write_csv, write_xlsx

HEADER = ["序号", "单位名称", "类别", "简称"]


def count(ledger, table):
    with ledger.reading() as conn:
        return conn.scalar(select(func.count()).select_from(table))


def units_by_name(ledger):
    with ledger.reading() as conn:
        return {u.name: (u.category, list(u.aliases), u.contacts.get("lead"), u.contacts.get("liaison"))
                for u in unit_entries(conn)}


def test_sample_unit_list(ledger_with_units):
    units = units_by_name(ledger_with_units)
    assert len(units) == 73
    category, aliases, lead, liaison = units["郑州市文化广电新闻出版局"]
    assert category == "city"
    assert aliases == ["郑州市文广新局", "郑州文广新局"]
    assert (lead.name, lead.title, lead.phone) == ("李建国", "副局长", "13837100001")
    assert (liaison.name, liaison.phone) == ("王晓燕", "13837100002")
    assert units["河南省文物局"][0] == "provincial"
    assert units["滑县文化市场综合执法大队"][0] == "enforcement"
    assert units["市场管理处"][1] == ["厅市场管理处", "市场处"]
    assert units["河南博物院"][3].phone == "0371-63511237"
    assert not any(name.startswith(("注", "填表人")) for name in units)  # footer rows are not units
    cities = [n for n, u in units.items() if u[0] == "city"]
    counties = [n for n, u in units.items() if u[0] == "county"]
    assert len(cities) == 36 and len(counties) == 20


def test_same_file_again_is_unchanged(ledger_with_units):
    [result] = import_paths(ledger_with_units, [SAMPLE / "单位名单.xlsx"], now=NOW)
    assert result.outcome == "unchanged"
    assert count(ledger_with_units, unit) == 73
    assert count(ledger_with_units, source_file) == 1


def test_updated_list_updates_without_duplicating(ledger_with_units, tmp_path):
    path = write_xlsx(
        tmp_path / "单位名单（修订）.xlsx",
        [
            ["“回头看”责任单位名单（修订）"],
            HEADER + ["专职联络员", "联系电话"],
            [1, "郑州市文广新局", "省辖市", "郑州文化局", "周红", 13800000001.0],  # named by alias; new alias
            [2, "河南省杂技集团", "厅直单位", "省杂技集团", None, None],  # a new unit
            [3, "省文物局", "厅直单位", None, None, None],  # category corrected
        ],
    )
    [result] = import_paths(ledger_with_units, [path], now=NOW)
    assert result.outcome == "imported", result.errors
    assert result.notes[0] == "新增 1 个单位，更新 2 个单位"
    assert result.notes[1].startswith("新增单位自 ") and "起纳入" in result.notes[1]  # a later list: the time matters
    units = units_by_name(ledger_with_units)
    assert len(units) == 74
    assert units["郑州市文化广电新闻出版局"][1] == ["郑州市文广新局", "郑州文广新局", "郑州文化局"]
    assert units["郑州市文化广电新闻出版局"][3].phone == "13800000001"  # not 13800000001.0
    assert units["郑州市文化广电新闻出版局"][3].name == "周红"
    assert units["河南省文物局"][0] == "affiliated"
    assert units["河南省杂技集团"][0] == "affiliated"


def test_a_list_in_the_offices_own_words_is_accepted_and_said(ledger, tmp_path):
    """Categories kept as written and grouped by their wording; a word that fits none is its own
    group; rows that are not units are skipped; a unit listed twice is one unit; all said in the notes."""
    path = write_xlsx(
        tmp_path / "名单.xlsx",
        {
            "名单": [
                ["填报单位：综合协调处"],
                HEADER,
                [1, "郑州市文化广电新闻出版局", "省辖市文化部门", "郑州文广新局"],
                [2, "开封市旅游局", "市级文化行政部门", None],
                [3, None, "省辖市", None],
                [4, "郑州市文广新局", "省辖市", "郑州市文化局"],
                [5, "河南省图书馆", "厅属单位", "省图书馆/省图"],
                [6, "省非遗保护中心", "其他单位", None],
            ]
        },
    )
    [result] = import_paths(ledger, [path], now=NOW)
    assert (result.outcome, result.rows) == ("imported", 4), result.errors
    notes = "\n".join(result.notes)
    assert "第6行：与第3行的「郑州市文化广电新闻出版局」是同一单位，合并为一行" in notes
    assert "类别「其他单位」不属于本活动的单位类别" in notes and "作为单独一组" in notes
    units = units_by_name(ledger)
    assert set(units) == {"郑州市文化广电新闻出版局", "开封市旅游局", "河南省图书馆", "省非遗保护中心"}
    assert units["郑州市文化广电新闻出版局"][0] == "city" and units["开封市旅游局"][0] == "city"
    assert units["郑州市文化广电新闻出版局"][1] == ["郑州文广新局", "郑州市文化局"]
    assert units["河南省图书馆"][:2] == ("affiliated", ["省图书馆", "省图"])
    assert units["省非遗保护中心"][0] == "其他单位"
    with ledger.reading() as conn:
        labels = {u.name: u.category_label for u in unit_entries(conn)}
    assert labels["开封市旅游局"] == "市级文化行政部门" and labels["河南省图书馆"] == "厅属单位"


def test_a_list_without_any_unit_is_refused(ledger, tmp_path):
    path = write_xlsx(tmp_path / "名单.xlsx", {"名单": [HEADER, [1, None, "省辖市", None]]})
    [result] = import_paths(ledger, [path], now=NOW)
    assert result.outcome == "rejected" and result.errors[0].message == "单位名单中没有任何单位"
    assert count(ledger, unit) == 0 and count(ledger, source_file) == 0  # nothing half-stored


def test_gbk_csv_unit_list(ledger, tmp_path):
    rows = [HEADER, [1, "郑州市文化广电新闻出版局", "省辖市", "郑州文广新局；郑州市文广新局"], [2, "鹤壁市旅游局", "省辖市", ""]]
    path = write_csv(tmp_path / "units.csv", rows, encoding="gbk")
    [result] = import_paths(ledger, [path], now=NOW)
    assert result.outcome == "imported", result.errors
    assert units_by_name(ledger)["郑州市文化广电新闻出版局"][1] == ["郑州文广新局", "郑州市文广新局"]


def test_utf8_bom_csv_with_kind(ledger, tmp_path):
    path = write_csv(tmp_path / "units.csv", [HEADER, [1, "鹤壁市旅游局", "省辖市", "鹤壁旅游局"]], encoding="utf-8-sig")
    [result] = import_paths(ledger, [path], kind="units", now=NOW)
    assert result.outcome == "imported" and result.rows == 1


def test_unrecognised_file(ledger, tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", [["甲", "乙"], [1, 2]])
    [result] = import_paths(ledger, [path], now=NOW)
    assert result.outcome == "rejected"
    assert "没有找到可识别的表头" in result.errors[0].message
    [result] = import_paths(ledger, [path], kind="units", now=NOW)
    assert result.errors[0].message == "没有找到单位名单表格（表头须包含：单位名称、类别）"


def test_cli_import_and_units_json(run):
    assert run("init").exit_code == 0
    result = run("import", str(SAMPLE / "单位名单.xlsx"), "--json")
    assert result.exit_code == 0, result.output
    [entry] = json.loads(result.stdout)
    assert set(entry) >= {"file", "kind", "unit", "outcome", "rows", "errors"}
    assert (entry["kind"], entry["outcome"], entry["rows"], entry["errors"]) == ("units", "imported", 73, [])

    units = json.loads(run("units", "--json").stdout)
    assert len(units) == 73
    assert set(units[0]) >= {"name", "category", "aliases", "lead", "liaison"}
    assert units[0]["lead"] == {"name": "李建国", "title": "副局长", "phone": "13837100001", "mobile": ""}
    assert units[0]["category"] == "省辖市" and units[0]["category_key"] == "city"
    assert units[1]["lead"] is None
    table = run("units").stdout
    assert "郑州市旅游局" in table and "共 73 个单位" in table


def test_cli_rejected_file_exits_1_with_location(run, tmp_path):
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    path = write_xlsx(tmp_path / "郑州旅游局台账.xlsx", {"台账": [
        ["问题隐患描述", "整改状态", "是否整改到位"], ["通道堵塞", "已整改", "否"]]})
    result = run("import", str(path))
    assert result.exit_code == 1
    assert "工作表「台账」 第2行 C列（是否整改到位）：两列整改状态不一致" in result.stderr
    assert "拒收" in result.stdout


def test_cli_dry_run_stores_nothing(run):
    run("init")
    result = run("import", str(SAMPLE / "单位名单.xlsx"), "--dry-run")
    assert result.exit_code == 0
    assert "试导入" in result.stdout
    units = json.loads(run("units", "--json").stdout)
    assert units == []
