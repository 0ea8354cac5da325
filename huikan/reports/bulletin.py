"""huikan bulletin: the weekly 通报 draft — who reported late or not at all, what was found and
rectified, which major hazards are open — from the same computations as status and overdue.

``compute_bulletin`` gathers the facts (a ``Status``, an ``Overdue`` and the open major hazards,
all at one as-of from one ``Submissions``); the campaign file supplies the wording
(``[bulletin]``: title, recipients, requirements, issuer); ``huikan/document/bulletin.py``
lays it out as an official document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from huikan.campaigns.spec import BulletinSpec
from huikan.display import in_prose
from huikan.errors import NotFoundError
from huikan.ledger.campaigns import campaign_spec, current_campaign
from huikan.ledger.hazard_rules import (
    DONE,
    FIVE_ASSURANCES,
    days_overdue,
    hazard_code,
    lacking_text,
    missing_assurances,
)
from huikan.ledger.tables import hazard, unit
from huikan.reports.base import DATE, DATETIME, INT, PERCENT, Col, Report, Section
from huikan.reports.overdue import OverdueHazard, first_overdue
from huikan.reports.status import Status, compute_status
from huikan.reports.submissions import LATE, MISSING, Slot, Submission, compute_submissions

if TYPE_CHECKING:
    from huikan.ledger.database import Reader


@dataclass(frozen=True)
class MajorHazard:
    """An open major hazard, with the 五落实 it lacks."""

    code: str
    unit: str
    description: str
    status: str
    deadline: object
    days_overdue: int | None
    lacking: list[str]

    @property
    def assurances(self) -> str:
        """Its 五落实 as every table shows it (齐全, 缺措施、资金)."""
        return lacking_text(self.lacking)


@dataclass(frozen=True)
class Named:
    """The units late or missing for one due instance (第3周 每周工作进展, 专题报告)."""

    slot: Slot
    missing: list[Submission]
    late: list[Submission]


@dataclass(frozen=True)
class Bulletin:
    as_of: datetime
    week: int | None  # the week reported on (the last weekly instance due by the as-of)
    title: str
    wording: BulletinSpec
    issuer: str
    status: Status
    named: list[Named]  # by due instance, in due order: this week's and every one-off one due so far
    overdue: list[OverdueHazard]  # the first LISTED of them, in overdue's order (counts: the status's)
    majors_open: list[MajorHazard]  # the first LISTED open major hazards (counts: the status's)

    @property
    def majors_open_count(self) -> int:
        return self.status.hazards.major - self.status.hazards.major_done


LISTED = 500  # a national ledger has hundreds of thousands: the bulletin lists the first, counts all


def _weekly_slots(slots: list[Slot]) -> list[Slot]:
    """The instances of the campaign's recurring deliverable (每周工作进展), in order."""
    recurring = [s for s in slots if s.count > 1]
    key = recurring[0].deliverable if recurring else None
    return [s for s in recurring if s.deliverable == key]


def pick_week(slots: list[Slot], as_of: datetime, week: int | None) -> Slot | None:
    """The weekly instance a bulletin reports on: week N when asked, else the last one due by the
    as-of (none before the first)."""
    weekly = _weekly_slots(slots)
    if week is not None:
        return next((s for s in weekly if s.seq == week), None)
    due = [s for s in weekly if s.due_at <= as_of]
    return due[-1] if due else None


def open_majors(reader: Reader, today, limit: int = LISTED) -> list[MajorHazard]:
    """The first ``limit`` major hazards not yet done, in the unit list's order."""
    h = hazard.c
    is_open = (h.major.is_(True)) & (h.status != DONE)
    fields = [getattr(h, name) for name, _ in FIVE_ASSURANCES]
    # chosen from the (unit, status, deadline, major) index alone; only the rows listed are read from the table
    first = (select(h.id, unit.c.seq).join_from(hazard, unit, unit.c.id == h.unit_id).where(is_open)
             .order_by(unit.c.seq, h.id).limit(limit).subquery())
    rows = reader.execute(
        select(h.id, unit.c.name, h.description, h.status, *fields)
        .join_from(hazard, first, first.c.id == h.id)
        .join(unit, unit.c.id == h.unit_id)
        .order_by(first.c.seq, h.id)
    ).all()
    majors = []
    for hid, unit_name, description, status, *values in rows:
        by_name = dict(zip((name for name, _ in FIVE_ASSURANCES), values))
        deadline = by_name["deadline"]
        majors.append(MajorHazard(hazard_code(hid), unit_name, description, status, deadline,
                                  days_overdue(deadline, today), missing_assurances(True, by_name)))
    return majors


