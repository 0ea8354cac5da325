"""Read .xlsx/.xls/.ods (python-calamine) and .csv/.txt (``text_tables``) into sheets.

python-calamine is the reader: measured on this 2-core machine it reads a 100k-row
.xlsx about 15x faster than openpyxl's read-only mode, reads .xls and .ods too, and
returns the cached values of formula cells. Workbooks are written with XlsxWriter.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import islice
from pathlib import Path

from huikan.errors import InputError, Problem
from huikan.reading import isolated, text_tables
from huikan.reading.safety import check_zip, xlsx_cell_issues
from huikan.reading.text_tables import LOOKAHEAD_ROWS, mostly_text, open_text_table, utf16_variant

Cell = str | float | int | bool | date | datetime | time | None

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".et"}
CSV_SUFFIXES = {".csv", ".txt"}
DOCUMENT_SUFFIXES = {".doc", ".docx", ".pdf", ".wps", ".ofd", ".rtf"}

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]]  # a rectangle from A1; empty cells are "" or None
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (r0, c0, r1, c1), 0-based inclusive
    # Cells read as blank that are not: (row, col) 0-based -> "公式" (no cached value) or the error ("#REF!")
    cell_issues: dict[tuple[int, int], str] = field(default_factory=dict)
    # What recognisers derive from the sheet once and every importer reuses (merged grid, header texts).
    derived: dict = field(default_factory=dict, repr=False, compare=False)
    # A sheet read a chunk at a time (a long text table): the rows after ``rows``, as (index of the
    # first, rows) chunks, read when called. Only an importer that streams reads them so.
    rest: Callable[[], Iterator[tuple[int, list[list[Cell]], list[list[Cell]]]]] | None = field(
        default=None, repr=False, compare=False)
    after: list[list[Cell]] = field(default_factory=list, repr=False, compare=False)  # the rows that follow a chunk

    def cell(self, r: int, c: int) -> Cell:
        row = self.rows[r] if r < len(self.rows) else []
        return row[c] if c < len(row) else None

    def read_rest(self) -> None:
        """Every row in ``rows`` (for an importer that reads a sheet whole); InputError from the reader."""
        if self.rest is not None:
            chunks, self.rest, self.after = self.rest(), None, []
            for _, rows, _ in chunks:
                self.rows += rows
            self.derived.clear()


@dataclass
class SourceDoc:
    """One received file: its bytes' digest, and its sheets when it is a spreadsheet."""

    path: Path
    sha256: str
    format: str  # xlsx / xls / ods / csv / docx (a Word document's tables) / document
    sheets: list[Sheet]
    hidden: list[str] = field(default_factory=list)  # hidden worksheets, not read
    notes: list[str] = field(default_factory=list)  # what reading the bytes changed (NUL characters…)
    text: str = ""  # a document's own text (paragraphs; a PDF's first page), for telling its unit

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def is_document(self) -> bool:
        """A document recorded as a receipt: no table in it to read."""
        return self.format == "document" or (self.format == "docx" and not self.sheets)


def not_a_regular_file(path: Path) -> str | None:
    """Why a path is not read, or None for a regular file (a link is followed). Anything else is
    never opened: opening a pipe waits for a writer forever, a device (/dev/zero) never ends."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "文件不存在" if not os.path.lexists(path) else "文件不存在（是指向不存在文件的链接）"
    except OSError as exc:
        return f"无法读取文件：{exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "不是文件（是文件夹）"
    kind = ("命名管道" if stat.S_ISFIFO(mode) else "设备文件" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "套接字" if stat.S_ISSOCK(mode) else "特殊文件")
    return f"不是普通文件（{kind}），未打开，已跳过"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sniff_format(path: Path, head: bytes) -> str:
    """The real format from the file's first bytes, the suffix only as a tie-breaker."""
    suffix = path.suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:
        if suffix == ".docx" and head.startswith(_ZIP_MAGIC):
            return "docx"
        if suffix in (".doc", ".wps") and head.startswith(_OLE_MAGIC):
            return "doc"  # read once LibreOffice has made it a .docx
        if suffix == ".pdf" and head.startswith(b"%PDF"):
            return "pdf"
        return "document"
    if head.startswith(_ZIP_MAGIC):
        return "ods" if suffix == ".ods" else "xlsx"
    if head.startswith(_OLE_MAGIC):
        return "xls"
    if suffix in SPREADSHEET_SUFFIXES and head.lstrip()[:1] == b"<":
        return "html"  # "xls" exported from web systems are often HTML tables
    if suffix in SPREADSHEET_SUFFIXES | CSV_SUFFIXES and (utf16_variant(head) or mostly_text(head)):
        return "csv"  # text (UTF-16 too; a stray NUL is the text's, not a sign of a binary)
    if b"\x00" in head:
        return "broken"  # binary, but neither a zip nor an OLE container
    if suffix in SPREADSHEET_SUFFIXES | CSV_SUFFIXES:
        return "csv"  # text named .xlsx: some systems export CSV under that name
    return "unknown"


