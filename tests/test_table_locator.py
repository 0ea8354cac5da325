"""The table locator on tables as people make them (docs/recognition.md)."""

from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from huikan.reading.files import Sheet
from huikan.recognise.form import locate_form
from huikan.recognise.labels import labelled_values
from huikan.recognise.table import locate_table
from huikan.recognise.vocabulary import META_LABELS, SYNONYMS, field_for

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


# --- cells with several labels, headers by meaning --------------------------------------------

LABELS = [(key, word) for key, words in META_LABELS.items() for word in words]
VALUES = ["郑州市文广新局", "洛阳市旅游发展委员会", "2018-12-12", "2018年12月5日", "12月5日下午", "王丽", "张 三",
          "0371-65590001", "13837100001", "第2周", "河南省图书馆（盖章）", "2018.12.14 17:30"]
GAPS = ["", " ", "  ", "\u3000", "\u3000\u3000", "\t", "   "]


@settings(max_examples=300)
@given(st.lists(st.tuples(st.sampled_from(LABELS), st.sampled_from(VALUES), st.sampled_from(GAPS),
                          st.sampled_from(["：", ":", "： ", " :"])), min_size=1, max_size=4),
       st.sampled_from(["", "“回头看”工作进展情况表  "]))
def test_labels_sharing_a_cell_are_always_split(pairs, title):
    """填报单位：X　　报送日期：Y in one cell, any spacing, either colon: each label gets its own value."""
    keys = [key for (key, _), *_ in pairs]
    assume(len(set(keys)) == len(keys))  # one value per meaning
    cell = title
    for i, ((_, label), value, gap, colon) in enumerate(pairs):
        if i and not gap and len(label) <= 2:
            gap = " "  # a short label (单位, 日期) is only a label where a word starts
        cell += (gap if i else "") + label + colon + value
    expected = {key: value.replace("（盖章）", "").strip() for (key, _), value, _, _ in pairs}
    expected = {k: " ".join(v.split()) for k, v in expected.items()}
    assert labelled_values(cell) == expected


def test_a_header_row_holding_values_is_a_form_not_a_table():
    s = sheet([
        ["填报单位：郑州市旅游局　　报送日期：2018年12月5日"],
        ["本周工作进展", "召开会议"],
        ["本周排查问题数", 3, "本周整改问题数", 1],
        ["累计排查问题数", 3, "累计整改问题数", 1],
    ])
    fields = {"unit", "report_date", "work_done", "found_this_week", "rectified_this_week", "found_total", "rectified_total"}
    assert locate_table(s, fields, (("work_done", "found_this_week"),)) is None
    form = locate_form(s, fields, (("work_done", "found_this_week"),))
    assert (form.get("unit"), form.get("report_date"), form.get("found_total")) == ("郑州市旅游局", "2018年12月5日", 3)


def test_an_uncertain_header_is_weighed_with_its_cells():
    """序号 numbering 一…九 is the item of a self-check; 序号 numbering rows is not."""
    fields = {"item", "finding", "problems_found"}
    numbered = sheet([["序号", "自查情况", "发现问题数"], ["一", "已传达", 0], ["二", "已落实", 1]])
    assert locate_table(numbered, fields, ("item",)).columns["item"].letter == "A"
    texts = sheet([["序号", "自查情况", "发现问题数"], ["甲单位的说明", "已传达", 0], ["乙单位的说明文字", "已落实", 1]])
    assert locate_table(texts, fields, ("item",)) is None


def test_a_group_title_names_no_child_column():
    """问题情况 over 发现问题数 | 其中：已整改: the group's title is not the second column's header."""
    s = sheet(
        [["序号", "检查内容", "自查情况", "问题情况", ""], ["", "", "", "发现问题数", "其中：已整改"], ["（一）", "传达学习", "已学习", 2, 1]],
        merged=[(0, 3, 0, 4), (0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2)],
    )
    t = locate_table(s, {"row_no", "item", "finding", "problems_found", "rectified", "description"}, ("item",))
    assert {k: c.letter for k, c in t.columns.items()} == {
        "row_no": "A", "item": "B", "finding": "C", "problems_found": "D", "rectified": "E"}


