"""How a value reads to the clerk, written once: terminal tables, history entries, workbook text
cells and the notes all show dates, times, marks, money and statuses the same way."""

from __future__ import annotations

import re
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


def in_prose(value, year: bool = True) -> str:
    """A date or time as a sentence writes it: 2018年12月24日, 2018年12月24日9时30分 (GB/T 9704:
    Arabic numerals, no leading zeros); 23:59 is the day's end, the day alone ("12月14日前" of
    the notice); ``year=False`` for a message (12月14日17时)."""
    if isinstance(value, date):
        day = f"{value.year}年{value.month}月{value.day}日" if year else f"{value.month}月{value.day}日"
        if not isinstance(value, datetime) or (value.hour, value.minute) == (23, 59):
            return day
        return f"{day}{value.hour}时" + (f"{value.minute}分" if value.minute else "")
    if isinstance(value, float):
        return show(value, PERCENT)  # a rate
    return show(value)


# C0 and C1 control characters and DEL: a file name, sheet name or cell holding ESC can recolour
# or rewrite the clerk's terminal, one holding a line break can print a line that is not ours.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def inert(text: str, keep_lines: bool = False) -> str:
    """``text`` safe to print on a terminal: control characters shown escaped (\\x1b, \\n, \\r).
    ``keep_lines``: a text of our own whose line breaks are meant (a table cell wraps anyway)."""
    if text.isprintable() or (keep_lines and _CONTROL.search(text.replace("\n", "")) is None):
        return text

    def escaped(m: re.Match) -> str:
        ch = m[0]
        if keep_lines and ch == "\n":
            return ch
        return _NAMED.get(ch) or f"\\x{ord(ch):02x}"

    return _CONTROL.sub(escaped, text)
