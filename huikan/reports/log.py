"""huikan log: every change to the ledger, newest first — who (OS user), when, what."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from huikan.importers.base import KIND_LABELS
from huikan.ledger.hazards import FIELD_LABELS
from huikan.ledger.models import HazardEvent, SourceFile, hazard_code
from huikan.reports.base import DATETIME, Col, Report, Section
from huikan.reports.hazards import EVENT_LABELS

OUTCOMES = {"imported": "导入", "updated": "导入（更新）"}


def change_log(session: Session, limit: int = 50) -> Report:
    imports = session.execute(
        select(SourceFile.imported_at, SourceFile.imported_by, SourceFile.name, SourceFile.outcome, SourceFile.rows,
               SourceFile.kind).order_by(SourceFile.imported_at.desc(), SourceFile.id.desc()).limit(limit)
    ).all()
    manual = session.execute(
        select(HazardEvent.at, HazardEvent.actor, HazardEvent.hazard_id, HazardEvent.kind, HazardEvent.field,
               HazardEvent.old, HazardEvent.new, HazardEvent.reason)
        .where(HazardEvent.source_file_id.is_(None))
        .order_by(HazardEvent.at.desc(), HazardEvent.id.desc()).limit(limit)
    ).all()
    entries = [
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


