"""The hazard ledger as a list, and one hazard with its full history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Row, select

from huikan.display import STATUS_LABELS
from huikan.ledger.hazard_fields import FIELD_LABELS, show_value
from huikan.ledger.hazard_queries import HistoryEntry, find_hazard, hazard_query, history
from huikan.ledger.hazard_rules import (
    days_overdue,
    hazard_code,
    is_overdue,
    missing_assurances,
)
from huikan.ledger.tables import source_file
from huikan.reports.base import DATE, INT, Col, Report, Section

if TYPE_CHECKING:
    from huikan.ledger.database import Reader

EVENT_LABELS = {"created": "登记", "changed": "修改", "extended": "延期", "verified": "复查销号", "rejected": "复查不通过",
                "note": "备注", "kept": "保留办公室的决定"}


def hazard_json(h: Row, today: date, source_names: dict[int, str] | None = None) -> dict:
    """The contract's keys (docs/contract.md), plus what the clerk also needs (``h``: a row of ``hazard_query``)."""
    return {
        "id": hazard_code(h.id),
        "unit": h.unit_name,
        "description": h.description,
        "venue": h.venue,
        "item": h.item_number,
        "major": h.major,
        "status": h.status,
        "found_on": h.found_on,
        "deadline": h.deadline,
        "done_on": h.done_on,
        "responsible": h.responsible,
        "measures": h.measures,
        "source": h.origin,
        "overdue": is_overdue(h.status, h.deadline, today),
        "original_deadline": h.original_deadline,
        "verified": h.verified_at is not None,
        "verified_at": h.verified_at,
        "level": h.level,
        "venue_type": h.venue_type,
        "funds": h.funds,
        "contingency": h.contingency,
        "note": h.note,
        "missing_assurances": missing_assurances(h.major, h._mapping),
        "file": (source_names or {}).get(h.last_file_id),
    }


def status_text(h: Row) -> str:
    return "已销号" if h.verified_at else STATUS_LABELS[h.status]


@dataclass(frozen=True)
class HazardList:
    as_of: datetime
    hazards: list[Row]  # rows of hazard_query, by ID


def compute_hazards(reader: Reader, as_of: datetime, *, unit_ids: list[int] | None = None, status: str | None = None,
                    major: bool = False, overdue: bool = False, item: int | None = None,
                    origin: str | None = None) -> HazardList:
    """The hazards matching every filter given (overdue: at ``as_of``)."""
    stmt = hazard_query(unit_ids=unit_ids, status=status, major=True if major else None,
                        overdue_on=as_of.date() if overdue else None, item=item, origin=origin)
    return HazardList(as_of, reader.execute(stmt).all())


def hazards_report(listed: HazardList) -> Report:
    hazards, today = listed.hazards, listed.as_of.date()
    rows, styles = [], []
    for h in hazards:
        overdue = is_overdue(h.status, h.deadline, today)
        lacking = missing_assurances(h.major, h._mapping)
        rows.append({
            "id": hazard_code(h.id), "unit": h.unit_name, "description": h.description, "venue": h.venue,
            "major": "重大" + ("（五落实缺" + "、".join(lacking) + "）" if lacking else "") if h.major else "",
            "deadline": h.deadline, "status": status_text(h),
            "overdue": days_overdue(h.deadline, today) if overdue else None,
            "responsible": h.responsible,
        })
        styles.append("bad" if overdue else ("good" if h.status == "done" else None))
    columns = [
        Col("id", "编号"), Col("unit", "单位"), Col("description", "问题隐患"), Col("venue", "场所"), Col("major", "等级"),
        Col("deadline", "整改时限", DATE), Col("status", "状态"), Col("overdue", "逾期天数", INT), Col("responsible", "责任人"),
    ]
    done = sum(1 for h in hazards if h.status == "done")
    summary = [f"共 {len(hazards)} 条：已整改 {done} 条，逾期未整改 {sum(1 for r in rows if r['overdue'])} 条"] if hazards else []
    return Report(
        "问题隐患台账",
        [Section("问题隐患台账", columns, rows, empty="没有符合条件的问题隐患", styles=styles)],
        [hazard_json(h, today) for h in hazards],
        summary,
    )


@dataclass(frozen=True)
class HazardDetail:
    as_of: datetime
    hazard: Row  # a row of find_hazard
    history: list[HistoryEntry]
    file_names: dict[int, str]  # the files it came from and was changed by


def compute_hazard(reader: Reader, hazard_id: str | int, as_of: datetime) -> HazardDetail:
    """One hazard by its ID as typed (H0001, h1, 1) with its full history."""
    h = find_hazard(reader, hazard_id)
    entries = history(reader, h)
    f = source_file.c
    names = dict(reader.execute(select(f.id, f.name).where(
        f.id.in_({h.source_file_id, h.last_file_id} | {e.source_file_id for e in entries} - {None})
    )).all())
    return HazardDetail(as_of, h, entries, names)


def hazard_detail_report(detail: HazardDetail) -> Report:
    h, entries, names, today = detail.hazard, detail.history, detail.file_names, detail.as_of.date()
    code = hazard_code(h.id)
    fields = [("编号", code), ("单位", h.unit_name)]
    fields += [(FIELD_LABELS[name], show_value(name, getattr(h, name))) for name in FIELD_LABELS if name != "item_number"]
    fields.insert(3, ("检查项", str(h.item_number or "")))
    if h.original_deadline and h.original_deadline != h.deadline:
        fields.append(("原整改时限", h.original_deadline.isoformat()))
    fields.append(("是否逾期", f"是，逾期 {days_overdue(h.deadline, today)} 天" if is_overdue(h.status, h.deadline, today) else "否"))
    fields.append(("复查销号", f"{h.verified_at:%Y-%m-%d %H:%M} {h.verified_by}" if h.verified_at else "未销号"))
    lacking = missing_assurances(h.major, h._mapping)
    if lacking:
        fields.append(("五落实", "不全：缺" + "、".join(lacking)))
    fields.append(("首次登记自", names.get(h.source_file_id, "手工录入")))
    fields.append(("最近出现于", names.get(h.last_file_id, "")))
    info = Section(f"隐患 {code}", [Col("field", "项目"), Col("value", "内容")],
                   [{"field": k, "value": v} for k, v in fields])
    changes = Section(
        "变更记录",
        [Col("at", "时间"), Col("kind", "类型"), Col("field", "项目"), Col("change", "变更"), Col("reason", "原因/备注"), Col("by", "来源")],
        [{
            "at": e.at.strftime("%Y-%m-%d %H:%M"),
            "kind": EVENT_LABELS.get(e.kind, e.kind),
            "field": FIELD_LABELS.get(e.field, e.field),
            "change": (f"{e.old or '（空）'} → {e.new}" if e.kind in ("changed", "extended")
                       else f"单位报「{e.new or '（空）'}」，仍为「{e.old or '（空）'}」" if e.kind == "kept" else e.new),
            "reason": e.reason,
            "by": f"文件 {names.get(e.source_file_id, '')}" if e.source_file_id else f"用户 {e.actor}",
        } for e in entries],
    )
    data = hazard_json(h, today, names)
    data["history"] = [
        {"at": e.at, "kind": e.kind, "field": e.field, "old": e.old, "new": e.new, "reason": e.reason,
         "file": names.get(e.source_file_id), "actor": e.actor}
        for e in entries
    ]
    return Report(f"隐患 {code}", [info, changes], data)
