"""What the leadership rollup holds, computed by SQL where it aggregates and streamed where it lists."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import case, distinct, func, select

from huikan.display import STATUS_LABELS
from huikan.ledger.campaigns import campaign_spec, current_campaign
from huikan.ledger.hazard_rules import (
    assurances_text,
    days_overdue,
    hazard_code,
    is_overdue,
    overdue_clause,
    rate,
)
from huikan.ledger.tables import check_item, hazard, selfcheck_result, unit
from huikan.reports.returns import WeeklyReturn, compute_weekly, latest_weekly
from huikan.reports.status import Status, compute_status
from huikan.reports.submissions import Submissions, compute_submissions

if TYPE_CHECKING:
    from huikan.ledger.database import Reader

STREAM_BATCH = 2000


@dataclass
class UnitStat:
    unit: str
    category: str
    total: int
    major: int
    open: int
    in_progress: int
    done: int
    verified: int
    overdue: int

    @property
    def rate(self) -> float | None:
        return self.done / self.total if self.total else None


@dataclass
class ItemStat:
    number: int
    title: str
    units_reported: int
    problems_found: int
    rectified: int
    hazards: int
    hazards_done: int


@dataclass(frozen=True)
class OriginStat:
    origin: str  # 自查, 督查, 暗访, 未注明
    total: int
    done: int
    rate: float | None


@dataclass
class Rollup:
    as_of: datetime
    campaign: str
    short_name: str
    categories: list[tuple[str, str, bool]]  # (key, name, the campaign's own?): its order, then the list's own words
    status: Status
    submissions: Submissions
    units: list[UnitStat]
    items: list[ItemStat]
    by_origin: list[OriginStat]
    units_without_hazards: int
    weekly: list[WeeklyReturn]  # each unit's latest weekly return


def _sum(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def unit_stats(reader: Reader, today: date, category_names: dict[str, str]) -> list[UnitStat]:
    h, u = hazard.c, unit.c
    stmt = (
        select(
            u.name, u.category, func.count(h.id), _sum(h.major), _sum(h.status == "open"),
            _sum(h.status == "in_progress"), _sum(h.status == "done"), _sum(h.verified_at.is_not(None)),
            _sum(overdue_clause(today)),
        )
        .join_from(unit, hazard, h.unit_id == u.id)
        .group_by(u.id, u.name, u.category)
    )
    stats = [UnitStat(name, category_names.get(cat, cat), *(int(v) for v in rest)) for name, cat, *rest in reader.execute(stmt)]
    # Worst first: most overdue, then the lowest rectification rate, then the most still open.
    stats.sort(key=lambda s: (-s.overdue, s.rate if s.rate is not None else 1.0, -(s.open + s.in_progress), s.unit))
    return stats


def item_stats(reader: Reader, campaign_id: int) -> list[ItemStat]:
    i, s, h = check_item.c, selfcheck_result.c, hazard.c
    items = reader.execute(select(i.id, i.number, i.title).where(i.campaign_id == campaign_id).order_by(i.number)).all()
    reported = {
        item_id: (int(n), int(found or 0), int(fixed or 0))
        for item_id, n, found, fixed in reader.execute(
            select(s.item_id, func.count(distinct(s.unit_id)), func.sum(s.problems_found), func.sum(s.rectified))
            .group_by(s.item_id)
        )
    }
    ledger = {
        number: (int(n), int(done))
        for number, n, done in reader.execute(
            select(h.item_number, func.count(), _sum(h.status == "done"))
            .where(h.item_number.is_not(None)).group_by(h.item_number)
        )
    }
    return [ItemStat(number, title, *reported.get(item_id, (0, 0, 0)), *ledger.get(number, (0, 0)))
            for item_id, number, title in items]


def origin_stats(reader: Reader) -> list[OriginStat]:
    h = hazard.c
    rows = reader.execute(select(h.origin, func.count(), _sum(h.status == "done")).group_by(h.origin))
    found = {origin or "未注明": (int(n), int(done)) for origin, n, done in rows}
    order = ["自查", "督查", "暗访", "未注明"]
    return [OriginStat(o, found[o][0], found[o][1], rate(found[o][1], found[o][0])) for o in order if o in found]


def compute_rollup(reader: Reader, as_of: datetime) -> Rollup:
    campaign = current_campaign(reader)
    spec = campaign_spec(campaign)
    subs = compute_submissions(reader, campaign.id, as_of)
    names = {c.key: c.name for c in spec.categories}
    stats = unit_stats(reader, as_of.date(), names)
    return Rollup(
        as_of=as_of,
        campaign=campaign.name,
        short_name=campaign.short_name,
        categories=spec.groups(u.category for u in subs.units),
        status=compute_status(reader, as_of, subs),
        submissions=subs,
        units=stats,
        items=item_stats(reader, campaign.id),
        by_origin=origin_stats(reader),
        units_without_hazards=len(subs.units) - len(stats),
        weekly=latest_weekly([w for w in compute_weekly(reader) if w.received_at <= as_of]),
    )


# Header, kind and width (characters) of the full table, every field, kept for filtering. Its
# 22 columns (218 characters, 1,636 px at Excel's 7 px a character) print one page wide on A3
# landscape at 92 %, 9.2 pt; on A4 they would shrink to 6 pt, so the A4 reading copies are
# print views of fewer columns (huikan/workbook/rollup.py). Text wraps; a header breaks only
# where the workbook puts a line break in it, and each column is wide enough for its header's lines.
HAZARD_COLUMNS = (
    ("编号", "text", 7), ("单位", "text", 12), ("问题隐患描述", "text", 20), ("场所名称", "text", 11),
    ("场所类型", "text", 8), ("检查项", "int", 8), ("隐患等级", "text", 8), ("重大隐患", "text", 6),
    ("发现日期", "date", 10), ("来源", "text", 6), ("整改措施", "text", 15), ("责任人", "text", 8),
    ("整改资金（万元）", "money", 10), ("应急预案/防控措施", "text", 11), ("整改时限", "date", 10),
    ("原整改时限", "date", 10), ("整改状态", "text", 7), ("完成日期", "date", 10), ("复查销号", "date", 10),
    ("逾期天数", "int", 10), ("五落实", "text", 10), ("备注", "text", 11),
)


def hazard_rows(reader: Reader, today: date, *, overdue_only: bool = False, major_only: bool = False) -> Iterator[list]:
    """Every hazard as a row of HAZARD_COLUMNS, streamed from the database in batches."""
    h = hazard.c
    stmt = (
        select(h.id, unit.c.name, h.description, h.venue, h.venue_type, h.item_number, h.level, h.major, h.found_on,
               h.origin, h.measures, h.responsible, h.funds, h.contingency, h.deadline, h.original_deadline, h.status,
               h.done_on, h.verified_at, h.note)
        .join_from(hazard, unit, unit.c.id == h.unit_id)
        .order_by(h.id)
        .execution_options(yield_per=STREAM_BATCH)
    )
    if overdue_only:
        stmt = stmt.where(overdue_clause(today))
    if major_only:
        stmt = stmt.where(h.major.is_(True))
    for (hid, unit_name, description, venue, venue_type, item, level, major, found_on, origin, measures, responsible,
         funds, contingency, deadline, original, status, done_on, verified_at, note) in reader.execute(stmt):
        five = assurances_text(major, {"measures": measures, "responsible": responsible, "funds": funds,
                                       "deadline": deadline, "contingency": contingency}) if major else ""
        yield [
            hazard_code(hid), unit_name, description, venue, venue_type, item, level, "是" if major else "", found_on, origin,
            measures, responsible, funds, contingency, deadline, original if original != deadline else None,
            "已销号" if verified_at else STATUS_LABELS[status], done_on, verified_at.date() if verified_at else None,
            days_overdue(deadline, today) if is_overdue(status, deadline, today) else None, five, note,
        ]
