"""The shape every report has, so one computation feeds every renderer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Section:
    """A titled table: columns are (key, Chinese header); rows are display values by key."""

    title: str
    columns: list[tuple[str, str]]
    rows: list[dict[str, Any]]
    empty: str = "无"
    styles: list[str | None] = field(default_factory=list)  # per row: None, "warn", "bad", "good"


@dataclass
class Report:
    title: str
    sections: list[Section]
    data: Any  # what --json prints: plain lists/dicts/str/int/float/None
    summary: list[str] = field(default_factory=list)
