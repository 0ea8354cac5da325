"""The one writer every huikan workbook uses (XlsxWriter in constant-memory mode: each row goes
to disk when the next one starts, so memory stays flat however long the ledger).

A SheetWriter writes a title, a subtitle, a header and then rows, with the shared styles,
column widths measured from display width (and never narrower than a header line), frozen
header, borders, data cells top-aligned, A4 (or A3) landscape fit to one page wide, header
rows repeated on every page and "page x of y" in the footer. Text is always written as text
(never a formula), control characters Excel rejects are removed, and a sheet that would pass
Excel's row limit continues on a new sheet. Columns meant to be read on paper can have their
text broken into lines by the writer (``Column.prebreak``, ``break_lines``).

Why XlsxWriter and not openpyxl (which reads our test workbooks): a styled cell costs
openpyxl a cell object, a style lookup and an exception round trip; XlsxWriter takes a
value and a format. Measured on 100k hazards: 33.5 s with openpyxl, 21 s here, against
19 s for openpyxl writing the same rows without any style (benchmarks/run.py).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError, FileSizeError
from xlsxwriter.utility import xl_col_to_name

from huikan.display import show
from huikan.errors import HuikanError
from huikan.ledger.limits import TEXT_LIMIT
from huikan.outputs import replaced_on_success, temporary_beside
from huikan.workbook import styles

MAX_WIDTH = 50  # characters; longer text wraps
EXCEL_MAX_ROWS = 1_048_576
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Points per line of 10-point text: 宋体 needs 13.5, the CJK font LibreOffice substitutes where
# it is missing (Noto Sans CJK) 14.5. The larger, so that no cell's last line is cut off on paper.
LINE_HEIGHT = 14.5
MAX_ROW_HEIGHT = 409  # points: Excel's largest row; a taller text scrolls inside its cell
CELL_LIMIT = TEXT_LIMIT  # characters Excel keeps in a cell (XlsxWriter cuts a longer text without a word)
CM = 96 / 2.54  # pixels per centimetre, for chart sizes
A4, A3 = 9, 8  # Excel's paper sizes

# Kinsoku (避头尾): marks a line may not begin with, and marks it may not end with.
NO_LINE_START = frozenset("、，。．；：？！）］｝」』】〕〗〉》”’…‥％,.;:?!)]}%")
NO_LINE_END = frozenset("（［｛「『【〔〖〈《“‘([{")
BREAK_AFTER = frozenset("、，。；：？！ ")  # where a line would rather end
# A run of Latin letters and digits (a date, an amount, KTV) stays on one line; anything else
# is a unit of one character.
_UNIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-/%:]*|.", re.DOTALL)
_LATIN = re.compile(r"[A-Za-z0-9]")

# Characters XML 1.0 forbids (a workbook holding one will not open); tab and line breaks stay.
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")


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


def header_width(header: str) -> int:
    """The narrowest column (in body characters) that shows every line of a header unbroken:
    the header font is larger than the body font widths are counted in, plus one of padding.
    A header breaks where it holds "\n" (整改资金\n（万元）) and nowhere else."""
    scale = styles.HEADER_FONT["font_size"] / styles.BODY_FONT["font_size"]
    return math.ceil(display_width(header) * scale) + 1


# Words a header of ours may end a line after (及, 和…), and Chinese words of two characters:
# 问题隐患台账 breaks as 问题隐患 / 台账, never as 问题隐 / 患台账.
_HEADER_WORDS = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-/:]*|[\u4e00-\u9fff]{1,2}?[及和与、]|[\u4e00-\u9fff]{1,2}|\S")


def header_lines(text: str, width: int) -> str:
    """A header (a deliverable's name, made by the campaign file) broken into lines that fit a
    column ``width`` wide, between words: after 及/和/与/、, between two-character words, at spaces."""
    lines: list[str] = []
    for part in text.split("\n"):
        line = ""
        for word in re.findall(r"\S+|\s+", part):
            for piece in ([word] if word.isspace() else _HEADER_WORDS.findall(word)):
                if line.strip() and header_width(line + piece) > width:
                    lines.append(line.strip())
                    line = "" if piece.isspace() else piece
                else:
                    line += piece
        lines.append(line.strip())
    return "\n".join(lines)


@lru_cache(maxsize=8192)  # unit names, venues, names of people: the same few texts, row after row
def break_lines(text: str, width: float) -> str:
    """``text`` broken into lines of a column ``width`` characters wide, short enough that
    Excel, WPS and LibreOffice show them as they are and wrap nothing themselves. No line
    begins with a closing mark (、，。）…) or ends with an opening one: LibreOffice's own
    wrapping honours neither, and a line starting with 、 reads as a mistake on paper. A line
    ends after a 、，。 when one falls in its second half, so that lists break between items."""
    usable = max(2, int(width) - 1)  # as ``_lines`` counts them
    if 2 * len(text) <= usable and "\n" not in text:
        return text
    lines: list[str] = []
    for para in text.split("\n"):
        # A mark the text itself put first on a line goes up to the end of the last line with text.
        last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i]), None)
        while last is not None and para[:1] and para[0] in NO_LINE_START:
            lines[last] += para[0]
            para = para[1:]
        lines.extend(_break_paragraph(para, usable) if 2 * len(para) > usable and display_width(para) > usable
                     else [para])
    return "\n".join(lines)


def _break_paragraph(para: str, usable: int) -> list[str]:
    if _LATIN.search(para):
        units: list[str] = []
        for u in _UNIT.findall(para):
            if len(u) > 1 and len(u) > usable:
                units.extend(u)  # a run longer than a line breaks anywhere
            else:
                units.append(u)
    else:
        units = list(para)
    # A run of more than one character is ASCII: one column a character.
    widths = [_WIDTHS[u] if len(u) == 1 else len(u) for u in units]
    n, i, lines = len(units), 0, []
    while i < n:
        j, w = i, 0
        while j < n and (w + widths[j] <= usable or j == i):
            w += widths[j]
            j += 1
        if j == n:
            lines.append("".join(units[i:]))
            break

        def allowed(k: int) -> bool:  # may a line end before units[k]? (the next line starts after spaces)
            start = k
            while start < n and units[start] == " ":
                start += 1
            return (start == n or units[start][0] not in NO_LINE_START) and units[k - 1][-1] not in NO_LINE_END

        k = j
        while k > i + 1 and not allowed(k):  # push a character down with the mark
            k -= 1
        if not allowed(k):  # nothing to push (a line of one long run): the marks hang at its end
            k = j
            while k < n and (units[k] == " " or units[k][0] in NO_LINE_START):
                k += 1
        else:  # the last 、，。 in the line's second half, if any, ends it
            line_width, m = sum(widths[i:k]), k
            while m > i + 1 and line_width >= usable / 2:
                if units[m - 1][-1] in BREAK_AFTER and allowed(m):
                    k = m
                    break
                line_width -= widths[m - 1]
                m -= 1
        lines.append("".join(units[i:k]).rstrip(" "))
        i = k
        while i < n and units[i] == " ":
            i += 1
    return lines


def row_memory(ws) -> list[dict]:
    """The dicts in which XlsxWriter keeps every row's height until the file closes. They are
    its internals (``row_info`` and ``row_sizes``, both since 3.3: the floor in pyproject.toml),
    so they are looked up, not assumed: without them a streamed sheet still comes out right,
    only its memory grows (100k hazards: 104 MiB instead of 55). tests/test_workbook_styles.py
    fails when the installed XlsxWriter no longer has them."""
    return [d for d in (getattr(ws, "row_info", None), getattr(ws, "row_sizes", None)) if isinstance(d, dict)]


def column_letter(n: int) -> str:
    """Excel's letter for the n-th column, 1-based (1 -> A)."""
    return xl_col_to_name(n - 1)


class Formula(str):
    """A value that is meant to be a formula (everything else that looks like one is text)."""


@dataclass(frozen=True, slots=True)
class Cell:
    """A value and the format it is written with (None: the workbook's default, the body font)."""

    value: object
    format: object = None


class Book:
    """A workbook being written for ``path``; ``save`` finishes it. It is written to a temporary
    file beside ``path`` and renamed into place only when complete (``huikan.outputs``). Formats
    are registered once per combination of styles (a streamed ledger uses a handful)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.temp = temporary_beside(self.path)
        self.wb = xlsxwriter.Workbook(str(self.temp), {
            "constant_memory": True,
            # Text stays text: no formulas, numbers or links made out of what a unit wrote.
            "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
            "default_format_properties": dict(styles.DEFAULT),
        })
        self._formats: dict[tuple, object] = {}

    def format(self, *, font=None, fill=None, border=styles.BORDER, alignment=None, number_format: str | None = None,
               quote: bool = False):
        # The style objects of styles.py live as long as the program: their ids are stable keys.
        key = (id(font), id(fill), id(border), id(alignment), number_format, quote)
        fmt = self._formats.get(key)
        if fmt is None:
            props = {**(font or styles.BODY_FONT), **(fill or {}), **(border or {}), **(alignment or {})}
            if number_format:
                props["num_format"] = number_format
            if quote:
                props["quote_prefix"] = True  # Excel keeps it text when the cell is edited
            fmt = self._formats[key] = self.wb.add_format(props)
        return fmt

    def conditional(self, *, fill=None, border=None):
        """A format for conditional formatting: only what it changes (no font, no alignment)."""
        key = ("conditional", id(fill), id(border))
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = self._formats[key] = self.wb.add_format({**(fill or {}), **(border or {})})
        return fmt

    def chart(self, kind: str):
        return self.wb.add_chart({"type": kind})

    def add_sheet(self, name: str):
        return self.wb.add_worksheet(name[:31])

    def save(self) -> Path:
        with replaced_on_success(self.path, self.temp):
            try:
                self.wb.close()
            except FileCreateError as exc:  # XlsxWriter's wrapper of the OSError it met
                reason = exc.args[0] if exc.args else exc
                raise reason if isinstance(reason, OSError) else OSError(str(reason)) from None
            except FileSizeError:  # past 4 GiB uncompressed: far beyond Excel's row limits in practice
                raise HuikanError(f"无法写入文件 {self.path}：工作簿超过 4 GB，请分批导出") from None
        return self.path


def new_workbook(path: str | Path) -> Book:
    return Book(path)


_FORMATS = {"percent": styles.PERCENT_FORMAT, "money": styles.MONEY_FORMAT, "date": styles.DATE_FORMAT,
            "datetime": styles.DATETIME_FORMAT}


def make_cell(book: Book, value, kind: str = "text", *, font=None, fill=None, alignment=None, border=styles.BORDER,
              number_format: str | None = None) -> Cell:
    """A styled cell holding the value as what it is: text as text, numbers as numbers, dates as dates."""
    if isinstance(value, Decimal):
        value = float(value)
    quote = False
    if isinstance(value, str) and not isinstance(value, Formula):
        if not value.isprintable():
            value = _ILLEGAL.sub("", value)
        quote = value[:1] in FORMULA_STARTS
    fmt = number_format or _FORMATS.get(kind)
    if fmt is None and isinstance(value, datetime):
        fmt = styles.DATETIME_FORMAT
    elif fmt is None and isinstance(value, date):
        fmt = styles.DATE_FORMAT
    alignment = alignment or (styles.CENTER if kind in ("int", "percent", "date", "datetime") else styles.WRAP)
    return Cell(value, book.format(font=font, fill=fill, border=border, alignment=alignment, number_format=fmt,
                                   quote=quote))


def within_cell(text: str) -> str:
    """A text Excel can hold: a longer one is cut with a line saying so, never silently."""
    if len(text) <= CELL_LIMIT:
        return text
    tail = f"……（以下从略：原文共 {len(text)} 字，超过 Excel 单元格 {CELL_LIMIT} 字的上限；全文保存在 huikan 账本中）"
    return text[:CELL_LIMIT - len(tail)] + tail


def write_value(ws, r: int, c: int, value, fmt=None) -> None:
    """One value at 0-based (r, c) with the writer call for its type."""
    cls = value.__class__
    if cls is str:
        ws.write_string(r, c, value if len(value) <= CELL_LIMIT else within_cell(value), fmt)
    elif value is None:
        if fmt is not None:
            ws.write_blank(r, c, None, fmt)
    elif cls is Formula:
        ws.write_formula(r, c, value, fmt, "")  # no cached result: LibreOffice and WPS then compute it
    elif cls is bool:
        ws.write_boolean(r, c, value, fmt)
    elif cls is int or cls is float:
        ws.write_number(r, c, value, fmt)
    elif isinstance(value, Decimal):
        ws.write_number(r, c, float(value), fmt)
    elif isinstance(value, (datetime, date, time)):
        ws.write_datetime(r, c, value, fmt)
    else:  # str subclasses and anything else: as the text it shows
        ws.write_string(r, c, within_cell(str(value)), fmt)


def print_setup(ws, header_row: int | None, landscape: bool = True, paper: int = A4) -> None:
    """A4 (or A3), fit to one page wide, the header row (1-based) repeated, page x of y in the
    footer (at its own 9 pt, not shrunk with the sheet)."""
    ws.set_paper(paper)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    if header_row:
        ws.repeat_rows(header_row - 1)
    ws.set_footer("&C&9第 &P 页，共 &N 页", {"scale_with_doc": False})


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text / int / date / datetime / percent / money
    width: int | None = None  # fixed width in characters; None: measured
    min_width: int = 6
    prebreak: bool = False  # text broken into lines by the writer (``break_lines``), for reading on paper


@dataclass
class SheetWriter:
    """Writes one sheet top to bottom; call ``start`` once, then ``row`` for each row, then ``finish``.

    Rows are numbered as Excel numbers them (``current_row``, 1-based), for formulas."""

    wb: Book
    name: str
    columns: Sequence[Column]
    title: str
    subtitle: str | None = None
    landscape: bool = True
    autofilter: bool = True
    show_header: bool = True  # False: the sheet is made of blocks written with ``raw``
    header_height: float = 32  # two lines of the 11-point header font
    paper: int = A4
    fit_headers: bool = True  # columns widened to show each header line unbroken (``header_width``)
    max_rows: int = EXCEL_MAX_ROWS
    # Rows between subtitle and header, as (value, make_cell keyword arguments) or None per column.
    extra_top: list[list[tuple | None]] = field(default_factory=list)
    streamed: bool = False  # rows are written with ``stream``: borders and fills by conditional format
    _widths: list[float] = field(default_factory=list, init=False)
    _highlights: list[tuple[int, object]] = field(default_factory=list, init=False)
    _last: list[Cell] = field(default_factory=list, init=False)
    part: int = field(default=1, init=False)
    rows_written: int = field(default=0, init=False)

    def start(self, sample: Iterable[Sequence] = ()) -> SheetWriter:
        """Measure widths from the header and a sample of rows, then write the top of the sheet."""
        widths = [display_width(c.header) for c in self.columns]
        for values in sample:
            for i, v in enumerate(values[: len(widths)]):
                widths[i] = max(widths[i], display_width(show(v)))
        self._widths = [
            c.width if c.width else max(c.min_width, min(MAX_WIDTH, w + 2)) for c, w in zip(self.columns, widths)
        ]
        if self.show_header and self.fit_headers:  # a header breaks where it says ("\n"), not inside a word
            self._widths = [max(w, header_width(c.header)) for c, w in zip(self.columns, self._widths)]
        self._prebreak_widths = [(i, w) for i, (c, w) in enumerate(zip(self.columns, self._widths))
                                 if c.prebreak and c.kind == "text"]
        self._any_prebreak = bool(self._prebreak_widths)
        book = self.wb
        # Streamed rows: numbers and dates in their column's format, centred; long or odd text
        # wrapped (text that looks like a formula also quoted). Borders come from the table's
        # conditional format, so these formats have none.
        self._stream_formats = [
            book.format(border=None, alignment=styles.CENTER, number_format=_FORMATS.get(c.kind))
            if c.kind in ("money", "percent", "date", "datetime", "int") else None
            for c in self.columns
        ]
        self._wrap = book.format(border=None, alignment=styles.WRAP)
        self._quoted = book.format(border=None, alignment=styles.WRAP, quote=True)
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
        self.ws = ws = self.wb.add_sheet(name)
        self._row_memory = row_memory(ws)
        width = len(self.columns)
        for i, w in enumerate(self._widths):
            ws.set_column(i, i, w)
        if self.show_header:
            ws.freeze_panes(self.first_data_row - 1, 0)
        print_setup(ws, self.header_row if self.show_header else None, self.landscape, self.paper)
        title = self.title if self.part == 1 else f"{self.title}（续{self.part - 1}）"
        ws.set_row(0, 28)
        self._merged(0, width, make_cell(self.wb, title, font=styles.TITLE_FONT, alignment=styles.HEADING, border=None))
        if self.subtitle:
            self._merged(1, width, make_cell(self.wb, self.subtitle, font=styles.SUBTITLE_FONT, alignment=styles.LEFT,
                                             border=None))
        for r, extra in enumerate(self.extra_top, start=1 + (1 if self.subtitle else 0)):
            self._write(r, [make_cell(self.wb, spec[0], **spec[1]) if spec else None for spec in extra])
        if self.show_header:
            ws.set_row(self.header_row - 1, self.header_height)
            self._write(self.header_row - 1, self.header_cells([c.header for c in self.columns]))
        self.rows_written = 0

    def _merged(self, r: int, width: int, cell: Cell) -> None:
        if width > 1:
            self.ws.merge_range(r, 0, r, width - 1, cell.value, cell.format)
        else:
            write_value(self.ws, r, 0, cell.value, cell.format)

    def _write(self, r: int, cells: Sequence[Cell | None]) -> None:
        ws = self.ws
        for c, cell in enumerate(cells):
            if cell is not None:
                write_value(ws, r, c, cell.value, cell.format)

    def header_cells(self, headers: Sequence[str]) -> list[Cell]:
        return [make_cell(self.wb, h, font=styles.HEADER_FONT, fill=styles.HEADER_FILL, alignment=styles.HEADING)
                for h in headers]

    def _broken(self, values: Sequence) -> Sequence:
        """Values with the text of ``prebreak`` columns broken into lines for their width."""
        values = list(values)
        for i, width in self._prebreak_widths:
            v = values[i]
            if v.__class__ is str and (2 * len(v) > width - 1 or "\n" in v):  # (break_lines' fast case, inline)
                values[i] = break_lines(v, width)
        return values

    def row(self, values: Sequence, fills: Sequence | None = None, fill=None, font=None) -> None:
        if self._any_prebreak:
            values = self._broken(values)
        cells = []
        for i, (col, value) in enumerate(zip(self.columns, values)):
            cell_fill = fills[i] if fills is not None and fills[i] is not None else fill
            cells.append(make_cell(self.wb, value, col.kind, fill=cell_fill, font=font))
        self.raw(cells, _height(max((_lines(v, w) for v, w in zip(values, self._widths)), default=1)))

    def _make_room(self) -> None:
        """Continue on a new sheet at Excel's row limit."""
        if self.first_data_row + self.rows_written > self.max_rows:
            self._close_sheet()
            self.part += 1
            self._open_sheet()

    def stream(self, values: Sequence) -> None:
        """A detail row at streaming speed (a national ledger has a million): plain values, with a
        format only where text wraps or must be kept from reading as a formula, and on numbers
        and dates. Borders and fills come from conditional formats over the whole table (see
        ``_close_sheet``), so the rows look like the styled ones on screen and in print."""
        self._make_room()
        ws, r = self.ws, self.current_row - 1
        lines = 1
        if self._any_prebreak:
            values = self._broken(values)
        cells = []
        for i, (value, width, fmt) in enumerate(zip(values, self._widths, self._stream_formats)):
            if value is None or value == "":
                continue  # an empty cell: not written at all (it looks the same)
            if value.__class__ is not str:
                cells.append((i, value, fmt))
                continue
            if not value.isprintable() or value[0] in FORMULA_STARTS:  # line breaks, control characters, "=…"
                value = _ILLEGAL.sub("", value)
                cells.append((i, value, self._quoted if value[:1] in FORMULA_STARTS else self._wrap))
                lines = max(lines, _lines(value, width))
            elif 2 * len(value) > width - 1 and (n := _lines(value, width)) > 1:  # (_lines' fast case, inline)
                cells.append((i, value, self._wrap))
                lines = max(lines, n)
            else:
                cells.append((i, value, None))
        if lines > 1:  # wrapped text: Excel and LibreOffice do not grow rows by themselves on open
            ws.set_row(r, _height(lines))
        for i, value, fmt in cells:
            write_value(ws, r, i, value, fmt)
        if cells and self._row_memory:
            # Writing this row sent the one before to disk, but XlsxWriter keeps every row's
            # height until the file closes (its size twice: to write the row and to place
            # images; a streamed table has none): drop both, memory stays flat.
            for kept in self._row_memory:
                kept.pop(r - 1, None)
        self.rows_written += 1

    def highlight(self, column: int, fill) -> None:
        """Streamed rows whose ``column`` (0-based) is not blank get ``fill``."""
        self._highlights.append((column, fill))

    def cell(self, value, kind: str = "text", **style) -> Cell:
        return make_cell(self.wb, value, kind, **style)

    def raw(self, cells: list[Cell | None], height: float | None = None) -> None:
        """A row of cells made with ``cell`` (totals rows, category rows), optionally of a height."""
        self._make_room()
        r = self.current_row - 1
        if height:
            self.ws.set_row(r, height)
        self._write(r, cells)
        self._last = cells
        self.rows_written += 1

    def merge_last(self, first: int, last: int) -> None:
        """Merge columns ``first``..``last`` (1-based) of the row just written, keeping its first cell."""
        cell = self._last[first - 1] if first - 1 < len(self._last) else None
        r = self.current_row - 2
        self.ws.merge_range(r, first - 1, r, last - 1, cell.value if cell else None, cell.format if cell else None)

    def list_validation(self, column: int, first: int, last: int, options: Sequence[str], title: str) -> None:
        """A drop-down list on rows ``first``..``last`` of a column (1-based); the options joined
        must stay within Excel's 255 characters."""
        if len('"' + ",".join(options) + '"') > 255:
            raise ValueError(f"drop-down list too long for Excel: {title}")
        self.ws.data_validation(first - 1, column - 1, last - 1, column - 1, {
            "validate": "list", "source": list(options), "ignore_blank": True,
            "input_title": title[:32], "input_message": f"请选择{title}"[:255],
            # A warning, not a stop: huikan reads other wording too (accept and say so).
            "error_type": "warning", "error_title": title[:32],
            "error_message": f"建议从下拉列表中选择：{'、'.join(options)}。仍要填写其他内容请点“是”。"[:255],
        })

    def _close_sheet(self) -> None:
        if not (self.show_header and self.rows_written):
            return
        first, last = self.first_data_row, self.first_data_row + self.rows_written - 1
        end = len(self.columns) - 1
        if self.autofilter:
            self.ws.autofilter(self.header_row - 1, 0, last - 1, end)
        if self.streamed:
            for column, fill in self._highlights:
                self.ws.conditional_format(first - 1, 0, last - 1, end, {
                    "type": "formula", "criteria": f'=${column_letter(column + 1)}{first}<>""',
                    # with the border too: LibreOffice applies only the first rule that holds
                    "format": self.wb.conditional(fill=fill, border=styles.BORDER)})
            self.ws.conditional_format(first - 1, 0, last - 1, end, {
                "type": "formula", "criteria": "=TRUE", "format": self.wb.conditional(border=styles.BORDER)})

    def finish(self, empty: str = "无") -> None:
        if self.rows_written == 0 and empty:
            self.raw([make_cell(self.wb, empty)])
        self._close_sheet()


def _height(lines: int) -> float | None:
    return min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines + 2) if lines > 1 else None


def _lines(value, width: float) -> int:
    """Lines a wrapped value takes in a column of ``width`` characters."""
    if not isinstance(value, str) or isinstance(value, Formula) or not value:
        return 1
    usable = max(1.0, width - 1)
    if 2 * len(value) <= usable and "\n" not in value:
        return 1  # fits even if every character is double width
    return sum(max(1, -(-display_width(line) // usable)) for line in value.split("\n"))
