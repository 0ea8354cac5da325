"""The ledger schema: SQLAlchemy 2.x typed models, portable to SQLite and PostgreSQL.

Times are local China Standard Time stored without a zone (the campaign's own clock).
A change here needs a migration in ``huikan/ledger/migrations/versions``; the test
suite fails when the migrated schema and these models disagree.
"""

# No ``from __future__ import annotations`` here: SQLAlchemy would then evaluate every column's
# annotation from a string at import (30 ms of every command's start-up); only the annotations
# that name a model are quoted.
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints keep migrations reproducible on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Campaign(Base):
    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str] = mapped_column(String(100))
    issuer: Mapped[str] = mapped_column(String(200), default="")
    office: Mapped[str] = mapped_column(String(200), default="")
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    spec_toml: Mapped[str] = mapped_column(Text)  # the campaign file as loaded
    spec_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)

    phases: Mapped[list["Phase"]] = relationship(back_populates="campaign", order_by="Phase.seq")
    deliverables: Mapped[list["Deliverable"]] = relationship(back_populates="campaign", order_by="Deliverable.seq")
    items: Mapped[list["CheckItem"]] = relationship(back_populates="campaign", order_by="CheckItem.number")


class Phase(Base):
    __tablename__ = "phase"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    seq: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(100))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)

    campaign: Mapped["Campaign"] = relationship(back_populates="phases")


