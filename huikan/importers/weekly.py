"""Weekly progress returns (每周工作进展), as a table (a row per report) or as a form.

A sheet with a header and rows of values beneath is a table, never a form: a form is taken
where the "table" under a header holds labels, not values (填报单位 | X | 报送日期 | Y, then
本周工作开展情况 | …), or where a one-row table is only the counts part of a form that also
holds the texts. A count that cannot be read is stored blank and named in the notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, insert

from huikan.errors import Problem
from huikan.importers.base import (
    Extract,
    ImportContext,
    Importer,
    Problems,
    Stored,
    note_skipped,
)
from huikan.ledger.limits import TEXT_LIMIT
from huikan.ledger.tables import weekly_report
from huikan.reading.files import Sheet, SourceDoc
from huikan.recognise.form import Form, is_label, locate_form
from huikan.recognise.headers import header_scores
from huikan.recognise.sentences import counts_in_text
from huikan.recognise.table import Table
from huikan.recognise.unitnames import KnownUnit
from huikan.recognise.values import (
    ValueProblem,
    find_week,
    is_blank,
    parse_date,
    parse_int,
    parse_week,
    text,
)

COUNTS = ("found_this_week", "rectified_this_week", "found_total", "rectified_total")
COUNT_NAMES = {"found_this_week": "本周排查", "rectified_this_week": "本周整改", "found_total": "累计排查",
               "rectified_total": "累计整改"}


@dataclass
class WeeklyRecord:
    unit: KnownUnit
    stated_date: date | None
    week_no: int | None
    work_done: str
    counts: dict[str, int | None]
    next_week: str
    notes: str = ""  # what was not understood, kept with the report


class WeeklyImporter(Importer):
    kind = "weekly"
    fields = frozenset({"unit", "report_date", "week_no", "work_done", "next_week", *COUNTS})
    required = (("work_done", "found_this_week", "found_total", "next_week"),)
    excluded = frozenset({"category"})  # a unit list; a ledger loses to a weekly table by score, not by veto
    min_columns = 2

    def locate(self, sheet: Sheet, forced: bool = False) -> Table | Form | None:
        table = super().locate(sheet, forced)
        form = locate_form(sheet, self.fields, self.required)
        real = table is not None and _has_values(table)
        # Rows of values under a header are a table; a one-row table inside a form (the counts
        # under their labels, the texts under theirs) is the form's part: the reading naming more wins.
        if real and (form is None or len(table.rows) > 1 or table.score >= form.score):
            return table
        if form is not None:
            return form
        return table if table is not None and table.rows else None

    def extract(self, doc: SourceDoc, located: list[Table | Form], ctx: ImportContext) -> Extract:
        problems = Problems(doc)
        notes = ctx.notes
        file_unit = ctx.unit_of_file(doc, located, problems)
        records: list[WeeklyRecord] = []
        for part in located:
            stated_week = _stated_week(part, doc)
            stated_date = part.meta.get("date") if isinstance(part, Table) else None  # 报送时间：… above the table
            if isinstance(part, Form):
                if file_unit is None:
                    if not problems.unit_unknown:
                        problems.add(part.problem("unit", "无法确定报送单位：没有“填报单位”，标题和文件名中也没有单位名称（可用 --unit 指定）"))
                    continue
                record = _record(file_unit, part.get, lambda f, p=part: p.problem(f, ""), ctx, stated_week,
                                 sentences=[(Problem("", part.sheet, r), t) for r, t in part.texts])
                if record:
                    records.append(record)
                continue
            note_skipped(part, notes)
            extra = _extra_columns(part, notes)
            for row in part.rows:
                unit = ctx.unit_of_row(part, row, file_unit, problems)
                if unit is None:
                    continue
                also = [(h, text(part.grid(row.number - 1, c))) for c, h in extra]
                record = _record(unit, row.get, lambda f, t=part, r=row: t.problem(r, f, ""), ctx, stated_week,
                                 also=[(h, v) for h, v in also if v], stated_date=stated_date)
                if record:
                    records.append(record)
        problems.raise_if_any()
        if not records:
            raise problems.empty("周报中没有填写任何内容")
        return Extract(self.kind, len(records), records, unit=file_unit or records[0].unit)

    def store(self, conn: Connection, extract: Extract, source_id: int, ctx: ImportContext) -> Stored:
        notes = []
        for rec in extract.payload:
            receipt_id, note = ctx.receive(conn, rec.unit.id, self.kind, source_id, stated=rec.stated_date,
                                           week_no=rec.week_no)
            conn.execute(insert(weekly_report), {
                "unit_id": rec.unit.id, "source_file_id": source_id, "receipt_id": receipt_id,
                "stated_date": rec.stated_date, "week_no": rec.week_no, "work_done": rec.work_done,
                "next_week": rec.next_week, "notes": rec.notes, **rec.counts})
            if note:
                notes.append(f"{rec.unit.name}：{note}")
        return Stored("imported", notes)


def _has_values(table: Table) -> bool:
    """Whether a located table has rows of values beneath its header: rows with no label among their
    cells (a form's rows below a "header" hold labels: 累计排查 | 7处, 下步工作打算 | …)."""
    for row in table.rows[:20]:
        filled = [v for v in row.values.values() if not is_blank(v)]
        if filled and not any(is_label(v) for v in filled):
            return True
    return False


def _stated_week(part: Table | Form, doc: SourceDoc) -> int | None:
    """第N周 in the title lines above the table, else in the file name."""
    for line in part.titles:
        if (week := find_week(line)) is not None:
            return week
    return find_week(doc.path.stem)


def _extra_columns(table: Table, notes) -> list[tuple[int, str]]:
    """Text columns a weekly table has beside its fields (a second 主要做法, 存在问题, 备注): kept with the
    week's work as "header：text", and said once."""
    mapped = {c.index for c in table.columns.values()}
    extra = [(c, header) for c, (header, _) in sorted(table.headers.items())
             if c not in mapped and not any(f == "row_no" for f, _ in header_scores(header))
             and any(isinstance(v, str) and len(v.strip()) > 1 and not v.strip().isdigit() for v in table.cells_at(c))]
    if extra:
        names = "、".join(f"「{h}」" for _, h in extra)
        notes.add(f"{names}列的内容并入本周工作情况（写作“列名：内容”）", Problem("", table.sheet))
    return extra


def _record(unit, get, where, ctx: ImportContext, stated_week: int | None, *,
            also: list[tuple[str, str]] = (), sentences: list[tuple[Problem, str]] = (),
            stated_date: str | None = None) -> WeeklyRecord | None:
    notes = ctx.notes
    kept: list[str] = []  # what was not understood, kept with the report

    def read(name: str, parse):
        value = get(name)
        try:
            return parse(value)
        except ValueProblem as exc:
            notes.add(f"{exc}，按空白导入", where(name), value=text(value))
            kept.append(f"{where(name).header or name}：{text(value)}")
            return None

    stated = read("report_date", lambda v: parse_date(v, year=ctx.year))
    week = read("week_no", parse_week)
    if stated is None and week is None and stated_date:  # the date line above a table of one week's rows
        try:
            stated = parse_date(stated_date, year=ctx.year)
        except ValueProblem as exc:
            notes.add(f"表上方的日期：{exc}", where("report_date"))
    counts = {f: read(f, parse_int) for f in COUNTS}
    work_done, next_week = _text(get("work_done"), where("work_done"), notes), _text(get("next_week"), where("next_week"), notes)
    if also:
        work_done = "\n".join([work_done] * bool(work_done) + [f"{h}：{v}" for h, v in also])
    if all(v is None for v in counts.values()):  # no count cells: counts written in a sentence
        for place, sentence in [(where("work_done"), work_done), *sentences]:
            written = counts_in_text(sentence)
            if written:
                counts.update(written)
                notes.add("数量从文字中读出：" + "，".join(f"{COUNT_NAMES[k]} {n}" for k, n in written.items()), place,
                          value=sentence[:30])
                break
    if not work_done and not next_week and all(v is None for v in counts.values()):
        return None  # an empty row or form left as the template had it
    for this, total in (("found_this_week", "found_total"), ("rectified_this_week", "rectified_total")):
        if counts[this] is not None and counts[total] is not None and counts[this] > counts[total]:
            notes.add(f"本周数（{counts[this]}）大于累计数（{counts[total]}），按所填导入", where(this))
    if counts["rectified_total"] is not None and counts["found_total"] is not None and counts["rectified_total"] > counts["found_total"]:
        notes.add(f"累计整改数（{counts['rectified_total']}）大于累计排查数（{counts['found_total']}），按所填导入",
                  where("rectified_total"))
    if week is not None and stated_week is not None and week != stated_week:
        notes.add(f"表中周次为第{week}周，标题或文件名为第{stated_week}周，按表中周次计", where("week_no"))
    return WeeklyRecord(unit, stated, week if week is not None else stated_week, work_done, counts, next_week,
                        "\n".join(kept))


def _text(value, where: Problem, notes) -> str:
    s = text(value)
    if len(s) > TEXT_LIMIT:
        notes.add(f"内容过长（{len(s)} 字），只保留前 {TEXT_LIMIT} 字", where)
        s = s[:TEXT_LIMIT]
    return s
