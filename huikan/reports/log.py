"""huikan log: every change to the ledger, newest first — who (OS user), when, what."""

from __future__ import annotations

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


def change_log(reader: Reader, limit: int = 50) -> Report:
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
        {"at": at, "user": user, "action": LEDGER_EVENTS[kind], "target": (reason if kind == "received_at" else name) or "",
         "detail": f"{LEDGER_FIELDS.get(field, field)}：{old or '（空）'} → {new}"}
        for at, user, kind, field, old, new, reason, name in others
    ] + [
        {"at": at, "user": user, "action": OUTCOMES.get(outcome, outcome), "target": name,
         "detail": f"{'+'.join(KIND_LABELS.get(k, k) for k in kind.split('+'))}，{rows} 行"}
        for at, user, name, outcome, rows, kind in imports
    ] + [
        {"at": at, "user": user, "action": EVENT_LABELS.get(kind, kind), "target": hazard_code(hid),
         "detail": "；".join(p for p in (
             f"{FIELD_LABELS.get(field, field)}：{old or '（空）'} → {new}" if kind in ("changed", "extended") else new,
             reason) if p)}
        for at, user, hid, kind, field, old, new, reason in manual
    ]
    entries.sort(key=lambda e: e["at"], reverse=True)
    entries = entries[:limit]
    section = Section(
        f"变更记录（最近 {len(entries)} 条）",
        [Col("at", "时间", DATETIME), Col("user", "操作人"), Col("action", "操作"), Col("target", "对象"), Col("detail", "内容")],
        entries,
        empty="账本中还没有任何变更",
    )
    return Report("变更记录", [section], entries)