class Deliverable(Base):
    __tablename__ = "deliverable"
    __table_args__ = (UniqueConstraint("campaign_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    seq: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    schedule_kind: Mapped[str] = mapped_column(String(20))  # weekly / by_date / with

    campaign: Mapped["Campaign"] = relationship(back_populates="deliverables")
    instances: Mapped[list["DueInstance"]] = relationship(back_populates="deliverable", order_by="DueInstance.seq")


class DueInstance(Base):
    """One due occurrence of a deliverable (each unit owes one receipt for it)."""

    __tablename__ = "due_instance"
    __table_args__ = (UniqueConstraint("deliverable_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deliverable_id: Mapped[int] = mapped_column(ForeignKey("deliverable.id"))
    seq: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    label: Mapped[str] = mapped_column(String(100))

    deliverable: Mapped["Deliverable"] = relationship(back_populates="instances")


class CheckItem(Base):
    """One of the nine check items (九对照、九检查)."""

    __tablename__ = "check_item"
    __table_args__ = (UniqueConstraint("campaign_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(100))
    wording: Mapped[str] = mapped_column(Text)
    applies_to: Mapped[str] = mapped_column(String(200), default="")

    campaign: Mapped["Campaign"] = relationship(back_populates="items")


class Unit(Base):
    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    category: Mapped[str] = mapped_column(String(50))  # the campaign category key
    seq: Mapped[int] = mapped_column(Integer, default=0)  # order in the unit list
    added_at: Mapped[datetime] = mapped_column(DateTime)  # owes only what falls due after this
    note: Mapped[str] = mapped_column(Text, default="")

    aliases: Mapped[list["UnitAlias"]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", order_by="UnitAlias.id"
    )
    contacts: Mapped[list["Contact"]] = relationship(back_populates="unit", cascade="all, delete-orphan")

    def contact(self, role: str) -> "Contact | None":
        return next((c for c in self.contacts if c.role == role), None)


class UnitAlias(Base):
    __tablename__ = "unit_alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(100), unique=True)

    unit: Mapped["Unit"] = relationship(back_populates="aliases")


class Contact(Base):
    """分管负责人 (role ``lead``) or 专职联络员 (role ``liaison``) of a unit."""

    __tablename__ = "contact"
    __table_args__ = (UniqueConstraint("unit_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_file.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    unit: Mapped["Unit"] = relationship(back_populates="contacts")


class SourceFile(Base):
    """Every file the office received and imported (or rejected)."""

    __tablename__ = "source_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True, unique=True)  # the same bytes are stored once
    kind: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    received_at: Mapped[datetime] = mapped_column(DateTime)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    outcome: Mapped[str] = mapped_column(String(20))  # imported / updated
    rows: Mapped[int] = mapped_column(Integer, default=0)
    imported_by: Mapped[str] = mapped_column(String(100), default="")
    format: Mapped[str] = mapped_column(String(10), default="", server_default="")  # xlsx / xls / csv / document
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")  # the import summary, one per line

    unit: Mapped["Unit | None"] = relationship()


class Receipt(Base):
    """A file received as (part of) a deliverable from a unit."""

    __tablename__ = "receipt"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_file_id: Mapped[int] = mapped_column(ForeignKey("source_file.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    deliverable_id: Mapped[int] = mapped_column(ForeignKey("deliverable.id"))
    due_instance_id: Mapped[int | None] = mapped_column(ForeignKey("due_instance.id"))
    received_at: Mapped[datetime] = mapped_column(DateTime)
    stated_date: Mapped[date | None] = mapped_column(Date)  # the week/date the return says it is for
    kind: Mapped[str] = mapped_column(String(20), default="", server_default="")  # which return: weekly, ledger…
    note: Mapped[str] = mapped_column(Text, default="", server_default="")  # why it counts for nothing, etc.

    source_file: Mapped["SourceFile"] = relationship()
    unit: Mapped["Unit"] = relationship()
    deliverable: Mapped["Deliverable"] = relationship()
    due_instance: Mapped["DueInstance | None"] = relationship()

    __table_args__ = (Index("ix_receipt_unit_deliverable", "unit_id", "deliverable_id"),)


class SelfCheckResult(Base):
    """A unit's self-check on one of the nine items; the latest return wins."""

    __tablename__ = "selfcheck_result"
    __table_args__ = (UniqueConstraint("unit_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("check_item.id"))
    finding: Mapped[str] = mapped_column(Text, default="")  # 自查情况
    problems_found: Mapped[int | None] = mapped_column(Integer)
    rectified: Mapped[int | None] = mapped_column(Integer)
    source_file_id: Mapped[int] = mapped_column(ForeignKey("source_file.id"))

    unit: Mapped["Unit"] = relationship()
    item: Mapped["CheckItem"] = relationship()


class WeeklyReport(Base):
    """The contents of one weekly progress return."""

    __tablename__ = "weekly_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    source_file_id: Mapped[int] = mapped_column(ForeignKey("source_file.id"))
    receipt_id: Mapped[int | None] = mapped_column(ForeignKey("receipt.id"))
    stated_date: Mapped[date | None] = mapped_column(Date)
    week_no: Mapped[int | None] = mapped_column(Integer)
    work_done: Mapped[str] = mapped_column(Text, default="")  # 本周工作开展情况
    found_this_week: Mapped[int | None] = mapped_column(Integer)
    rectified_this_week: Mapped[int | None] = mapped_column(Integer)
    found_total: Mapped[int | None] = mapped_column(Integer)
    rectified_total: Mapped[int | None] = mapped_column(Integer)
    next_week: Mapped[str] = mapped_column(Text, default="")  # 下周工作安排

    unit: Mapped["Unit"] = relationship()


class Hazard(Base):
    """One problem or hazard (问题隐患) of a unit's ledger, tracked until verified."""

    __tablename__ = "hazard"
    __table_args__ = (
        Index("ix_hazard_unit_status_deadline", "unit_id", "status", "deadline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    fingerprint: Mapped[str] = mapped_column(String(64))  # recognises the hazard in a later ledger
    row_no: Mapped[str] = mapped_column(String(20), default="")  # 序号 as the unit wrote it
    description: Mapped[str] = mapped_column(Text)
    venue: Mapped[str] = mapped_column(String(200), default="")
    venue_type: Mapped[str] = mapped_column(String(100), default="")
    item_number: Mapped[int | None] = mapped_column(Integer)  # 1..9
    level: Mapped[str] = mapped_column(String(50), default="")
    major: Mapped[bool] = mapped_column(Boolean, default=False)
    found_on: Mapped[date | None] = mapped_column(Date)
    origin: Mapped[str] = mapped_column(String(20), default="")  # 来源: 自查 / 督查 / 暗访
    measures: Mapped[str] = mapped_column(Text, default="")
    responsible: Mapped[str] = mapped_column(String(100), default="")
    funds: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    contingency: Mapped[str] = mapped_column(Text, default="")  # 应急预案/防控措施
    deadline: Mapped[date | None] = mapped_column(Date)
    original_deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open / in_progress / done
    done_on: Mapped[date | None] = mapped_column(Date)
    verified_at: Mapped[datetime | None] = mapped_column(DateTime)
    verified_by: Mapped[str] = mapped_column(String(50), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_file.id"))  # first seen in
    last_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_file.id"))  # last seen in
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    unit: Mapped["Unit"] = relationship()
    events: Mapped[list["HazardEvent"]] = relationship(back_populates="hazard", order_by="HazardEvent.id")

    @property
    def code(self) -> str:
        return hazard_code(self.id)


class HazardEvent(Base):
    """One entry of a hazard's history: created, field changed, extended, verified…"""

    __tablename__ = "hazard_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    hazard_id: Mapped[int] = mapped_column(ForeignKey("hazard.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(20))  # created / changed / extended / verified / rejected / note
    field: Mapped[str] = mapped_column(String(50), default="")
    old: Mapped[str] = mapped_column(Text, default="")
    new: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_file.id"))
    actor: Mapped[str] = mapped_column(String(100), default="")

    hazard: Mapped["Hazard"] = relationship(back_populates="events")
    source_file: Mapped["SourceFile | None"] = relationship()


def hazard_code(hazard_id: int) -> str:
    """Short, stable, typeable hazard ID: H0001."""
    return f"H{hazard_id:04d}"
