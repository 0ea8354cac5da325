"""huikan log: every change to the ledger, newest first — who (OS user), when, what."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from huikan.ledger.hazard_fields import FIELD_LABELS
from huikan.ledger.hazard_rules import hazard_code
from huikan.ledger.tables import hazard_event, ledger_event, source_file, unit
from huikan.recognise.vocabulary import KIND_LABELS
from huikan.reports.base import DATETIME, Col, Report, Section
from huikan.reports.hazards import EVENT_LABELS

if TYPE_CHECKING:
    from huikan.ledger.database import Reader

OUTCOMES = {"imported": "导入", "updated": "导入（更新）"}
# Changes of units, contacts and receipts worth a line: not a list's first additions.
LEDGER_EVENTS = {"received_at": "更正收到时间", "unit_changed": "修改单位", "contact_changed": "更换联系人"}
LEDGER_FIELDS = {"received_at": "收到时间", "category": "类别", "note": "备注", "lead": "分管负责人", "liaison": "专职联络员"}


@dataclass(frozen=True)
class LogEntry:
    at: datetime
    user: str  # the operating-system user who imported or changed
    action: str  # 导入, 修改, 延期, 复查销号, 更正收到时间…
    target: str  # the file, hazard (H0001) or unit
    detail: str


def compute_log(reader: Reader, limit: int = 50) -> list[LogEntry]:
    """The latest ``limit`` changes of every kind, newest first."""
    f, e = source_file.c, hazard_event.c
    imports = reader.execute(
        select(f.imported_at, f.imported_by, f.name, f.outcome, f.rows, f.kind)
        .order_by(f.imported_at.desc(), f.id.desc()).limit(limit)
    ).all()
    manual = reader.execute(
        select(e.at, e.actor, e.hazard_id, e.kind, e.field, e.old, e.new, e.reason)
        .where(e.source_file_id.is_(None))
        .order_by(e.at.desc(), e.id.desc()).limit(limit)
    ).all()
    le, u = ledger_event.c, unit.c
    others = reader.execute(
        select(le.at, le.actor, le.kind, le.field, le.old, le.new, le.reason, u.name)
        .outerjoin(unit, u.id == le.unit_id)
        .where(le.kind.in_(list(LEDGER_EVENTS)), (le.kind != "contact_changed") | (le.old != ""))
        .order_by(le.at.desc(), le.id.desc()).limit(limit)
    ).all()
    entries = [
        LogEntry(at, user, LEDGER_EVENTS[kind], (reason if kind == "received_at" else name) or "",
                 f"{LEDGER_FIELDS.get(field, field)}：{old or '（空）'} → {new}")
        for at, user, kind, field, old, new, reason, name in others
    ] + [
        LogEntry(at, user, OUTCOMES.get(outcome, outcome), name,
                 f"{'+'.join(KIND_LABELS.get(k, k) for k in kind.split('+'))}，{rows} 行")
        for at, user, name, outcome, rows, kind in imports
    ] + [
        LogEntry(at, user, EVENT_LABELS.get(kind, kind), hazard_code(hid), "；".join(p for p in (
            f"{FIELD_LABELS.get(field, field)}：{old or '（空）'} → {new}" if kind in ("changed", "extended") else new,
            reason) if p))
        for at, user, hid, kind, field, old, new, reason in manual
    ]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit]


def log_report(entries: list[LogEntry]) -> Report:
    rows = [asdict(entry) for entry in entries]
    section = Section(
        f"变更记录（最近 {len(entries)} 条）",
        [Col("at", "时间", DATETIME), Col("user", "操作人"), Col("action", "操作"), Col("target", "对象"), Col("detail", "内容")],
        rows,
        empty="账本中还没有任何变更",
    )
    return Report("变更记录", [section], rows)


