"""The import's notes: what was accepted but not understood, corrected, kept aside or skipped.

A note names where it happened the way the clerk looks for it (sheet, column with its
header, rows), and one kind of note in one column is said once with its rows and a few of
the values, not once per row: a ledger of 5,000 rows with 立即整改 everywhere says it in a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from huikan.errors import Problem

EXAMPLES = 3  # values quoted per note
ROWS_SHOWN = 8


@dataclass
class _Entry:
    where: Problem  # sheet / column / header of the note (row left out)
    message: str
    rows: set[int] = field(default_factory=set)  # a set: a note on every row of a 1M-row ledger
    values: list[str] = field(default_factory=list)


def _ranges(rows: set[int]) -> str:
    """5、8、12–30 (and 等 after ROWS_SHOWN runs, with the count)."""
    runs: list[list[int]] = []
    for r in sorted(rows):
        if runs and r == runs[-1][1] + 1:
            runs[-1][1] = r
        else:
            runs.append([r, r])
    shown = "、".join(f"{a}" if a == b else f"{a}–{b}" for a, b in runs[:ROWS_SHOWN])
    if len(runs) > ROWS_SHOWN:
        shown += f"等（共 {len(rows)} 行）"
    return shown


class Notes:
    """Collects a file's notes in the order they were first met."""

    def __init__(self) -> None:
        self._entries: dict[tuple, _Entry] = {}
        self._plain: list[str] = []

    def add(self, message: str, where: Problem | None = None, *, value=None) -> None:
        """A note at ``where`` (a Problem locating it; its row is gathered with others of the same note)."""
        where = where or Problem("")
        key = (where.sheet, where.column, where.header, message)
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = _Entry(Problem("", where.sheet, None, where.column, where.header), message)
            self._plain.append(key)
        if where.row is not None:
            entry.rows.add(where.row)
        if value not in (None, "") and len(entry.values) < EXAMPLES and (shown := str(value)[:30]) not in entry.values:
            entry.values.append(shown)

    def plain(self, line: str) -> None:
        """A note that is already a sentence (a summary of what was stored)."""
        self._plain.append(line)

    def lines(self) -> list[str]:
        out = []
        for key in self._plain:
            if isinstance(key, str):
                out.append(key)
                continue
            e = self._entries[key]
            where = e.where.where()
            if e.rows:
                where = f"{where} 第{_ranges(e.rows)}行".strip()
            shown = [v for v in e.values if f"「{v}」" not in e.message]  # not said twice
            examples = f"（如{'、'.join(f'「{v}」' for v in shown)}）" if shown else ""
            out.append(f"{where}：{e.message}{examples}" if where else f"{e.message}{examples}")
        return out

    def __bool__(self) -> bool:
        return bool(self._plain)
