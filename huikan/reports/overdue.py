"""huikan overdue: missing and late deliverables, overdue hazards, and what falls due next."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import select

from huikan.clock import describe_delta
from huikan.display import STATUS_LABELS
from huikan.ledger.campaigns import current_campaign
from huikan.ledger.hazard_rules import hazard_code, overdue_clause
from huikan.ledger.tables import hazard, unit
from huikan.reports.base import DATE, DATETIME, INT, Col, Report, Section
from huikan.reports.submissions import (
    LATE,
    MISSING,
    PENDING,
    Submission,
    Submissions,
    UnitInfo,
    compute_submissions,
)

if TYPE_CHECKING:
    from huikan.ledger.database import Reader

SOON = timedelta(days=3)  # 即将到期 is highlighted within this
REPEAT_THRESHOLD = 2  # weekly instances late or missing before a unit is called repeatedly late


class OverdueHazard(NamedTuple):
    """One overdue hazard, a flat tuple (a national ledger lists hundreds of thousands)."""

    id: int
    unit: UnitInfo
    description: str
    deadline: date
    original_deadline: date | None
    status: str
    major: bool
    days: int

    @property
    def code(self) -> str:
        return hazard_code(self.id)


@dataclass
class RepeatOffender:
    unit: UnitInfo
    late: int
    missing: int


@dataclass
class Overdue:
    as_of: datetime
    missing: list[Submission]
    late: list[Submission]
    hazards: list[OverdueHazard]
    upcoming: list[Submission]
    repeat: list[RepeatOffender]


def _overdue_rows(today: date):
    """The overdue hazards' columns an ``OverdueHazard`` is made of (its unit by id)."""
    h = hazard.c
    return select(h.id, h.unit_id, h.description, h.deadline, h.original_deadline, h.status, h.major).where(
        overdue_clause(today))


def _overdue_hazards(rows, units: dict[int, UnitInfo], today: date) -> list[OverdueHazard]:
    new = tuple.__new__  # OverdueHazard._make without its Python frame: ~300k rows on a national ledger
    return [new(OverdueHazard, (hid, units[unit_id], description, deadline, original, status, major,
                                (today - deadline).days))
            for hid, unit_id, description, deadline, original, status, major in rows]


def first_overdue(reader: Reader, as_of: datetime, units: dict[int, UnitInfo], limit: int) -> list[OverdueHazard]:
    """The first ``limit`` overdue hazards in ``compute_overdue``'s order (major first, then the
    longest overdue, the unit list's order, the code), sorted by the database: a bulletin lists
    a few hundred of a national ledger's hundreds of thousands."""
    today = as_of.date()
    h, u = hazard.c, unit.c
    seq = select(u.seq).where(u.id == h.unit_id).scalar_subquery()  # not a join: SQLite then sorts 2.5x faster
    order = (h.major.desc(), h.deadline, seq, h.id)
    # chosen from the (unit, status, deadline, major) index alone; only the rows listed are read from the table
    first = select(h.id).where(overdue_clause(today)).order_by(*order).limit(limit).subquery()
    rows = reader.execute(_overdue_rows(today).join_from(hazard, first, first.c.id == h.id).order_by(*order)).all()
    return _overdue_hazards(rows, units, today)


def compute_overdue(reader: Reader, as_of: datetime, subs: Submissions | None = None) -> Overdue:
    campaign = current_campaign(reader)
    subs = subs or compute_submissions(reader, campaign.id, as_of)
    units = {u.id: u for u in subs.units}
    today = as_of.date()
    # fetched at once: row by row costs a Python call per row
    hazards = _overdue_hazards(reader.execute(_overdue_rows(today)).all(), units, today)
    # Major first, then the longest overdue, in the unit list's order: sorted here in stable
    # passes with C keys (sorting in the database after a join to units is twice as slow).
    hazards.sort(key=attrgetter("id"))
    hazards.sort(key=lambda oh: oh.unit.seq)
    hazards.sort(key=attrgetter("deadline"))
    hazards.sort(key=attrgetter("major"), reverse=True)
    upcoming: dict[int, Submission] = {}
    for s in subs.by_state(PENDING):  # slots come in due order: the first per unit is its next
        upcoming.setdefault(s.unit.id, s)
    weekly = [s for s in subs.items if s.slot.count > 1 and s.state in (LATE, MISSING)]
    late_count = Counter(s.unit.id for s in weekly if s.state == LATE)
    missing_count = Counter(s.unit.id for s in weekly if s.state == MISSING)
    repeat = [
        RepeatOffender(u, late_count[u.id], missing_count[u.id])
        for u in subs.units
        if late_count[u.id] + missing_count[u.id] >= REPEAT_THRESHOLD
    ]
    repeat.sort(key=lambda r: (-(r.late + r.missing), -r.missing, r.unit.seq))
    by_slot = lambda s: (s.slot.due_at, s.slot.id, s.unit.seq)  # noqa: E731
    return Overdue(
        as_of=as_of,
        missing=sorted(subs.by_state(MISSING), key=by_slot),
        late=sorted(subs.by_state(LATE), key=by_slot),
        hazards=hazards,
        upcoming=sorted(upcoming.values(), key=lambda s: (s.slot.due_at, s.unit.seq)),
        repeat=repeat,
    )


