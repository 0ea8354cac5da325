"""Styles are registered once per workbook and reused (a streamed ledger has a handful); a new
workbook must never reuse another's style indexes, even at the same memory address."""

from openpyxl import load_workbook

from huikan.workbook import styles
from huikan.workbook.writer import make_cell, new_workbook


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
