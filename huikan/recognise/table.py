"""The table locator shared by all importers.

Finds the header row below title rows and 填报单位/填报日期 lines, joins two-row
headers with merged cells, and maps columns to fields by meaning: each header is scored
against every field (``headers.header_scores``), an uncertain score is weighed with the
cells below it (``evidence.fit``), and columns and fields are paired best first; unknown
columns are kept aside, never a reason to refuse. Candidate header rows compete by the
sum of what they name. Below the header it skips blank, total and repeated-header rows,
rows that are not data (a section title, a document named across the table: listed in
``skipped`` for the import's notes), and stops at notes and signature rows (注：, 填表人：…).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from huikan.errors import Problem, col_letter
from huikan.reading.files import Cell, Sheet
from huikan.reading.text_tables import LOOKAHEAD_ROWS
from huikan.recognise.evidence import STRICT, fit
from huikan.recognise.headers import CERTAIN, THRESHOLD, WEAK, header_scores
from huikan.recognise.labels import labelled_values, split_labels
from huikan.recognise.values import fold, is_blank, text, text_column
from huikan.recognise.vocabulary import FIELD_KINDS

HEADER_SCAN_ROWS = 30  # a header further down than this is not a header people made
_MAX_MERGE_CELLS = 200_000  # a whole-column merge must not blow up memory

_FOOTER = re.compile(r"^(注|说明|备注|填表人|填报人|制表人|制表|审核人|审核|核稿|联系人|联系电话|负责人|单位负责人|主要负责人|分管负责人|领导签字|签字|签发|盖章|单位盖章|填表说明|填报说明)\d*[:：、.]")
_TOTAL = re.compile(r"^(合计|总计|小计|共计)")
# First characters of every footer and total word above (after NFKC folding, which keeps CJK as is).
_MARKER_STARTS = set("注说备填制审核联负单主分领签盖合总小共")
_WEEK = re.compile(r"(第\s*[0-9０-９一二三四五六七八九十]+\s*周)")
# A row with one filled cell that starts like this is a section or an attachment line, not data.
_BANNER = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]|附件|附表|附[:：])")
_SHORT_KINDS = frozenset({"short", "person", "phone", "count", "date", "week", "number", "mark", "amount", "name"})
EVIDENCE_ROWS = 30  # data rows the header scores are weighed with
_SECTION_REASONS = ("跨列合并的标题或说明行", "分节标题或附件说明")

Required = Sequence[str | tuple[str, ...]]  # a field, or a tuple of alternatives (one suffices)


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    field: str
    score: float = CERTAIN  # how sure the header (weighed with its cells) names the field

    @property
    def letter(self) -> str:
        return col_letter(self.index)


@dataclass(frozen=True)
class Skipped:
    """A row under the header that is not data, and why (named in the import's notes)."""

    row: int  # 1-based
    text: str
    reason: str


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
    headers: dict[int, tuple[str, str]] = field(default_factory=dict)  # every header cell: index -> (text, parent text)
    titles: list[str] = field(default_factory=list)  # the lines above the header, as written
    skipped: list[Skipped] = field(default_factory=list)
    # Other columns whose header names a mapped field for certain (two 整改状态 columns).
    duplicates: dict[str, list[Column]] = field(default_factory=dict)
    # Section titles between data rows (一、重大隐患): (first data row after it, 0-based in the sheet, text).
    sections: list[tuple[int, str]] = field(default_factory=list)
    swapped: list[tuple[Column, Column]] = field(default_factory=list)  # headers whose cells were each other's
    read_as: dict[int, str] = field(default_factory=dict)  # columns an importer read by position: what as
    offset: int = 0  # a later chunk of a sheet read a chunk at a time: the sheet row its row 0 is
    ended: bool = False  # a footer (注：, 填表人：) ended the table: no row after it is data
    head: Table | None = field(default=None, repr=False, compare=False)  # the table a later chunk continues
    # Its sheet's later chunks when the sheet is read a chunk at a time (``Sheet.rest``): kept when
    # the table is released; None on a later chunk's table.
    rest: Callable | None = field(default=None, repr=False, compare=False)
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
            self._numbers = [r + 1 + self.offset for r in self.row_indices]
        return self._numbers

    def continued(self, offset: int, rows: list[list[Cell]], after: list[list[Cell]]) -> Table | None:
        """The table's rows in a later chunk of its sheet (``rest``): the same columns, the chunk's
        rows as the sheet numbers them (``after``: the rows that follow); None once a footer has
        ended the table."""
        if self.ended:
            return None
        grid = MergedGrid(Sheet(self.sheet, rows, after=after))  # not cached in the sheet: no cycle to wait for the GC
        found, skipped, ended = _data_rows(grid, 0, self.columns, continued=True)
        skipped = [replace(s, row=s.row + offset) for s in skipped]
        # The section title in force at the chunk's start (一、重大隐患 above it) goes on.
        sections = [(0, self.sections[-1][1])] if self.sections else []
        sections += [(s.row, s.text) for s in skipped if s.reason in _SECTION_REASONS]
        return replace(self, row_indices=found, grid=grid, skipped=skipped, sections=sections, swapped=[],
                       offset=offset, ended=ended, head=self.head or self, rest=None)

    def later_parts(self) -> Iterator[Table]:
        """The table in each later chunk of its sheet (``rest``), in order, until a footer ends it;
        ValueError from the reader (a byte no encoding reads, the file changed or gone)."""
        table: Table | None = self
        for offset, rows, after in self.rest():
            table = table.continued(offset, rows, after)
            if table is None:
                return
            yield table

    def release_columns(self) -> None:
        """Forget the columns read so far (the fields were re-assigned)."""
        self._columns.clear()
        self._rows = None

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
    def score(self) -> float:
        return sum(c.score for c in self.columns.values())

    def field_at(self, index: int) -> str | None:
        return next((name for name, col in self.columns.items() if col.index == index), None)

    def cells_at(self, index: int) -> list[Cell]:
        """The data rows' cells of any column, mapped or not."""
        return [self.grid(r, index) for r in self.row_indices]


class MergedGrid:
    """Cell access where every cell of a merged range reads as its top-left value."""

    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.width = max((len(row) for row in sheet.rows), default=0)
        self.fill: dict[tuple[int, int], Cell] = {}
        self.spans_down: set[tuple[int, int]] = set()  # cells merged with the cell below them
        self.spans_across: dict[tuple[int, int], int] = {}  # top-left cell -> how many columns it spans
        self.in_across: set[tuple[int, int]] = set()  # every cell of a range merged across columns
        budget = _MAX_MERGE_CELLS
        for r0, c0, r1, c1 in sheet.merged:
            area = (r1 - r0 + 1) * (c1 - c0 + 1)
            if area > budget:
                continue
            budget -= area
            if c1 > c0:
                self.spans_across[(r0, c0)] = c1 - c0 + 1
                self.in_across.update((r0, c) for c in range(c0, c1 + 1))
            anchor = sheet.cell(r0, c0)
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        self.fill[(r, c)] = anchor
                    if r < r1:
                        self.spans_down.add((r, c))

    def across(self, r: int, c: int) -> bool:
        """Whether cell (r, c) lies in a range merged across two or more columns (its top row)."""
        return (r, c) in self.in_across

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


def forget_scan(sheet: Sheet) -> None:
    """Drop what the locators cached while they looked for headers (every row's texts and
    readings); the grid stays, the located tables read their cells through it."""
    grid = sheet.derived.get("grid")
    sheet.derived.clear()
    if grid is not None:
        sheet.derived["grid"] = grid


Scores = tuple[tuple[str, float], ...]  # (field, score) best first
Spellings = list[list[tuple[str, Scores]]]  # per column: (header text, fields it may name), best first


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


def _header_candidates(grid: MergedGrid) -> list[tuple[int, bool, int, frozenset[str]]]:
    """The rows (and pairs of rows) near the top that may be a header — no number or date among
    them (本周排查问题数 | 3 is a form's labels and values), some column naming a known field — as
    (first row, two rows?, columns naming a field, the fields they may name), top down. One pass
    per sheet that every importer's ``locate_table`` reads (a folder of 500 returns asked 7 times)."""
    cache = grid.sheet.derived
    if "candidates" not in cache:
        height = len(grid.sheet.rows)
        found = []
        for r in range(min(height, HEADER_SCAN_ROWS)):
            for two_rows in (False, True):
                if (two_rows and r + 1 >= height) or _holds_values(grid, r) or (two_rows and _holds_values(grid, r + 1)):
                    continue
                hits, named = _vocabulary_hits(grid, r, two_rows)
                if hits:
                    found.append((r, two_rows, hits, named))
        cache["candidates"] = found
    return cache["candidates"]


def _vocabulary_hits(grid: MergedGrid, r: int, two_rows: bool) -> tuple[int, frozenset[str]]:
    """How many columns of a candidate header name any known field, and every field they may
    name (``_header_candidates`` keeps them for the sheet)."""
    hits, named = 0, set()
    for spellings in _header_names(grid, r, two_rows):
        column_hit = False
        for _, scores in spellings:
            if scores:
                column_hit = True
                named.update(f for f, _ in scores)
        hits += column_hit
    return hits, frozenset(named)


_NUMERIC = re.compile(r"^[\d\s.,:：\-/年月日号时分]+$")
_COUNT = re.compile(r"^\d+(?:\.\d+)?\s*(?:处|个|项|条|家|次|件|起|名|人|所|座|例|万元|元|%)$")  # 3处: a value


def _scores(t: str) -> Scores:
    # Dates and numbers in a row are values, never headers (1.单位场所 is a header).
    return header_scores(t) if t and not _NUMERIC.match(t) else ()


def _compute_header_names(grid: MergedGrid, r: int, two_rows: bool) -> Spellings:
    if not two_rows:
        if _holds_values(grid, r):  # a row of values is no header: its cells need no reading as headers
            return [[(t, ())] if t else [] for t in _row_texts(grid, r)]
        return [[(t, _scores(t))] if t else [] for t in _row_texts(grid, r)]
    top_row, bottom_row = _header_names(grid, r, False), _header_names(grid, r + 1, False)
    # Two rows of which neither names a field are data, not a header: their cells are not
    # joined (looking up every joined pair of data cells is most of the cost of a scan).
    join = (any(s and s[0][1] for s in top_row) or any(s and s[0][1] for s in bottom_row)) and not (
        _holds_values(grid, r) or _holds_values(grid, r + 1))
    if not join:  # then no spelling of theirs names a field: no header here (most row pairs of a sheet)
        return [[] for _ in top_row]
    names: Spellings = []
    for c, (top, bottom) in enumerate(zip(_row_texts(grid, r), _row_texts(grid, r + 1))):
        if top and bottom and top != bottom:
            joined = top + bottom
            spellings = [(joined, _scores(joined) if join else ()), bottom_row[c][0]]
            if not grid.across(r, c):  # a group's title (问题情况 over 发现问题数 | 已整改) names no child alone
                spellings.append(top_row[c][0])
            names.append(spellings)
        else:
            names.append(top_row[c] or bottom_row[c])
    return names


def _holds_values(grid: MergedGrid, r: int) -> bool:
    """Whether a row holds numbers or dates among its text (headers are all text)."""
    cache = grid.sheet.derived.setdefault("holds_values", {})
    if r not in cache:
        cache[r] = any((isinstance(v, (int, float, date, datetime)) and not isinstance(v, bool))
                       or (isinstance(v, str) and (_COUNT.match(v.strip()) is not None
                                                   or (_NUMERIC.match(v.strip()) is not None and any(ch.isdigit() for ch in v))))
                       for v in grid.sheet.rows[r])
    return cache[r]


def _fit_below(grid: MergedGrid, last: int, c: int, field: str) -> float | None:
    """How well the cells of the EVIDENCE_ROWS * 2 rows under a header fit a field
    (``evidence.fit``), once per sheet: every importer that reads the same header weighs the
    same columns."""
    fits = grid.sheet.derived.setdefault("fits", {})
    if (last, c, field) not in fits:
        below = grid.sheet.derived.setdefault("below", {})
        if (last, c) not in below:
            end = min(len(grid.sheet.rows), last + 1 + EVIDENCE_ROWS * 2)
            below[(last, c)] = [grid(r, c) for r in range(last + 1, end)]
        fits[(last, c, field)] = fit(field, below[(last, c)])
    return fits[(last, c, field)]


def _map(grid: MergedGrid, names: Spellings, fields: frozenset[str], last: int, own: frozenset[str]
         ) -> tuple[dict[str, Column], list[str], set[int], dict[str, list[Column]]]:
    """Columns paired with fields best first, unknown headers, and the columns named through their top row.

    A certain header keeps its score; an uncertain one is weighed with how well the cells
    below it fit the field, so 序号 numbering 一…九 is the item and a column of long texts is
    not 本周排查问题数."""
    candidates: list[tuple[float, int, int, str, int]] = []  # (score, -spelling, column, field, spelling)
    for c, spellings in enumerate(names):
        for i, (_, scored) in enumerate(spellings):
            for name, score in scored:
                if name not in fields or score < WEAK:
                    continue
                if score < CERTAIN:
                    agreement = _fit_below(grid, last, c, name)
                    if score <= WEAK:  # a weak synonym names the field only when its cells clearly agree
                        score = THRESHOLD if agreement is not None and agreement >= 0.8 else 0.0
                    else:
                        score = score * (0.6 + 0.4 * agreement) if agreement is not None else score * 0.9
                    if score < THRESHOLD:
                        continue
                candidates.append((score, -i, c, name, i))
    candidates.sort(key=lambda t: (-t[0], t[3] not in own, -t[1], t[2]))  # a tie goes to the importer's own field
    columns: dict[str, Column] = {}
    taken: set[int] = set()
    via_top: set[int] = set()
    for score, _, c, name, i in candidates:
        if name in columns or c in taken:
            continue
        spellings = names[c]
        columns[name] = Column(c, spellings[0][0].replace("\n", ""), name, round(score, 3))
        taken.add(c)
        if len(spellings) == 3 and i != 1:  # the parent text was needed: 分管负责人 + 姓名
            via_top.add(c)
    duplicates: dict[str, list[Column]] = {}
    for score, _, c, name, _i in candidates:
        if c not in taken and name in columns and score >= CERTAIN:
            duplicates.setdefault(name, []).append(Column(c, names[c][0][0].replace("\n", ""), name, score))
    unknown = [spellings[0][0] for c, spellings in enumerate(names) if spellings and c not in taken]
    return dict(sorted(columns.items(), key=lambda kv: kv[1].index)), unknown, via_top, duplicates


def _swap_contradicted(grid: MergedGrid, columns: dict[str, Column], last: int
                       ) -> tuple[dict[str, Column], list[tuple[Column, Column]]]:
    """Two columns whose cells contradict their headers and fit each other's (时限 holding the plans,
    预案 holding the dates: pasted one column off) are read by their cells; the pair is returned so
    the notes say so."""
    # Only a column of a strict kind (dates, counts, statuses…) can contradict its header.
    strict = [name for name in columns if FIELD_KINDS.get(name) in STRICT]
    poor = [name for name in strict
            if (f := _fit_below(grid, last, columns[name].index, name)) is not None and f < 0.35]
    if not poor:
        return columns, []
    fits = {name: _fit_below(grid, last, col.index, name) for name, col in columns.items()}
    swapped = []
    done: set[str] = set()
    for a in poor:
        for b in columns:
            if a in done or b in done or b == a:
                continue
            theirs_here = _fit_below(grid, last, columns[a].index, b) or 0  # a's cells read as b
            mine_there = _fit_below(grid, last, columns[b].index, a) or 0  # b's cells read as a
            if theirs_here >= 0.8 and mine_there >= 0.8 and mine_there > (fits[b] or 0) + 0.3:
                ca, cb = columns[a], columns[b]
                columns[a], columns[b] = replace(cb, field=a), replace(ca, field=b)
                swapped.append((ca, cb))
                done |= {a, b}
    return columns, swapped


def satisfies(columns: Collection[str], required: Required) -> bool:
    for need in required:
        options = need if isinstance(need, tuple) else (need,)
        if not any(o in columns for o in options):
            return False
    return True


def locate_table(sheet: Sheet, fields: Iterable[str], required: Required, min_columns: int = 2,
                 excluded: Iterable[str] = ()) -> Table | None:
    """The table in a sheet whose header best matches ``fields``; None when there is none, or when
    a column names one of the ``excluded`` fields (another kind's: a unit list's 类别 in a ledger)
    rather than one of ``fields``."""
    excluded = frozenset(excluded) - frozenset(fields)
    own = frozenset(fields)
    fields = own | excluded
    grid = merged_grid(sheet)
    best = None
    best_key: tuple | None = None
    for r, two_rows, hits, named in _header_candidates(grid):
        if hits < min_columns or not satisfies(named & fields, required):
            continue  # this importer's header cannot be here
        last = r + 1 if two_rows else r
        columns, unknown, via_top, duplicates = _map(grid, _header_names(grid, r, two_rows), fields, last, own)
        if len(columns) < min_columns or not satisfies(columns, required) or excluded & columns.keys():
            continue
        # Most named (by score); then the header that ends first; then a real two-row header
        # (cells merged down into the second row, or parents that name their children)
        # over one row; then one row over two (a title above a header is not a header).
        uses_top = two_rows and (bool(via_top) or any((r, c.index) in grid.spans_down for c in columns.values()))
        total = round(sum(c.score for c in columns.values()), 1)
        key = (total, -last, int(uses_top), -int(two_rows))
        if best_key is None or key > best_key:
            best, best_key = (r, last, columns, unknown, two_rows, duplicates), key
    if best is None:
        return None
    first, last, columns, unknown, two_rows, duplicates = best
    columns, swapped = _swap_contradicted(grid, columns, last)
    rows, skipped, ended = _data_rows(grid, last + 1, columns)
    sections = [(s.row, s.text) for s in skipped if s.reason in _SECTION_REASONS]
    return Table(
        sheet=sheet.name,
        header_rows=(first + 1, last + 1),
        columns=columns,
        row_indices=rows,
        grid=grid,
        meta=_meta_lines(sheet, first),
        unknown_headers=unknown,
        headers=_header_cells(grid, first, two_rows),
        titles=_title_lines(sheet, first),
        skipped=skipped,
        duplicates=duplicates,
        sections=sections,
        swapped=swapped,
        ended=ended,
        rest=sheet.rest,
    )


def _header_cells(grid: MergedGrid, first: int, two_rows: bool) -> dict[int, tuple[str, str]]:
    """Every column's header text and, in a two-row header, the group text above it."""
    top = _row_texts(grid, first)
    if not two_rows:
        return {c: (t, "") for c, t in enumerate(top) if t}
    bottom = _row_texts(grid, first + 1)
    out = {}
    for c, (t, b) in enumerate(zip(top, bottom)):
        if b and t and b != t:
            out[c] = (b, t)
        elif t or b:
            out[c] = (t or b, "")
    return out


def _data_rows(grid: MergedGrid, start: int, columns: dict[str, Column],
               continued: bool = False) -> tuple[list[int], list[Skipped], bool]:
    """The data rows below a header: not blank in the table's columns, not a total or a repeated
    header, not a section or attachment line; a footer (注：, 填表人：…) ends the table (and the
    last value says it did). ``continued``: the rows are a later chunk, not under the header."""
    header_texts = {fold(c.header) for c in columns.values()}
    header_starts = {h[:1] for h in header_texts}
    merged = bool(grid.fill)
    indices = [col.index for col in columns.values()]
    kinds = [FIELD_KINDS.get(name, "any") for name in columns]
    need = max(indices, default=-1) + 1  # a row this long holds every column of the table
    found: list[int] = []
    skipped: list[Skipped] = []
    rows = grid.sheet.rows
    for r in range(start, len(rows)):
        raw = rows[r]
        first = raw[0] if raw and not is_blank(raw[0]) else next((v for v in raw if not is_blank(v)), None)
        if first is None:
            continue
        if isinstance(first, str):
            lead = first.strip()[:1]
            # Footers, totals and repeated headers start with a few known characters: fold only those.
            if lead in _MARKER_STARTS or lead in header_starts or not lead.isalnum():
                folded = fold(first)
                if _FOOTER.match(folded):
                    later = _rows_after_footer(grid, r + 1, indices)
                    if later:
                        skipped.append(Skipped(r + 1, text(first)[:40],
                                               f"“{text(first)[:10]}”之后还有 {later} 行内容，未作为数据导入"))
                    return found, skipped, True
                if _TOTAL.match(folded):
                    skipped.append(Skipped(r + 1, text(first)[:40], "合计行"))
                    continue
                if folded in header_texts:
                    values = [grid(r, c) for c in indices]
                    if {fold(v) for v in values if not is_blank(v)} <= header_texts:
                        continue  # the header repeated (printed tables often repeat it)
        if merged:
            values = [grid(r, c) for c in indices]
        elif len(raw) >= need:
            values = [raw[c] for c in indices]
        else:
            values = [raw[c] if c < len(raw) else None for c in indices]
        filled = len(values) - values.count(None) - values.count("")  # at C speed: most rows are full
        if filled <= 1 or (merged and filled < len(values) + 1 and len({v for v in values if not is_blank(v)}) == 1):
            if all(is_blank(v) for v in values):
                continue
            if len(values) > 1 and (reason := _not_data(grid, r, values, kinds, indices)):
                skipped.append(Skipped(r + 1, text(next(v for v in values if not is_blank(v)))[:40], reason))
                continue
        if not found and not continued and _numbering(values):
            skipped.append(Skipped(r + 1, " ".join(text(v) for v in values)[:40], "表头下的栏目编号行"))
            continue
        found.append(r)
    return found, skipped, False


def _numbering(values: list) -> bool:
    """1 | 2 | 3 | … under a header: the columns' numbers (栏次), not a record."""
    numbers = [v for v in values if not is_blank(v)]
    if len(numbers) < 3 or len(numbers) < len(values) - 1:
        return False
    try:
        ints = [int(float(text(v))) for v in numbers]
    except ValueError:
        return False
    return ints == list(range(ints[0], ints[0] + len(ints))) and ints[0] in (0, 1)


def _not_data(grid: MergedGrid, r: int, values: list, kinds: list[str], indices: list[int]) -> str | None:
    """Why a row with one filled cell is not a data row, or None when it may be one."""
    k = next(i for i, v in enumerate(values) if not is_blank(v))
    value, c = values[k], indices[k]
    s = text(value)
    if grid.across(r, c):
        return "跨列合并的标题或说明行"
    if isinstance(value, str) and split_labels(s) and split_labels(s)[0].label == fold(s)[:len(split_labels(s)[0].label)]:
        return "填报说明或落款行"  # 报送时间：…, 填表人：… under the table
    if isinstance(value, str) and _BANNER.match(fold(value)) and len(s) <= 60:
        return "分节标题或附件说明"
    if kinds[k] in _SHORT_KINDS and isinstance(value, str) and len(s) > 30:
        return "只有一格长文字，不像数据"
    if kinds[k] == "number":
        return "只有序号，没有内容"  # a pre-numbered row of the template left empty
    return None


def _rows_after_footer(grid: MergedGrid, start: int, indices: list[int]) -> int:
    """Rows below a footer that fill two or more of the table's columns (not signatures), in the
    LOOKAHEAD_ROWS after it: past the sheet's end, in the rows after a chunk (``Sheet.after``)."""
    count = 0
    end = start + LOOKAHEAD_ROWS
    for r in range(start, min(len(grid.sheet.rows), end)):
        count += _more_data([grid(r, c) for c in indices])
    for row in grid.sheet.after[:max(0, end - len(grid.sheet.rows))]:  # a text table: no merged cells
        count += _more_data([row[c] if c < len(row) else None for c in indices])
    return count


def _more_data(values: list) -> bool:
    return sum(not is_blank(v) for v in values) >= 2 and not _FOOTER.match(fold(values[0]))


def _meta_lines(sheet: Sheet, header_row: int) -> dict[str, str]:
    """填报单位 / 填报日期 / 第N周 written in the title area above the header, however many share a cell."""
    meta: dict[str, str] = {}
    for r in range(header_row):
        line = "  ".join(text(v) for v in sheet.rows[r] if not is_blank(v))
        for key, value in labelled_values(line).items():
            meta.setdefault(key, value)
        if "week" not in meta and (m := _WEEK.search(line)):
            meta["week"] = m[1]
    return meta


def _title_lines(sheet: Sheet, header_row: int) -> list[str]:
    return [line for r in range(header_row) if (line := " ".join(text(v) for v in sheet.rows[r] if not is_blank(v)))]
