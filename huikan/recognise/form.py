"""Forms: a label cell with its value to the right (or below), as in a one-unit report.

A weekly report is often a form, not a table:

    填报单位：郑州市文广新局　　报送日期：2018-12-12
    本周工作开展情况 | 召开专题会议……
    本周排查问题数   | 3 | 累计排查数 | 9

Labels are recognised by meaning like table headers; a cell holding several labels with
their values is split; a value is never a label itself (a header word is never content).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from huikan.errors import Problem, col_letter
from huikan.reading.files import Cell, Sheet
from huikan.recognise.headers import THRESHOLD, best_field
from huikan.recognise.labels import split_labels
from huikan.recognise.table import MergedGrid, Required, merged_grid, satisfies
from huikan.recognise.values import is_blank, text

FORM_SCAN_ROWS = 60
FORM_MAX_ROWS = 300
LABEL_LENGTH = 24  # a longer cell is a value or a sentence, never a label alone
_INLINE = re.compile(r"^([^:：]{2,20})[:：]\s*(.+)$", re.DOTALL)
# What the labels of a title or signature line mean for a form's fields.
_META_FIELDS = {"unit": "unit", "date": "report_date", "week": "week_no"}


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
    titles: list[str] = field(default_factory=list)  # text lines above the first label
    labels: int = 0  # label cells found, named or not
    texts: list[tuple[int, str]] = field(default_factory=list)  # other texts of the form: (row, text)

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
        """The content it holds (the unit and date lines every return has do not count)."""
        return len(self.values.keys() - _META_FIELDS.values())


def is_label(value, threshold: float = THRESHOLD) -> bool:
    """Whether a cell reads as a header or label of any field (never a value)."""
    if not isinstance(value, str):
        return False
    s = text(value)
    if not s or len(s) > 20 or s[:1].isdigit():
        return False
    from huikan.recognise.headers import header_scores

    return any(score >= threshold for _, score in header_scores(s))


def locate_form(sheet: Sheet, fields: Iterable[str], required: Required, min_fields: int = 3) -> Form | None:
    if len(sheet.rows) > FORM_MAX_ROWS:
        return None  # a form fits on a page or two; this is a table
    fields = frozenset(fields)
    grid = merged_grid(sheet)
    form = Form(sheet.name)
    rows = min(len(sheet.rows), FORM_SCAN_ROWS)
    labels: dict[tuple[int, int], str] = {}
    first_label_row = None
    for r, row in enumerate(sheet.rows[:rows]):
        for c, raw in enumerate(row):
            if not isinstance(raw, str):
                continue  # a number or a date is a value: only text is a label
            s = raw.strip() if raw.isprintable() else text(raw)
            if not s:
                continue
            if len(s) <= LABEL_LENGTH and (found := best_field(s, fields, THRESHOLD)) is not None:
                labels[(r, c)] = found[0]
                first_label_row = r if first_label_row is None else first_label_row
                continue
            if "：" not in s and ":" not in s and "  " not in s and "\u3000" not in s:
                continue
            # Several labels with their values in one cell: 填报单位：X　　报送日期：Y
            for item in split_labels(s):
                name = _META_FIELDS.get(item.key)
                if name in fields and item.value and name not in form.values:
                    form.values[name] = FormValue(item.value, r + 1, c, item.label)
                    first_label_row = r if first_label_row is None else first_label_row
            m = _INLINE.match(s)  # "本周工作开展情况：召开专题会议……" in one cell
            if m and (found := best_field(m[1], fields, THRESHOLD)) and found[0] not in form.values:
                form.values[found[0]] = FormValue(m[2].strip(), r + 1, c, m[1].strip())
                first_label_row = r if first_label_row is None else first_label_row
    form.labels = len(labels)
    per_row: dict[int, int] = {}
    for r, _ in labels:
        per_row[r] = per_row.get(r, 0) + 1
    for (r, c), name in labels.items():
        if name in form.values:
            continue
        # A row of three or more labels is a header: its values are below, not beside.
        value = _value_right(grid, sheet, r, c, labels) if per_row[r] < 3 else None
        if value is None:
            value = _value_below(grid, r, c, labels, rows)
        if value is not None:
            v, vr, vc = value
            form.values[name] = FormValue(v, vr + 1, vc, text(sheet.rows[r][c]))
    if len(form.values) < min_fields or not satisfies(form.values, required):
        return None
    top = first_label_row if first_label_row is not None else 0
    form.titles = [line for r in range(top) if (line := " ".join(text(v) for v in sheet.rows[r] if not is_blank(v)))]
    used = {(v.row - 1, v.col) for v in form.values.values()} | set(labels)
    form.texts = [(r + 1, s) for r, row in enumerate(sheet.rows[top:rows], start=top) for c, v in enumerate(row)
                  if (r, c) not in used and isinstance(v, str) and len(s := text(v)) >= 6]
    return form


def _value_right(grid: MergedGrid, sheet: Sheet, r: int, c: int, labels) -> tuple[Cell, int, int] | None:
    for cc in range(c + 1, len(sheet.rows[r])):
        if (r, cc) in labels:
            return None  # the next label comes first: this one was left empty
        value = sheet.cell(r, cc)  # cells merged into the label read blank here
        if not is_blank(value):
            return None if is_label(value) else (value, r, cc)
    return None


def _value_below(grid: MergedGrid, r: int, c: int, labels, rows: int) -> tuple[Cell, int, int] | None:
    if r + 1 < rows and (r + 1, c) not in labels:
        value = grid.sheet.cell(r + 1, c)
        if not is_blank(value) and not is_label(value):
            return value, r + 1, c
    return None
