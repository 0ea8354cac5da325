"""Receipts: a file received from a unit, attached to the due instance it counts for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Row, bindparam, insert, select, update

from huikan.campaigns.schedule import pick_instance
from huikan.clock import describe_delta
from huikan.ledger.tables import deliverable, due_instance, ledger_event, source_file, unit
from huikan.ledger.tables import receipt as receipt_table

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from huikan.campaigns import CampaignSpec
    from huikan.importers.base import ImportContext
    from huikan.ledger.database import Reader


@dataclass(frozen=True)
class Deliverables:
    """A campaign's deliverables and their due instances, read once for a batch of files."""

    names: dict[str, tuple[int, str]]  # key -> (id, name)
    instances: dict[str, list[Row]]  # key -> its due instances (id, seq, label, due_at)


def load_deliverables(reader: Reader, campaign_id: int) -> Deliverables:
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


def lateness(received_at: datetime, due_at: datetime) -> str:
    """按时 or 迟报 with how late, as the clerk says it."""
    if received_at <= due_at:
        return "按时"
    return f"迟报 {describe_delta(received_at - due_at)}"


# The first receipt of a due instance from a unit: built once, run with parameters for each file.
_FIRST_RECEIVED = (
    select(receipt_table.c.received_at)
    .where(receipt_table.c.unit_id == bindparam("unit_id"), receipt_table.c.due_instance_id == bindparam("instance_id"))
    .order_by(receipt_table.c.received_at)
    .limit(1)
)


def record_receipt(
    session: Session,
    ctx: ImportContext,
    unit_id: int,
    kind: str,
    source_id: int,
    *,
    stated: date | None = None,
    week_no: int | None = None,
) -> tuple[int | None, str]:
    """Store the receipt of a return; returns its id (None when the kind counts for nothing) and a note.

    The due instances come from the batch (``ctx.deliverables``, read once); a workbook with
    自查情况 and 台账 sheets is one receipt (``ctx.receipts``, this file's)."""
    wanted = ctx.spec.deliverable_receiving(kind)
    if wanted is None:
        return None, ""
    received_at = ctx.received_at
    deliverable_id, name = ctx.deliverables.names[wanted.key]
    instances = ctx.deliverables.instances[wanted.key]
    instance = pick_instance(instances, received_at, stated=stated, week_no=week_no)
    # One receipt per due instance a file counts for: a workbook with 自查情况 and 台账 sheets is one,
    # a table of weeks 1-3 is three.
    key = (unit_id, deliverable_id, instance.id if instance else None)
    same_file = ctx.receipts.get(key)
    if same_file is not None:
        return same_file, ""
    earlier = None
    if instance is not None:
        earlier = session.connection().scalar(_FIRST_RECEIVED, {"unit_id": unit_id, "instance_id": instance.id})
    if instance is not None and earlier is not None and earlier <= received_at:
        when = f"{instance.label}（{instance.due_at:%m-%d %H:%M} 截止）" if instance.label != name else f"{instance.due_at:%m-%d %H:%M} 截止"
        note = f"{name} {when}：此前已于 {earlier:%m-%d %H:%M} 报送（{lateness(earlier, instance.due_at)}），本件作为补充更新"
    else:
        note = _counts_for(name, instance, instances, received_at, week_no)
    # Core, not an ORM object: one INSERT instead of a unit of work at every file's flush.
    session.flush()  # what the importer added first (the unit's contacts…) is in the database
    receipt_id = session.connection().execute(insert(receipt_table), {  # values as parameters: one cached statement
        "source_file_id": source_id,
        "unit_id": unit_id,
        "deliverable_id": deliverable_id,
        "due_instance_id": instance.id if instance else None,
        "received_at": received_at,
        "stated_date": stated,
        "week_no": week_no,
        "kind": kind,
        "note": "" if instance else note,
    }).inserted_primary_key[0]
    ctx.receipts[key] = receipt_id
    return receipt_id, note


def _counts_for(name: str, instance, instances: list, received_at: datetime, week_no: int | None) -> str:
    """Which due instance a receipt counts for, and how it stands, as the clerk says it."""
    if instance is None:
        if week_no is not None:
            return f"{name}：周次「第{week_no}周」不在本活动的 {len(instances)} 周之内，未计入任何一期"
        return f"{name}：{received_at:%m-%d %H:%M} 收到，已过最后一期截止时间，未计入任何一期"
    when = f"{instance.label}（{instance.due_at:%m-%d %H:%M} 截止）" if instance.label != name else f"{instance.due_at:%m-%d %H:%M} 截止"
    return f"计入 {name} {when}，{lateness(received_at, instance.due_at)}"


def correct_received_at(session: Session, source_id: int, received_at: datetime, spec: CampaignSpec,
                        deliverables: Deliverables, now: datetime, actor: str) -> tuple[list[str], str, str | None]:
    """The clerk corrects when a file was received: the file and each of its receipts take the new
    time and are attached again to the due instance they count for then; kept in ``ledger_event``.
    Returns the notes, the file's kind and its unit's name."""
    conn = session.connection()
    f = source_file.c
    row = conn.execute(select(f.received_at, f.kind, f.name, f.unit_id).where(f.id == source_id)).one()
    old = row.received_at
    conn.execute(update(source_file).where(f.id == source_id).values(received_at=received_at))
    notes = [f"收到时间由 {old:%Y-%m-%d %H:%M} 更正为 {received_at:%Y-%m-%d %H:%M}"]
    if received_at.date() < spec.start:
        notes.append(f"收到时间 {received_at:%Y-%m-%d %H:%M} 早于活动开始（{spec.start}），已按所给时间记录，请核对")
    # Units a list added owe what falls due after it was received: they move with it.
    le, u = ledger_event.c, unit.c
    added = select(le.unit_id).where(le.kind == "unit_added", le.source_file_id == source_id)
    moved = conn.execute(update(unit).where(u.id.in_(added), u.added_at == old).values(added_at=received_at)).rowcount
    if moved:
        notes.append(f"此名单新增的 {moved} 个单位随之改为 {received_at:%Y-%m-%d %H:%M} 纳入")
    by_id = {did: key for key, (did, _) in deliverables.names.items()}
    r = receipt_table.c
    for rid, unit_id, deliverable_id, stated, week_no in conn.execute(
            select(r.id, r.unit_id, r.deliverable_id, r.stated_date, r.week_no).where(r.source_file_id == source_id)):
        key = by_id[deliverable_id]
        instances = deliverables.instances[key]
        instance = pick_instance(instances, received_at, stated=stated, week_no=week_no)
        name = deliverables.names[key][1]
        note = _counts_for(name, instance, instances, received_at, week_no)
        conn.execute(update(receipt_table).where(r.id == rid).values(
            received_at=received_at, due_instance_id=instance.id if instance else None, note="" if instance else note))
        unit_name = conn.scalar(select(unit.c.name).where(unit.c.id == unit_id))
        notes.append(f"{unit_name}：{note}")
    conn.execute(insert(ledger_event), {
        "at": now, "kind": "received_at", "unit_id": row.unit_id, "source_file_id": source_id, "field": "received_at",
        "old": f"{old:%Y-%m-%d %H:%M}", "new": f"{received_at:%Y-%m-%d %H:%M}", "reason": row.name, "actor": actor,
    })
    unit_name = conn.scalar(select(unit.c.name).where(unit.c.id == row.unit_id)) if row.unit_id else None
    return notes, row.kind, unit_name
