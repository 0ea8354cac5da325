"""The one writer every huikan workbook uses (openpyxl write-only: rows stream, memory stays flat).

A SheetWriter writes a title, a subtitle, a header and then rows, with the shared styles,
column widths measured from display width, frozen header, borders, A4 landscape fit to
one page wide, header rows repeated on every page and "page x of y" in the footer. Text is
always written as text (never a formula), control characters Excel rejects are removed,
and a sheet that would pass Excel's row limit continues on a new sheet.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from weakref import WeakKeyDictionary

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation

from huikan.workbook import styles

MAX_WIDTH = 50  # characters; longer text wraps
EXCEL_MAX_ROWS = 1_048_576
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _CharWidths(dict):
    """Columns per character, looked up once per distinct character (summed at C speed)."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return width


_WIDTHS = _CharWidths()


def display_width(value) -> int:
    """Columns a text needs: CJK and full-width characters count double."""
    if value is None:
        return 0
    return max(sum(map(_WIDTHS.__getitem__, line)) for line in str(value).split("\n"))


def new_workbook() -> Workbook:
    wb = Workbook(write_only=True)
    # Cells streamed as plain values (``SheetWriter.stream``) take the workbook's default font:
    # make it the body font. openpyxl has no public setter; the default is the first font of
    # the list it writes to styles.xml (tests/test_export.py checks the result).
    wb._fonts = IndexedList([styles.BODY_FONT])
    return wb


class Formula(str):
    """A value that is meant to be a formula (everything else that looks like one is text)."""


def make_cell(ws, value, kind: str = "text", *, font=None, fill=None, alignment=None, border=styles.BORDER,
              number_format: str | None = None) -> WriteOnlyCell:
    """A styled cell holding the value as what it is: text as text, numbers as numbers, dates as dates."""
    if isinstance(value, Decimal):
        value = float(value)
    quote = False
    if isinstance(value, str) and not isinstance(value, Formula):
        if not value.isprintable():
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        quote = value[:1] in FORMULA_STARTS
    cell = WriteOnlyCell(ws, value=value)
    if quote:
        cell.data_type = "s"  # openpyxl took it for a formula: text from a return never runs
    fmt = number_format or _FORMATS.get(kind)
    if fmt is None and isinstance(value, datetime):
        fmt = styles.DATETIME_FORMAT
    elif fmt is None and isinstance(value, date):
        fmt = styles.DATE_FORMAT
    alignment = alignment or (styles.CENTER if kind in ("int", "percent", "date", "datetime") else styles.WRAP)
    font = font or styles.BODY_FONT
    # Registering a style with the workbook costs more than writing the cell: do it once per
    # combination and copy the resulting style indexes (a streamed ledger has a handful). The
    # indexes belong to one workbook: cached per workbook object, never by its id, which a
    # later workbook may reuse (its style lists would then lack the indexes).
    cache = _STYLE_CACHE.get(ws.parent)
    if cache is None:
        cache = _STYLE_CACHE[ws.parent] = {}
    key = (id(font), id(fill), id(border), id(alignment), fmt, quote)  # the objects of styles.py: they live on
    style = cache.get(key)
    if style is None:
        cell.font = font
        if fill is not None:
            cell.fill = fill
        if border is not None:
            cell.border = border
        cell.alignment = alignment
        if fmt:
            cell.number_format = fmt
        if quote:
            cell.quotePrefix = True  # Excel keeps it text when the cell is edited
        cache[key] = copy(cell._style)
    else:
        cell._style = copy(style)
    return cell


_STYLE_CACHE: WeakKeyDictionary[Workbook, dict[tuple, object]] = WeakKeyDictionary()


_FORMATS = {"percent": styles.PERCENT_FORMAT, "money": styles.MONEY_FORMAT, "date": styles.DATE_FORMAT,
            "datetime": styles.DATETIME_FORMAT}


def print_setup(ws, header_rows: str | None, landscape: bool = True) -> None:
    """A4, fit to one page wide, header rows repeated, page x of y in the footer."""
    ws.page_setup.paperSize = "9"  # A4 (Worksheet.PAPERSIZE_A4; write-only sheets lack the constant)
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


