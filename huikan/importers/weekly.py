"""Weekly progress returns (每周工作进展), as a table (a row per report) or as a form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from huikan.importers.base import Extract, ImportContext, Importer, Problems, Stored, parse_fields
from huikan.ledger.models import WeeklyReport
from huikan.ledger.receipts import record_receipt
from huikan.reading.files import Sheet, SourceDoc
from huikan.recognise.form import Form, locate_form
from huikan.recognise.table import Table
from huikan.recognise.unitnames import KnownUnit
from huikan.recognise.values import find_week, parse_date, parse_int, parse_week, text

_COUNTS = ("found_this_week", "rectified_this_week", "found_total", "rectified_total")


@dataclass
class WeeklyRecord:
    unit: KnownUnit
    stated_date: date | None
    week_no: int | None
    work_done: str
    counts: dict[str, int | None]
    next_week: str


class WeeklyImporter(Importer):
    kind = "weekly"
    fields = frozenset({"unit", "report_date", "week_no", "work_done", "next_week", *_COUNTS})
    required = (("work_done", "found_this_week", "found_total"),)
    excluded = frozenset({"description", "category"})
    min_columns = 3

    def locate(self, sheet: Sheet) -> Table | Form | None:
        table = super().locate(sheet)
        form = locate_form(sheet, self.fields, self.required)
        # A form's label row can pass for a header; the layout naming more fields wins.
        if form is not None and (table is None or form.score > table.score or not table.rows):
            return form
        return table

    def extract(self, doc: SourceDoc, located: list[Table | Form], ctx: ImportContext) -> Extract:
        problems = Problems(doc)
        file_unit = ctx.unit_of_file(doc, located, problems)
        name_week = find_week(doc.path.stem)
        records: list[WeeklyRecord] = []
        for part in located:
            if isinstance(part, Form):
                if file_unit is None:
                    problems.add(part.problem("unit", "无法确定报送单位：没有“填报单位”，文件名中也没有单位名称（可用 --unit 指定）"))
                    continue
                record = _record(file_unit, part.get, lambda f, m, p=part: problems.add(p.problem(f, m)), ctx, name_week)
                if record:
                    records.append(record)
                continue
            for row in part.rows:
                unit = ctx.unit_of_row(part, row, file_unit, problems)
                if unit is None:
                    continue
                record = _record(unit, row.get, lambda f, m, t=part, r=row: problems.add(t.problem(r, f, m)), ctx, name_week)
                if record:
                    records.append(record)
        problems.raise_if_any()
        if not records:
            raise problems.empty("周报中没有填写任何内容")
        return Extract(self.kind, len(records), records, unit=file_unit or records[0].unit)

    def store(self, session: Session, extract: Extract, source_id: int, ctx: ImportContext) -> Stored:
        notes = []
        for rec in extract.payload:
            receipt_id, note = record_receipt(
                session, ctx, rec.unit.id, self.kind, source_id, stated=rec.stated_date, week_no=rec.week_no,
            )
            session.add(
                WeeklyReport(
                    unit_id=rec.unit.id,
                    source_file_id=source_id,
                    receipt_id=receipt_id,
                    stated_date=rec.stated_date,
                    week_no=rec.week_no,
                    work_done=rec.work_done,
                    next_week=rec.next_week,
                    **rec.counts,
                )
            )
            if note:
                notes.append(f"{rec.unit.name}：{note}")
        return Stored("imported", notes)


def _record(unit, get, report, ctx: ImportContext, name_week: int | None) -> WeeklyRecord | None:
    parsers = {"report_date": lambda v: parse_date(v, year=ctx.year), "week_no": parse_week}
    parsers.update({f: parse_int for f in _COUNTS})
    parsed = parse_fields(parsers, get, report)
    if parsed is None:
        return None
    counts = {f: parsed[f] for f in _COUNTS}
    stated, week = parsed["report_date"], parsed["week_no"]
    work_done, next_week = text(get("work_done")), text(get("next_week"))
    if not work_done and all(v is None for v in counts.values()):
        return None  # an empty row or form left as the template had it
    for this, total in (("found_this_week", "found_total"), ("rectified_this_week", "rectified_total")):
        if counts[this] is not None and counts[total] is not None and counts[this] > counts[total]:
            report(this, f"本周数（{counts[this]}）大于累计数（{counts[total]}）")
            return None
    if counts["rectified_total"] is not None and counts["found_total"] is not None and counts["rectified_total"] > counts["found_total"]:
        report("rectified_total", f"累计整改数（{counts['rectified_total']}）大于累计排查数（{counts['found_total']}）")
        return None
    return WeeklyRecord(unit, stated, week if week is not None else name_week, work_done, counts, next_week)
