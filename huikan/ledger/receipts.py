"""Receipts: a file received from a unit, attached to the due instance it counts for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Row, bindparam, insert, select

from huikan.campaigns.schedule import pick_instance
from huikan.clock import describe_delta
from huikan.ledger.tables import deliverable, due_instance
from huikan.ledger.tables import receipt as receipt_table

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

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
    same_file = ctx.receipts.get((unit_id, deliverable_id))
    if same_file is not None:
        return same_file, ""
    instance = pick_instance(instances, received_at, stated=stated, week_no=week_no)
    earlier = None
    if instance is not None:
        earlier = session.connection().scalar(_FIRST_RECEIVED, {"unit_id": unit_id, "instance_id": instance.id})
    if instance is None:
        if week_no is not None:
            note = f"{name}：周次「第{week_no}周」不在本活动的 {len(instances)} 周之内，未计入任何一期"
        else:
            note = f"{name}：{received_at:%m-%d %H:%M} 收到，已过最后一期截止时间，未计入任何一期"
    else:
        when = f"{instance.label}（{instance.due_at:%m-%d %H:%M} 截止）" if instance.label != name else f"{instance.due_at:%m-%d %H:%M} 截止"
        if earlier is not None and earlier <= received_at:
            note = f"{name} {when}：此前已于 {earlier:%m-%d %H:%M} 报送（{lateness(earlier, instance.due_at)}），本件作为补充更新"
        else:
            note = f"计入 {name} {when}，{lateness(received_at, instance.due_at)}"
    # Core, not an ORM object: one INSERT instead of a unit of work at every file's flush.
    session.flush()  # what the importer added first (the unit's contacts…) is in the database
    receipt_id = session.connection().execute(insert(receipt_table), {  # values as parameters: one cached statement
        "source_file_id": source_id,
        "unit_id": unit_id,
        "deliverable_id": deliverable_id,
        "due_instance_id": instance.id if instance else None,
        "received_at": received_at,
        "stated_date": stated,
        "kind": kind,
        "note": "" if instance else note,
    }).inserted_primary_key[0]
    ctx.receipts[(unit_id, deliverable_id)] = receipt_id
    return receipt_id, note
