"""How a value reads to the clerk, written once: terminal tables, history entries, workbook text
cells and the notes all show dates, times, marks, money and statuses the same way."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

STATUS_LABELS = {"open": "未整改", "in_progress": "整改中", "done": "已整改"}
TEXT, INT, DATE, DATETIME, PERCENT, MONEY, STATUS, MARK = (
    "text", "int", "date", "datetime", "percent", "money", "status", "mark")


def show(value, kind: str = TEXT) -> str:
    """A value as the clerk reads it; ``kind`` says what it is when the type alone does not
    (a status key, a rate, an amount, a yes/no mark)."""
    if value is None or value == "":
        return ""
    if kind == STATUS:
        return STATUS_LABELS.get(value, str(value))
    if kind == PERCENT and isinstance(value, (int, float)):
        return f"{value:.1%}"
    if kind == MONEY and isinstance(value, (int, float, Decimal)):
        return f"{float(value):,.2f}"
    if isinstance(value, bool):
        return "是" if value else ("否" if kind == MARK else "")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
