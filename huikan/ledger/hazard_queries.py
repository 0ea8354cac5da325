"""Finding hazards: one keyword-only query with bound parameters, and hazard IDs as people type them."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from huikan.errors import NotFoundError
from huikan.ledger.models import Hazard

STATUSES = ("open", "in_progress", "done")
# 五落实: what a major hazard must have (SPEC.md, "Terms").
FIVE_ASSURANCES = (("measures", "措施"), ("responsible", "责任"), ("funds", "资金"), ("deadline", "时限"), ("contingency", "预案"))


def parse_hazard_id(text: str) -> int:
    """H0001, h1, 1 -> 1."""
    m = re.fullmatch(r"\s*[Hh]?0*(\d+)\s*", str(text))
    if not m or int(m[1]) == 0:
        raise NotFoundError(f"隐患编号「{text}」格式不对（应如 H0001）")
    return int(m[1])


def get_hazard(session: Session, hazard_id: str | int) -> Hazard:
    number = hazard_id if isinstance(hazard_id, int) else parse_hazard_id(hazard_id)
    hazard = session.get(Hazard, number, options=[selectinload(Hazard.unit), selectinload(Hazard.events)])
    if hazard is None:
        raise NotFoundError(f"没有编号为 H{number:04d} 的隐患")
    return hazard


def is_overdue(hazard: Hazard, today: date) -> bool:
    """Not done and its deadline is before the as-of date."""
    return hazard.status != "done" and hazard.deadline is not None and hazard.deadline < today


def missing_assurances(hazard: Hazard) -> list[str]:
    """The 五落实 a major hazard lacks (empty for others)."""
    if not hazard.major:
        return []
    return [label for attr, label in FIVE_ASSURANCES if getattr(hazard, attr) in (None, "")]


def hazard_query(
    *,
    unit_ids: list[int] | None = None,
    status: str | None = None,
    major: bool | None = None,
    overdue_on: date | None = None,
    item: int | None = None,
    origin: str | None = None,
    verified: bool | None = None,
) -> Select[tuple[Hazard]]:
    """Hazards matching every given filter, ordered by ID."""
    stmt = select(Hazard).options(selectinload(Hazard.unit)).order_by(Hazard.id)
    if unit_ids is not None:
        stmt = stmt.where(Hazard.unit_id.in_(unit_ids))
    if status is not None:
        stmt = stmt.where(Hazard.status == status)
    if major is not None:
        stmt = stmt.where(Hazard.major.is_(major))
    if overdue_on is not None:
        stmt = stmt.where(Hazard.status != "done", Hazard.deadline < overdue_on)
    if item is not None:
        stmt = stmt.where(Hazard.item_number == item)
    if origin is not None:
        stmt = stmt.where(Hazard.origin == origin)
    if verified is not None:
        stmt = stmt.where(Hazard.verified_at.is_not(None) if verified else Hazard.verified_at.is_(None))
    return stmt
