"""Word documents as units send them: the tables inside (a ledger, a self-check, a weekly form,
contacts) as sheets the same table locator reads, and the document's own text (its title, the
填报单位 line, the signature) for telling which unit sent it.

Each table becomes one sheet: the paragraphs written above it (a title, 填报单位：…) as one-cell
rows, then its rows, cells merged across (gridSpan) or down (vMerge) given as merged ranges as
a workbook gives them. .doc and .wps are converted to .docx with LibreOffice when it is
installed; without it they stay documents, and the notes say why.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from huikan.errors import InputError, Problem
from huikan.reading.safety import check_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEAD_PARAGRAPHS = 6  # paragraphs above a table kept with it (title, 填报单位, 报送日期…)
MAX_COLUMNS = 200  # no return is wider; a span or an offset past it is a damaged or hostile table
CONVERT_SECONDS = 120


def read_docx(path: Path):
    """The sheets of a .docx's tables and the document's text: its paragraphs, in order (a table's
    cells are read as the table; a unit a table names is no sign of who sent the document)."""
    from docx import Document  # lazy: only a batch with Word files pays for it
    from docx.opc.exceptions import PackageNotFoundError

    from huikan.reading.files import Sheet

    check_zip(path)
    try:
        body = Document(str(path)).element.body
    except (PackageNotFoundError, KeyError, ValueError, SyntaxError) as exc:  # lxml's XMLSyntaxError is a SyntaxError
        raise InputError(str(path), [Problem(f"Word 文档已损坏，无法读取（{type(exc).__name__}），请让报送单位重新保存后发送")]) from None
    sheets, lines, above = [], [], []
    for block in _blocks(body, (f"{W}p", f"{W}tbl")):
        if block.tag == f"{W}p":
            line = _text(block).strip()
            if line:
                lines.append(line)
                above.append(line)
        elif block.tag == f"{W}tbl":
            rows, merged = _grid(block)
            if any(any(c for c in row) for row in rows):
                lead = above[-LEAD_PARAGRAPHS:]
                width = max((len(r) for r in rows), default=1)
                pad = [[line] + [""] * (width - 1) for line in lead]
                shift = len(pad)
                sheets.append(Sheet(f"表格{len(sheets) + 1}", pad + rows,
                                    [(r0 + shift, c0, r1 + shift, c1) for r0, c0, r1, c1 in merged]))
            above = []
    return sheets, "\n".join(lines)


def _text(element) -> str:
    """The text of a paragraph or cell: its runs' text, tabs and breaks as spaces."""
    parts = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}p"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}p" and parts:
            parts.append("\n")
        else:
            parts.append(" ")
    return "".join(parts)


def _blocks(parent, tags: tuple[str, ...]):
    """The children of ``parent`` with one of ``tags``, looking inside content controls and custom
    XML (w:sdt/w:sdtContent, w:customXml), where a template's repeating rows and tables sit."""
    for child in parent:
        if child.tag in tags:
            yield child
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            inner = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if inner is not None:
                yield from _blocks(inner, tags)


def _number(element, name: str, default: int, most: int) -> int:
    """An integer attribute of a Word element, as written or ``default``, at most ``most`` (a
    gridSpan of 100000 would make a row of 100,000 cells)."""
    if element is None:
        return default
    try:
        return max(0, min(most, int(float(element.get(f"{W}{name}", default)))))
    except (TypeError, ValueError):
        return default


def _grid(tbl):
    """The table's cells as a rectangle, with merged ranges (r0, c0, r1, c1), 0-based inclusive."""
    width = len(tbl.findall(f"{W}tblGrid/{W}gridCol")) or MAX_COLUMNS
    most = min(width, MAX_COLUMNS)
    rows: list[list[str]] = []
    merged: list[list[int]] = []
    open_down: dict[int, list[int]] = {}  # column -> the merged range a vMerge continues
    for r, tr in enumerate(_blocks(tbl, (f"{W}tr",))):
        row: list[str] = [""] * _number(tr.find(f"{W}trPr/{W}gridBefore"), "val", 0, most)
        for tc in _blocks(tr, (f"{W}tc",)):
            props = tc.find(f"{W}tcPr")
            span = max(1, _number(props.find(f"{W}gridSpan") if props is not None else None, "val", 1, most))
            vm = props.find(f"{W}vMerge") if props is not None else None
            vmerge = None if vm is None else vm.get(f"{W}val", "continue")
            c = len(row)
            if c + span > MAX_COLUMNS:
                break  # past any real table's width
            above = open_down.get(c)
            if vmerge == "continue" and above is not None and above[3] == c + span - 1:
                above[2] = r  # the cell above reaches down to this row
                row.extend([""] * span)
                continue
            for col in range(c, c + span):  # whatever reached down into these columns ends here
                open_down.pop(col, None)
            row.append(_text(tc).strip())
            row.extend([""] * (span - 1))
            if vmerge == "restart" or span > 1:
                box = [r, c, r, c + span - 1]
                merged.append(box)
                if vmerge == "restart":
                    open_down[c] = box
        for col in [k for k in open_down if k >= len(row)]:  # a short row ends merges past its end
            del open_down[col]
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        row.extend([""] * (width - len(row)))
    return rows, [tuple(b) for b in merged if b[2] > b[0] or b[3] > b[1]]


def libreoffice() -> str | None:
    """The LibreOffice program, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def converted_to_docx(path: Path, workdir: Path) -> Path | None:
    """A .doc or .wps converted to .docx by LibreOffice in ``workdir``; None when LibreOffice is
    not installed. InputError when it cannot convert the file."""
    program = libreoffice()
    if program is None:
        return None
    profile = Path(tempfile.mkdtemp(prefix="huikan-lo-"))  # its own profile: no clash with an open LibreOffice
    # A session of its own: on a timeout the whole group goes (soffice starts soffice.bin).
    proc = subprocess.Popen(
        [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "docx",
         "--outdir", str(workdir), str(path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "HOME": str(profile)},
        start_new_session=True)
    try:
        returncode = proc.wait(timeout=CONVERT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise InputError(str(path), [Problem(f"LibreOffice 转换超时（{CONVERT_SECONDS} 秒），文件可能已损坏")]) from None
    finally:
        if proc.returncode is None:  # interrupted (Ctrl-C): the converter does not outlive huikan
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)
    out = workdir / (path.stem + ".docx")
    if returncode != 0 or not out.exists():
        raise InputError(str(path), [Problem("LibreOffice 无法转换此文件（可能已损坏或不是 Word 文档），请让报送单位另存为 .docx 后发送")])
    return out
