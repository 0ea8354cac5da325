"""Adding and updating units, their aliases and contacts, inside an import's write transaction.

Every change is kept in ``ledger_event`` with the file it came from: a unit added, its category
changed, an alias added, a contact replaced (the old person stays in the history).
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Connection, func, insert, select, update

from huikan.ledger.tables import contact, ledger_event, unit, unit_alias
from huikan.ledger.units import ROLES, Person, UnitRecord, unit_entries, unit_matcher


def _event(conn: Connection, unit_id: int, kind: str, now: datetime, source_file_id: int | None, actor: str,
           field: str = "", old: str = "", new: str = "", reason: str = "") -> None:
    conn.execute(insert(ledger_event), {"at": now, "kind": kind, "unit_id": unit_id, "source_file_id": source_file_id,
                                        "field": field, "old": old, "new": new, "reason": reason, "actor": actor})


def contact_of(conn: Connection, unit_id: int, role: str) -> Person | None:
    c = contact.c
    row = conn.execute(select(c.name, c.title, c.phone, c.mobile).where(c.unit_id == unit_id, c.role == role)).first()
    return Person(*row) if row else None


def set_contact(conn: Connection, unit_id: int, role: str, person: Person, now: datetime,
                source_file_id: int | None = None, actor: str = "", current: Person | None = None) -> bool:
    """Store or replace a unit's lead or liaison (the one before stays in the history); whether anything
    changed. ``current``: the unit's contact in that role as already read, if it was."""
    current = current if current is not None else contact_of(conn, unit_id, role)
    if current == person:
        return False
    values = {"name": person.name, "title": person.title, "phone": person.phone, "mobile": person.mobile,
              "source_file_id": source_file_id, "updated_at": now}
    if current is None:
        conn.execute(insert(contact), {"unit_id": unit_id, "role": role, **values})
    else:
        conn.execute(update(contact).where(contact.c.unit_id == unit_id, contact.c.role == role).values(values))
    _event(conn, unit_id, "contact_changed", now, source_file_id, actor, field=role,
           old=current.show() if current else "", new=person.show())
    return True


def upsert_units(
    conn: Connection,
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
    matcher = unit_matcher(conn)
    existing = {e.id: e for e in unit_entries(conn)}
    notes = dict(conn.execute(select(unit.c.id, unit.c.note)).all())
    first_list = not existing
    default_added = received_at or now
    if first_list and campaign_start is not None:
        default_added = datetime.combine(campaign_start, time(0))
    next_seq = conn.scalar(select(func.coalesce(func.max(unit.c.seq), 0)))
    taken = {alias: e.id for e in existing.values() for alias in e.aliases}
    added = updated = 0
    for record in records:
        known = matcher.find(record.name)
        changed = False
        if known is None:
            next_seq += 1
            added_at = datetime.combine(record.added_on, time(0)) if record.added_on else default_added
            unit_id = conn.execute(insert(unit), {
                "name": record.name, "category": record.category, "category_label": record.category_label,
                "seq": next_seq, "added_at": added_at, "note": record.note}).inserted_primary_key[0]
            names, contacts = {record.name}, {}
            added += 1
            _event(conn, unit_id, "unit_added", now, source_file_id, actor, field="category", new=record.category_label)
        else:
            entry = existing[known.id]
            unit_id, names, contacts = entry.id, {entry.name}, entry.contacts
            changes = {}
            if (entry.category, entry.category_label) != (record.category, record.category_label):
                _event(conn, unit_id, "unit_changed", now, source_file_id, actor, field="category",
                       old=entry.category_label or entry.category, new=record.category_label or record.category)
                changes.update(category=record.category, category_label=record.category_label)
            if record.note and notes.get(unit_id) != record.note:
                _event(conn, unit_id, "unit_changed", now, source_file_id, actor, field="note",
                       old=notes.get(unit_id, ""), new=record.note)
                changes["note"] = record.note
            if changes:
                conn.execute(update(unit).where(unit.c.id == unit_id).values(changes))
                changed = True
        for alias in record.aliases:
            if alias in names or taken.get(alias) == unit_id:
                continue
            if alias in taken:  # the alias belongs to another unit: keep the first owner
                continue
            conn.execute(insert(unit_alias), {"unit_id": unit_id, "alias": alias})
            taken[alias] = unit_id
            _event(conn, unit_id, "alias_added", now, source_file_id, actor, field="alias", new=alias)
            changed = True
        for role in ROLES:
            person = getattr(record, role)
            if person is not None:
                changed = set_contact(conn, unit_id, role, person, now, source_file_id, actor,
                                      current=contacts.get(role)) or changed
        if known is not None and changed:
            updated += 1
    return added, updated
