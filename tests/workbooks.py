"""Build small test workbooks the way units make them: titles, merged headers, footers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence]] | Sequence[Sequence], merges: dict[str, list[str]] | None = None) -> Path:
    """Write rows (lists of cell values) to sheets; ``merges`` maps sheet name to ranges like "A1:D1"."""
    if not isinstance(sheets, dict):
        sheets = {"Sheet1": sheets}
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence], encoding: str = "utf-8") -> Path:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path
