"""Checks every importer needs on the cells it is about to read: formulas without a saved
result, error values, and text longer than the ledger keeps.

None of them refuses a file (accept and say so): an unreadable cell reads as blank and is
named in the notes (an importer skips the row when it was the row's core, e.g. a hazard's
description); a text longer than its field is handed to the importer (``Overlong``), which
keeps it or skips the row, with a note either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from huikan.importers.notes import Notes
from huikan.reading.files import SourceDoc
from huikan.recognise.form import Form
from huikan.recognise.table import Table

TEXT_LIMIT = 32_767  # characters: Excel's own limit for a cell; a longer text is cut there
# Fields the ledger keeps in bounded columns (the rest are texts of any length).
LIMITS = {
    "unit": 100, "category": 50, "row_no": 20, "venue": 200, "venue_type": 100, "level": 50, "origin": 20,
    "responsible": 100, "lead_name": 50, "liaison_name": 50, "person_name": 50, "lead_title": 100,
    "liaison_title": 100, "person_title": 100, "lead_phone": 50, "liaison_phone": 50, "person_phone": 50,
    "lead_mobile": 50, "liaison_mobile": 50, "person_mobile": 50, "role": 50, "aliases": 500,
}


def limit_of(name: str) -> int:
    return LIMITS.get(name, TEXT_LIMIT)


@dataclass
class CellChecks:
    """What the checks found in one file: overlong cells by (sheet, row, field) -> length."""

    overlong: dict[tuple[str, int, str], int] = field(default_factory=dict)

    def too_long(self, sheet: str, row: int, name: str) -> int | None:
        return self.overlong.get((sheet, row, name))


def _issue_message(issue: str) -> str:
    if issue == "公式":
        return "单元格是公式，但文件中没有保存计算结果，按空白读取（可请报送单位在 Excel/WPS 中打开、保存后重发）"
    return f"单元格为错误值 {issue}（公式出错），按空白读取"


def check_cells(doc: SourceDoc, located: list[Table | Form], notes: Notes) -> CellChecks:
    """Blank the unreadable cells the importers will read (noted), and find the overlong ones."""
    sheets = {s.name: s for s in doc.sheets}
    found = CellChecks()
    for part in located:
        sheet = sheets.get(part.sheet)
        issues = sheet.cell_issues if sheet is not None else {}
        if isinstance(part, Form):
            for name, fv in list(part.values.items()):
                if (fv.row - 1, fv.col) in issues:
                    notes.add(_issue_message(issues[(fv.row - 1, fv.col)]), part.problem(name, ""))
                    del part.values[name]
                    continue
                if isinstance(fv.value, str) and len(fv.value) > limit_of(name):
                    found.overlong[(part.sheet, fv.row, name)] = len(fv.value)
            continue
        numbers = part.numbers
        for name in part.columns:
            limit = limit_of(name)
            cells = part.column(name)
            try:
                if max(map(len, cells), default=0) <= limit:  # a column of text, every cell short: C speed
                    continue
            except TypeError:  # numbers or dates among the text: cell by cell
                pass
            for i, value in enumerate(cells):
                if value.__class__ is str and len(value) > limit:  # cheap test first: most cells are short
                    found.overlong[(part.sheet, numbers[i], name)] = len(value)
        if issues:
            position = {r: i for i, r in enumerate(part.row_indices)}
            for name, col in part.columns.items():
                cells = None
                for (r, c), issue in issues.items():
                    if c == col.index and r in position:
                        notes.add(_issue_message(issue), part.problem(r + 1, name, ""))
                        if cells is None:
                            cells = part.column(name)
                        cells[position[r]] = None  # read as blank by every importer from here on
                        if c < len(sheet.rows[r]):
                            sheet.rows[r][c] = None
    return found
