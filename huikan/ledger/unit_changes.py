"""Adding and updating units, their aliases and contacts (the ORM, inside an import's transaction)."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from huikan.ledger.models import Contact, Unit, UnitAlias
from huikan.ledger.units import ROLES, Person, UnitRecord, unit_matcher


def all_units(session: Session) -> list[Unit]:
    stmt = select(Unit).options(selectinload(Unit.aliases), selectinload(Unit.contacts)).order_by(Unit.seq, Unit.id)
    return list(session.scalars(stmt))


def set_contact(
    session: Session, unit: Unit, role: str, person: Person, now: datetime, source_file_id: int | None = None
) -> bool:
    """Store or replace a unit's lead or liaison; returns whether anything changed."""
    current = unit.contact(role)
    if current is None:
        unit.contacts.append(
            Contact(role=role, name=person.name, title=person.title, phone=person.phone,
                    source_file_id=source_file_id, updated_at=now)
        )
        return True
    if (current.name, current.title, current.phone) == (person.name, person.title, person.phone):
        return False
    current.name, current.title, current.phone = person.name, person.title, person.phone
    current.source_file_id, current.updated_at = source_file_id, now
    return True


def upsert_units(
    session: Session,
    records: list[UnitRecord],
    now: datetime,
    source_file_id: int | None = None,
    *,
    received_at: datetime | None = None,
    campaign_start: date | None = None,
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
        if known is None:
            next_seq += 1
            added_at = datetime.combine(record.added_on, time(0)) if record.added_on else default_added
            unit = Unit(name=record.name, category=record.category, seq=next_seq, added_at=added_at, note=record.note)
            session.add(unit)
            session.flush()
            existing[unit.id] = unit
            added += 1
            changed = False
        else:
            unit = existing[known.id]
            changed = unit.category != record.category or (record.note and unit.note != record.note)
            unit.category = record.category
            unit.note = record.note or unit.note
        for alias in record.aliases:
            if alias == unit.name or taken.get(alias) == unit.id:
                continue
            if alias in taken:  # the alias belongs to another unit: keep the first owner
                continue
            unit.aliases.append(UnitAlias(alias=alias))
            taken[alias] = unit.id
            changed = True
        for role in ROLES:
            person = getattr(record, role)
            if person is not None:
                changed |= set_contact(session, unit, role, person, now, source_file_id)
        if known is not None and changed:
            updated += 1
    session.flush()
    return added, updated
