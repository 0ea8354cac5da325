"""Who owes what: every (unit, due instance) as on time, late, missing or not yet due, at an as-of time.

SPEC.md, "Terms": a due instance is on time with a receipt at or before its due time (to
the second), late with only later receipts, missing when none arrived and its time has
passed. Receipts after the as-of time have not happened yet. A unit owes only what falls
due after it was added.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from huikan.ledger.models import Contact, Deliverable, Receipt, Unit
from huikan.ledger.units import Person

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
        return " ".join(p for p in (self.liaison.name, self.liaison.phone) if p)


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


def load_units(session: Session) -> list[UnitInfo]:
    liaisons = {
        c.unit_id: Person(c.name, c.title, c.phone)
        for c in session.scalars(select(Contact).where(Contact.role == "liaison"))
    }
    return [
        UnitInfo(u.id, u.name, u.seq, u.category, u.added_at, liaisons.get(u.id))
        for u in session.scalars(select(Unit).order_by(Unit.seq, Unit.id))
    ]


def load_slots(session: Session, campaign_id: int) -> list[Slot]:
    deliverables = session.scalars(
        select(Deliverable).where(Deliverable.campaign_id == campaign_id)
        .options(selectinload(Deliverable.instances)).order_by(Deliverable.seq)
    ).all()
    slots = [
        Slot(i.id, d.key, d.name, i.seq, i.label, i.due_at, len(d.instances))
        for d in deliverables
        for i in d.instances
    ]
    return sorted(slots, key=lambda s: (s.due_at, s.id))


def compute_submissions(session: Session, campaign_id: int, as_of: datetime) -> Submissions:
    units = load_units(session)
    slots = load_slots(session, campaign_id)
    first_receipt = {
        (unit_id, instance_id): received
        for unit_id, instance_id, received in session.execute(
            select(Receipt.unit_id, Receipt.due_instance_id, func.min(Receipt.received_at))
            .where(Receipt.due_instance_id.is_not(None), Receipt.received_at <= as_of)
            .group_by(Receipt.unit_id, Receipt.due_instance_id)
        )
    }
    items = []
    for slot in slots:
        for unit in units:
            if slot.due_at <= unit.added_at:
                continue  # fell due before the unit was on the list
            received = first_receipt.get((unit.id, slot.id))
            if received is not None:
                state = ON_TIME if received <= slot.due_at else LATE
            else:
                state = MISSING if slot.due_at < as_of else PENDING
            items.append(Submission(unit, slot, state, received))
    return Submissions(as_of, units, slots, items)
