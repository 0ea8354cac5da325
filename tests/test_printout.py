"""A printout a leader can read, checked on the written workbooks as Excel lays them out: the
printed size of the text, top-aligned cells, no line starting with a closing mark, headers
broken only where we break them."""

import math
import unicodedata
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from huikan.cli.demo import stage_inbox
from huikan.importers.runner import import_paths
from huikan.reports.overdue import compute_overdue, overdue_report
from huikan.reports.rollup import HAZARD_COLUMNS, compute_rollup, hazard_rows
from huikan.workbook.report_book import write_report
from huikan.workbook.rollup import write_rollup
from huikan.workbook.writer import break_lines

from .conftest import NOW, SAMPLE

AS_OF = datetime(2018, 12, 24, 9, 0)
PRINT_VIEWS = ["逾期未整改", "重大隐患"]
HAZARD_SHEETS = ["问题隐患台账", *PRINT_VIEWS]
MIN_POINTS = 9
# A line may not begin with these (the list, and their half-width forms).
CLOSING = set("、，。；：？！）」』”’】》〉〕,.;:?!)]")
PAPER_MM = {9: (210, 297), 8: (297, 420)}  # A4, A3: short side, long side
PX_PER_CHAR = 7  # Excel's column unit at 96 dpi: the digit width of the default font (宋体 10 pt)
# Where 宋体 is missing, LibreOffice takes the digit width of the font it substitutes; with
# DejaVu Sans that is 0.636 em = 8.5 px, measured on this machine's PDF renderings.
PX_PER_CHAR_SUBSTITUTED = 8.5
HEADER_FILL = "D9E1F2"


@pytest.fixture
def books(ledger_with_units, tmp_path):
    """The rollup and the overdue workbook of the sample inbox, read back."""
    inbox = stage_inbox(SAMPLE, tmp_path / "demo")
    assert all(r.outcome in ("imported", "updated") for r in import_paths(ledger_with_units, [inbox], now=NOW))
    with ledger_with_units.reading() as conn:
        rollup = write_rollup(compute_rollup(conn, AS_OF), lambda **kw: hazard_rows(conn, AS_OF.date(), **kw),
                              tmp_path / "汇总.xlsx")
        overdue = write_report(overdue_report(compute_overdue(conn, AS_OF)), tmp_path / "逾期.xlsx", "截至 2018-12-24 09:00")
    return load_workbook(rollup), load_workbook(overdue)


def width(text: str) -> int:
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in text.split("\n"))


def column_widths(ws) -> list[float]:
    """Each column's width in characters as Excel shows it (the stored width less its 5 px padding)."""
    stored = {}
    for dim in ws.column_dimensions.values():
        for c in range(dim.min, dim.max + 1):
            stored[c] = dim.width
    return [stored.get(c, 8.43) for c in range(1, ws.max_column + 1)]


def printed_points(ws, px_per_char: float = PX_PER_CHAR) -> float:
    """The smallest font on the sheet as it prints: font size x the scale Excel prints at
    (fit to the page width: the printable width over the table's, at most 100 %, in whole percent)."""
    setup = ws.page_setup
    short, long = PAPER_MM[int(setup.paperSize)]
    paper_in = (long if setup.orientation == "landscape" else short) / 25.4
    printable_px = (paper_in - ws.page_margins.left - ws.page_margins.right) * 96
    table_px = sum(round(w * px_per_char) for w in column_widths(ws))
    if ws.sheet_properties.pageSetUpPr.fitToPage:
        assert setup.fitToHeight == 0  # as many pages down as it takes: only the width sets the scale
        scale = min(100, math.floor(100 * (setup.fitToWidth or 1) * printable_px / table_px)) / 100
    else:
        scale = (setup.scale or 100) / 100
    smallest = min(c.font.sz for row in ws.iter_rows() for c in row if c.value is not None)
    return smallest * scale


def test_hazard_sheets_print_at_nine_points_or_more(books):
    rollup, _ = books
    for name in PRINT_VIEWS:
        ws = rollup[name]
        assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, "landscape")  # A4
        assert printed_points(ws) >= 10  # Excel prints the view at 100 %
        # and where 宋体 is substituted by a font with wider digits, the fit still keeps 9 pt
        assert printed_points(ws, PX_PER_CHAR_SUBSTITUTED) >= MIN_POINTS
        assert len(ws[3]) == 11
    full = rollup["问题隐患台账"]
    assert len(full[3]) == len(HAZARD_COLUMNS) == 22
    assert (full.page_setup.paperSize, full.page_setup.orientation) == (8, "landscape")  # A3
    assert printed_points(full) >= MIN_POINTS
    for name in HAZARD_SHEETS:  # the page numbers keep their 9 pt whatever the scale
        assert rollup[name].HeaderFooter.scaleWithDoc is False


