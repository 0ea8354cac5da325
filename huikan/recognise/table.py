"""The table locator shared by all importers.

Finds the header row below title rows and 填报单位/填报日期 lines, joins two-row
headers with merged cells, maps columns through the synonym vocabulary, skips blank
and total rows, and stops at notes and signature rows (注：, 填表人：, 审核人：…).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from huikan.errors import Problem, col_letter
from huikan.reading.files import Cell, Sheet
from huikan.recognise.values import fold, is_blank, text, text_column
from huikan.recognise.vocabulary import fields_named

HEADER_SCAN_ROWS = 30  # a header further down than this is not a header people made
_MAX_MERGE_CELLS = 200_000  # a whole-column merge must not blow up memory

_FOOTER = re.compile(r"^(注|说明|备注|填表人|填报人|制表人|制表|审核人|审核|核稿|联系人|联系电话|负责人|单位负责人|主要负责人|分管负责人|领导签字|签字|签发|盖章|单位盖章|填表说明|填报说明)\d*[:：、.]")
_TOTAL = re.compile(r"^(合计|总计|小计|共计)")
# First characters of every footer and total word above (after NFKC folding, which keeps CJK as is).
_MARKER_STARTS = set("注说备填制审核联负单主分领签盖合总小共")
_META = {
    "unit": re.compile(r"(?:填报单位|报送单位|单位名称|单位)[(（]?(?:盖章|公章)?[)）]?[:：]\s*(.*?)(?=\s{2,}|填报日期|报送日期|填报时间|报送时间|填表人|联系人|$)"),
    "date": re.compile(r"(?:填报日期|报送日期|填报时间|报送时间|日期)[:：]\s*(.*?)(?=\s{2,}|填表人|联系人|$)"),
    "week": re.compile(r"(第\s*[0-9０-９一二三四五六七八九十]+\s*周)"),
}

Required = Sequence[str | tuple[str, ...]]  # a field, or a tuple of alternatives (one suffices)


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    field: str

    @property
    def letter(self) -> str:
        return col_letter(self.index)


@dataclass
class Row:
    number: int  # as Excel numbers rows (1-based)
    values: dict[str, Cell]

    def get(self, name: str) -> Cell:
        return self.values.get(name)


@dataclass
class Table:
    sheet: str
    header_rows: tuple[int, int]  # first and last header row, 1-based
    columns: dict[str, Column]
    row_indices: list[int]  # the data rows, 0-based in the sheet
    grid: MergedGrid | None = field(default=None, repr=False, compare=False)
    meta: dict[str, str] = field(default_factory=dict)  # 填报单位 / 填报日期 / 第N周 lines above the header
    unknown_headers: list[str] = field(default_factory=list)
    _rows: list[Row] | None = field(default=None, init=False, repr=False, compare=False)
    _picked: list[list[Cell]] | None = field(default=None, init=False, repr=False, compare=False)
    _rectangular: bool = field(default=False, init=False, repr=False, compare=False)
    _numbers: list[int] | None = field(default=None, init=False, repr=False, compare=False)
    _columns: dict[str, list[Cell]] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def rows(self) -> list[Row]:
        """The data rows as Row objects, built when first asked for (a 100k-row ledger is read
        column by column instead, see ``column``)."""
        if self._rows is None:
            picks = [(name, col.index) for name, col in self.columns.items()]
            cell = self.grid
            self._rows = [Row(r + 1, {name: cell(r, c) for name, c in picks}) for r in self.row_indices]
        return self._rows

    def column(self, name: str) -> list[Cell]:
        """One field's cell in every data row (None throughout when the table lacks it). Kept:
        the checks and then the importer read the same columns. Not to be changed in place."""
        cells = self._columns.get(name)
        if cells is None:
            cells = self._columns[name] = self._column(name)
        return cells

    def _column(self, name: str) -> list[Cell]:
        col = self.columns.get(name)
        if col is None:
            return [None] * len(self.row_indices)
        c = col.index
        if self.grid.fill:
            return [self.grid(r, c) for r in self.row_indices]
        if self._picked is None:
            rows = self.grid.sheet.rows
            self._picked = list(map(rows.__getitem__, self.row_indices))
            self._rectangular = len(set(map(len, self._picked))) <= 1
        if self._rectangular and self._picked and c < len(self._picked[0]):
            return [row[c] for row in self._picked]
        return [row[c] if c < len(row) else None for row in self._picked]

    @property
    def numbers(self) -> list[int]:
        """The data rows as Excel numbers them."""
        if self._numbers is None:
            self._numbers = [r + 1 for r in self.row_indices]
        return self._numbers

    def release(self) -> None:
        """Forget the rows and the sheet (once extracted: memory stays flat over a batch)."""
        self.row_indices, self._rows, self._picked, self._numbers, self.grid = [], None, None, None, None
        self._columns.clear()

    def problem(self, row: Row | int | None, name: str | None, message: str) -> Problem:
        """A problem located at a row and a field's column, as the clerk would look for it."""
        col = self.columns.get(name) if name else None
        return Problem(
            message,
            sheet=self.sheet,
            row=row.number if isinstance(row, Row) else row,
            column=col.letter if col else None,
            header=col.header if col else None,
        )

    @property
    def score(self) -> int:
        return len(self.columns)


