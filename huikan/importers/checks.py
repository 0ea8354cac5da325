"""Checks every importer needs on the cells it is about to read: formulas without a saved
result and error values (#REF!, #N/A), and how long a field's text may be.

Neither refuses a file (accept and say so): an unreadable cell reads as blank and is named in
the notes (an importer skips the row when it was the row's core, e.g. a hazard's description);
a text longer than its field is kept or its row skipped by the importer that reads it (``huikan.ledger.limits``),
with a note either way.
"""

from __future__ import annotations

from huikan.importers.notes import Notes
from huikan.reading.files import SourceDoc
from huikan.recognise.form import Form
from huikan.recognise.table import Table


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
