"""Forms: a label cell with its value to the right (or below), as in a one-unit report.

A weekly report is often a form, not a table:

    填报单位 | 郑州市文广新局 | 报送日期 | 2018-12-12
    本周工作开展情况 | 召开专题会议……
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from huikan.errors import Problem, col_letter
from huikan.reading.files import Cell, Sheet
from huikan.recognise.table import MergedGrid, Required, merged_grid, satisfies
from huikan.recognise.values import is_blank, text
from huikan.recognise.vocabulary import field_for

FORM_SCAN_ROWS = 60
_INLINE = re.compile(r"^([^:：]{2,20})[:：]\s*(.+)$", re.DOTALL)


@dataclass(frozen=True)
class FormValue:
    value: Cell
    row: int  # 1-based
    col: int  # 0-based
    label: str


@dataclass
class Form:
    sheet: str
    values: dict[str, FormValue] = field(default_factory=dict)

    def get(self, name: str) -> Cell:
        found = self.values.get(name)
        return found.value if found else None

    def problem(self, name: str, message: str) -> Problem:
        found = self.values.get(name)
        if found is None:
            return Problem(message, sheet=self.sheet)
        return Problem(message, sheet=self.sheet, row=found.row, column=col_letter(found.col), header=found.label)

    @property
    def score(self) -> int:
        return len(self.values)


def locate_form(sheet: Sheet, fields: Iterable[str], required: Required, min_fields: int = 3) -> Form | None:
    fields = frozenset(fields)
    grid = merged_grid(sheet)
    form = Form(sheet.name)
    rows = min(len(sheet.rows), FORM_SCAN_ROWS)
    labels: dict[tuple[int, int], str] = {}
    for r, row in enumerate(sheet.rows[:rows]):
        for c, raw in enumerate(row):
            if not isinstance(raw, str) or not (s := text(raw)):
                continue
            name = field_for(s, fields)
            if name:
                labels[(r, c)] = name
                continue
            m = ("：" in s or ":" in s) and _INLINE.match(s)  # "填报单位：郑州市文广新局" in one cell
            if m and (name := field_for(m[1], fields)) and name not in form.values:
                form.values[name] = FormValue(m[2].strip(), r + 1, c, m[1].strip())
    for (r, c), name in labels.items():
        if name in form.values:
            continue
        value = _value_right(grid, sheet, r, c, labels)
        if value is None:
            value = _value_below(grid, r, c, labels, rows)
        if value is not None:
            v, vr, vc = value
            form.values[name] = FormValue(v, vr + 1, vc, text(sheet.rows[r][c]))
    if len(form.values) < min_fields or not satisfies(form.values, required):
        return None
    return form


def _value_right(grid: MergedGrid, sheet: Sheet, r: int, c: int, labels) -> tuple[Cell, int, int] | None:
    for cc in range(c + 1, len(sheet.rows[r])):
        if (r, cc) in labels:
            return None  # the next label comes first: this one was left empty
        value = sheet.cell(r, cc)  # cells merged into the label read blank here
        if not is_blank(value):
            return value, r, cc
    return None


def _value_below(grid: MergedGrid, r: int, c: int, labels, rows: int) -> tuple[Cell, int, int] | None:
    if r + 1 < rows and (r + 1, c) not in labels:
        value = grid.sheet.cell(r + 1, c)
        if not is_blank(value):
            return value, r + 1, c
    return None