class MergedGrid:
    """Cell access where every cell of a merged range reads as its top-left value."""

    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.width = max((len(row) for row in sheet.rows), default=0)
        self.fill: dict[tuple[int, int], Cell] = {}
        self.spans_down: set[tuple[int, int]] = set()  # cells merged with the cell below them
        budget = _MAX_MERGE_CELLS
        for r0, c0, r1, c1 in sheet.merged:
            area = (r1 - r0 + 1) * (c1 - c0 + 1)
            if area > budget:
                continue
            budget -= area
            anchor = sheet.cell(r0, c0)
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        self.fill[(r, c)] = anchor
                    if r < r1:
                        self.spans_down.add((r, c))

    def __call__(self, r: int, c: int) -> Cell:
        value = self.sheet.cell(r, c)
        if is_blank(value) and (r, c) in self.fill:
            return self.fill[(r, c)]
        return value


def merged_grid(sheet: Sheet) -> MergedGrid:
    """The sheet's grid, built once for all the importers that look at the sheet."""
    grid = sheet.derived.get("grid")
    if grid is None:
        grid = sheet.derived["grid"] = MergedGrid(sheet)
    return grid


Spellings = list[list[tuple[str, tuple[str, ...]]]]  # per column: (header text, fields it may name), best first


def _row_texts(grid: MergedGrid, r: int) -> list[str]:
    cache = grid.sheet.derived.setdefault("texts", {})
    if r not in cache:
        row = grid.sheet.rows[r] if not grid.fill else [grid(r, c) for c in range(grid.width)]
        cache[r] = text_column(row) + [""] * (grid.width - len(row))
    return cache[r]


def _header_names(grid: MergedGrid, r: int, two_rows: bool) -> Spellings:
    """Per column, the header spellings to try, best first (computed once per sheet and row)."""
    cache = grid.sheet.derived.setdefault("header_names", {})
    if (r, two_rows) not in cache:
        cache[(r, two_rows)] = _compute_header_names(grid, r, two_rows)
    return cache[(r, two_rows)]


def _vocabulary_hits(grid: MergedGrid, r: int, two_rows: bool) -> tuple[int, frozenset[str]]:
    """How many columns of a candidate header name any known field, and every field they may
    name (once per sheet and row): rows that cannot be any importer's header are passed over."""
    cache = grid.sheet.derived.setdefault("hits", {})
    if (r, two_rows) not in cache:
        hits, named = 0, set()
        for spellings in _header_names(grid, r, two_rows):
            column_hit = False
            for _, fields in spellings:
                if fields:
                    column_hit = True
                    named.update(fields)
            hits += column_hit
        cache[(r, two_rows)] = (hits, frozenset(named))
    return cache[(r, two_rows)]


def _compute_header_names(grid: MergedGrid, r: int, two_rows: bool) -> Spellings:
    if not two_rows:
        return [[(t, fields_named(t))] if t else [] for t in _row_texts(grid, r)]
    top_row, bottom_row = _header_names(grid, r, False), _header_names(grid, r + 1, False)
    # Two rows of which neither names a field are data, not a header: their cells are not
    # joined (looking up every joined pair of data cells is most of the cost of a scan).
    join = any(s and s[0][1] for s in top_row) or any(s and s[0][1] for s in bottom_row)
    names: Spellings = []
    for c, (top, bottom) in enumerate(zip(_row_texts(grid, r), _row_texts(grid, r + 1))):
        if top and bottom and top != bottom:
            joined = top + bottom
            names.append([(joined, fields_named(joined) if join else ()), bottom_row[c][0], top_row[c][0]])
        else:
            names.append(top_row[c] or bottom_row[c])
    return names


