"""The ORM classes of the write paths: typed models mapped onto the Core tables of ``tables.py``.

Imports, hazard changes and set-up work through these; reports read the tables with Core.
"""

# No ``from __future__ import annotations`` here: SQLAlchemy would then evaluate every
# annotation from a string at import; only the annotations that name a model are quoted.
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import DeclarativeBase, Mapped, relationship

from huikan.ledger import tables
from huikan.ledger.tables import hazard_code


class Base(DeclarativeBase):
    metadata = tables.metadata


class Campaign(Base):
    __table__ = tables.campaign

    id: Mapped[int]
    key: Mapped[str]
    name: Mapped[str]
    short_name: Mapped[str]
    issuer: Mapped[str]
    office: Mapped[str]
    start: Mapped[date]
    end: Mapped[date]
    spec_toml: Mapped[str]  # the campaign file as loaded
    spec_sha256: Mapped[str]
    created_at: Mapped[datetime]

    phases: Mapped[list["Phase"]] = relationship(back_populates="campaign", order_by="Phase.seq")
    deliverables: Mapped[list["Deliverable"]] = relationship(back_populates="campaign", order_by="Deliverable.seq")
    items: Mapped[list["CheckItem"]] = relationship(back_populates="campaign", order_by="CheckItem.number")


class Phase(Base):
    __table__ = tables.phase

    id: Mapped[int]
    campaign_id: Mapped[int]
    seq: Mapped[int]
    key: Mapped[str]
    name: Mapped[str]
    start: Mapped[date]
    end: Mapped[date]

    campaign: Mapped["Campaign"] = relationship(back_populates="phases")


class Deliverable(Base):
    __table__ = tables.deliverable

    id: Mapped[int]
    campaign_id: Mapped[int]
    seq: Mapped[int]
    key: Mapped[str]
    name: Mapped[str]
    description: Mapped[str]
    schedule_kind: Mapped[str]  # weekly / by_date / with

    campaign: Mapped["Campaign"] = relationship(back_populates="deliverables")
    instances: Mapped[list["DueInstance"]] = relationship(back_populates="deliverable", order_by="DueInstance.seq")


class DueInstance(Base):
    """One due occurrence of a deliverable (each unit owes one receipt for it)."""

    __table__ = tables.due_instance

    id: Mapped[int]
    deliverable_id: Mapped[int]
    seq: Mapped[int]
    due_at: Mapped[datetime]
    label: Mapped[str]

    deliverable: Mapped["Deliverable"] = relationship(back_populates="instances")


class CheckItem(Base):
    """One of the nine check items (九对照、九检查)."""

    __table__ = tables.check_item

    id: Mapped[int]
    campaign_id: Mapped[int]
    number: Mapped[int]
    title: Mapped[str]
    wording: Mapped[str]
    applies_to: Mapped[str]

    campaign: Mapped["Campaign"] = relationship(back_populates="items")


class Unit(Base):
    __table__ = tables.unit

    id: Mapped[int]
    name: Mapped[str]
    category: Mapped[str]  # the campaign's category key, or the list's own word when none fits
    category_label: Mapped[str]  # the category as the unit list wrote it
    seq: Mapped[int]  # order in the unit list
    added_at: Mapped[datetime]  # owes only what falls due after this
    note: Mapped[str]

    aliases: Mapped[list["UnitAlias"]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", order_by="UnitAlias.id"
    )
    contacts: Mapped[list["Contact"]] = relationship(back_populates="unit", cascade="all, delete-orphan")

    def contact(self, role: str) -> "Contact | None":
        return next((c for c in self.contacts if c.role == role), None)


class UnitAlias(Base):
    __table__ = tables.unit_alias

    id: Mapped[int]
    unit_id: Mapped[int]
    alias: Mapped[str]

    unit: Mapped["Unit"] = relationship(back_populates="aliases")


class Contact(Base):
    """分管负责人 (role ``lead``) or 专职联络员 (role ``liaison``) of a unit."""

    __table__ = tables.contact

    id: Mapped[int]
    unit_id: Mapped[int]
    role: Mapped[str]
    name: Mapped[str]
    title: Mapped[str]
    phone: Mapped[str]
    mobile: Mapped[str]
    source_file_id: Mapped[int | None]
    updated_at: Mapped[datetime]

    unit: Mapped["Unit"] = relationship(back_populates="contacts")


class SourceFile(Base):
    """Every file the office received and imported (or rejected)."""

    __table__ = tables.source_file

    id: Mapped[int]
    path: Mapped[str]
    name: Mapped[str]
    sha256: Mapped[str]  # the same bytes are stored once
    kind: Mapped[str]
    unit_id: Mapped[int | None]
    received_at: Mapped[datetime]
    imported_at: Mapped[datetime]
    outcome: Mapped[str]  # imported / updated
    rows: Mapped[int]
    imported_by: Mapped[str]
    format: Mapped[str]  # xlsx / xls / csv / document
    notes: Mapped[str]  # the import summary, one per line

    unit: Mapped["Unit | None"] = relationship()


