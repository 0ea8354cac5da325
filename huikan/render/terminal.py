"""Reports as rich tables on the terminal.

What units wrote (file, sheet and unit names, cells) reaches the terminal inert: control
characters escaped (``display.inert``) and never read as rich markup (every text is a ``Text``).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from huikan.display import MONEY, PERCENT, inert, show
from huikan.reports.base import Report

_ROW_STYLES = {"warn": "yellow", "bad": "red", "good": "green", "dim": "dim"}


def print_report(console: Console, report: Report, max_rows: int | None = None) -> None:
    """Every section as a table; ``max_rows`` shortens long sections (the demo uses it)."""
    for section in report.sections:
        if not section.rows:
            console.print(Text.assemble((inert(section.title), "bold"), "：", inert(section.empty)))
            continue
        rows = section.rows[:max_rows] if max_rows else section.rows
        table = Table(title=Text(inert(section.title)), title_justify="left", header_style="bold", show_lines=False)
        shown = [[inert(show(row.get(c.key), c.kind), keep_lines=True) for c in section.columns] for row in rows]
        for i, col in enumerate(section.columns):
            longest = max((cell_len(r[i]) for r in shown), default=0)
            # Short values (names, dates, counts) keep their width; long text wraps first.
            justify = "right" if col.kind in ("int", PERCENT, MONEY) else "left"
            table.add_column(Text(col.header), overflow="fold", justify=justify, min_width=longest if longest <= 26 else 12)
        for i, cells in enumerate(shown):
            style = section.styles[i] if i < len(section.styles) else None
            table.add_row(*map(Text, cells), style=_ROW_STYLES.get(style or ""))
        console.print(table)
        if len(rows) < len(section.rows):
            console.print(Text(f"…… 共 {len(section.rows)} 行，此处只列出前 {len(rows)} 行", style="dim"))
        if section.note:
            console.print(Text(inert(section.note, keep_lines=True), style="dim"))
    for line in report.summary:
        console.print(Text(inert(line, keep_lines=True)))
