"""Any report as a workbook: a sheet per section, through the shared SheetWriter."""

from __future__ import annotations

import re
from pathlib import Path

from huikan.display import show
from huikan.reports.base import DATE, DATETIME, INT, MONEY, PERCENT, Report
from huikan.workbook import styles
from huikan.workbook.writer import Column, SheetWriter, new_workbook

_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\（）()0-9，,项个单位\s]+")
_TYPED = (INT, DATE, DATETIME, PERCENT, MONEY)
ROW_FILLS = {"bad": styles.BAD_FILL, "warn": styles.WARN_FILL, "good": styles.GOOD_FILL}


def sheet_name(title: str, taken: set[str]) -> str:
    """A legal, unique sheet name (31 characters, no []:*?/\\) from a section title."""
    base = _NOT_IN_SHEET_NAMES.sub("", title.split("（")[0]).strip()[:28] or "表"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}{n}", n + 1
    taken.add(name)
    return name


def write_report(report: Report, path: Path, subtitle: str) -> Path:
    wb = new_workbook(path)
    taken: set[str] = set()
    for section in report.sections:
        cols = section.columns
        # Typed columns keep their values; text columns show them as the terminal does.
        rows = [[row.get(c.key) if c.kind in _TYPED else (show(row.get(c.key), c.kind) or None) for c in cols]
                for row in section.rows]
        # A report is read on paper: its text is broken into lines by the writer (no line starts
        # with the ；、 of the lists it joins), typed values keep their types.
        writer = SheetWriter(wb, sheet_name(section.title, taken), [Column(c.header, c.kind, prebreak=True) for c in cols],
                             title=section.title, subtitle=subtitle).start(rows[:500])
        for i, values in enumerate(rows):
            style = section.styles[i] if i < len(section.styles) else None
            writer.row(values, fill=ROW_FILLS.get(style or ""))
        writer.finish(section.empty)
    path.parent.mkdir(parents=True, exist_ok=True)
    return wb.save()
