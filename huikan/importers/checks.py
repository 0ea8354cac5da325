"""Checks every importer needs on the cells it is about to read: formulas without a saved
result, error values, and text longer than the ledger keeps."""

from __future__ import annotations

from huikan.errors import Problem
from huikan.reading.files import SourceDoc
from huikan.recognise.form import Form
from huikan.recognise.table import Table
from huikan.recognise.values import text

DEFAULT_LIMIT = 2000  # characters: a paragraph, not a pasted document
LIMITS = {
    "unit": 100, "category": 50, "row_no": 20, "venue": 200, "venue_type": 100, "level": 50, "origin": 20,
    "responsible": 100, "lead_name": 50, "liaison_name": 50, "person_name": 50, "lead_title": 100,
    "liaison_title": 100, "person_title": 100, "lead_phone": 50, "liaison_phone": 50, "person_phone": 50,
    "role": 50, "aliases": 500, "work_done": 5000, "next_week": 5000, "finding": 5000,
}


def _issue_message(issue: str) -> str:
    if issue == "公式":
        return "单元格是公式，但文件中没有保存计算结果（请在 Excel/WPS 中打开、保存后再报送）"
    return f"单元格为错误值 {issue}（公式出错），请修正后再报送"


def cell_problems(doc: SourceDoc, located: list[Table | Form]) -> list[Problem]:
    sheets = {s.name: s for s in doc.sheets}
    problems: list[Problem] = []
    for part in located:
        issues = sheets[part.sheet].cell_issues if part.sheet in sheets else {}
        if isinstance(part, Form):
            for name, fv in part.values.items():
                if (fv.row - 1, fv.col) in issues:
                    problems.append(part.problem(name, _issue_message(issues[(fv.row - 1, fv.col)])))
                problems += _length(part.problem(name, ""), name, fv.value)
            continue
        # Column by column (a ledger may have 100k rows), then in the order the clerk reads: by
        # row; in a row, lengths before formulas, each in column order.
        found: list[tuple[int, int, int, Problem]] = []
        numbers = part.numbers
        for k, (name, col) in enumerate(part.columns.items()):
            limit = LIMITS.get(name, DEFAULT_LIMIT)
            cells = part.column(name)
            try:
                if max(map(len, cells), default=0) <= limit:  # a column of text, every cell short: C speed
                    continue
            except TypeError:  # numbers or dates among the text: cell by cell
                pass
            for i, value in enumerate(cells):
                if value.__class__ is str and len(value) > limit:  # cheap test first: most cells are short
                    found += [(i, 0, k, p) for p in _length(part.problem(numbers[i], name, ""), name, value)]
        if issues:
            position = {r: i for i, r in enumerate(part.row_indices)}
            for k, (name, col) in enumerate(part.columns.items()):
                for (r, c), issue in issues.items():
                    if c == col.index and r in position:
                        found.append((position[r], 1, k, part.problem(r + 1, name, _issue_message(issue))))
        problems += [p for *_, p in sorted(found, key=lambda f: f[:3])]
    return problems


def _length(where: Problem, name: str, value) -> list[Problem]:
    if not isinstance(value, str):
        return []
    limit = LIMITS.get(name, DEFAULT_LIMIT)
    size = len(text(value))
    if size <= limit:
        return []
    return [Problem(f"内容过长（{size} 字，此栏最多 {limit} 字）", where.sheet, where.row, where.column, where.header)]
