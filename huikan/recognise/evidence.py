"""Evidence from the cells: how well a column's values fit what a field holds.

A header alone is sometimes not enough (完成时间 is a deadline or a done date; 序号 may number
the nine items; 整改情况 is a status or a text). The locator asks ``fit`` for the cells under
a header and trusts an uncertain header only as far as its cells agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

from huikan.recognise.values import (
    ValueProblem,
    fold,
    is_blank,
    parse_date,
    parse_deadline,
    parse_int,
    parse_item,
    parse_major,
    parse_status,
    parse_week,
    text,
)
from huikan.recognise.vocabulary import FIELD_KINDS

SAMPLE = 30  # cells looked at per column
_PHONE = re.compile(r"^[\d\s()（）+\-－—、/,，;；转]{7,40}$")
_PERSON = re.compile(r"^[\u4e00-\u9fff·]{2,5}$")


def _parses(parse, value) -> bool:
    try:
        parse(value)
        return True
    except ValueProblem:
        return False


_DATE_LIKE = re.compile(r"^\s*[\d０-９]|[年月]")  # the text a date could be: cheap before parsing


def _is_datey(value) -> bool:
    if isinstance(value, (date, datetime)):
        return True
    if isinstance(value, str) and (len(value) > 24 or not _DATE_LIKE.search(value)):
        return False  # a sentence or a word
    return _parses(lambda v: parse_date(v, year=2000), value)


def _fits(kind: str, value) -> float:
    """How well one non-blank cell fits a kind of field, 0..1."""
    if kind == "any":
        return 1.0
    if kind == "date":
        return 1.0 if _is_datey(value) else 0.0
    numeric = value.__class__ in (int, float)
    if kind == "count" and numeric:
        return 1.0 if float(value).is_integer() and value >= 0 else 0.0
    s = value if value.__class__ is str else text(value)
    if kind == "deadline":
        return 1.0 if _parses(lambda v: parse_deadline(v, year=2000), value) else 0.3
    if kind == "count":
        return 1.0 if _parses(parse_int, value) else 0.0
    if kind == "week":
        return 1.0 if _parses(parse_week, value) else 0.0
    if kind == "item":
        return 1.0 if _parses(parse_item, value) else (0.5 if len(s) > 6 else 0.0)
    if kind == "status":
        return 1.0 if _parses(parse_status, value) else 0.3
    if kind == "mark":
        return 1.0 if _parses(parse_major, value) else 0.0
    if kind == "role":
        from huikan.recognise.contacts import role_of

        return 1.0 if role_of(value) is not None else (0.3 if not numeric and len(s) <= 12 else 0.0)
    if kind == "phone":
        return 1.0 if (numeric and len(s) >= 7) or _PHONE.match(s) else 0.0
    if kind == "person":
        return 1.0 if _PERSON.match(fold(value)) else (0.3 if not numeric and len(s) <= 12 else 0.0)
    if kind == "number":
        return 1.0 if numeric or len(s) <= 6 else 0.2
    if kind == "amount":
        return 1.0 if numeric or re.match(r"^[\d.,，]+\s*(万元|元|万)?$", s) else 0.2
    if numeric or isinstance(value, (date, datetime)) or _is_datey(value):
        return 0.1  # a date or a number is not a text, a name or a short word
    if kind == "short":
        return 1.0 if len(s) <= 30 else 0.4
    return 1.0  # text, name


# Kinds a cell can contradict: a text column holds anything, a date column only dates.
STRICT = frozenset({"date", "deadline", "count", "week", "item", "status", "mark", "role", "phone", "person", "number",
                    "amount"})


def fit(field: str, cells: Iterable) -> float | None:
    """The share of the column's non-blank cells (the first SAMPLE) that fit the field; None when all are blank."""
    kind = FIELD_KINDS.get(field, "any")
    total = n = 0.0
    for value in cells:
        if is_blank(value):
            continue
        total += _fits(kind, value)
        n += 1
        if n >= SAMPLE:
            break
    return total / n if n else None