def test_rows_that_are_not_data_are_skipped_and_listed():
    s = sheet(
        [["序号", "类别", "姓名", "职务", "联系电话"],
         [1, "分管负责人", "杨志刚", "副局长", "138"],
         ["附件：郑州市旅游局“回头看”活动实施方案", "", "", "", ""],
         [2, "", "", "", ""],
         ["报送时间：2018年12月4日", "", "", "", ""]],
        merged=[(2, 0, 2, 4)],
    )
    t = locate_table(s, {"row_no", "role", "person_name", "person_title", "person_phone"}, ("person_name",))
    assert [r.number for r in t.rows] == [2]
    assert [(k.row, k.reason) for k in t.skipped] == [
        (3, "跨列合并的标题或说明行"), (4, "只有序号，没有内容"), (5, "填报说明或落款行")]


@pytest.mark.parametrize("header, field", [
    ("工作进展情况", "work_done"), ("本周主要工作", "work_done"), ("下步工作打算", "next_week"),
    ("本周发现隐患数量", "found_this_week"), ("累计发现问题隐患数", "found_total"), ("本周完成整改数", "rectified_this_week"),
    ("景区名称", "venue"), ("检查对象", "venue"), ("具体位置", "venue"), ("整改进度", "status"), ("问 题 描 述", "description"),
    ("1.单位场所", "venue"), ("填报时间", "report_date"), ("别称（多个用/隔开）", "aliases"),
])
def test_headers_no_list_has_are_understood(header, field):
    from huikan.recognise.headers import header_scores

    assert field in [f for f, score in header_scores(header) if score >= 0.6]


@pytest.mark.parametrize("header, field", [("所属区县", None), ("日期", "found_on"), ("督办领导", "responsible"), ("图片", None)])
def test_headers_that_name_nothing_for_certain_stay_unnamed(header, field):
    from huikan.recognise.headers import header_scores

    named = [f for f, score in header_scores(header) if score >= 0.6]
    assert field not in named if field else named == []


def test_two_columns_holding_each_others_cells_are_read_by_their_cells():
    """时限 holding the plans and 预案 holding the dates (pasted one column off): read by the cells, said."""
    s = sheet([
        ["问题隐患描述", "整改时限", "应急预案", "整改状态"],
        ["甲", "已制定应急预案", date(2018, 12, 28), "整改中"],
        ["乙", "", date(2018, 12, 20), "已完成"],
        ["丙", "", "立行立改", "整改中"],
    ])
    t = locate_table(s, LEDGER_FIELDS | {"contingency"}, REQUIRED)
    assert (t.columns["deadline"].letter, t.columns["contingency"].letter) == ("C", "B")
    assert [(a.header, b.header) for a, b in t.swapped] == [("整改时限", "应急预案")]
    plain = sheet([["问题隐患描述", "整改时限", "应急预案"], ["甲", date(2018, 12, 28), "已制定应急预案"]])
    assert locate_table(plain, LEDGER_FIELDS | {"contingency"}, REQUIRED).swapped == []


def test_importers_that_cannot_win_a_sheet_are_not_asked_and_nothing_changes(monkeypatch):
    """Identification asks the importers with the most fields first and skips those whose best
    possible score is a claim margin below one found: on every workbook and CSV of the fixtures
    and the sample inbox, it claims what asking every importer claims, or refuses alike."""
    from pathlib import Path

    from huikan.errors import InputError
    from huikan.importers.base import Importer
    from huikan.importers.runner import identify
    from huikan.reading.files import read_document

    from .conftest import SAMPLE

    here = Path(__file__).parent / "fixtures"
    paths = sorted(p for folder in (here / "returns", here / "hostile", SAMPLE / "收件箱") for p in folder.rglob("*")
                   if p.suffix.lower() in (".xlsx", ".xls", ".csv"))
    assert len(paths) >= 40

    def claims(path: Path):
        try:
            doc = read_document(path)
        except InputError:
            return "unreadable"
        try:
            found = identify(doc)
        except InputError as err:
            return [p.message for p in err.problems]
        return [(imp.kind, [(t.score, sorted(getattr(t, "columns", None) or t.values)) for t in tables])
                for imp, tables in found]

    asked: list[str] = []
    locate = Importer.locate
    def counted(self, sheet, forced=False):
        asked.append(self.kind)
        return locate(self, sheet, forced)

    monkeypatch.setattr(Importer, "locate", counted)
    pruned = {p: claims(p) for p in paths}
    asked_pruned = len(asked)
    monkeypatch.setattr(Importer, "best_score", property(lambda self: float("inf")))
    asked.clear()
    everything = {p: claims(p) for p in paths}
    assert pruned == everything
    assert asked_pruned < len(asked)  # some were skipped