def test_every_data_cell_is_top_aligned(books):
    """Below the title, subtitle and header row, every cell holding a value sits at the top of
    its row, in every sheet of both workbooks (header cells stay centred)."""
    checked = 0
    for wb in books:
        for ws in wb.worksheets:
            header_rows = {3} if ws.print_title_rows == "$3:$3" else set()
            for row in ws.iter_rows(min_row=3):
                for c in row:
                    if c.value is None or c.row in header_rows or (c.fill.fgColor.rgb or "").endswith(HEADER_FILL):
                        continue
                    assert c.alignment.vertical == "top", (ws.title, c.coordinate, c.value)
                    checked += 1
            for c in ws[3] if header_rows else ():
                assert c.alignment.vertical == "center"
    assert checked > 1000


def test_no_line_after_a_break_starts_with_a_closing_mark(books):
    broken = []
    for wb in books:
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, str) and "\n" in c.value:
                        broken.append(c.value)
                        for line in c.value.split("\n")[1:]:
                            assert line[:1] not in CLOSING, (ws.title, c.coordinate, c.value)
    assert "缺措施、\n责任、\n资金、预案" in broken  # our own list, broken after its 、
    assert any(v.startswith("整改期限：立即整改\n") for v in broken)  # a unit's own line breaks, kept


def test_headers_break_only_where_we_break_them(books):
    """Each header line fits its column (CJK counted as 2, scaled from the body's 10 pt to the
    header's size, plus one character of padding), so Excel breaks a header nowhere else."""
    rollup, overdue = books
    sheets = [rollup[n] for n in ("报送情况", "每周进展", "分单位统计", "九项检查", *HAZARD_SHEETS)] + overdue.worksheets
    for ws in sheets:
        widths = column_widths(ws)
        for c, w in zip(ws[3], widths):
            if c.value is None:
                continue
            need = math.ceil(width(c.value) * c.font.sz / 10) + 1
            assert need <= round(w - 5 / 7, 2), (ws.title, c.value, w)
            assert all(len(line) >= 2 for line in c.value.split("\n")), c.value  # no orphaned character
    # The full table's headers are the fields' names, split at most between two words.
    assert [c.value.replace("\n", "") for c in rollup["问题隐患台账"][3]] == [h for h, _, _ in HAZARD_COLUMNS]


def test_print_views_show_the_full_tables_rows(books):
    """A print view is the full table filtered (逾期天数 not blank; 重大隐患 是) and cut to its
    columns; only the line breaks differ."""
    rollup, _ = books
    full = rollup["问题隐患台账"]
    fields = [c.value.replace("\n", "") for c in full[3]]
    rows = {r[0]: dict(zip(fields, r)) for r in full.iter_rows(min_row=4, values_only=True)}
    flat = lambda v: "".join(v.split()) if isinstance(v, str) else v
    names = {"重大\n隐患": "重大隐患", "整改\n状态": "整改状态", "逾期\n天数": "逾期天数"}
    expected = {"逾期未整改": [k for k, r in rows.items() if r["逾期天数"]],
                "重大隐患": [k for k, r in rows.items() if r["重大隐患"] == "是"]}
    for name in PRINT_VIEWS:
        ws = rollup[name]
        header = [names.get(c.value, c.value) for c in ws[3]]
        view = list(ws.iter_rows(min_row=4, values_only=True))
        assert [r[0] for r in view] == expected[name]
        for r in view:
            assert [flat(v) for v in r] == [flat(rows[r[0]][h]) for h in header]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="疏散通道堵塞消防设施、，。；：？！）（“”」「KTV2018-12 \n", max_size=80), st.integers(3, 40))
def test_break_lines(text, columns):
    """Lines that fit the column (a closing mark may hang past it where nothing can be pushed
    down), no line after the first starting with a closing mark, nothing lost but spaces."""
    out = break_lines(text, columns)
    assert "".join(out.split()) == "".join(text.split())
    lines = out.split("\n")
    for line in out.lstrip("\n").split("\n")[1:]:  # (a text may begin with a mark: nothing to move it to)
        assert line[:1] not in CLOSING
    for line in lines:
        assert width(line.rstrip("".join(CLOSING) + " ")) <= max(2, columns - 1)