def compute_bulletin(reader: Reader, as_of: datetime, week: int | None = None) -> Bulletin:
    campaign = current_campaign(reader)
    spec = campaign_spec(campaign)
    subs = compute_submissions(reader, campaign.id, as_of)
    week_slot = pick_week(subs.slots, as_of, week)  # before the scans of every hazard: a wrong --week is said at once
    if week is not None and week_slot is None:
        raise NotFoundError(f"活动没有第 {week} 周")
    if week_slot is not None and week_slot.due_at > as_of:
        raise NotFoundError(f"第 {week} 周的周报 {in_prose(week_slot.due_at, year=False)} 才截止，截至 "
                            f"{in_prose(as_of, year=False)} 还没有这一周可通报（可用 --as-of 指定截止之后的时间）")
    status = compute_status(reader, as_of, subs)
    weekly = {s.id for s in _weekly_slots(subs.slots)}
    named = []
    for slot in subs.slots:
        if slot.due_at > as_of or (slot.id in weekly and slot != week_slot):
            continue  # this week's weekly return, and every one-off deliverable due so far
        mine = [s for s in subs.items if s.slot.id == slot.id]
        named.append(Named(slot, [s for s in mine if s.state == MISSING], [s for s in mine if s.state == LATE]))
    wording = spec.bulletin
    week_no = week_slot.seq if week_slot else None
    title = (wording.title if week_no is not None else wording.title_without_week).format(
        name=campaign.name, short_name=campaign.short_name, week=week_no)
    return Bulletin(
        as_of=as_of, week=week_no, title=title, wording=wording,
        issuer=wording.issuer or spec.issuer, status=status, named=named,
        overdue=first_overdue(reader, as_of, {u.id: u for u in subs.units}, LISTED),
        majors_open=open_majors(reader, as_of.date()),
    )


def bulletin_report(b: Bulletin) -> Report:
    """The bulletin's facts on the terminal and as JSON (the document is ``document/bulletin.py``)."""
    h = b.status.hazards
    data = {
        "as_of": b.as_of,
        "week": b.week,
        "title": b.title,
        "units": b.status.units,
        "deliverables": [
            {"key": d.key, "name": d.name, "owed": d.owed, "on_time": d.on_time, "late": d.late,
             "missing": d.missing, "on_time_rate": d.on_time_rate}
            for d in b.status.deliverables
        ],
        "named": [
            {"deliverable": n.slot.deliverable, "deliverable_name": n.slot.title, "due": n.slot.due_at,
             "missing": [s.unit.name for s in n.missing], "late": [s.unit.name for s in n.late]}
            for n in b.named
        ],
        "hazards": {"total": h.total, "done": h.done, "rectification_rate": h.rectification_rate,
                    "major": h.major, "major_done": h.major_done, "overdue": h.overdue},
        "majors_open": [
            {"id": m.code, "unit": m.unit, "description": m.description, "status": m.status,
             "missing_assurances": m.lacking}
            for m in b.majors_open
        ],
        "majors_open_count": b.majors_open_count,
        "overdue_hazards": [oh.code for oh in b.overdue],
    }
    named_rows = [
        {"name": n.slot.title, "due": n.slot.due_at, "missing": "、".join(s.unit.name for s in n.missing) or "无",
         "late": "、".join(s.unit.name for s in n.late) or "无"}
        for n in b.named
    ]
    sections = [
        Section("报送情况", [Col("name", "事项"), Col("due", "截止", DATETIME), Col("missing", "未报单位"),
                             Col("late", "迟报单位")], named_rows),
        Section("问题隐患", [Col("total", "排查", INT), Col("done", "已整改", INT), Col("rate", "整改率", PERCENT),
                             Col("major", "重大", INT), Col("open", "重大未整改", INT), Col("overdue", "逾期", INT)],
                [{"total": h.total, "done": h.done, "rate": h.rectification_rate, "major": h.major,
                  "open": b.majors_open_count, "overdue": h.overdue}]),
        Section("未整改的重大隐患", [Col("code", "编号"), Col("unit", "单位"), Col("description", "问题隐患描述"),
                                    Col("deadline", "整改时限", DATE), Col("lacking", "五落实")],
                [{"code": m.code, "unit": m.unit, "description": m.description, "deadline": m.deadline,
                  "lacking": m.assurances} for m in b.majors_open],
                empty="没有未整改的重大隐患"),
    ]
    return Report(b.title, sections, data)

