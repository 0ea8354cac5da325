"""Receipts: a file received from a unit, attached to the due instance it counts for.

The functions here take plain values and return what happened (``Counted``, ``Correction``);
the importers say it to the clerk (``importers/receipt_notes.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, Row, bindparam, insert, select, update

from huikan.campaigns.schedule import pick_instance
from huikan.ledger.tables import (
    deliverable,
    due_instance,
    ledger_event,
    source_file,
    unit,
)
from huikan.ledger.tables import receipt as receipt_table


@dataclass(frozen=True)
class Deliverables:
    """A campaign's deliverables and their due instances, read once for a batch of files."""

    names: dict[str, tuple[int, str]]  # key -> (id, name)
    instances: dict[str, list[Row]]  # key -> its due instances (id, seq, label, due_at)

    def key_of(self, deliverable_id: int) -> str:
        return next(key for key, (did, _) in self.names.items() if did == deliverable_id)


def load_deliverables(reader: Connection, campaign_id: int) -> Deliverables:
    d, i = deliverable.c, due_instance.c
    names = {key: (did, name) for did, key, name in reader.execute(
        select(d.id, d.key, d.name).where(d.campaign_id == campaign_id))}
    instances: dict[str, list[Row]] = {key: [] for key in names}
    for row in reader.execute(
        select(i.id, i.seq, i.label, i.due_at, d.key).join_from(due_instance, deliverable, i.deliverable_id == d.id)
        .where(d.campaign_id == campaign_id).order_by(i.seq)
    ):
        instances[row.key].append(row)
    return Deliverables(names, instances)


@dataclass(frozen=True)
class Counted:
    """What a receipt counts for."""

    receipt_id: int
    deliverable: str  # its name, as the clerk says it
    instance: Row | None  # the due instance (id, seq, label, due_at); None: it counts for none
    instances: int  # how many the deliverable has
    received_at: datetime
    week_no: int | None  # the week the return states
    earlier: datetime | None  # the unit's first receipt of that instance, when it came before this one
    again: bool = False  # this file already had a receipt for it (自查情况 and 台账 sheets of one workbook)


# The first receipt of a due instance from a unit: built once, run with parameters for each file.
_FIRST_RECEIVED = (
    select(receipt_table.c.received_at)
    .where(receipt_table.c.unit_id == bindparam("unit_id"), receipt_table.c.due_instance_id == bindparam("instance_id"))
    .order_by(receipt_table.c.received_at)
    .limit(1)
)


def record_receipt(
    conn: Connection,
    deliverables: Deliverables,
    deliverable_key: str,
    *,
    unit_id: int,
    source_id: int,
    received_at: datetime,
    kind: str,
    stated: date | None = None,
    week_no: int | None = None,
    same_file: dict,
) -> Counted:
    """Store the receipt of a return for a deliverable, attached to the due instance it counts for.

    ``same_file`` holds the receipts this file has made so far: one receipt per due instance a
    file counts for (a workbook with 自查情况 and 台账 sheets is one, a table of weeks 1-3 is three)."""
    deliverable_id, name = deliverables.names[deliverable_key]
    instances = deliverables.instances[deliverable_key]
    instance = pick_instance(instances, received_at, stated=stated, week_no=week_no)
    key = (unit_id, deliverable_id, instance.id if instance else None)
    if key in same_file:
        return Counted(same_file[key], name, instance, len(instances), received_at, week_no, None, again=True)
    earlier = None
    if instance is not None:
        earlier = conn.scalar(_FIRST_RECEIVED, {"unit_id": unit_id, "instance_id": instance.id})
    receipt_id = conn.execute(insert(receipt_table), {  # values as parameters: one cached statement
        "source_file_id": source_id,
        "unit_id": unit_id,
        "deliverable_id": deliverable_id,
        "due_instance_id": instance.id if instance else None,
        "received_at": received_at,
        "stated_date": stated,
        "week_no": week_no,
        "kind": kind,
        "note": "" if instance else "未计入任何一期",
    }).inserted_primary_key[0]
    same_file[key] = receipt_id
    return Counted(receipt_id, name, instance, len(instances), received_at, week_no,
                   earlier if earlier is not None and earlier <= received_at else None)


@dataclass(frozen=True)
class Correction:
    """A file's receipt time corrected: what each of its receipts counts for now."""

    file: str
    kind: str
    unit: str | None
    old: datetime
    new: datetime
    counted: list[tuple[str, Counted]]  # (unit name, what its receipt counts for now)
    units_moved: int  # units the file (a unit list) added, now added at the new time


def correct_received_at(conn: Connection, source_id: int, received_at: datetime, deliverables: Deliverables,
                        now: datetime, actor: str) -> Correction:
    """The clerk corrects when a file was received: the file and each of its receipts take the new
    time and are attached again to the due instance they count for then; units the file added move
    with it; kept in ``ledger_event``."""
    f, r, u, le = source_file.c, receipt_table.c, unit.c, ledger_event.c
    row = conn.execute(select(f.received_at, f.kind, f.name, f.unit_id).where(f.id == source_id)).one()
    old = row.received_at
    conn.execute(update(source_file).where(f.id == source_id).values(received_at=received_at))
    counted = []
    for rid, unit_id, deliverable_id, stated, week_no, unit_name in conn.execute(
            select(r.id, r.unit_id, r.deliverable_id, r.stated_date, r.week_no, u.name)
            .join_from(receipt_table, unit, u.id == r.unit_id).where(r.source_file_id == source_id)):
        key = deliverables.key_of(deliverable_id)
        instances = deliverables.instances[key]
        instance = pick_instance(instances, received_at, stated=stated, week_no=week_no)
        conn.execute(update(receipt_table).where(r.id == rid).values(
            received_at=received_at, due_instance_id=instance.id if instance else None,
            note="" if instance else "未计入任何一期"))
        name = deliverables.names[key][1]
        counted.append((unit_name, Counted(rid, name, instance, len(instances), received_at, week_no, None)))
    added = select(le.unit_id).where(le.kind == "unit_added", le.source_file_id == source_id)
    moved = conn.execute(update(unit).where(u.id.in_(added), u.added_at == old).values(added_at=received_at)).rowcount
    conn.execute(insert(ledger_event), {
        "at": now, "kind": "received_at", "unit_id": row.unit_id, "source_file_id": source_id, "field": "received_at",
        "old": f"{old:%Y-%m-%d %H:%M}", "new": f"{received_at:%Y-%m-%d %H:%M}", "reason": row.name, "actor": actor,
    })
    unit_name = conn.scalar(select(u.name).where(u.id == row.unit_id)) if row.unit_id else None
    return Correction(row.name, row.kind, unit_name, old, received_at, counted, moved)
