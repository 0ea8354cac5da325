"""The shape every report has, so one computation feeds every renderer (terminal, JSON, workbook).

The contract of a report module: ``compute_x(reader, as_of, …) -> X`` queries the ledger once
and returns a dataclass of the facts; ``x_report(X) -> Report`` turns them into titled
sections (terminal, workbook) and ``data`` (the JSON). Renderers never query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Column kinds tell renderers how to show a raw value: a terminal formats it, a workbook
# stores it as a number, date or percentage.
TEXT, INT, DATE, DATETIME, PERCENT, MONEY = "text", "int", "date", "datetime", "percent", "money"


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    kind: str = TEXT
    width: int | None = None  # a hint in characters for workbooks; None: measured


@dataclass
class Section:
    """A titled table: rows hold raw values (numbers, dates, text) by column key."""

    title: str
    columns: list[Col | tuple[str, str]]
    rows: list[dict[str, Any]]
    empty: str = "无"
    styles: list[str | None] = field(default_factory=list)  # per row: None, "warn", "bad", "good", "dim"
    note: str = ""

    def __post_init__(self) -> None:
        self.columns = [c if isinstance(c, Col) else Col(*c) for c in self.columns]


@dataclass
class Report:
    title: str
    sections: list[Section]
    data: Any  # what --json prints: plain lists/dicts/str/int/float/None
    summary: list[str] = field(default_factory=list)
