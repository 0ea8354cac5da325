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
import subprocess
import tempfile
from pathlib import Path

from huikan.errors import InputError, Problem
from huikan.reading.safety import check_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEAD_PARAGRAPHS = 6  # paragraphs above a table kept with it (title, 填报单位, 报送日期…)
CONVERT_SECONDS = 120


def read_docx(path: Path):
    """The sheets of a .docx's tables and the document's text (its paragraphs, in order)."""
    from docx import Document  # lazy: only a batch with Word files pays for it
    from docx.opc.exceptions import PackageNotFoundError

    from huikan.reading.files import Sheet

    check_zip(path)
    try:
        body = Document(str(path)).element.body
    except (PackageNotFoundError, KeyError, ValueError, SyntaxError) as exc:  # lxml's XMLSyntaxError is a SyntaxError
        raise InputError(str(path), [Problem(f"Word 文档已损坏，无法读取（{type(exc).__name__}），请让报送单位重新保存后发送")]) from None
    sheets, lines, above = [], [], []
    for block in body:
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
                lines.extend(" ".join(c for c in row if c) for row in rows)
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


def _grid(tbl):
    """The table's cells as a rectangle, with merged ranges (r0, c0, r1, c1), 0-based inclusive."""
    rows: list[list[str]] = []
    merged: list[list[int]] = []
    open_down: dict[int, list[int]] = {}  # column -> the merged range a vMerge continues
    for r, tr in enumerate(tbl.iterfind(f"{W}tr")):
        row: list[str] = []
        before = tr.find(f"{W}trPr/{W}gridBefore")
        if before is not None:
            row.extend([""] * int(before.get(f"{W}val", "0") or 0))
        for tc in tr.iterfind(f"{W}tc"):
            props = tc.find(f"{W}tcPr")
            span = 1
            vmerge = None
            if props is not None:
                grid_span = props.find(f"{W}gridSpan")
                if grid_span is not None:
                    span = max(1, int(grid_span.get(f"{W}val", "1") or 1))
                vm = props.find(f"{W}vMerge")
                if vm is not None:
                    vmerge = vm.get(f"{W}val", "continue")
            c = len(row)
            if vmerge == "continue" and c in open_down:
                open_down[c][2] = r  # the cell above reaches down to this row
                row.extend([""] * span)
                continue
            row.append(_text(tc).strip())
            row.extend([""] * (span - 1))
            if vmerge == "restart" or span > 1:
                box = [r, c, r, c + span - 1]
                merged.append(box)
                if vmerge == "restart":
                    open_down[c] = box
                else:
                    open_down.pop(c, None)
            else:
                open_down.pop(c, None)
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
    try:
        result = subprocess.run(
            [program, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "docx",
             "--outdir", str(workdir), str(path)],
            capture_output=True, timeout=CONVERT_SECONDS, env={**os.environ, "HOME": str(profile)}, check=False)
    except subprocess.TimeoutExpired:
        raise InputError(str(path), [Problem(f"LibreOffice 转换超时（{CONVERT_SECONDS} 秒），文件可能已损坏")]) from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    out = workdir / (path.stem + ".docx")
    if result.returncode != 0 or not out.exists():
        raise InputError(str(path), [Problem("LibreOffice 无法转换此文件（可能已损坏或不是 Word 文档），请让报送单位另存为 .docx 后发送")])
    return out
