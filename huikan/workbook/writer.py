"""Building blocks for every workbook huikan writes: titles, headers, widths, validation, print setup."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from huikan.workbook import styles

MAX_WIDTH = 50  # characters; longer text wraps
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def display_width(value) -> int:
    """Columns a text needs: CJK and full-width characters count double."""
    if value is None:
        return 0
    longest = 0
    for line in str(value).split("\n"):
        longest = max(longest, sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line))
    return longest


def new_workbook() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def write_title(ws: Worksheet, title: str, subtitle: str | None, width: int) -> int:
    """A merged title row (and a subtitle row); returns the next free row."""
    ws.cell(1, 1, title).font = styles.TITLE_FONT
    ws.cell(1, 1).alignment = styles.CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(width, 1))
    ws.row_dimensions[1].height = 28
    row = 2
    if subtitle:
        ws.cell(2, 1, subtitle).font = styles.SUBTITLE_FONT
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=max(width, 1))
        row = 3
    return row


def write_header(ws: Worksheet, row: int, headers: Sequence[str]) -> None:
    for c, header in enumerate(headers, start=1):
        cell = ws.cell(row, c, header)
        cell.font, cell.fill, cell.border, cell.alignment = styles.HEADER_FONT, styles.HEADER_FILL, styles.BORDER, styles.CENTER
    ws.row_dimensions[row].height = 30


def fit_columns(ws: Worksheet, columns: Iterable[Iterable], minimum: int = 6, maximum: int = MAX_WIDTH) -> None:
    """Set each column's width from its values' display width, capped (the rest wraps)."""
    for c, values in enumerate(columns, start=1):
        width = max((display_width(v) for v in values), default=0) + 2
        ws.column_dimensions[get_column_letter(c)].width = max(minimum, min(maximum, width))


def add_list(ws: Worksheet, column: int, first_row: int, last_row: int, options: Sequence[str], title: str) -> None:
    """A drop-down list on a column range (options joined must stay within Excel's 255 characters)."""
    formula = '"' + ",".join(options) + '"'
    if len(formula) > 255:
        raise ValueError(f"drop-down list too long for Excel: {title}")
    dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False)
    dv.error, dv.errorTitle = f"请从下拉列表中选择：{'、'.join(options)}", title
    dv.prompt, dv.promptTitle = f"请选择{title}", title
    dv.showErrorMessage = True
    dv.showInputMessage = True
    ws.add_data_validation(dv)
    letter = get_column_letter(column)
    dv.add(f"{letter}{first_row}:{letter}{last_row}")


def style_body(ws: Worksheet, first_row: int, last_row: int, width: int, fill=None) -> None:
    for row in ws.iter_rows(min_row=first_row, max_row=last_row, max_col=width):
        for cell in row:
            cell.border, cell.font, cell.alignment = styles.BORDER, styles.BODY_FONT, styles.WRAP
            if fill is not None:
                cell.fill = fill


def set_column_format(ws: Worksheet, column: int, first_row: int, last_row: int, number_format: str) -> None:
    for r in range(first_row, last_row + 1):
        ws.cell(r, column).number_format = number_format


def print_setup(ws: Worksheet, header_rows: str | None, landscape: bool = True) -> None:
    """A4, fit to one page wide, header rows repeated, page x of y in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if header_rows:
        ws.print_title_rows = header_rows
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9


def put(cell, value, kind: str = "text") -> None:
    """Write a value as what it is: numbers as numbers, dates as dates, rates as percentages,
    and text always as text — never a formula, even when it starts with = + - @."""
    if value is None:
        return
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters Excel rejects
        cell.value = value
        if value[:1] in FORMULA_STARTS:
            cell.data_type = "s"  # openpyxl took it for a formula
            cell.quotePrefix = True  # and Excel shows it as typed text when edited
        return
    cell.value = value
    if kind == "percent":
        cell.number_format = styles.PERCENT_FORMAT
    elif kind == "money":
        cell.number_format = styles.MONEY_FORMAT
    elif isinstance(value, datetime):
        cell.number_format = styles.DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = styles.DATE_FORMAT
