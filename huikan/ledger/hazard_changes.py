"""Manual changes to a hazard: status, done date, deadline extension, responsible, note,
and the office's verification (复查销号) or rejection. Every change is a hazard event
with who (OS user) and when; the original deadline stays visible. Each is the clerk's
decision: the hazard remembers what the unit had said (``decisions``) so that a re-sent
ledger does not undo it.

Each function takes the write transaction's connection and a hazard's ID, reads the hazard
as it stands and writes what changes.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, Row, insert, select, update

from huikan.errors import HuikanError, NotFoundError
from huikan.ledger import decisions
from huikan.ledger.hazard_rules import hazard_code, parse_hazard_id
from huikan.ledger.hazards import consistent, event_values
from huikan.ledger.tables import hazard, hazard_event


class ChangeRefused(HuikanError):
    """A change that would make the ledger say something untrue."""


def get_hazard(conn: Connection, hazard_id: str | int) -> Row:
    """The hazard to change, by its ID as typed: H0001, h1 or 1."""
    number = hazard_id if isinstance(hazard_id, int) else parse_hazard_id(hazard_id)
    row = conn.execute(select(hazard).where(hazard.c.id == number)).first()
    if row is None:
        raise NotFoundError(f"没有编号为 {hazard_code(number)} 的隐患")
    return row


def _event(conn: Connection, hazard_id: int, kind: str, now: datetime, **details) -> None:
    conn.execute(insert(hazard_event), {"hazard_id": hazard_id, **event_values(kind, now, **details)})


def _write(conn: Connection, hazard_id: int, now: datetime, **values) -> None:
    conn.execute(update(hazard).where(hazard.c.id == hazard_id).values(updated_at=now, **values))


def _decided(row: Row, name: str) -> dict:
    """The clerk decides ``name``: remember what the unit's files said for it (once)."""
    return {"decisions": decisions.remember(row.decisions, name, getattr(row, name))} if name in decisions.DECIDABLE else {}


def _set(conn: Connection, hazard_id: int, name: str, value, now: datetime, actor: str, reason: str = "") -> bool:
    row = get_hazard(conn, hazard_id)
    old = getattr(row, name)
    if old == value:
        return False
    _write(conn, hazard_id, now, **{name: value}, **_decided(row, name))
    _event(conn, hazard_id, "changed", now, field=name, old=old, new=value, reason=reason, actor=actor)
    return True


def set_status(conn: Connection, hazard_id: int, status: str, now: datetime, actor: str,
               done_on: date | None = None, note: str = "") -> bool:
    """Change 整改状态; done needs a done date (given, or today)."""
    row = get_hazard(conn, hazard_id)
    if row.verified_at is not None and status != "done":
        code = hazard_code(hazard_id)
        raise ChangeRefused(f"{code} 已复查销号，不能改为未完成；如复查发现问题，请用 huikan hazard verify {code} --reject")
    changed = _set(conn, hazard_id, "status", status, now, actor, note)
    wanted = consistent(status, done_on or row.done_on or now.date())
    if wanted != row.done_on:
        changed |= _set(conn, hazard_id, "done_on", wanted, now, actor, note)
    return changed


def extend_deadline(conn: Connection, hazard_id: int, deadline: date, reason: str, now: datetime, actor: str) -> bool:
    """延期: a new deadline with its reason; the original deadline is kept."""
    if not reason.strip():
        raise ChangeRefused("延期必须说明原因（--reason）")
    row = get_hazard(conn, hazard_id)
    if row.deadline == deadline:
        return False
    _event(conn, hazard_id, "extended", now, field="deadline", old=row.deadline, new=deadline, reason=reason, actor=actor)
    _write(conn, hazard_id, now, deadline=deadline, original_deadline=row.original_deadline or row.deadline or deadline,
           **_decided(row, "deadline"))
    return True


def set_responsible(conn: Connection, hazard_id: int, person: str, now: datetime, actor: str) -> bool:
    return _set(conn, hazard_id, "responsible", person, now, actor)


def add_note(conn: Connection, hazard_id: int, note: str, now: datetime, actor: str) -> None:
    row = get_hazard(conn, hazard_id)
    _event(conn, hazard_id, "note", now, reason=note, actor=actor)
    _write(conn, hazard_id, now, note=f"{row.note}\n{note}".strip() if row.note else note)


def verify(conn: Connection, hazard_id: int, now: datetime, actor: str, by: str = "", note: str = "") -> None:
    """复查销号: the office confirms a hazard the unit reports done."""
    row = get_hazard(conn, hazard_id)
    code = hazard_code(hazard_id)
    if row.status != "done":
        raise ChangeRefused(f"{code} 尚未整改完成（{row.status}），不能销号")
    if row.verified_at is not None:
        raise ChangeRefused(f"{code} 已于 {row.verified_at:%Y-%m-%d %H:%M} 由 {row.verified_by or '—'} 复查销号")
    # 复查销号 confirms the status: a re-sent 整改中 does not undo it.
    _write(conn, hazard_id, now, verified_at=now, verified_by=by or actor, **_decided(row, "status"))
    _event(conn, hazard_id, "verified", now, new=by or actor, reason=note, actor=actor)


def reject(conn: Connection, hazard_id: int, reason: str, now: datetime, actor: str, by: str = "") -> None:
    """复查不通过: back to 整改中 with the reason."""
    if not reason.strip():
        raise ChangeRefused("复查不通过必须说明原因（--reason）")
    row = get_hazard(conn, hazard_id)
    if row.status != "done":
        raise ChangeRefused(f"{hazard_code(hazard_id)} 尚未报整改完成，无需复查")
    _event(conn, hazard_id, "rejected", now, new=by or actor, reason=reason, actor=actor)
    _write(conn, hazard_id, now, verified_at=None, verified_by="")
    _set(conn, hazard_id, "status", "in_progress", now, actor, reason)
    _set(conn, hazard_id, "done_on", None, now, actor, reason)
