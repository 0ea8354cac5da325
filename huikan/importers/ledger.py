"""Hazard ledgers (问题隐患台账): one row per problem or hazard, possibly for several units.

The description is a hazard's core: a row without one is not a hazard. Every other value is
kept as written: one that cannot be read (a deadline of 尽快, a status of 已报请拨款) is stored
blank, its text added to the hazard's 备注 and named in the notes; a deadline in words
(立即整改, 长期) has no date; a done date beside a status that is not done is kept in 备注 only
(a hazard that is not done has no done date). Two columns claiming the status, the deadline,
the done date or the major mark (整改状态 twice) that disagree on a row are ambiguous: the file
is refused naming both; for any other field the first column holds and the second's text is
kept in 备注, with a note.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Connection

from huikan.display import STATUS_LABELS
from huikan.errors import InputError, Problem
from huikan.importers.base import (
    UNIT_SAMPLE,
    Extract,
    ImportContext,
    Importer,
    Problems,
    Stored,
    first_distinct,
    note_skipped,
    note_unknown_columns,
    parse_column,
)
from huikan.ledger.hazards import RECORD_FIELDS, HazardBatch, SyncResult, add_hazards, has_hazards, sync_unit_hazards
from huikan.ledger.limits import limit_of
from huikan.reading.files import SourceDoc
from huikan.recognise.items import match_item, wordings
from huikan.recognise.table import Table
from huikan.recognise.values import (
    ValueProblem,
    is_blank,
    is_status_word,
    parse_date,
    parse_deadline,
    parse_decimal,
    parse_major,
    parse_origin,
    parse_status,
    text,
    text_column,
)

_TEXT_FIELDS = ("venue", "venue_type", "level", "measures", "responsible", "contingency", "note")
_LABELS = {"found_on": "发现日期", "deadline": "整改时限", "done_on": "完成日期", "status": "整改状态", "item": "检查项",
           "major": "重大隐患", "origin": "来源", "funds": "整改资金", "unit": "单位"}


class LedgerImporter(Importer):
    kind = "ledger"
    fields = frozenset(
        {"unit", "row_no", "description", "venue", "venue_type", "item", "level", "major", "found_on", "origin",
         "measures", "responsible", "funds", "contingency", "deadline", "status", "done_on", "note"}
    )
    required = ("description", ("deadline", "status", "measures"))
    excluded = frozenset({"category", "work_done"})

    streams = True

    def extract(self, doc: SourceDoc, tables: list[Table], ctx: ImportContext) -> Extract:
        problems = Problems(doc)
        file_unit = ctx.unit_of_file(doc, tables, problems)
        rows = _Rows(ctx, file_unit, problems)
        streamed = []
        for table in tables:
            note_skipped(table, ctx.notes)
            note_unknown_columns(table, ctx.notes, _repeated_columns(table))
            _decide_on_every_row(doc, table, ctx, file_unit)
            rows.read(table)
            if table.rest is not None:
                streamed.append(table)
        if not streamed:
            problems.raise_if_any()
            if not rows.count:
                raise problems.empty(EMPTY)
        payload, count = rows.taken()
        more = _later_chunks(streamed, rows, problems) if streamed else None
        return Extract(self.kind, count, payload, unit=file_unit or next((u for u, _ in payload), None), more=more)

    def store(self, conn: Connection, extract: Extract, source_id: int, ctx: ImportContext) -> Stored:
        """Each part's rows as they come: a unit with nothing on record gets them inserted part by
        part; a unit with hazards on record has all its rows matched against them at the end."""
        units, fresh, held, added = {}, {}, {}, {}
        for part in extract.parts():
            for unit, batch in part:
                if unit.id not in units:
                    units[unit.id], fresh[unit.id] = unit, not has_hazards(conn, unit.id)
                    extract.unit = extract.unit or unit  # a long table's first hazard may be in a later chunk
                if fresh[unit.id]:
                    added[unit.id] = added.get(unit.id, 0) + add_hazards(conn, unit.id, batch, source_id, ctx.now)
                else:
                    held.setdefault(unit.id, []).append(batch)
        notes, updated = [], False
        for uid, unit in units.items():
            if fresh[uid]:
                result = SyncResult(added=added[uid])
            else:
                result = sync_unit_hazards(conn, uid, HazardBatch.joined(held.pop(uid)), source_id, ctx.now, ctx.actor)
            parts = [f"新增 {result.added} 条"]
            if result.changed or result.unchanged:
                updated = True
                parts += [f"更新 {len(result.changed)} 条", f"无变化 {len(result.unchanged)} 条"]
            notes.append(f"{unit.name} 问题隐患：" + "，".join(parts))
            if result.missing:
                codes = result.missing_codes
                shown = "、".join(codes[:CODES_SHOWN]) + (f" 等（此处列出前 {CODES_SHOWN} 条）" if len(codes) > CODES_SHOWN else "")
                notes.append(f"{unit.name}：此前台账中的 {len(codes)} 条本次未列出，仍保留：{shown}")
            notes += [f"{unit.name}：{line}" for line in result.kept_decisions]
            _, note = ctx.receive(conn, unit.id, self.kind, source_id)
            if note:
                notes.append(f"{unit.name}：{note}")
        return Stored("updated" if updated else "imported", notes)


CODES_SHOWN = 20  # hazards named in a note: a unit reporting only what is new leaves thousands unlisted
EMPTY = "台账中没有填写任何问题隐患（如确无问题，请在自查报告中说明）"


class _Rows:
    """The hazard rows of a file's tables, by unit, as they are read (a long text table: a chunk
    at a time, taken after each)."""

    def __init__(self, ctx: ImportContext, file_unit, problems: Problems):
        self.ctx, self.file_unit, self.problems = ctx, file_unit, problems
        self.by_unit: dict[int, list[HazardBatch]] = {}
        self.units: dict = {}
        self.count = self.total = 0

    def read(self, table: Table) -> None:
        ctx, notes, problems = self.ctx, self.ctx.notes, self.problems
        columns = _Columns(table, ctx)
        for conflict in columns.conflicts:
            problems.add(conflict)
        unit_cells = columns.unit_cells(ctx, self.file_unit)
        kept: dict[int, list[int]] = {}  # by unit, the rows that go in
        cells, descriptions, unreadable = columns.cells, columns.description, columns.unreadable
        unit = last_unit = _UNSET
        continuations = columns.continuations
        for i, number in enumerate(columns.values["row"]):  # a plain loop: this runs 100k times
            if i in continuations:
                continue  # its contents went into the row above (one hazard over merged rows)
            if not descriptions[i]:
                if any(not is_blank(cells[f][i]) for f in ("measures", "deadline", "venue")):
                    notes.add("没有问题隐患描述，此行未导入", table.problem(number, "description", ""))
                continue
            if unit_cells is not None or unit is _UNSET:  # without a 单位 column: the file's, asked once
                unit = ctx.unit_at(table, number, unit_cells[i] if unit_cells else None, self.file_unit, problems)
            if unit is None:
                continue
            if i in unreadable:
                columns.keep_unread(i, number)
            if unit is not last_unit:
                rows, last_unit = kept.setdefault(unit.id, []), unit
                self.units[unit.id] = unit
            rows.append(i)
            self.count += 1
            self.total += 1
        for uid, indices in kept.items():
            self.by_unit.setdefault(uid, []).append(columns.batch(indices))

    def taken(self) -> tuple[list, int]:
        """The rows read since last taken, as (unit, batch) in the order the units came, and how many."""
        payload = [(self.units[uid], HazardBatch.joined(parts)) for uid, parts in self.by_unit.items()]
        count, self.by_unit, self.count = self.count, {}, 0
        return payload, count


def _later_chunks(streamed: list[Table], rows: _Rows, problems: Problems):
    """(payload, rows) of each later chunk of the tables read a chunk at a time. Once a problem is
    found nothing more is given to store, but every chunk is still read, so that the refusal names
    every problem of the file at once."""
    for table in streamed:
        parts = table.later_parts()
        while True:
            try:
                part = next(parts)
            except StopIteration:
                break
            except ValueError as exc:  # from the reader: a byte no encoding reads, the file changed
                problems.add(Problem(str(exc), sheet=table.sheet))
                break
            note_skipped(part, rows.ctx.notes)
            rows.read(part)
            part.release()
            payload, count = rows.taken()
            if not problems:
                yield payload, count
    problems.raise_if_any()
    if not rows.total:
        raise problems.empty(EMPTY)


def _decide_on_every_row(doc: SourceDoc, table: Table, ctx: ImportContext, file_unit) -> None:
    """What the ledger decides about a column from its cells — whether 单位 names the list's units,
    whether 完成时间 is a deadline — on every row, as when the sheet is read whole: a long text
    table's later chunks are read once more for it (only when it has such a column)."""
    units = "unit" in table.columns and file_unit is not None and ctx.unit_override is None
    done = _done_may_be_deadline(table)
    counts = _open_dated(table) if done else (0, 0)
    written = first_distinct(table.column("unit"), []) if units else []
    if table.rest is not None and (done or (units and len(written) < UNIT_SAMPLE)):
        try:
            for part in table.later_parts():
                if units:
                    first_distinct(part.column("unit"), written)
                if done:
                    counts = tuple(a + b for a, b in zip(counts, _open_dated(part), strict=True))
                elif len(written) >= UNIT_SAMPLE:
                    break
                part.release()
        except ValueError as exc:
            raise InputError(str(doc.path), [Problem(str(exc), sheet=table.sheet)]) from None
    if units:
        ctx.unit_column(table, file_unit, written)
    if done:
        _done_date_or_deadline(table, ctx.notes, *counts)


