"""Hazard ledgers (问题隐患台账): one row per problem or hazard, possibly for several units."""

from __future__ import annotations

from sqlalchemy.orm import Session

from huikan.importers.base import Extract, ImportContext, Importer, Problems, Stored, parse_column
from huikan.importers.selfcheck import item_number
from huikan.ledger.hazards import RECORD_FIELDS, HazardBatch, sync_unit_hazards
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
    text_column,
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
        by_unit: dict[int, list[HazardBatch]] = {}
        units = {}
        count = 0
        for table in tables:
            columns = _Columns(table, ctx)
            kept: dict[int, list[int]] = {}  # by unit, the rows that go in
            cells, descriptions, unreadable = columns.cells, columns.description, columns.unreadable
            statuses, done_ons, found_ons = columns.status, columns.done_on, columns.found_on
            unit_cells = cells["unit"] if "unit" in table.columns else None
            unit = last_unit = _UNSET
            for i, number in enumerate(columns.values["row"]):  # a plain loop: this runs 100k times
                if not descriptions[i]:
                    if any(not is_blank(cells[f][i]) for f in ("measures", "deadline", "venue")):
                        problems.add(table.problem(number, "description", "问题隐患描述为空"))
                    continue
                if unit_cells is not None or unit is _UNSET:  # without a 单位 column: the file's, asked once
                    unit = ctx.unit_at(table, number, unit_cells[i] if unit_cells else None, file_unit, problems)
                if i in unreadable:
                    for name, message in columns.problems_of(i):
                        problems.add(table.problem(number, name, message))
                    continue
                if unit is None:
                    continue
                done_on = done_ons[i]
                if done_on and statuses[i] in ("open", "in_progress"):
                    message = f"填写了完成日期，但整改状态为「{text(cells['status'][i])}」"
                    problems.add(table.problem(number, "done_on", message))
                    continue
                if done_on and found_ons[i] and done_on < found_ons[i]:
                    problems.add(table.problem(number, "done_on", f"完成日期 {done_on} 早于发现日期 {found_ons[i]}"))
                    continue
                if unit is not last_unit:
                    rows, last_unit = kept.setdefault(unit.id, []), unit
                    units[unit.id] = unit
                rows.append(i)
                count += 1
            for uid, indices in kept.items():
                by_unit.setdefault(uid, []).append(columns.batch(indices))
        problems.raise_if_any()
        if not count:
            raise problems.empty("台账中没有填写任何问题隐患（如确无问题，请在自查报告中说明）")
        payload = [(units[uid], HazardBatch.joined(parts)) for uid, parts in by_unit.items()]
        return Extract(self.kind, count, payload, unit=file_unit or payload[0][0])

    def store(self, session: Session, extract: Extract, source_id: int, ctx: ImportContext) -> Stored:
        notes, updated = [], False
        for unit, batch in extract.payload:
            result = sync_unit_hazards(session, unit.id, batch, source_id, ctx.now, ctx.actor)
            session.flush()
            parts = [f"新增 {result.added} 条"]
            if result.changed or result.unchanged:
                updated = True
                parts += [f"更新 {len(result.changed)} 条", f"无变化 {len(result.unchanged)} 条"]
            notes.append(f"{unit.name} 问题隐患：" + "，".join(parts))
            if result.missing:
                codes = "、".join(result.missing_codes)
                notes.append(f"{unit.name}：此前台账中的 {len(result.missing)} 条本次未列出，仍保留：{codes}")
            _, note = record_receipt(session, ctx, unit.id, self.kind, source_id)
            if note:
                notes.append(f"{unit.name}：{note}")
        return Stored("updated" if updated else "imported", notes)


_UNSET = object()


class _Columns:
    """A table's ledger columns, each read and parsed once for the whole column."""

    def __init__(self, table: Table, ctx: ImportContext):
        year, spec = ctx.year, ctx.spec
        parsers = {  # in the order their problems are reported
            "item": lambda v: item_number(v, spec) if not is_blank(v) else None,
            "found_on": lambda v: parse_date(v, year=year),
            "deadline": lambda v: parse_deadline(v, year=year),
            "done_on": lambda v: parse_date(v, year=year),
            "status": lambda v: None if is_blank(v) else parse_status(v),
            "major": parse_yes_no,
            "origin": parse_origin,
            "funds": parse_decimal,
        }
        texts = ("row_no", "description", *_TEXT_FIELDS)
        self.cells = cells = {name: table.column(name) for name in ("unit", *texts, *parsers)}
        self.values: dict[str, list] = {name: text_column(cells[name]) for name in texts}
        self.problems: dict[str, dict[int, str]] = {}
        for name, parse in parsers.items():
            self.values[name], self.problems[name] = parse_column(cells[name], parse)
        self.unreadable = set().union(*self.problems.values())
        # Major: 是/√ in a 是否重大隐患 column, else 重大 in the level column; blank: unknown.
        levels = self.values["level"]
        majors = self.values["major"] = [
            m if m is not None else ("重大" in level if level else None) for m, level in zip(self.values["major"], levels)
        ]
        self.values["level"] = [level or ("重大隐患" if m else level) for m, level in zip(majors, levels)]
        self.values["item_number"] = self.values.pop("item")
        self.values["row"] = table.numbers
        self.description = self.values["description"]
        self.status, self.done_on, self.found_on = self.values["status"], self.values["done_on"], self.values["found_on"]

    def batch(self, indices: list[int]) -> HazardBatch:
        if len(indices) == len(self.description):  # every row: the columns as they are
            return HazardBatch({name: self.values[name] for name in RECORD_FIELDS})
        return HazardBatch({name: [self.values[name][i] for i in indices] for name in RECORD_FIELDS})

    def problems_of(self, i: int) -> list[tuple[str, str]]:
        return [(name, found[i]) for name, found in self.problems.items() if i in found]
