"""Who owes what: every (unit, due instance) as on time, late, missing or not yet due, at an as-of time.

docs/contract.md, "Terms": a due instance is on time with a receipt at or before its due time (to
the second), late with only later receipts, missing when none arrived and its time has
passed. Receipts after the as-of time have not happened yet. A unit owes only what falls
due after it was added.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from huikan.ledger.tables import contact, deliverable, due_instance, receipt, unit
from huikan.ledger.units import Person

if TYPE_CHECKING:
    from huikan.ledger.database import Reader

ON_TIME, LATE, MISSING, PENDING = "on_time", "late", "missing", "pending"
STATE_LABELS = {ON_TIME: "按时", LATE: "迟报", MISSING: "未报", PENDING: "未到期"}


@dataclass(frozen=True)
class UnitInfo:
    id: int
    name: str
    seq: int
    category: str
    added_at: datetime
    liaison: Person | None

    def liaison_text(self) -> str:
        if self.liaison is None:
            return "未报联络人"
        return " ".join(p for p in (self.liaison.name, self.liaison.reach) if p)


@dataclass(frozen=True)
class Slot:
    id: int
    deliverable: str  # key
    deliverable_name: str
    seq: int
    label: str
    due_at: datetime
    count: int  # how many instances the deliverable has

    @property
    def short_title(self) -> str:
        """第2周, or the deliverable's name when it is due once."""
        return self.deliverable_name if self.count == 1 else self.label

    @property
    def title(self) -> str:
        """每周工作进展 第2周, or just 专题报告 for a deliverable due once."""
        return self.deliverable_name if self.count == 1 else f"{self.deliverable_name} {self.label}"


@dataclass(frozen=True)
class Submission:
    unit: UnitInfo
    slot: Slot
    state: str
    received_at: datetime | None  # the earliest receipt at or before as-of

    @property
    def delay(self):
        """How late (late) or how overdue (missing) it is."""
        return (self.received_at - self.slot.due_at) if self.state == LATE else None


@dataclass
class Submissions:
    as_of: datetime
    units: list[UnitInfo]
    slots: list[Slot]
    items: list[Submission]

    def by_state(self, *states: str) -> list[Submission]:
        return [s for s in self.items if s.state in states]


def load_units(reader: Reader) -> list[UnitInfo]:
    c = contact.c
    liaisons = {
        unit_id: Person(name, title, phone, mobile)
        for unit_id, name, title, phone, mobile in reader.execute(
            select(c.unit_id, c.name, c.title, c.phone, c.mobile).where(c.role == "liaison")
        )
    }
    u = unit.c
    return [
        UnitInfo(uid, name, seq, category, added_at, liaisons.get(uid))
        for uid, name, seq, category, added_at in reader.execute(
            select(u.id, u.name, u.seq, u.category, u.added_at).order_by(u.seq, u.id)
        )
    ]


def load_slots(reader: Reader, campaign_id: int) -> list[Slot]:
    d, i = deliverable.c, due_instance.c
    rows = reader.execute(
        select(i.id, d.id, d.key, d.name, i.seq, i.label, i.due_at)
        .join_from(due_instance, deliverable, i.deliverable_id == d.id)
        .where(d.campaign_id == campaign_id)
    ).all()
    counts: dict[int, int] = {}
    for row in rows:
        counts[row[1]] = counts.get(row[1], 0) + 1
    slots = [Slot(iid, key, name, seq, label, due_at, counts[did]) for iid, did, key, name, seq, label, due_at in rows]
    return sorted(slots, key=lambda s: (s.due_at, s.id))


def compute_submissions(reader: Reader, campaign_id: int, as_of: datetime) -> Submissions:
    units = load_units(reader)
    slots = load_slots(reader, campaign_id)
    r = receipt.c
    first_receipt = {
        (unit_id, instance_id): received
        for unit_id, instance_id, received in reader.execute(
            select(r.unit_id, r.due_instance_id, func.min(r.received_at))
            .where(r.due_instance_id.is_not(None), r.received_at <= as_of)
            .group_by(r.unit_id, r.due_instance_id)
        )
    }
    items = []
    for slot in slots:
        for info in units:
            if slot.due_at <= info.added_at:
                continue  # fell due before the unit was on the list
            received = first_receipt.get((info.id, slot.id))
            if received is not None:
                state = ON_TIME if received <= slot.due_at else LATE
            else:
                state = MISSING if slot.due_at < as_of else PENDING
            items.append(Submission(info, slot, state, received))
    return Submissions(as_of, units, slots, items)