def read_document(path: str | Path, digest: str | None = None) -> SourceDoc:
    path = Path(path)
    if (why := not_a_regular_file(path)) is not None:
        raise InputError(str(path), [Problem(why)])
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
        digest = digest or sha256_of(path)
    except OSError as exc:
        raise InputError(str(path), [Problem(f"无法读取文件：{exc.strerror or exc}")]) from None
    fmt = sniff_format(path, head)
    if fmt == "document":
        return SourceDoc(path, digest, fmt, [])
    if fmt in ("docx", "doc", "pdf"):
        return _read_document_file(path, digest, fmt)
    if fmt in ("xlsx", "xls", "ods"):
        sheets, hidden = isolated.read_workbook(path, fmt)  # in a helper process: calamine may abort
        return SourceDoc(path, digest, fmt, sheets, hidden)
    if fmt == "csv":
        sheet, notes = _read_csv(path)
        return SourceDoc(path, digest, fmt, [sheet], notes=notes)
    if fmt == "broken":
        raise InputError(str(path), [Problem(f"文件已损坏或不是有效的工作簿（{path.suffix}），请让报送单位重新保存后发送")])
    if fmt == "html":
        raise InputError(str(path), [Problem("文件实为网页（HTML）格式，请在 Excel/WPS 中另存为 .xlsx 后再导入")])
    raise InputError(str(path), [Problem(f"不支持的文件类型「{path.suffix or '无扩展名'}」")])


def _read_document_file(path: Path, digest: str, fmt: str) -> SourceDoc:
    """A Word document's tables and text; a .doc or .wps through LibreOffice; a PDF's first page."""
    from huikan.reading import word

    if fmt == "pdf":
        return SourceDoc(path, digest, "document", [], text=isolated.first_page_text(path))
    try:
        if fmt == "docx":
            sheets, text = word.read_docx(path)
            return SourceDoc(path, digest, "docx", sheets, text=text)
        with tempfile.TemporaryDirectory(prefix="huikan-doc-") as workdir:
            converted = word.converted_to_docx(path, Path(workdir))
            if converted is None:
                return SourceDoc(path, digest, "document", [], notes=[
                    f"未安装 LibreOffice，无法读取 {path.suffix} 文件中的表格，按文档记录收到（安装 LibreOffice 后重新导入即可读取）"])
            sheets, text = word.read_docx(converted)
        return SourceDoc(path, digest, "docx", sheets, notes=[f"{path.suffix} 文件已用 LibreOffice 转换为 .docx 后读取"],
                         text=text)
    except InputError as exc:  # damaged, or LibreOffice could not convert it: still the unit's document, received
        return SourceDoc(path, digest, "document", [], notes=[f"{exc.problems[0].message}；按文档记录收到"])