_UNSET = object()
# Fields two columns may not disagree on: which of them holds decides whether a hazard is done,
# overdue or major. Any other field's second column is kept in 备注.
_DECIDING = frozenset({"status", "deadline", "done_on", "major"})
# A 单位 per level (市, 县) is a hierarchy, not a conflict; 序号, 备注 and 检查项 decide nothing.
_NOT_CHECKED = frozenset({"unit", "row_no", "note", "item"})


def _repeats(table: Table):
    """The fields a second column claims too (整改状态 twice), with those columns."""
    return [(name, others) for name, others in table.duplicates.items()
            if name not in _NOT_CHECKED and name in table.columns]


def _repeated_columns(table: Table) -> dict[int, str]:
    """The repeated columns, read to check the first (so not "未识别" in the notes)."""
    return {column.index: f"{_LABELS.get(name, column.header)}（与{table.columns[name].letter}列核对）"
            for name, others in _repeats(table) for column in others}


def _done_may_be_deadline(table: Table) -> bool:
    """A ledger without a deadline column whose 完成时间 may be the date planned for the rows."""
    return "done_on" in table.columns and "deadline" not in table.columns and "status" in table.columns


def _open_dated(table: Table) -> tuple[int, int]:
    """Rows with a date in 完成时间, and how many of them are not done."""
    dated = [s for d, s in zip(table.column("done_on"), table.column("status"), strict=True) if not is_blank(d)]
    open_dated = 0
    for status in dated:
        try:
            open_dated += parse_status(status) != "done"
        except ValueProblem:
            pass
    return len(dated), open_dated


