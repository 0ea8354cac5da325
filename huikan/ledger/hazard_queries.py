"""Finding hazards: one keyword-only query with bound parameters, and one hazard with its history.

The rows are the hazard table's columns plus ``unit_name`` (``h.deadline``, ``h.unit_name``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Row, Select, select

from huikan.errors import NotFoundError
from huikan.ledger.hazard_fields import show_value
from huikan.ledger.hazard_rules import hazard_code, overdue_clause, parse_hazard_id
from huikan.ledger.tables import hazard, hazard_event, unit

if TYPE_CHECKING:
    from huikan.ledger.database import Reader

def _with_unit() -> Select:
    return select(hazard, unit.c.name.label("unit_name")).join_from(hazard, unit, hazard.c.unit_id == unit.c.id)


def hazard_query(
    *,
    unit_ids: list[int] | None = None,
    status: str | None = None,
    major: bool | None = None,
    overdue_on: date | None = None,
    item: int | None = None,
    origin: str | None = None,
    verified: bool | None = None,
) -> Select:
    """Hazards (with ``unit_name``) matching every given filter, ordered by ID."""
    h = hazard.c
    stmt = _with_unit().order_by(h.id)
    if unit_ids is not None:
        stmt = stmt.where(h.unit_id.in_(unit_ids))
    if status is not None:
        stmt = stmt.where(h.status == status)
    if major is not None:
        stmt = stmt.where(h.major.is_(major))
    if overdue_on is not None:
        stmt = stmt.where(overdue_clause(overdue_on))
    if item is not None:
        stmt = stmt.where(h.item_number == item)
    if origin is not None:
        stmt = stmt.where(h.origin == origin)
    if verified is not None:
        stmt = stmt.where(h.verified_at.is_not(None) if verified else h.verified_at.is_(None))
    return stmt


def find_hazard(reader: Reader, hazard_id: str | int) -> Row:
    """One hazard (with ``unit_name``) by its ID as typed: H0001, h1 or 1."""
    number = hazard_id if isinstance(hazard_id, int) else parse_hazard_id(hazard_id)
    row = reader.execute(_with_unit().where(hazard.c.id == number)).first()
    if row is None:
        raise NotFoundError(f"没有编号为 {hazard_code(number)} 的隐患")
    return row


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    kind: str
    field: str
    old: str
    new: str
    reason: str
    source_file_id: int | None
    actor: str


def history(reader: Reader, h) -> list[HistoryEntry]:
    """A hazard's full history: its registration (from the hazard row), then every event."""
    e = hazard_event.c
    events = [
        HistoryEntry(*row) for row in reader.execute(
            select(e.at, e.kind, e.field, e.old, e.new, e.reason, e.source_file_id, e.actor)
            .where(e.hazard_id == h.id).order_by(e.id)
        )
    ]
    if any(ev.kind == "created" for ev in events):  # ledgers written before registration was derived
        return events
    first_status = next((ev.old for ev in events if ev.field == "status"), None)
    created = HistoryEntry(h.created_at, "created", "status", "", first_status or show_value("status", h.status),
                           "", h.source_file_id, "")
    return [created, *events]
