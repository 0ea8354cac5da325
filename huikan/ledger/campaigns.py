"""Storing the campaign in the ledger and reading it back."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Row, insert, select

from huikan.campaigns import CampaignSpec
from huikan.campaigns.schedule import due_slots
from huikan.campaigns.spec import parse_campaign
from huikan.errors import LedgerError
from huikan.ledger.tables import campaign as campaign_table
from huikan.ledger.tables import check_item, deliverable, due_instance, phase

if TYPE_CHECKING:
    from huikan.ledger.database import Reader


def current_campaign(reader: Reader) -> Row:
    """The ledger's campaign row (id, key, name, short_name, start, spec_toml…)."""
    campaign = reader.execute(select(campaign_table).order_by(campaign_table.c.id).limit(1)).first()
    if campaign is None:
        raise LedgerError("账本中还没有活动，请先运行 huikan init")
    return campaign


def campaign_spec(campaign: Row) -> CampaignSpec:
    """The spec the ledger was initialised with (its own copy, not today's file)."""
    spec = parse_campaign(campaign.spec_toml, f"账本中的活动「{campaign.short_name}」")
    return spec.with_start(campaign.start) if spec.start != campaign.start else spec


def install_campaign(conn: Connection, spec: CampaignSpec, now: datetime) -> tuple[Row, bool]:
    """Store a campaign with its phases, deliverables, due instances and items.

    Returns (the campaign row, created). The same campaign again is a no-op; any other campaign
    on a ledger that already has one is refused: a ledger records one campaign.
    """
    existing = conn.execute(select(campaign_table).order_by(campaign_table.c.id).limit(1)).first()
    if existing is not None:
        if existing.key == spec.key and existing.spec_sha256 == spec.digest and existing.start == spec.start:
            return existing, False
        if existing.key != spec.key:
            why = f"账本已用于活动「{existing.short_name}」（{existing.key}），不能再初始化为「{spec.short_name}」（{spec.key}）"
        elif existing.start != spec.start:
            why = f"账本中的活动开始日期为 {existing.start}，与本次指定的 {spec.start} 不同"
        else:
            why = f"账本中的活动「{existing.short_name}」与所给活动配置文件内容不同"
        raise LedgerError(why + "。如需另一活动，请用 --db 指定新的账本文件")

    campaign_id = conn.execute(insert(campaign_table), {
        "key": spec.key, "name": spec.name, "short_name": spec.short_name, "issuer": spec.issuer,
        "office": spec.office, "start": spec.start, "end": spec.end, "spec_toml": spec.source,
        "spec_sha256": spec.digest, "created_at": now,
    }).inserted_primary_key[0]
    for seq, p in enumerate(spec.phases, start=1):
        conn.execute(insert(phase), {"campaign_id": campaign_id, "seq": seq, "key": p.key, "name": p.name,
                                     "start": p.start, "end": p.end})
    ids = {}
    for seq, d in enumerate(spec.deliverables, start=1):
        ids[d.key] = conn.execute(insert(deliverable), {
            "campaign_id": campaign_id, "seq": seq, "key": d.key, "name": d.name, "description": d.description,
            "schedule_kind": d.schedule.kind}).inserted_primary_key[0]
    slots = due_slots(spec)
    if slots:
        conn.execute(insert(due_instance), [{"deliverable_id": ids[s.deliverable], "seq": s.seq, "due_at": s.due_at,
                                             "label": s.label} for s in slots])
    conn.execute(insert(check_item), [{"campaign_id": campaign_id, "number": i.number, "title": i.title,
                                       "wording": i.wording, "applies_to": i.applies_to} for i in spec.items])
    return current_campaign(conn), True