class Receipt(Base):
    """A file received as (part of) a deliverable from a unit."""

    __table__ = tables.receipt

    id: Mapped[int]
    source_file_id: Mapped[int]
    unit_id: Mapped[int]
    deliverable_id: Mapped[int]
    due_instance_id: Mapped[int | None]
    received_at: Mapped[datetime]
    stated_date: Mapped[date | None]  # the week/date the return says it is for
    week_no: Mapped[int | None]  # the week (周次) the return says it is for
    kind: Mapped[str]  # which return: weekly, ledger…
    note: Mapped[str]  # why it counts for nothing, etc.

    source_file: Mapped["SourceFile"] = relationship()
    unit: Mapped["Unit"] = relationship()
    deliverable: Mapped["Deliverable"] = relationship()
    due_instance: Mapped["DueInstance | None"] = relationship()


class SelfCheckResult(Base):
    """A unit's self-check on one of the nine items; the latest return wins."""

    __table__ = tables.selfcheck_result

    id: Mapped[int]
    unit_id: Mapped[int]
    item_id: Mapped[int]
    finding: Mapped[str]  # 自查情况
    problems_found: Mapped[int | None]
    rectified: Mapped[int | None]
    source_file_id: Mapped[int]
    notes: Mapped[str]

    unit: Mapped["Unit"] = relationship()
    item: Mapped["CheckItem"] = relationship()


class WeeklyReport(Base):
    """The contents of one weekly progress return."""

    __table__ = tables.weekly_report

    id: Mapped[int]
    unit_id: Mapped[int]
    source_file_id: Mapped[int]
    receipt_id: Mapped[int | None]
    stated_date: Mapped[date | None]
    week_no: Mapped[int | None]
    work_done: Mapped[str]  # 本周工作开展情况
    found_this_week: Mapped[int | None]
    rectified_this_week: Mapped[int | None]
    found_total: Mapped[int | None]
    rectified_total: Mapped[int | None]
    next_week: Mapped[str]  # 下周工作安排
    notes: Mapped[str]

    unit: Mapped["Unit"] = relationship()


class Hazard(Base):
    """One problem or hazard (问题隐患) of a unit's ledger, tracked until verified."""

    __table__ = tables.hazard

    id: Mapped[int]
    unit_id: Mapped[int]
    fingerprint: Mapped[str]  # recognises the hazard in a later ledger
    row_no: Mapped[str]  # 序号 as the unit wrote it
    description: Mapped[str]
    venue: Mapped[str]
    venue_type: Mapped[str]
    item_number: Mapped[int | None]  # 1..9
    level: Mapped[str]
    major: Mapped[bool]
    found_on: Mapped[date | None]
    origin: Mapped[str]  # 来源: 自查 / 督查 / 暗访
    measures: Mapped[str]
    responsible: Mapped[str]
    funds: Mapped[Decimal | None]
    contingency: Mapped[str]  # 应急预案/防控措施
    deadline: Mapped[date | None]
    original_deadline: Mapped[date | None]
    status: Mapped[str]  # open / in_progress / done
    done_on: Mapped[date | None]
    verified_at: Mapped[datetime | None]
    verified_by: Mapped[str]
    note: Mapped[str]
    source_file_id: Mapped[int | None]  # first seen in
    last_file_id: Mapped[int | None]  # last seen in
    decisions: Mapped[str | None]  # the clerk's decisions: what the unit had said (ledger/decisions.py)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    unit: Mapped["Unit"] = relationship()
    events: Mapped[list["HazardEvent"]] = relationship(back_populates="hazard", order_by="HazardEvent.id")

    @property
    def code(self) -> str:
        return hazard_code(self.id)


class HazardEvent(Base):
    """One entry of a hazard's history: created, field changed, extended, verified…"""

    __table__ = tables.hazard_event

    id: Mapped[int]
    hazard_id: Mapped[int]
    at: Mapped[datetime]
    kind: Mapped[str]  # created / changed / extended / verified / rejected / note
    field: Mapped[str]
    old: Mapped[str]
    new: Mapped[str]
    reason: Mapped[str]
    source_file_id: Mapped[int | None]
    actor: Mapped[str]

    hazard: Mapped["Hazard"] = relationship(back_populates="events")
    source_file: Mapped["SourceFile | None"] = relationship()


class LedgerEvent(Base):
    """A change to units, contacts or receipts, with the file or the user it came from."""

    __table__ = tables.ledger_event

    id: Mapped[int]
    at: Mapped[datetime]
    kind: Mapped[str]
    unit_id: Mapped[int | None]
    source_file_id: Mapped[int | None]
    field: Mapped[str]
    old: Mapped[str]
    new: Mapped[str]
    reason: Mapped[str]
    actor: Mapped[str]