def _map(names: Spellings, fields: frozenset[str]) -> tuple[dict[str, Column], list[str], set[int]]:
    """Columns mapped to fields, unknown headers, and the columns named through their top row."""
    columns: dict[str, Column] = {}
    unknown = []
    via_top: set[int] = set()
    for c, spellings in enumerate(names):
        for i, (spelling, named) in enumerate(spellings):
            name = next((f for f in named if f in fields), None)
            if name and name not in columns:
                columns[name] = Column(c, spellings[0][0].replace("\n", ""), name)
                if len(spellings) == 3 and i != 1:  # the parent text was needed: 分管负责人 + 姓名
                    via_top.add(c)
                break
        else:
            if spellings:
                unknown.append(spellings[0][0])
    return columns, unknown, via_top


def satisfies(columns: Collection[str], required: Required) -> bool:
    for need in required:
        options = need if isinstance(need, tuple) else (need,)
        if not any(o in columns for o in options):
            return False
    return True


def locate_table(sheet: Sheet, fields: Iterable[str], required: Required, min_columns: int = 2) -> Table | None:
    """The table in a sheet whose header best matches ``fields``; None when there is none."""
    fields = frozenset(fields)
    grid = merged_grid(sheet)
    best = None
    best_key: tuple[int, int, int, int] | None = None
    for r in range(min(len(sheet.rows), HEADER_SCAN_ROWS)):
        for two_rows in (False, True):
            if two_rows and r + 1 >= len(sheet.rows):
                continue
            hits, named = _vocabulary_hits(grid, r, two_rows)
            if hits < min_columns or not satisfies(named & fields, required):
                continue  # a data or title row: this importer's header cannot be here
            columns, unknown, via_top = _map(_header_names(grid, r, two_rows), fields)
            if len(columns) < min_columns or not satisfies(columns, required):
                continue
            last = r + 1 if two_rows else r
            # Most fields named; then the header that ends first; then a real two-row header
            # (cells merged down into the second row, or parents that name their children)
            # over one row; then one row over two (a title above a header is not a header).
            uses_top = two_rows and (bool(via_top) or any((r, c.index) in grid.spans_down for c in columns.values()))
            key = (len(columns), -last, int(uses_top), -int(two_rows))
            if best_key is None or key > best_key:
                best, best_key = (r, last, columns, unknown), key
    if best is None:
        return None
    first, last, columns, unknown = best
    return Table(
        sheet=sheet.name,
        header_rows=(first + 1, last + 1),
        columns=columns,
        row_indices=_data_rows(grid, last + 1, columns),
        grid=grid,
        meta=_meta_lines(sheet, first),
        unknown_headers=unknown,
    )


def _data_rows(grid: MergedGrid, start: int, columns: dict[str, Column]) -> list[int]:
    """The data rows below a header: not blank in the table's columns, not a total or a repeated
    header; a footer (注：, 填表人：…) ends the table."""
    header_texts = {fold(c.header) for c in columns.values()}
    header_starts = {h[:1] for h in header_texts}
    merged = bool(grid.fill)
    indices = [col.index for col in columns.values()]
    width = grid.width
    found = []
    for r in range(start, len(grid.sheet.rows)):
        raw = grid.sheet.rows[r]
        first = raw[0] if raw and not is_blank(raw[0]) else next((v for v in raw if not is_blank(v)), None)
        if first is None:
            continue
        if isinstance(first, str):
            lead = first.strip()[:1]
            # Footers, totals and repeated headers start with a few known characters: fold only those.
            if lead in _MARKER_STARTS or lead in header_starts or not lead.isalnum():
                folded = fold(first)
                if _FOOTER.match(folded):
                    break
                if _TOTAL.match(folded):
                    continue
                if folded in header_texts:
                    values = [grid(r, c) for c in indices]
                    if {fold(v) for v in values if not is_blank(v)} <= header_texts:
                        continue  # the header repeated (printed tables often repeat it)
        if merged:
            values = [grid(r, c) for c in indices]
        elif len(raw) >= width:
            values = [raw[c] for c in indices]
        else:
            values = [raw[c] if c < len(raw) else None for c in indices]
        if all(is_blank(v) for v in values):
            continue
        found.append(r)
    return found


def _meta_lines(sheet: Sheet, header_row: int) -> dict[str, str]:
    """填报单位 / 填报日期 / 第N周 written in the title area above the header."""
    meta: dict[str, str] = {}
    for r in range(header_row):
        line = "  ".join(text(v) for v in sheet.rows[r] if not is_blank(v))
        for key, pattern in _META.items():
            if key in meta:
                continue
            m = pattern.search(line)
            if m and m[1].strip():
                meta[key] = m[1].strip()
    return meta
