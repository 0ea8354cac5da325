"""Receipts: a file received from a unit, attached to the due instance it counts for."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from huikan.campaigns import CampaignSpec
from huikan.campaigns.schedule import pick_instance
from huikan.clock import describe_delta
from huikan.ledger.models import Deliverable, Receipt, SourceFile


def lateness(received_at: datetime, due_at: datetime) -> str:
    """按时 or 迟报 with how late, as the clerk says it."""
    if received_at <= due_at:
        return "按时"
    return f"迟报 {describe_delta(received_at - due_at)}"


def record_receipt(
    session: Session,
    spec: CampaignSpec,
    campaign_id: int,
    unit_id: int,
    kind: str,
    source: SourceFile,
    received_at: datetime,
    *,
    stated: date | None = None,
    week_no: int | None = None,
) -> tuple[Receipt | None, str]:
    """Store the receipt of a return; returns it (None when the kind counts for nothing) and a note."""
    wanted = spec.deliverable_receiving(kind)
    if wanted is None:
        return None, ""
    deliverable = session.scalar(
        select(Deliverable)
        .where(Deliverable.campaign_id == campaign_id, Deliverable.key == wanted.key)
        .options(selectinload(Deliverable.instances))
    )
    same_file = session.scalar(select(Receipt).where(
        Receipt.source_file_id == source.id, Receipt.unit_id == unit_id, Receipt.deliverable_id == deliverable.id
    ))
    if same_file is not None:  # a workbook with 自查情况 and 台账 sheets is one receipt
        return same_file, ""
    instance = pick_instance(deliverable.instances, received_at, stated=stated, week_no=week_no)
    earlier = None
    if instance is not None:
        earlier = session.scalar(
            select(Receipt.received_at)
            .where(Receipt.unit_id == unit_id, Receipt.due_instance_id == instance.id)
            .order_by(Receipt.received_at)
            .limit(1)
        )
    if instance is None:
        if week_no is not None:
            note = f"{deliverable.name}：周次「第{week_no}周」不在本活动的 {len(deliverable.instances)} 周之内，未计入任何一期"
        else:
            note = f"{deliverable.name}：{received_at:%m-%d %H:%M} 收到，已过最后一期截止时间，未计入任何一期"
    else:
        when = f"{instance.label}（{instance.due_at:%m-%d %H:%M} 截止）" if instance.label != deliverable.name else f"{instance.due_at:%m-%d %H:%M} 截止"
        if earlier is not None and earlier <= received_at:
            note = f"{deliverable.name} {when}：此前已于 {earlier:%m-%d %H:%M} 报送（{lateness(earlier, instance.due_at)}），本件作为补充更新"
        else:
            note = f"计入 {deliverable.name} {when}，{lateness(received_at, instance.due_at)}"
    receipt = Receipt(
        source_file_id=source.id,
        unit_id=unit_id,
        deliverable_id=deliverable.id,
        due_instance_id=instance.id if instance else None,
        received_at=received_at,
        stated_date=stated,
        kind=kind,
        note="" if instance else note,
    )
    session.add(receipt)
    return receipt, note
