"""Styles are registered once per workbook and reused (a streamed ledger has a handful); a new
workbook must never reuse another's style indexes, even at the same memory address."""

import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from huikan.errors import HuikanError
from huikan.workbook import styles
from huikan.workbook.writer import (
    LINE_HEIGHT,
    Column,
    SheetWriter,
    display_width,
    make_cell,
    new_workbook,
    row_memory,
    write_value,
)


def test_each_workbook_registers_its_own_styles(tmp_path):
    path = tmp_path / "w.xlsx"
    for n in range(30):  # workbooks made and dropped in turn: CPython reuses their addresses
        book = new_workbook(path)
        ws = book.add_sheet("表")
        if n % 2:  # in odd workbooks, LEFT is the first format registered; in even ones, the fourth
            cells = [make_cell(book, "左", alignment=styles.LEFT)]
        else:
            cells = [make_cell(book, 1, "int"), make_cell(book, "文字"),
                     make_cell(book, "表头", font=styles.HEADER_FONT, fill=styles.HEADER_FILL),
                     make_cell(book, "左", alignment=styles.LEFT)]
        for c, cell in enumerate(cells):
            write_value(ws, 0, c, cell.value, cell.format)
        book.save()
        del book, ws
        cell = next(c for c in load_workbook(path)["表"][1] if c.value == "左")
        assert cell.alignment.horizontal == "left" and cell.font.sz == 10


def test_plain_cells_take_the_body_font(tmp_path):
    book = new_workbook(tmp_path / "w.xlsx")
    write_value(book.add_sheet("表"), 0, 0, "正文")
    cell = load_workbook(book.save())["表"]["A1"]
    assert (cell.font.name, cell.font.sz) == ("宋体", 10)


def test_saving_where_it_cannot_be_written_says_so(tmp_path):
    book = new_workbook(tmp_path / "没有这个文件夹" / "w.xlsx")
    write_value(book.add_sheet("表"), 0, 0, "正文")
    with pytest.raises(HuikanError, match="无法写入文件"):
        book.save()


@settings(max_examples=300)
@given(st.one_of(st.none(), st.integers(), st.text(alphabet=st.characters(codec="utf-8"), max_size=40)))
def test_display_width_counts_wide_characters_double(value):
    """The per-character cache gives the plain definition: the widest line, CJK counting 2."""
    lines = str(value).split("\n") if value is not None else []
    expected = max((sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines), default=0)
    assert display_width(value) == expected


def test_display_width_examples():
    assert [display_width(v) for v in (None, "", "abc", "中文ab", "ａｂ\n中文中文", 12.5)] == [0, 0, 3, 6, 8, 4]


def test_streamed_rows_keep_their_heights_and_memory_stays_flat(tmp_path):
    """Wrapped rows get the height of their lines; XlsxWriter would keep every row's height
    until the file closes, the writer drops each once the row is on disk (looking the dicts up
    by name: this fails when an XlsxWriter release renames them)."""
    book = new_workbook(tmp_path / "w.xlsx")
    w = SheetWriter(book, "表", [Column("编号", width=8), Column("描述", width=12), Column("日期", "date")],
                    title="标题", streamed=True).start()
    long_text = "疏散通道堵塞需要立即整改" * 2  # 24 wide characters: 5 lines of 11 usable columns
    for i in range(3000):
        w.stream([f"H{i:04d}", long_text if i % 2 else "短", date(2018, 12, 1)])
    kept = row_memory(w.ws)
    assert len(kept) == 2 and all(len(heights) <= 2 for heights in kept)
    w.finish()
    ws = load_workbook(book.save())["表"]
    first = w.first_data_row
    assert ws.cell(first + 1, 2).value == long_text
    assert abs(ws.row_dimensions[first + 1].height - (LINE_HEIGHT * 5 + 2)) < 0.75  # Excel keeps whole pixels
    assert ws.row_dimensions[first].height is None  # one line: Excel's own height
    assert ws.cell(first + 2999, 1).value == "H2999" and ws.cell(first, 3).number_format == "yyyy-mm-dd"

