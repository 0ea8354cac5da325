"""The hazard rules the clerk can name, each written once and used by every report, change
and export: a hazard's code (H0001), overdue, its days overdue, 五落实, and the rates.

A rule that SQL applies (a filter, a count) has its Python twin right beside it, so a report
that counts in the database and one that lists rows cannot disagree (tests/test_rules.py
checks that status, overdue, hazards --overdue and export agree on one ledger).
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import ColumnElement, and_, or_

from huikan.errors import NotFoundError
from huikan.ledger.tables import hazard

STATUSES = ("open", "in_progress", "done")
DONE = "done"
# 五落实: what a major hazard must have — 措施、责任、资金、时限、预案 (the notice, "Terms" of the contract).
FIVE_ASSURANCES = (("measures", "措施"), ("responsible", "责任"), ("funds", "资金"), ("deadline", "时限"),
                   ("contingency", "预案"))


def hazard_code(hazard_id: int) -> str:
    """Short, stable, typeable hazard ID: H0001."""
    return f"H{hazard_id:04d}"


def parse_hazard_id(text) -> int:
    """H0001, h1, 1 -> 1."""
    m = re.fullmatch(r"\s*[Hh]?0*(\d+)\s*", str(text))
    if not m or int(m[1]) == 0:
        raise NotFoundError(f"隐患编号「{text}」格式不对（应如 H0001）")
    return int(m[1])


# Overdue: not done, and its deadline is before the as-of date (a hazard without a deadline never is).
def overdue_clause(today: date) -> ColumnElement[bool]:
    h = hazard.c
    return and_(h.status != DONE, h.deadline < today)


def is_overdue(status: str, deadline: date | None, today: date) -> bool:
    return status != DONE and deadline is not None and deadline < today


def days_overdue(deadline: date | None, today: date) -> int | None:
    return (today - deadline).days if deadline is not None and deadline < today else None


def missing_assurances(major: bool, values: dict) -> list[str]:
    """The 五落实 a major hazard lacks, given its values by field (empty for a hazard that is not major)."""
    if not major:
        return []
    return [label for name, label in FIVE_ASSURANCES if values.get(name) in (None, "")]


def assurance_gaps_clause() -> ColumnElement[bool]:
    """SQL twin of ``missing_assurances`` being non-empty: a major hazard lacking one of 五落实
    (a text blank, the funds or the deadline not given)."""
    h = hazard.c
    blank = [(h[name].is_(None) | (h[name] == "")) if name not in ("funds", "deadline") else h[name].is_(None)
             for name, _ in FIVE_ASSURANCES]
    return and_(h.major.is_(True), or_(*blank))


def assurances_text(major: bool, values: dict) -> str:
    """五落实 as a cell shows it: 齐全, 缺措施、资金, or nothing for a hazard that is not major."""
    return lacking_text(missing_assurances(major, values)) if major else ""


def lacking_text(lacking: list[str]) -> str:
    """A major hazard's 五落实 from what it lacks: 齐全, or 缺措施、资金."""
    return "缺" + "、".join(lacking) if lacking else "齐全"


def rate(part: int, whole: int) -> float | None:
    """整改率, 销号率, 按时率: part of the whole, None when there is nothing to count."""
    return part / whole if whole else None