def pdf_first_page(path: Path) -> str:
    """The text of a PDF's first page ("" for a scan without a text layer, or a PDF pypdf cannot read)."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        return (reader.pages[0].extract_text() or "")[:20_000] if reader.pages else ""
    except Exception:  # noqa: BLE001 — any failure of a third-party parser on a unit's PDF: no text
        return ""  # the file name alone tells the unit


MAX_BLANK_RUN = 5000  # this many empty rows in a row end a sheet: formatting, not data


WHOLE_READ_ROWS = 300_000  # sheets up to this tall are read in one call; taller ones row by row


def _read_rows(sheet) -> list[list[Cell]]:
    """The sheet's rows from A1, up to the last one with a value or to a run of MAX_BLANK_RUN
    empty rows (a million formatted blank rows are formatting, not data)."""
    if sheet.total_height > WHOLE_READ_ROWS:  # row by row: the blank run may end it early
        return _read_streamed(sheet)
    rows = sheet.to_python(skip_empty_area=False)  # from A1, at C speed
    filled = [i for i, row in enumerate(rows) if _filled(row)]
    end = -1
    for i in filled:
        if i - end - 1 > MAX_BLANK_RUN:
            break
        end = i
    del rows[end + 1:]
    return _without_blank_tail(rows)


def _read_streamed(sheet) -> list[list[Cell]]:
    pad = [""] * sheet.start[1] if sheet.start else []  # iter_rows starts at the first used column
    rows: list[list[Cell]] = []
    blank_run = 0
    for row in sheet.iter_rows():
        if _filled(row):
            blank_run = 0
        else:
            blank_run += 1
            if blank_run > MAX_BLANK_RUN:
                break
        rows.append(pad + row if pad else row)
    return _without_blank_tail(rows)


def _filled(row: list[Cell]) -> bool:
    first = next(filter(None, row), None)  # the first truthy cell, found at C speed
    if first is not None and (first.__class__ is not str or first.strip()):
        return True  # the usual row
    return _has_value(row)  # spaces, or only 0 / False / empty cells


def _has_value(row: list[Cell]) -> bool:
    return any(v is not None and (not isinstance(v, str) or v.strip()) for v in row)


def _without_blank_tail(rows: list[list[Cell]]) -> list[list[Cell]]:
    while rows and not _has_value(rows[-1]):
        rows.pop()
    return rows


PARALLEL_SCAN_BYTES = 1 << 20


def _read_workbook(path: Path, fmt: str) -> tuple[list[Sheet], list[str]]:
    from concurrent.futures import ThreadPoolExecutor

    if fmt in ("xlsx", "ods"):
        check_zip(path)
    if fmt != "xlsx":
        (sheets, hidden), issues = _read_sheets(path, fmt), {}
    elif path.stat().st_size < PARALLEL_SCAN_BYTES:  # a small return: a thread would only add latency
        (sheets, hidden), issues = _read_sheets(path, fmt), xlsx_cell_issues(path)
    else:
        with ThreadPoolExecutor(max_workers=1) as pool:
            # Formula and error cells are found in the sheet XML while calamine parses it (the
            # scan is mostly decompression, which runs outside the GIL).
            scan = pool.submit(xlsx_cell_issues, path)
            sheets, hidden = _read_sheets(path, fmt)
        issues = scan.result()
    for sheet in sheets:
        sheet.cell_issues = issues.get(sheet.name, {})
    return sheets, hidden


def _read_sheets(path: Path, fmt: str) -> tuple[list[Sheet], list[str]]:
    """The visible worksheets read, and the names of the hidden ones (not read: a hidden sheet is
    a workbook's scratch space, a lookup list, last week's copy)."""
    import python_calamine as pc  # lazy: a heavy extension module

    try:
        # From the bytes, not the name: calamine then tells .xls from .xlsx by content.
        with path.open("rb") as fh:
            workbook = pc.CalamineWorkbook.from_filelike(fh)
    except pc.PasswordError:
        raise InputError(str(path), [Problem("工作簿已加密（设有打开密码），请去掉密码后再导入")]) from None
    except BaseException as exc:
        if not _unreadable(exc, pc):
            raise
        if fmt == "xls" and _looks_encrypted_ooxml(path):
            raise InputError(str(path), [Problem("工作簿已加密（设有打开密码），请去掉密码后再导入")]) from None
        raise InputError(str(path), [Problem(f"文件已损坏或不是有效的 {fmt} 工作簿（{exc}）")]) from None
    sheets, hidden = [], []
    with workbook:
        for meta in workbook.sheets_metadata:
            if meta.typ != pc.SheetTypeEnum.WorkSheet:
                continue  # chart sheets hold no returns
            if meta.visible != pc.SheetVisibleEnum.Visible:
                hidden.append(meta.name)
                continue
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
                rows = _read_rows(sheet)
                merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
            except BaseException as exc:
                if not _unreadable(exc, pc):
                    raise
                raise InputError(str(path), [Problem(f"无法读取工作表：{exc}", sheet=meta.name)]) from None
            sheets.append(Sheet(meta.name, rows, merged))
    return sheets, hidden


def _unreadable(exc: BaseException, pc) -> bool:
    """Whether calamine gave up on the file: its own errors, the I/O and value errors it passes on
    for damaged bytes, and a panic of its Rust code on a damaged .xls (pyo3's PanicException, a
    BaseException). Anything else is our bug, never reported as the clerk's bad file."""
    if isinstance(exc, (pc.CalamineError, ValueError, OSError, EOFError)):
        return True
    kind = type(exc)
    return kind.__name__ == "PanicException" and kind.__module__ == "pyo3_runtime"


def _looks_encrypted_ooxml(path: Path) -> bool:
    """Password-protected .xlsx files are OLE containers holding an EncryptedPackage stream."""
    with path.open("rb") as fh:
        data = fh.read(1 << 16)
    return "EncryptedPackage".encode("utf-16-le") in data


def _read_csv(path: Path) -> tuple[Sheet, list[str]]:
    """The one sheet of a text table, its first chunk read (the rest when an importer asks), and a
    note when NUL characters (left by some systems' exports) were dropped, wherever they were."""
    table, chunk = open_text_table(path), text_tables.CHUNK_ROWS
    head = max(chunk, text_tables.MIN_HEAD_ROWS)
    try:
        rows: list[list[Cell]] = list(islice(table.rows(), head + LOOKAHEAD_ROWS))
    except ValueError as exc:
        raise InputError(str(path), [Problem(str(exc))]) from None
    rest, after = None, rows[head:]
    if after:
        del rows[head:]
        rest = lambda: table.chunks(head, chunk)
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        r.extend([""] * (width - len(r)))
    notes = [f"文件中有 {table.nul} 个空字符（NUL），已忽略"] if table.nul else []
    return Sheet(path.stem, rows, rest=rest, after=after), notes
