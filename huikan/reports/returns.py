"""What the units' returns said: each weekly return (huikan weekly) and each unit's nine-item
self-check (huikan selfcheck), computed once for the terminal, JSON and the rollup workbook."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from huikan.ledger.tables import (
    check_item,
    due_instance,
    receipt,
    selfcheck_result,
    source_file,
    unit,
    weekly_report,
)
from huikan.reports.base import DATETIME, INT, Col, Report, Section
from huikan.reports.submissions import LATE, ON_TIME, STATE_LABELS

if TYPE_CHECKING:
    from huikan.ledger.database import Reader


@dataclass(frozen=True)
class WeeklyReturn:
    unit: str
    unit_seq: int
    week: int | None  # the due instance it counts for (None: none of the campaign's weeks)
    due: datetime | None
    received_at: datetime
    state: str | None  # on_time / late (None when it counts for no week)
    work_done: str
    found: int | None
    rectified: int | None
    found_total: int | None
    rectified_total: int | None
    next_plan: str
    file: str
    notes: str

    def as_json(self) -> dict:
        return {"unit": self.unit, "week": self.week, "due": self.due, "received_at": self.received_at,
                "state": self.state, "work_done": self.work_done, "found": self.found, "rectified": self.rectified,
                "found_total": self.found_total, "rectified_total": self.rectified_total,
                "next_plan": self.next_plan, "file": self.file, "notes": self.notes}


def compute_weekly(reader: Reader, *, week: int | None = None, unit_ids: list[int] | None = None) -> list[WeeklyReturn]:
    """Every weekly return as read, in week order then the unit list's order."""
    w, r, d, u, f = weekly_report.c, receipt.c, due_instance.c, unit.c, source_file.c
    stmt = (
        select(u.name, u.seq, d.seq, d.due_at, f.received_at, w.work_done, w.found_this_week, w.rectified_this_week,
               w.found_total, w.rectified_total, w.next_week, f.name, w.notes, w.id)
        .join_from(weekly_report, unit, u.id == w.unit_id)
        .join(source_file, f.id == w.source_file_id)
        .outerjoin(receipt, r.id == w.receipt_id)
        .outerjoin(due_instance, d.id == r.due_instance_id)
    )
    if unit_ids is not None:
        stmt = stmt.where(w.unit_id.in_(unit_ids))
    if week is not None:
        stmt = stmt.where(d.seq == week)
    found = []
    for (name, seq, wk, due, received, work, found_n, rect_n, found_t, rect_t, plan, file, notes, _) in reader.execute(stmt):
        state = None if due is None else (ON_TIME if received <= due else LATE)
        found.append(WeeklyReturn(name, seq, wk, due, received, state, work, found_n, rect_n, found_t, rect_t, plan,
                                  file, notes))
    # A weekly return sent as a Word or PDF document is a receipt without content: listed, said so.
    documents = (
        select(u.name, u.seq, d.seq, d.due_at, r.received_at, f.name)
        .join_from(receipt, unit, u.id == r.unit_id)
        .join(source_file, f.id == r.source_file_id)
        .outerjoin(due_instance, d.id == r.due_instance_id)
        .where(r.kind == "weekly", f.format == "document")
    )
    if unit_ids is not None:
        documents = documents.where(r.unit_id.in_(unit_ids))
    if week is not None:
        documents = documents.where(d.seq == week)
    for name, seq, wk, due, received, file in reader.execute(documents):
        state = None if due is None else (ON_TIME if received <= due else LATE)
        found.append(WeeklyReturn(name, seq, wk, due, received, state, "", None, None, None, None, "", file,
                                  DOCUMENT_NOTE))
    found.sort(key=lambda x: (x.week is None, x.week or 0, x.unit_seq, x.received_at))
    return found


DOCUMENT_NOTE = "以文档报送，内容未读取"


