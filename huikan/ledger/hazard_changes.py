"""Manual changes to a hazard: status, done date, deadline extension, responsible, note,
and the office's verification (复查销号) or rejection. Every change is a HazardEvent
with who (OS user) and when; the original deadline stays visible. Each is the clerk's
decision: the hazard remembers what the unit had said (``decisions``) so that a re-sent
ledger does not undo it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session, selectinload

from huikan.errors import HuikanError, NotFoundError
from huikan.ledger import decisions
from huikan.ledger.hazard_queries import parse_hazard_id
from huikan.ledger.hazards import consistent, event_values
from huikan.ledger.models import Hazard, HazardEvent


class ChangeRefused(HuikanError):
    """A change that would make the ledger say something untrue."""


def get_hazard(session: Session, hazard_id: str | int) -> Hazard:
    """The hazard to change, by its ID as typed: H0001, h1 or 1."""
    number = hazard_id if isinstance(hazard_id, int) else parse_hazard_id(hazard_id)
    hazard = session.get(Hazard, number, options=[selectinload(Hazard.unit), selectinload(Hazard.events)])
    if hazard is None:
        raise NotFoundError(f"没有编号为 H{number:04d} 的隐患")
    return hazard


def add_event(session: Session, hazard: Hazard, kind: str, now: datetime, **details) -> None:
    session.add(HazardEvent(hazard=hazard, **event_values(kind, now, **details)))


def _decide(hazard: Hazard, name: str) -> None:
    """The clerk decides ``name``: remember what the unit's files said for it (once)."""
    if name in decisions.DECIDABLE:
        hazard.decisions = decisions.remember(hazard.decisions, name, getattr(hazard, name))


def _set(session: Session, hazard: Hazard, name: str, value, now: datetime, actor: str, reason: str = "") -> bool:
    old = getattr(hazard, name)
    if old == value:
        return False
    _decide(hazard, name)
    setattr(hazard, name, value)
    add_event(session, hazard, "changed", now, field=name, old=old, new=value, reason=reason, actor=actor)
    hazard.updated_at = now
    return True


def set_status(session: Session, hazard: Hazard, status: str, now: datetime, actor: str,
               done_on: date | None = None, note: str = "") -> bool:
    """Change 整改状态; done needs a done date (given, or today)."""
    if hazard.verified_at is not None and status != "done":
        raise ChangeRefused(f"{hazard.code} 已复查销号，不能改为未完成；如复查发现问题，请用 huikan hazard verify {hazard.code} --reject")
    changed = _set(session, hazard, "status", status, now, actor, note)
    wanted = consistent(status, done_on or hazard.done_on or now.date())
    if wanted != hazard.done_on:
        changed |= _set(session, hazard, "done_on", wanted, now, actor, note)
    return changed


def extend_deadline(session: Session, hazard: Hazard, deadline: date, reason: str, now: datetime, actor: str) -> bool:
    """延期: a new deadline with its reason; the original deadline is kept."""
    if not reason.strip():
        raise ChangeRefused("延期必须说明原因（--reason）")
    if hazard.deadline == deadline:
        return False
    add_event(session, hazard, "extended", now, field="deadline", old=hazard.deadline, new=deadline, reason=reason, actor=actor)
    _decide(hazard, "deadline")
    if hazard.original_deadline is None:
        hazard.original_deadline = hazard.deadline or deadline
    hazard.deadline = deadline
    hazard.updated_at = now
    return True


def set_responsible(session: Session, hazard: Hazard, person: str, now: datetime, actor: str) -> bool:
    return _set(session, hazard, "responsible", person, now, actor)


def add_note(session: Session, hazard: Hazard, note: str, now: datetime, actor: str) -> None:
    add_event(session, hazard, "note", now, reason=note, actor=actor)
    hazard.note = f"{hazard.note}\n{note}".strip() if hazard.note else note
    hazard.updated_at = now


def verify(session: Session, hazard: Hazard, now: datetime, actor: str, by: str = "", note: str = "") -> None:
    """复查销号: the office confirms a hazard the unit reports done."""
    if hazard.status != "done":
        raise ChangeRefused(f"{hazard.code} 尚未整改完成（{hazard.status}），不能销号")
    if hazard.verified_at is not None:
        raise ChangeRefused(f"{hazard.code} 已于 {hazard.verified_at:%Y-%m-%d %H:%M} 由 {hazard.verified_by or '—'} 复查销号")
    _decide(hazard, "status")  # 复查销号 confirms the status: a re-sent 整改中 does not undo it
    hazard.verified_at, hazard.verified_by = now, by or actor
    hazard.updated_at = now
    add_event(session, hazard, "verified", now, new=hazard.verified_by, reason=note, actor=actor)


def reject(session: Session, hazard: Hazard, reason: str, now: datetime, actor: str, by: str = "") -> None:
    """复查不通过: back to 整改中 with the reason."""
    if not reason.strip():
        raise ChangeRefused("复查不通过必须说明原因（--reason）")
    if hazard.status != "done":
        raise ChangeRefused(f"{hazard.code} 尚未报整改完成，无需复查")
    add_event(session, hazard, "rejected", now, new=by or actor, reason=reason, actor=actor)
    hazard.verified_at, hazard.verified_by = None, ""
    _set(session, hazard, "status", "in_progress", now, actor, reason)
    _set(session, hazard, "done_on", None, now, actor, reason)
