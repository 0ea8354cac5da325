"""Styles are registered once per workbook and reused (a streamed ledger has a handful); a new
workbook must never reuse another's style indexes, even at the same memory address."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from huikan.workbook import styles
from huikan.workbook.writer import display_width, make_cell, new_workbook


def test_each_workbook_registers_its_own_styles(tmp_path):
    path = tmp_path / "w.xlsx"
    for n in range(30):  # workbooks made and dropped in turn: CPython reuses their addresses
        wb = new_workbook()
        ws = wb.create_sheet("表")
        if n % 2:  # in odd workbooks, LEFT is the first alignment registered; in even ones, the fourth
            ws.append([make_cell(ws, "左", alignment=styles.LEFT)])
        else:
            ws.append([make_cell(ws, 1, "int"), make_cell(ws, "文字"), make_cell(ws, "表头", font=styles.HEADER_FONT,
                                                                               fill=styles.HEADER_FILL),
                       make_cell(ws, "左", alignment=styles.LEFT)])
        wb.save(path)
        del wb, ws
        cell = next(c for c in load_workbook(path)["表"][1] if c.value == "左")
        assert cell.alignment.horizontal == "left" and cell.font.sz == 10


@settings(max_examples=300)
@given(st.one_of(st.none(), st.integers(), st.text(alphabet=st.characters(codec="utf-8"), max_size=40)))
def test_display_width_counts_wide_characters_double(value):
    """The per-character cache gives the plain definition: the widest line, CJK counting 2."""
    lines = str(value).split("\n") if value is not None else []
    expected = max((sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines), default=0)
    assert display_width(value) == expected


def test_display_width_examples():
    assert [display_width(v) for v in (None, "", "abc", "中文ab", "ａｂ\n中文中文", 12.5)] == [0, 0, 3, 6, 8, 4]
