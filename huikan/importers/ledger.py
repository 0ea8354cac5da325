"""Hazard ledgers (问题隐患台账): one row per problem or hazard, possibly for several units."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from huikan.importers.base import Extract, ImportContext, Importer, Problems, Stored, parse_fields
from huikan.importers.selfcheck import item_number
from huikan.ledger.hazards import HazardRecord, sync_unit_hazards
from huikan.ledger.models import SourceFile
from huikan.ledger.receipts import record_receipt
from huikan.reading.files import SourceDoc
from huikan.recognise.table import Table
from huikan.recognise.values import (
    is_blank,
    parse_date,
    parse_deadline,
    parse_decimal,
    parse_origin,
    parse_status,
    parse_yes_no,
    text,
)

_TEXT_FIELDS = ("venue", "venue_type", "level", "measures", "responsible", "contingency", "note")


class LedgerImporter(Importer):
    kind = "ledger"
    fields = frozenset(
        {"unit", "row_no", "description", "venue", "venue_type", "item", "level", "major", "found_on", "origin",
         "measures", "responsible", "funds", "contingency", "deadline", "status", "done_on", "note"}
    )
    required = ("description", ("deadline", "status", "measures"))
    excluded = frozenset({"category", "work_done"})

    def extract(self, doc: SourceDoc, tables: list[Table], ctx: ImportContext) -> Extract:
        problems = Problems(doc)
        file_unit = ctx.unit_of_file(doc, tables, problems)
        by_unit: dict = defaultdict(list)
        units = {}
        count = 0
        for table in tables:
            for row in table.rows:
                report = lambda f, m, t=table, r=row: problems.add(t.problem(r, f, m))  # noqa: E731
                description = text(row.get("description"))
                if not description:
                    if any(not is_blank(row.get(f)) for f in ("measures", "deadline", "venue")):
                        report("description", "问题隐患描述为空")
                    continue
                unit = ctx.unit_of_row(table, row, file_unit, problems)
                parsed = parse_fields(
                    {
                        "item": lambda v: item_number(v, ctx.spec) if not is_blank(v) else None,
                        "found_on": lambda v: parse_date(v, year=ctx.year),
                        "deadline": lambda v: parse_deadline(v, year=ctx.year),
                        "done_on": lambda v: parse_date(v, year=ctx.year),
                        "status": lambda v: None if is_blank(v) else parse_status(v),
                        "major": lambda v: parse_yes_no(v),
                        "origin": parse_origin,
                        "funds": parse_decimal,
                    },
                    row.get,
                    report,
                )
                if parsed is None or unit is None:
                    continue
                status, done_on = parsed["status"], parsed["done_on"]
                if done_on and status in ("open", "in_progress"):
                    report("done_on", f"填写了完成日期，但整改状态为「{text(row.get('status'))}」")
                    continue
                if done_on and parsed["found_on"] and done_on < parsed["found_on"]:
                    report("done_on", f"完成日期 {done_on} 早于发现日期 {parsed['found_on']}")
                    continue
                # Major: 是/√ in a 是否重大隐患 column, else 重大 in the level column; blank: unknown.
                level = text(row.get("level"))
                major = parsed["major"] if parsed["major"] is not None else ("重大" in level if level else None)
                record = HazardRecord(
                    row=row.number,
                    row_no=text(row.get("row_no")),
                    description=description,
                    item_number=parsed["item"],
                    major=major,
                    found_on=parsed["found_on"],
                    origin=parsed["origin"],
                    funds=parsed["funds"],
                    deadline=parsed["deadline"],
                    status=status,
                    done_on=done_on,
                    **{f: text(row.get(f)) for f in _TEXT_FIELDS},
                )
                if record.major and not record.level:
                    record.level = "重大隐患"
                by_unit[unit.id].append(record)
                units[unit.id] = unit
                count += 1
        problems.raise_if_any()
        if not count:
            raise problems.empty("台账中没有填写任何问题隐患（如确无问题，请在自查报告中说明）")
        payload = [(units[uid], records) for uid, records in by_unit.items()]
        return Extract(self.kind, count, payload, unit=file_unit or payload[0][0])

    def store(self, session: Session, extract: Extract, source: SourceFile, ctx: ImportContext) -> Stored:
        notes, updated = [], False
        for unit, records in extract.payload:
            result = sync_unit_hazards(session, unit.id, records, source.id, ctx.now, ctx.actor)
            session.flush()
            parts = [f"新增 {len(result.added)} 条"]
            if result.changed or result.unchanged:
                updated = True
                parts += [f"更新 {len(result.changed)} 条", f"无变化 {len(result.unchanged)} 条"]
            notes.append(f"{unit.name} 问题隐患：" + "，".join(parts))
            if result.missing:
                codes = "、".join(h.code for h in result.missing)
                notes.append(f"{unit.name}：此前台账中的 {len(result.missing)} 条本次未列出，仍保留：{codes}")
            _, note = record_receipt(session, ctx.spec, ctx.campaign_id, unit.id, self.kind, source, ctx.received_at)
            if note:
                notes.append(f"{unit.name}：{note}")
        return Stored("updated" if updated else "imported", notes)