def _done_date_or_deadline(table: Table, notes, dated: int, open_dated: int) -> None:
    """完成时间 is a done date, or (in a ledger without a deadline column) the date planned for it:
    when rows not done carry dates there too, the column is read as the deadline, and said."""
    if dated and open_dated * 2 >= dated:
        column = table.columns.pop("done_on")
        table.columns["deadline"] = replace(column, field="deadline")
        table.release_columns()
        notes.add(f"「{column.header}」列在未整改的行也填了日期，按整改时限读取", Problem("", table.sheet, None, column.letter,
                                                                             column.header))


class _Columns:
    """A table's ledger columns, each read and parsed once for the whole column."""

    def __init__(self, table: Table, ctx: ImportContext):
        year, items = ctx.year, wordings(ctx.spec.items)
        self.table, self.ctx = table, ctx
        self.parsers = parsers = {  # in the order their notes are given
            "item": lambda v: match_item(v, items),
            "found_on": lambda v: parse_date(v, year=year),
            "deadline": lambda v: parse_deadline(v, year=year),
            "done_on": lambda v: parse_date(v, year=year),
            "status": lambda v: None if is_blank(v) else parse_status(v),
            "major": parse_major,
            "origin": parse_origin,
            "funds": parse_decimal,
        }
        texts = ("row_no", "description", *_TEXT_FIELDS)
        self.cells = cells = {name: table.column(name) for name in ("unit", *texts, *parsers)}
        self.values: dict[str, list] = {name: text_column(cells[name]) for name in texts}
        self.problems: dict[str, dict[int, str]] = {}
        for name, parse in parsers.items():
            self.values[name], self.problems[name] = parse_column(cells[name], parse)
        self.conflicts: list[Problem] = []
        self._merge_repeats()  # first: what a second column fills goes through every check below
        self._words_without_date()
        self._status_in_words()
        self._done_dates_of_open_hazards()
        self._overlong(texts)
        self.unreadable = set().union(*self.problems.values())
        # Major: 是/√ (or 重大/一般) in a 是否重大隐患 column, else 重大 in the level column; blank: unknown.
        levels = self.values["level"]
        majors = self.values["major"] = [
            m if m is not None else ("重大" in level if level else None) for m, level in zip(self.values["major"], levels)
        ]
        self._sections(majors)
        self.values["level"] = [level or ("重大隐患" if m else level) for m, level in zip(majors, levels)]
        self.values["item_number"] = self.values.pop("item")
        self.values["row"] = table.numbers
        self.description = self.values["description"]
        self.continuations = self._merged_rows()

    def _sections(self, majors: list) -> None:
        """Rows under a section title (一、重大隐患 / 二、一般隐患) that say nothing of their own are
        major or not as their section says; the notes say so."""
        sections = self.table.sections
        if not sections:
            return
        k, current = 0, None
        for i, number in enumerate(self.table.numbers):
            while k < len(sections) and sections[k][0] < number:
                current = sections[k][1]
                k += 1
            if current is None or majors[i] is not None:
                continue
            if "重大" in current:
                majors[i] = True
            elif any(w in current for w in ("一般", "较大", "其他")):
                majors[i] = False
            else:
                continue
            self.ctx.notes.add(f"按分节标题「{current}」记为{'重大隐患' if majors[i] else '一般隐患'}", self._where("major", number))

    def _merged_rows(self) -> set[int]:
        """Rows whose description is the same merged cell as the row above's: one hazard written over
        several rows (two measures, two people). Their texts join the first row's; said."""
        table = self.table
        col = table.columns["description"].index
        fill = table.grid.fill if table.grid is not None else {}
        if not fill:
            return set()
        found: set[int] = set()
        first = None
        for i, r in enumerate(table.row_indices):
            if (r, col) in fill and i > 0 and table.row_indices[i - 1] == r - 1 and \
                    self.description[i] == self.description[i - 1]:
                first = first if first is not None and i - 1 in found | {first} else i - 1
                self._join(first, i)
                found.add(i)
                self.ctx.notes.add(f"与第{table.numbers[first]}行是同一条问题隐患（描述为合并单元格），内容并入第"
                                   f"{table.numbers[first]}行", self._where("description", table.numbers[i]))
            else:
                first = None
        return found

    def _join(self, first: int, i: int) -> None:
        for name, column in self.values.items():
            if name in ("row", "description") or not isinstance(column, list):
                continue
            mine, theirs = column[first], column[i]
            if theirs in (None, "") or theirs == mine:
                continue
            if mine in (None, ""):
                column[first] = theirs
            elif isinstance(mine, str) and name != "row_no":
                column[first] = f"{mine}；{theirs}"

    def _where(self, name: str, number: int | None = None) -> Problem:
        return self.table.problem(number, name, "")

    def _words_without_date(self) -> None:
        """整改时限 written as 立即整改 / 长期: no date, the words kept in 备注, said once per column."""
        deadlines, raw, notes = self.values["deadline"], self.cells["deadline"], self.ctx.notes
        for i, (value, cell) in enumerate(zip(deadlines, raw)):
            if value is None and not is_blank(cell) and i not in self.problems["deadline"]:
                notes.add("整改时限没有具体日期，按无时限记录，原文记入备注", self._where("deadline", self.table.numbers[i]),
                          value=text(cell))
                self._keep(i, "deadline", cell)

    def _status_in_words(self) -> None:
        """整改进度 written as a sentence: read by its phrases, the sentence kept in 备注 as written."""
        statuses, raw = self.values["status"], self.cells["status"]
        seen: dict = {}
        for i, cell in enumerate(raw):
            if cell.__class__ is not str or i in self.problems["status"]:
                continue
            plain = seen.get(cell)
            if plain is None:
                plain = seen[cell] = is_status_word(cell)
            if not plain:
                self.ctx.notes.add(f"整改状态按文字读作「{STATUS_LABELS[statuses[i]]}」，原文记入备注",
                                   self._where("status", self.table.numbers[i]), value=text(cell))
                self._keep(i, "status", cell)

    def _done_dates_of_open_hazards(self) -> None:
        """A done date beside 未整改/整改中: the status stands, the date is kept in 备注 only."""
        statuses, done_ons = self.values["status"], self.values["done_on"]
        for i, (status, done_on) in enumerate(zip(statuses, done_ons)):
            if done_on is not None and status in ("open", "in_progress"):
                self.ctx.notes.add(f"填写了完成日期，但整改状态为「{STATUS_LABELS[status]}」：按整改状态导入，完成日期记入备注",
                                   self._where("done_on", self.table.numbers[i]), value=done_on.isoformat())
                self._keep(i, "done_on", self.cells["done_on"][i])
                done_ons[i] = None

    def _overlong(self, texts) -> None:
        """A text longer than its field keeps: the field holds its start, 备注 the whole text."""
        for name in texts:
            limit = limit_of(name)
            column = self.values[name]
            if max(map(len, column), default=0) <= limit:  # at C speed: the usual column
                continue
            for i, value in enumerate(column):
                if len(value) > limit:
                    where = self._where(name, self.table.numbers[i])
                    if name in ("note", "description", "measures", "contingency"):
                        self.ctx.notes.add(f"内容过长（{len(value)} 字），只保留前 {limit} 字", where)
                    else:
                        self.ctx.notes.add(f"内容过长（{len(value)} 字，此栏最多 {limit} 字）：此栏保留前 {limit} 字，"
                                           "全文记入备注", where)
                        self._keep(i, name, value)
                    column[i] = value[:limit]

    def _keep(self, i: int, name: str, cell) -> None:
        """The text of a cell that was not taken as it is, added to the hazard's 备注."""
        header = self.table.columns[name].header if name in self.table.columns else _LABELS.get(name, name)
        self._keep_text(i, header, text(cell))

    def _keep_text(self, i: int, header: str, value: str) -> None:
        note = self.values["note"]
        kept = f"{header}：{value}"
        note[i] = f"{note[i]}\n{kept}" if note[i] else kept

    def keep_unread(self, i: int, number: int) -> None:
        """Values of row ``i`` that could not be read: blank, their text in 备注, named in the notes."""
        for name, found in self.problems.items():
            if i in found:
                self.ctx.notes.add(f"{found[i]}，按空白导入，原文记入备注", self._where(name, number),
                                   value=text(self.cells[name][i]))
                self._keep(i, name, self.cells[name][i])

    def _merge_repeats(self) -> None:
        """A second column claiming one of the fields (整改状态 in C and in N): where the first is
        blank, the second fills it, said once per column; where both are written and differ,
        the status, a deadline, a done date or the major mark is ambiguous, and the file is
        refused naming both columns; any other field keeps the first column's value, the
        second's text goes to 备注, and the notes say so."""
        table = self.table
        for name, others in _repeats(table):
            mine, first = self.values[name], table.columns[name]
            parse = self.parsers.get(name)
            label = _LABELS.get(name, first.header)
            for column in others:
                for i, number in enumerate(table.numbers):
                    other = table.grid(table.row_indices[i], column.index)
                    if is_blank(other):
                        continue
                    try:
                        theirs = text(other) if parse is None else parse(other)
                    except ValueProblem:
                        continue  # unreadable in the second column: the first one's value holds
                    if mine[i] in (None, "") and i not in self.problems.get(name, ()):
                        mine[i] = theirs
                        self.ctx.notes.add(f"{first.letter}列「{first.header}」空白，取此列的值",
                                           Problem("", table.sheet, number, column.letter, column.header), value=text(other))
                    elif theirs == mine[i]:
                        continue
                    elif name in _DECIDING:
                        self.conflicts.append(Problem(
                            f"两列{label}不一致：{first.letter}列「{first.header}」为「{text(self.cells[name][i])}」，"
                            f"{column.letter}列「{column.header}」为「{text(other)}」，请报送单位确认",
                            table.sheet, number, column.letter, column.header))
                    else:
                        self.ctx.notes.add(f"与{first.letter}列「{first.header}」内容不同，记入备注",
                                           Problem("", table.sheet, number, column.letter, column.header),
                                           value=text(other))
                        self._keep_text(i, column.header, text(other))

    def unit_cells(self, ctx: ImportContext, file_unit) -> list | None:
        """The 单位 column's cells, or None when it does not name the list's units (责任部门: 保卫科,
        a city's 市局本级) and the file's unit is known: then its text goes to 备注."""
        if "unit" not in self.table.columns:
            return None
        if ctx.unit_column(self.table, file_unit):
            return self.cells["unit"]
        for i, cell in enumerate(self.cells["unit"]):
            if not is_blank(cell):
                self._keep(i, "unit", cell)
        return None

    def batch(self, indices: list[int]) -> HazardBatch:
        if len(indices) == len(self.description):  # every row: the columns as they are
            return HazardBatch({name: self.values[name] for name in RECORD_FIELDS})
        return HazardBatch({name: [self.values[name][i] for i in indices] for name in RECORD_FIELDS})
