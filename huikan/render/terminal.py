"""Reports as rich tables on the terminal."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from huikan.reports.base import Report

_ROW_STYLES = {"warn": "yellow", "bad": "red", "good": "green", "dim": "dim"}


def print_report(console: Console, report: Report) -> None:
    for section in report.sections:
        if not section.rows:
            console.print(f"[bold]{section.title}[/bold]：{section.empty}")
            continue
        table = Table(title=section.title, title_justify="left", header_style="bold", show_lines=False)
        for key, header in section.columns:
            longest = max((cell_len(_cell(row.get(key))) for row in section.rows), default=0)
            # Short values (names, dates, counts) keep their width; long text wraps first.
            table.add_column(header, overflow="fold", min_width=min(longest, 26) if longest <= 26 else 12)
        for i, row in enumerate(section.rows):
            style = section.styles[i] if i < len(section.styles) else None
            table.add_row(*(_cell(row.get(key)) for key, _ in section.columns), style=_ROW_STYLES.get(style or ""))
        console.print(table)
    for line in report.summary:
        console.print(line)


def _cell(value) -> str:
    if value is None:
        return ""
    return str(value)
