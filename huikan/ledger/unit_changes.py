"""Adding and updating units, their aliases and contacts (the ORM, inside an import's transaction).

Every change is kept in ``ledger_event`` with the file it came from: a unit added, its category
changed, an alias added, a contact replaced (the old person stays in the history).
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from huikan.ledger.models import Contact, LedgerEvent, Unit, UnitAlias
from huikan.ledger.units import ROLES, Person, UnitRecord, unit_matcher


def all_units(session: Session) -> list[Unit]:
    stmt = select(Unit).options(selectinload(Unit.aliases), selectinload(Unit.contacts)).order_by(Unit.seq, Unit.id)
    return list(session.scalars(stmt))


def _show(contact: Contact | Person | None) -> str:
    if contact is None:
        return ""
    return Person(contact.name, contact.title, contact.phone, contact.mobile).show()


def _event(session: Session, unit: Unit, kind: str, now: datetime, source_file_id: int | None, actor: str,
           field: str = "", old: str = "", new: str = "", reason: str = "") -> None:
    session.add(LedgerEvent(at=now, kind=kind, unit_id=unit.id, source_file_id=source_file_id, field=field,
                            old=old, new=new, reason=reason, actor=actor))


def set_contact(
    session: Session, unit: Unit, role: str, person: Person, now: datetime, source_file_id: int | None = None,
    actor: str = "",
) -> bool:
    """Store or replace a unit's lead or liaison (the one before stays in the history); whether anything changed."""
    current = unit.contact(role)
    if current is not None and (current.name, current.title, current.phone, current.mobile) == (
            person.name, person.title, person.phone, person.mobile):
        return False
    before = _show(current)
    if current is None:
        unit.contacts.append(
            Contact(role=role, name=person.name, title=person.title, phone=person.phone, mobile=person.mobile,
                    source_file_id=source_file_id, updated_at=now)
        )
    else:
        current.name, current.title, current.phone, current.mobile = person.name, person.title, person.phone, person.mobile
        current.source_file_id, current.updated_at = source_file_id, now
    _event(session, unit, "contact_changed", now, source_file_id, actor, field=role, old=before, new=_show(person))
    return True


def upsert_units(
    session: Session,
    records: list[UnitRecord],
    now: datetime,
    source_file_id: int | None = None,
    *,
    received_at: datetime | None = None,
    campaign_start: date | None = None,
    actor: str = "",
) -> tuple[int, int]:
    """Add new units and update known ones (matched by name or alias); returns (added, updated).

    A unit owes only what falls due after it was added: the units of the ledger's first
    list are the notice's responsible units, added at the campaign start; a unit added by
    a later list is added when that list was received (or on its 纳入日期).
    A unit's aliases only grow: an alias once written by a unit stays recognisable.
    """
    matcher = unit_matcher(session)
    existing = {u.id: u for u in all_units(session)}
    first_list = not existing
    default_added = received_at or now
    if first_list and campaign_start is not None:
        default_added = datetime.combine(campaign_start, time(0))
    next_seq = max((u.seq for u in existing.values()), default=0)
    taken = {a.alias: u.id for u in existing.values() for a in u.aliases}
    added = updated = 0
    for record in records:
        known = matcher.find(record.name)
        changed = False
        if known is None:
            next_seq += 1
            added_at = datetime.combine(record.added_on, time(0)) if record.added_on else default_added
            unit = Unit(name=record.name, category=record.category, category_label=record.category_label,
                        seq=next_seq, added_at=added_at, note=record.note)
            session.add(unit)
            session.flush()
            existing[unit.id] = unit
            added += 1
            _event(session, unit, "unit_added", now, source_file_id, actor, field="category", new=record.category_label)
        else:
            unit = existing[known.id]
            if (unit.category, unit.category_label) != (record.category, record.category_label):
                _event(session, unit, "unit_changed", now, source_file_id, actor, field="category",
                       old=unit.category_label or unit.category, new=record.category_label or record.category)
                unit.category, unit.category_label = record.category, record.category_label
                changed = True
            if record.note and unit.note != record.note:
                _event(session, unit, "unit_changed", now, source_file_id, actor, field="note", old=unit.note,
                       new=record.note)
                unit.note = record.note
                changed = True
        for alias in record.aliases:
            if alias == unit.name or taken.get(alias) == unit.id:
                continue
            if alias in taken:  # the alias belongs to another unit: keep the first owner
                continue
            unit.aliases.append(UnitAlias(alias=alias))
            taken[alias] = unit.id
            _event(session, unit, "alias_added", now, source_file_id, actor, field="alias", new=alias)
            changed = True
        for role in ROLES:
            person = getattr(record, role)
            if person is not None:
                changed = set_contact(session, unit, role, person, now, source_file_id, actor) or changed
        if known is not None and changed:
            updated += 1
    session.flush()
    return added, updated
