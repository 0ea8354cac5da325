"""The table locator on tables as people make them (SPEC.md, "Files as they really arrive")."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from huikan.reading.files import Sheet
from huikan.recognise.form import locate_form
from huikan.recognise.table import locate_table
from huikan.recognise.vocabulary import SYNONYMS, field_for

LEDGER_FIELDS = {"unit", "row_no", "description", "venue", "deadline", "status", "level", "responsible", "measures", "note"}
REQUIRED = ("description", ("deadline", "status"))


def sheet(rows, merged=()):
    width = max(len(r) for r in rows)
    return Sheet("台账", [list(r) + [""] * (width - len(r)) for r in rows], list(merged))


def test_header_below_title_and_meta_lines():
    s = sheet([
        ["郑州市文广新局问题隐患台账"],
        ["填报单位：郑州市文广新局", "", "", "填报日期：2018年12月14日"],
        [""],
        ["序号", "问题隐患描述", "整改时限", "整改状态"],
        [1, "通道堵塞", "2018-12-20", "未整改"],
    ])
    t = locate_table(s, LEDGER_FIELDS, REQUIRED)
    assert t.header_rows == (4, 4)
    assert t.meta == {"unit": "郑州市文广新局", "date": "2018年12月14日"}
    assert [r.number for r in t.rows] == [5]
    assert t.columns["deadline"].letter == "C"


def test_two_row_header_with_merged_cells():
    s = sheet(
        [
            ["序号", "存在问题", "整改情况", "", "", "备注"],
            ["", "", "整改措施", "整改期限", "是否整改到位", ""],
            [1, "线路老化", "更换线路", "2018-12-30", "否", ""],
        ],
        merged=[(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 4), (0, 5, 1, 5)],
    )
    t = locate_table(s, LEDGER_FIELDS, REQUIRED)
    assert t.header_rows == (1, 2)
    assert {k: c.letter for k, c in t.columns.items()} == {
        "row_no": "A", "description": "B", "measures": "C", "deadline": "D", "status": "E", "note": "F"
    }
    assert t.rows[0].get("measures") == "更换线路"


def test_columns_in_any_order_blank_rows_totals_and_footer():
    s = sheet([
        ["整改状态", "整改时限", "隐患内容", "序号"],
        ["已整改", "12月10日", "甲", 1],
        ["", "", "", ""],
        ["整改中", "12月11日", "乙", 2.0],
        ["合计", "", "2 条", ""],
        ["注：状态按实际填写"],
        ["填表人：王丽", "", "联系电话：123"],
        ["丙", "", "", ""],
    ])
    t = locate_table(s, LEDGER_FIELDS, REQUIRED)
    assert [r.get("description") for r in t.rows] == ["甲", "乙"]
    assert [r.number for r in t.rows] == [2, 4]


def test_vertically_merged_unit_cell_fills_every_row():
    s = sheet(
        [["单位", "问题隐患描述", "整改状态"], ["郑州市文广新局", "甲", "已整改"], ["", "乙", "未整改"]],
        merged=[(1, 0, 2, 0)],
    )
    t = locate_table(s, LEDGER_FIELDS, REQUIRED)
    assert [r.get("unit") for r in t.rows] == ["郑州市文广新局", "郑州市文广新局"]


def test_repeated_header_rows_are_skipped():
    s = sheet([["问题隐患描述", "整改状态"], ["甲", "已整改"], ["问题隐患描述", "整改状态"], ["乙", "未整改"]])
    assert [r.get("description") for r in locate_table(s, LEDGER_FIELDS, REQUIRED).rows] == ["甲", "乙"]


def test_no_table():
    assert locate_table(sheet([["甲", "乙"], [1, 2]]), LEDGER_FIELDS, REQUIRED) is None
    assert locate_table(sheet([["序号", "问题隐患描述"]]), LEDGER_FIELDS, REQUIRED) is None  # required missing


def test_form_layout():
    s = sheet([
        ["每周工作进展情况"],
        ["填报单位：洛阳市旅游委", "", "报送日期", "2018-12-12"],
        ["本周工作开展情况", "检查景区 12 家"],
        ["本周排查问题数", 3, "本周整改数", 2],
        ["下周工作安排", ""],
        ["继续督导", ""],
    ])
    form = locate_form(s, {"unit", "report_date", "work_done", "found_this_week", "rectified_this_week", "next_week"}, ("work_done",))
    assert form.get("unit") == "洛阳市旅游委"
    assert form.get("report_date") == "2018-12-12"
    assert form.get("found_this_week") == 3 and form.get("rectified_this_week") == 2
    assert form.get("next_week") == "继续督导"  # the value below its label
    assert form.problem("found_this_week", "x").column == "B"


HEADER_NOISE = [
    lambda h: h,
    lambda h: f" {h} ",
    lambda h: h[:1] + "\n" + h[1:],
    lambda h: h + "（必填）",
    lambda h: "*" + h,
    lambda h: h + "(必填)",
    lambda h: "1." + h,
    lambda h: "　" + h.replace("", " ")[1:-1],  # spaces between every character
]


@settings(max_examples=200)
@given(st.sampled_from(sorted(SYNONYMS)).flatmap(lambda f: st.tuples(st.just(f), st.sampled_from(SYNONYMS[f]))),
       st.sampled_from(HEADER_NOISE))
def test_every_synonym_survives_header_noise(field_and_word, noise):
    field, word = field_and_word
    assert field_for(noise(word), {field}) == field


@settings(max_examples=60)
@given(st.permutations(["序号", "问题隐患描述", "整改时限", "整改状态", "责任人"]), st.integers(0, 4), st.integers(0, 3))
def test_header_found_whatever_the_order_and_title_rows(order, titles, blanks):
    rows = [[f"标题{i}"] for i in range(titles)] + [[""]] * blanks + [list(order)]
    values = {"序号": 1, "问题隐患描述": "甲", "整改时限": date(2018, 12, 20), "整改状态": "已整改", "责任人": "王"}
    rows.append([values[h] for h in order])
    t = locate_table(sheet(rows), LEDGER_FIELDS, REQUIRED)
    assert t.header_rows[0] == titles + blanks + 1
    assert t.rows[0].get("description") == "甲" and t.rows[0].get("deadline") == date(2018, 12, 20)
