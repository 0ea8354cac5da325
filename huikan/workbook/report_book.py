"""Any report as a workbook: a sheet per section, with the shared styles and print setup."""

from __future__ import annotations

import re
from pathlib import Path

from huikan.render.terminal import show_value
from huikan.reports.base import DATE, DATETIME, INT, MONEY, PERCENT, Report
from huikan.workbook import styles
from huikan.workbook.writer import fit_columns, new_workbook, print_setup, put, style_body, write_header, write_title

_SHEET_NAME = re.compile(r"[\[\]:*?/\\（）()0-9]+")
_TYPED = (INT, DATE, DATETIME, PERCENT, MONEY)


def sheet_name(title: str, taken: set[str]) -> str:
    """A legal, unique sheet name (31 characters, no []:*?/\\) from a section title."""
    base = _SHEET_NAME.sub("", title).strip()[:28] or "表"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}{n}", n + 1
    taken.add(name)
    return name


def write_report(report: Report, path: Path, subtitle: str) -> Path:
    wb = new_workbook()
    taken: set[str] = set()
    for section in report.sections:
        ws = wb.create_sheet(sheet_name(section.title, taken))
        cols = section.columns
        header_row = write_title(ws, section.title, subtitle, len(cols))
        write_header(ws, header_row, [c.header for c in cols])
        for r, row in enumerate(section.rows, start=header_row + 1):
            for c, col in enumerate(cols, start=1):
                value = row.get(col.key)
                # Typed columns keep their values; text columns show them as the terminal does.
                put(ws.cell(r, c), value if col.kind in _TYPED else (show_value(value, col.kind) or None), col.kind)
        last = header_row + max(len(section.rows), 1)
        style_body(ws, header_row + 1, last, len(cols))
        for r, style in enumerate(section.styles, start=header_row + 1):
            fill = {"bad": styles.BAD_FILL, "warn": styles.WARN_FILL, "good": styles.GOOD_FILL}.get(style or "")
            if fill is not None:
                for c in range(1, len(cols) + 1):
                    ws.cell(r, c).fill = fill
        if not section.rows:
            ws.cell(header_row + 1, 1, section.empty)
        fit_columns(ws, [[c.header] + [show_value(row.get(c.key), c.kind) for row in section.rows] for c in cols])
        ws.freeze_panes = ws.cell(header_row + 1, 1)
        print_setup(ws, f"{header_row}:{header_row}")
        if section.rows:
            ws.auto_filter.ref = f"A{header_row}:{ws.cell(last, len(cols)).column_letter}{last}"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
