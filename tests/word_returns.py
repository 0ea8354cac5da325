"""Word returns as units make them, built with python-docx: a title and a 填报单位 line above the
table, cells merged down (one unit over several rows) and across (a group header), several
tables with text between them, a signature at the end."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.shared import Cm


def add_table(doc, rows: Sequence[Sequence], merges: Sequence[tuple[int, int, int, int]] = ()):
    """A table of ``rows``; each merge (r0, c0, r1, c1) joins a block as Word does (the text of
    the merged-away cells dropped, as a person merging cells in Word sees it)."""
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = doc.styles["Table Grid"]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value not in (None, ""):
                table.cell(r, c).text = str(value)
    for row in table.rows:  # widths as Word gives a new table (the body shared evenly)
        for cell in row.cells:
            cell.width = Cm(16 / width)
    for r0, c0, r1, c1 in merges:
        keep = table.cell(r0, c0).text
        merged = table.cell(r0, c0).merge(table.cell(r1, c1))
        merged.text = keep
    return table


def word_file(path: Path, blocks: Sequence) -> Path:
    """A .docx of ``blocks``: a str is a paragraph, a (rows, merges) pair a table."""
    doc = Document()
    for block in blocks:
        if isinstance(block, str):
            doc.add_paragraph(block)
        else:
            rows, merges = block
            add_table(doc, rows, merges)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