def latest_weekly(returns: list[WeeklyReturn]) -> list[WeeklyReturn]:
    """Each unit's latest weekly return (the rollup's 每周进展 sheet)."""
    latest: dict[str, WeeklyReturn] = {}
    for item in returns:
        key = (item.week or 0, item.received_at)
        if item.unit not in latest or key >= (latest[item.unit].week or 0, latest[item.unit].received_at):
            latest[item.unit] = item
    return sorted(latest.values(), key=lambda x: x.unit_seq)


WEEKLY_COLUMNS = [
    Col("unit", "单位"), Col("week", "周次", INT), Col("received_at", "收到时间", DATETIME), Col("state", "报送"),
    Col("found", "本周排查", INT), Col("rectified", "本周整改", INT), Col("found_total", "累计排查", INT),
    Col("rectified_total", "累计整改", INT), Col("work_done", "本周工作开展情况"), Col("next_plan", "下步工作安排"),
]


def weekly_rows(returns: list[WeeklyReturn]) -> list[dict]:
    return [{**r.as_json(), "state": STATE_LABELS.get(r.state, "未计入") if r.state else "未计入任何一期",
             "work_done": r.work_done or (f"（{r.notes}）" if r.notes == DOCUMENT_NOTE else "")} for r in returns]


def weekly_report_of(returns: list[WeeklyReturn]) -> Report:
    rows = weekly_rows(returns)
    styles = ["warn" if r.state == LATE else None for r in returns]
    units = len({r.unit for r in returns})
    summary = [f"共 {len(returns)} 份周报，来自 {units} 个单位；迟报 {sum(r.state == LATE for r in returns)} 份"] if returns else []
    section = Section("每周工作进展", WEEKLY_COLUMNS, rows, styles=styles,
                      empty="还没有导入任何周报（或没有符合条件的周报）")
    return Report("每周工作进展", [section], [r.as_json() for r in returns], summary)


@dataclass(frozen=True)
class SelfCheckAnswer:
    unit: str
    unit_seq: int
    item: int
    title: str
    finding: str
    found: int | None
    rectified: int | None
    file: str
    notes: str

    def as_json(self) -> dict:
        return {"unit": self.unit, "item": self.item, "title": self.title, "finding": self.finding,
                "found": self.found, "rectified": self.rectified, "file": self.file, "notes": self.notes}


def compute_selfcheck(reader: Reader, *, unit_ids: list[int] | None = None) -> list[SelfCheckAnswer]:
    """Each unit's answer on each of the nine items (its latest return), in the unit list's order."""
    s, i, u, f = selfcheck_result.c, check_item.c, unit.c, source_file.c
    stmt = (
        select(u.name, u.seq, i.number, i.title, s.finding, s.problems_found, s.rectified, f.name, s.notes)
        .join_from(selfcheck_result, unit, u.id == s.unit_id)
        .join(check_item, i.id == s.item_id)
        .join(source_file, f.id == s.source_file_id)
        .order_by(u.seq, u.id, i.number)
    )
    if unit_ids is not None:
        stmt = stmt.where(s.unit_id.in_(unit_ids))
    return [SelfCheckAnswer(*row) for row in reader.execute(stmt)]


def selfcheck_report(answers: list[SelfCheckAnswer]) -> Report:
    rows = [{"unit": a.unit, "item": a.item, "title": a.title, "finding": a.finding, "found": a.found,
             "rectified": a.rectified, "file": a.file} for a in answers]
    columns = [Col("unit", "单位"), Col("item", "检查项", INT), Col("title", "内容"), Col("finding", "自查情况"),
               Col("found", "发现问题", INT), Col("rectified", "已整改", INT), Col("file", "文件")]
    units = len({a.unit for a in answers})
    summary = []
    if answers:
        found = sum(a.found or 0 for a in answers)
        fixed = sum(a.rectified or 0 for a in answers)
        summary = [f"{units} 个单位报送了自查情况：发现问题 {found} 个，已整改 {fixed} 个"]
    section = Section("“九对照、九检查”自查情况", columns, rows, empty="还没有导入任何自查情况")
    return Report("自查情况", [section], [a.as_json() for a in answers], summary)
