"""Checks every importer needs on the cells it is about to read: formulas without a saved
result and error values (#REF!, #N/A), and how long a field's text may be.

Neither refuses a file (accept and say so): an unreadable cell reads as blank and is named in
the notes (an importer skips the row when it was the row's core, e.g. a hazard's description);
a text longer than its field is kept or its row skipped by the importer that reads it (``limit_of``),
with a note either way.
"""

from __future__ import annotations

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


def _issue_message(issue: str) -> str:
    if issue == "公式":
        return "单元格是公式，但文件中没有保存计算结果，按空白读取（可请报送单位在 Excel/WPS 中打开、保存后重发）"
    return f"单元格为错误值 {issue}（公式出错），按空白读取"


def blank_unreadable_cells(doc: SourceDoc, located: list[Table | Form], notes: Notes) -> None:
    """Formula and error cells the importers will read become blank, each named in the notes."""
    sheets = {s.name: s for s in doc.sheets}
    for part in located:
        sheet = sheets.get(part.sheet)
        issues = sheet.cell_issues if sheet is not None else {}
        if not issues:
            continue
        if isinstance(part, Form):
            for name, fv in list(part.values.items()):
                if (fv.row - 1, fv.col) in issues:
                    notes.add(_issue_message(issues[(fv.row - 1, fv.col)]), part.problem(name, ""))
                    del part.values[name]
            continue
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