def list_validation(options: Sequence[str], title: str, cells: str) -> DataValidation:
    """A drop-down list (options joined must stay within Excel's 255 characters)."""
    formula = '"' + ",".join(options) + '"'
    if len(formula) > 255:
        raise ValueError(f"drop-down list too long for Excel: {title}")
    dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False)
    dv.error, dv.errorTitle = f"请从下拉列表中选择：{'、'.join(options)}", title
    dv.prompt, dv.promptTitle = f"请选择{title}", title
    dv.showErrorMessage = dv.showInputMessage = True
    dv.add(cells)
    return dv


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text / int / date / datetime / percent / money
    width: int | None = None  # fixed width in characters; None: measured
    min_width: int = 6


@dataclass
class SheetWriter:
    """Writes one sheet top to bottom; call ``start`` once, then ``row`` for each row, then ``finish``."""

    wb: Workbook
    name: str
    columns: Sequence[Column]
    title: str
    subtitle: str | None = None
    landscape: bool = True
    autofilter: bool = True
    show_header: bool = True  # False: the sheet is made of blocks written with ``raw``
    header_height: float = 30
    max_rows: int = EXCEL_MAX_ROWS
    # Rows between subtitle and header, as (value, make_cell keyword arguments) or None per column.
    extra_top: list[list[tuple | None]] = field(default_factory=list)
    streamed: bool = False  # rows are written with ``stream``: borders and fills by conditional format
    _widths: list[float] = field(default_factory=list, init=False)
    _highlights: list[tuple[int, object]] = field(default_factory=list, init=False)
    _styled_cells: dict[int, WriteOnlyCell] = field(default_factory=dict, init=False)
    _formatted: set[int] = field(default_factory=set, init=False)
    part: int = field(default=1, init=False)
    rows_written: int = field(default=0, init=False)

    def start(self, sample: Iterable[Sequence] = ()) -> SheetWriter:
        """Measure widths from the header and a sample of rows, then write the top of the sheet."""
        widths = [display_width(c.header) for c in self.columns]
        for values in sample:
            for i, v in enumerate(values[: len(widths)]):
                widths[i] = max(widths[i], display_width(_shown(v)))
        self._widths = [
            c.width if c.width else max(c.min_width, min(MAX_WIDTH, w + 2)) for c, w in zip(self.columns, widths)
        ]
        self._open_sheet()
        return self

    @property
    def header_row(self) -> int:
        return 2 + (1 if self.subtitle else 0) + len(self.extra_top)

    @property
    def first_data_row(self) -> int:
        return self.header_row + (1 if self.show_header else 0)

    @property
    def current_row(self) -> int:
        """The row number the next ``row`` call writes."""
        return self.first_data_row + self.rows_written

    def _open_sheet(self) -> None:
        name = self.name if self.part == 1 else f"{self.name}（{self.part}）"
        self.ws = ws = self.wb.create_sheet(name[:31])
        self._styled_cells = {}
        self._formatted = {i for i, c in enumerate(self.columns) if c.kind in ("money", "percent", "date", "datetime", "int")}
        width = len(self.columns)
        for i, w in enumerate(self._widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
        if self.show_header:
            ws.freeze_panes = f"A{self.first_data_row}"
        print_setup(ws, f"{self.header_row}:{self.header_row}" if self.show_header else None, self.landscape)
        title = self.title if self.part == 1 else f"{self.title}（续{self.part - 1}）"
        ws.row_dimensions[1].height = 28  # write-only: a row's height is set before the row
        ws.append([make_cell(ws, title, font=styles.TITLE_FONT, alignment=styles.CENTER, border=None)])
        ws.merged_cells.add(f"A1:{get_column_letter(max(width, 1))}1")
        if self.subtitle:
            ws.append([make_cell(ws, self.subtitle, font=styles.SUBTITLE_FONT, alignment=styles.LEFT, border=None)])
            ws.merged_cells.add(f"A2:{get_column_letter(max(width, 1))}2")
        for extra in self.extra_top:
            ws.append([make_cell(ws, spec[0], **spec[1]) if spec else None for spec in extra])
        if self.show_header:
            ws.row_dimensions[self.header_row].height = self.header_height
            ws.append(self.header_cells([c.header for c in self.columns]))
        self.rows_written = 0

    def header_cells(self, headers: Sequence[str]) -> list[WriteOnlyCell]:
        return [make_cell(self.ws, h, font=styles.HEADER_FONT, fill=styles.HEADER_FILL, alignment=styles.CENTER)
                for h in headers]

    def row(self, values: Sequence, fills: Sequence | None = None, fill=None, font=None) -> None:
        self._make_room()
        cells = []
        for i, (col, value) in enumerate(zip(self.columns, values)):
            cell_fill = fills[i] if fills is not None and fills[i] is not None else fill
            cells.append(make_cell(self.ws, value, col.kind, fill=cell_fill, font=font))
        self._append(cells, max((_lines(v, w) for v, w in zip(values, self._widths)), default=1))

    def _make_room(self) -> None:
        """Continue on a new sheet at Excel's row limit."""
        if self.first_data_row + self.rows_written > self.max_rows:
            self._close_sheet()
            self.part += 1
            self._open_sheet()

    def _append(self, cells: list, lines: int) -> None:
        ws = self.ws
        tall = self.current_row if lines > 1 else None
        if tall:  # wrapped text: Excel and LibreOffice do not grow rows by themselves on open
            ws.row_dimensions[tall].height = LINE_HEIGHT * lines + 2
        ws.append(cells)
        if tall:
            del ws.row_dimensions[tall]  # written with the row: keep memory flat over a million rows
        self.rows_written += 1

    def stream(self, values: Sequence) -> None:
        """A detail row at streaming speed (a national ledger has a million): plain values, with a
        styled cell only where text wraps or must be kept from reading as a formula. Borders and
        fills come from conditional formats over the whole table (see ``_close_sheet``), so the
        rows look like the styled ones on screen and in print."""
        self._make_room()
        ws = self.ws
        out = list(values)
        lines = 1
        for i, (value, width) in enumerate(zip(values, self._widths)):
            if value == "":
                out[i] = None  # an empty cell: not written at all (it looks the same)
                continue
            if value.__class__ is not str:
                if value is not None and i in self._formatted:  # numbers and dates: their format, centred
                    out[i] = self._refill(i, float(value) if isinstance(value, Decimal) else value)
                continue
            if not value.isprintable() or value[0] in FORMULA_STARTS:  # line breaks, control characters, "=…"
                out[i] = make_cell(ws, value, border=None)
                lines = max(lines, _lines(value, width))
            elif 2 * len(value) > width - 1 and (n := _lines(value, width)) > 1:  # (_lines' fast case, inline)
                out[i] = self._refill(i, value)
                lines = max(lines, n)
        self._append(out, lines)

    def _refill(self, i: int, value) -> WriteOnlyCell:
        """Column i's styled cell holding ``value``: one per column, refilled for every row
        (openpyxl writes a row when it is appended), so styling costs no new cell per row."""
        cell = self._styled_cells.get(i)
        if cell is None:
            cell = self._styled_cells[i] = make_cell(self.ws, value, self.columns[i].kind, border=None)
        cell.value = value
        return cell

    def highlight(self, column: int, fill) -> None:
        """Streamed rows whose ``column`` (0-based) is not blank get ``fill``."""
        self._highlights.append((column, fill))

    def cell(self, value, kind: str = "text", **style) -> WriteOnlyCell:
        return make_cell(self.ws, value, kind, **style)

    def raw(self, cells: list) -> None:
        """A row of cells made with ``cell`` (totals rows, category rows)."""
        self.ws.append(cells)
        self.rows_written += 1

    def _close_sheet(self) -> None:
        if not (self.show_header and self.rows_written):
            return
        first, last = self.first_data_row, self.first_data_row + self.rows_written - 1
        end = get_column_letter(len(self.columns))
        if self.autofilter:
            self.ws.auto_filter.ref = f"A{self.header_row}:{end}{last}"
        if self.streamed:
            cf = self.ws.conditional_formatting
            for column, fill in self._highlights:
                cf.add(f"A{first}:{end}{last}", FormulaRule(formula=[f'${get_column_letter(column + 1)}{first}<>""'],
                                                            fill=fill))
            cf.add(f"A{first}:{end}{last}", FormulaRule(formula=["TRUE"], border=styles.BORDER))

    def finish(self, empty: str = "无") -> None:
        if self.rows_written == 0 and empty:
            self.ws.append([make_cell(self.ws, empty)])
        self._close_sheet()


LINE_HEIGHT = 13.5  # points per line of 10-point text


def _lines(value, width: float) -> int:
    """Lines a wrapped value takes in a column of ``width`` characters."""
    if not isinstance(value, str) or isinstance(value, Formula) or not value:
        return 1
    usable = max(1.0, width - 1)
    if 2 * len(value) <= usable and "\n" not in value:
        return 1  # fits even if every character is double width
    return sum(max(1, -(-display_width(line) // usable)) for line in value.split("\n"))


def _shown(value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}"
    return "" if value is None else str(value)