def overdue_json(o: Overdue) -> dict:
    def deliverable(s: Submission) -> dict:
        return {
            "unit": s.unit.name,
            "deliverable": s.slot.deliverable,
            "deliverable_name": s.slot.title,
            "due": s.slot.due_at,
            "state": s.state,
            "received_at": s.received_at,
            "liaison": s.unit.liaison.as_json() if s.unit.liaison else None,
        }

    return {
        "as_of": o.as_of,
        "deliverables": [deliverable(s) for s in o.missing + o.late],
        "hazards": [
            {
                "id": hazard_code(hid),
                "unit": unit.name,
                "description": description,
                "deadline": deadline.isoformat(),
                "original_deadline": original and original.isoformat(),
                "status": status,
                "major": major,
                "days_overdue": days,
            }
            for hid, unit, description, deadline, original, status, major, days in o.hazards  # unpacked: fastest
        ],
        "upcoming": [
            {"unit": s.unit.name, "deliverable": s.slot.deliverable, "deliverable_name": s.slot.title,
             "due": s.slot.due_at, "soon": s.slot.due_at - o.as_of <= SOON}
            for s in o.upcoming
        ],
        "repeatedly_late": [
            {"unit": r.unit.name, "late": r.late, "missing": r.missing} for r in o.repeat
        ],
    }


def overdue_report(o: Overdue) -> Report:
    by_unit: dict[int, list[Submission]] = {}
    for s in o.missing:
        by_unit.setdefault(s.unit.id, []).append(s)
    owing = sorted(by_unit.values(), key=lambda subs: subs[0].unit.seq)
    missing = Section(
        f"未报（{len(o.missing)} 项，{len(owing)} 个单位）",
        [Col("unit", "单位"), Col("items", "未报事项（截止时间）"), Col("overdue", "最长逾期"), Col("liaison", "联络员")],
        [{"unit": subs[0].unit.name,
          "items": "；".join(f"{s.slot.title}（{s.slot.due_at:%m-%d %H:%M}）" for s in subs),
          "overdue": describe_delta(o.as_of - subs[0].slot.due_at),
          "liaison": subs[0].unit.liaison_text()} for subs in owing],
        styles=["bad"] * len(owing),
    )
    late = Section(
        f"迟报（{len(o.late)}）",
        [Col("unit", "单位"), Col("item", "事项"), Col("due", "截止时间", DATETIME), Col("received", "收到时间", DATETIME),
         Col("delay", "迟报"), Col("liaison", "联络员")],
        [{"unit": s.unit.name, "item": s.slot.title, "due": s.slot.due_at, "received": s.received_at,
          "delay": describe_delta(s.delay), "liaison": s.unit.liaison_text()} for s in o.late],
        styles=["warn"] * len(o.late),
    )
    repeat = Section(
        "多次迟报、未报周报的单位",
        [Col("unit", "单位"), Col("late", "迟报次数", INT), Col("missing", "未报次数", INT), Col("liaison", "联络员")],
        [{"unit": r.unit.name, "late": r.late, "missing": r.missing, "liaison": r.unit.liaison_text()} for r in o.repeat],
        styles=["bad"] * len(o.repeat),
    )
    hazards = Section(
        f"逾期未整改隐患（{len(o.hazards)}）",
        [Col("id", "编号"), Col("unit", "单位"), Col("description", "问题隐患"), Col("major", "重大"),
         Col("deadline", "整改时限", DATE), Col("days", "逾期天数", INT), Col("status", "状态"), Col("liaison", "联络员")],
        [{"id": oh.code, "unit": oh.unit.name, "description": oh.description, "major": oh.major,
          "deadline": oh.deadline, "days": oh.days, "status": STATUS_LABELS[oh.status],
          "liaison": oh.unit.liaison_text()} for oh in o.hazards],
        styles=["bad" if oh.major else "warn" for oh in o.hazards],
    )
    upcoming = Section(
        "即将到期（各单位下一项未报事项）",
        [Col("unit", "单位"), Col("item", "事项"), Col("due", "截止时间", DATETIME), Col("left", "剩余"), Col("liaison", "联络员")],
        [{"unit": s.unit.name, "item": s.slot.title, "due": s.slot.due_at,
          "left": describe_delta(s.slot.due_at - o.as_of), "liaison": s.unit.liaison_text()} for s in o.upcoming],
        styles=["warn" if s.slot.due_at - o.as_of <= SOON else None for s in o.upcoming],
        note="黄色：3 天内到期",
    )
    summary = [
        f"截至 {o.as_of:%Y-%m-%d %H:%M}：未报 {len(o.missing)} 项，迟报 {len(o.late)} 项，"
        f"逾期未整改隐患 {len(o.hazards)} 条（重大 {sum(1 for h in o.hazards if h.major)} 条）"
    ]
    return Report("逾期情况", [missing, late, repeat, hazards, upcoming], overdue_json(o), summary)
