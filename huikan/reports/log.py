"""huikan log: every change to the ledger, newest first — who (OS user), when, what."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from huikan.ledger.hazard_fields import FIELD_LABELS
from huikan.ledger.tables import hazard_code, hazard_event, source_file
from huikan.recognise.vocabulary import KIND_LABELS
from huikan.reports.base import DATETIME, Col, Report, Section
from huikan.reports.hazards import EVENT_LABELS

if TYPE_CHECKING:
    from huikan.ledger.database import Reader

OUTCOMES = {"imported": "导入", "updated": "导入（更新）"}


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


