"""The importer interface: one importer per kind of file, each with identify and extract.

The runner asks every importer to identify each sheet (or a document by its name);
two importers claiming one sheet, or none claiming a file, is an error. Extraction is
pure (file -> records, or InputError with every problem found); storing happens in
one transaction per file.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from huikan.campaigns import CampaignSpec
from huikan.errors import EmptyReturnError, InputError, Problem, UnknownUnitError
from huikan.importers.notes import Notes
from huikan.importers.receipt_notes import counted_note
from huikan.ledger.receipts import Deliverables, record_receipt
from huikan.reading.files import Sheet, SourceDoc
from huikan.recognise.filenames import names_to_search
from huikan.recognise.form import Form
from huikan.recognise.table import Required, Row, Table, locate_table
from huikan.recognise.unitnames import KnownUnit, UnitMatcher
from huikan.recognise.values import ValueProblem, is_blank, text
from huikan.recognise.vocabulary import KIND_LABELS

if TYPE_CHECKING:
    from sqlalchemy import Connection



@dataclass
class ImportContext:
    """What every importer may consult; built once per file."""

    spec: CampaignSpec
    campaign_id: int
    matcher: UnitMatcher
    received_at: datetime
    now: datetime
    unit_override: KnownUnit | None = None
    actor: str = ""
    deliverables: Deliverables | None = None  # the campaign's, read once per batch
    receipts: dict = field(default_factory=dict)  # (unit, deliverable, due instance) -> this file's receipt
    notes: Notes = field(default_factory=Notes)  # this file's notes (accept and say so)
    _unit_columns: dict = field(default_factory=dict)  # table -> whether its 单位 column names units
    time_notes: list[str] = field(default_factory=list)  # about when it was received

    @property
    def year(self) -> int:
        return self.spec.start.year

    def receive(self, conn: Connection, unit_id: int, kind: str, source_id: int, *, stated: date | None = None,
                week_no: int | None = None) -> tuple[int | None, str]:
        """Record this file as a return of ``kind`` from a unit: the receipt's id (None when the kind counts
        for no deliverable of the campaign) and what it counts for, as a note (none when said already)."""
        wanted = self.spec.deliverable_receiving(kind)
        if wanted is None:
            return None, ""
        counted = record_receipt(conn, self.deliverables, wanted.key, unit_id=unit_id, source_id=source_id,
                                 received_at=self.received_at, kind=kind, stated=stated, week_no=week_no,
                                 same_file=self.receipts)
        return counted.receipt_id, "" if counted.again else counted_note(counted)

    def unit_of_file(self, doc: SourceDoc, located: list[Table | Form], problems: Problems) -> KnownUnit | None:
        """The sending unit: --unit, else a 填报单位 line or field, else a title line, else the file
        name (or the folder or archive it came in), else a Word document's own text (its title,
        填报单位 line or signature)."""
        problems.unit = self._unit_of_file(doc, located, problems)
        return problems.unit

    def _unit_of_file(self, doc: SourceDoc, located: list[Table | Form], problems: Problems) -> KnownUnit | None:
        if self.unit_override is not None:
            return self.unit_override
        for part in located:
            written = part.meta.get("unit") if isinstance(part, Table) else text(part.get("unit"))
            if written:
                try:
                    return self.matcher.match(_unit_text(written))
                except UnknownUnitError as err:
                    message = f"填报单位：{err}"
                    problems.add(part.problem("unit", message) if isinstance(part, Form) else Problem(message, sheet=part.sheet))
                    problems.unit_unknown = True  # rows without a unit of their own need not say it again
                    return None
        for part in located:  # 郑州市文广新局问题隐患台账 as the title
            for line in part.titles:
                if found := self.matcher.search_text(line):
                    return found
        return self.unit_in_name(doc.path) or self.unit_in_text(doc.text)

    def unit_in_name(self, path) -> KnownUnit | None:
        """The unit a file's name says (copy and chat marks taken off), else its folder's or
        archive's name (said: the file itself does not name it)."""
        found = unit_in_names(self.matcher, path)
        if found is None:
            return None
        unit, name, own = found
        if not own:
            self.notes.add(f"文件名未写明单位，按所在文件夹或压缩包「{name}」认定为 {unit.name}")
        return unit

    def unit_in_text(self, text: str) -> KnownUnit | None:
        """The unit a document's own text names as its sender (said: its name does not)."""
        found = self.matcher.search_document(text) if text else None
        if found:
            self.notes.add(f"文件名未写明单位，按文档中的填报单位、标题或落款认定为 {found.name}")
        return found

    def unit_of_row(self, table: Table, row: Row, default: KnownUnit | None, problems: Problems) -> KnownUnit | None:
        """A row's unit from its 单位 column, else the file's unit; a problem when neither is known."""
        cell = row.get("unit") if self.unit_column(table, default) else None
        return self.unit_at(table, row.number, cell, default, problems)

    def unit_column(self, table: Table, file_unit: KnownUnit | None, written: list[str] | None = None) -> bool:
        """Whether a table's 单位 column names the list's units. A column of 保卫部, 市局本级 (a 责任部门,
        a city's own sub-units) does not, when the file's unit is known: its rows are the file's unit's,
        and the notes say so. Asked once per table, on the column's first UNIT_SAMPLE distinct
        values (``written``: those of a long table's every chunk, found by the caller)."""
        if "unit" not in table.columns:
            return False
        key = id(table.head or table)  # a later chunk of a long table: decided once, for the table
        if key in self._unit_columns:
            return self._unit_columns[key]
        if written is None:
            written = first_distinct(table.column("unit"), [])
        usable = True
        if file_unit is not None and written and self.unit_override is None:
            known = sum(1 for w in written if self.matcher.find(w) is not None)
            usable = known * 2 >= len(written)
            if not usable:
                header = table.columns["unit"].header
                self.notes.add(f"「{header}」列写的不是单位名单中的单位，各行按本文件的报送单位 {file_unit.name} 导入",
                               Problem("", table.sheet, None, table.columns["unit"].letter, header),
                               value="、".join(written[:3]))
        self._unit_columns[key] = usable
        return usable

    def unit_at(self, table: Table, number: int, cell, default: KnownUnit | None, problems: Problems) -> KnownUnit | None:
        """``unit_of_row`` for row ``number`` whose 单位 cell is ``cell``."""
        written = text(cell)
        if written and self.unit_override is None:
            try:
                return self.matcher.match(written)
            except UnknownUnitError as err:
                problems.add(table.problem(number, "unit", str(err)))
                return None
        if default is None and not problems.unit_unknown:  # said once per sheet: every row has the same cause
            problems.add_once(("no-unit", table.sheet), Problem(NO_UNIT, sheet=table.sheet))
        return default


UNIT_SAMPLE = 50  # distinct values of a 单位 column weighed to tell whether it names units


def first_distinct(cells, found: list[str]) -> list[str]:
    """``found`` extended with the texts of ``cells`` not yet in it, up to UNIT_SAMPLE."""
    seen = set(found)
    for v in cells:
        if len(found) >= UNIT_SAMPLE:
            break
        if not is_blank(v) and (t := text(v)) not in seen:
            seen.add(t)
            found.append(t)
    return found


_TRAILING = re.compile(r"\s+(?:\d{2,4}\s*[年./\-]\s*\d{1,2}.*|第\s*\S{1,3}\s*周.*)$")


def _unit_text(written: str) -> str:
    """A 填报单位 value without what follows it on the line: a date or a week after a gap
    ("中国文字博物馆 2018年12月14日")."""
    return _TRAILING.sub("", written).strip() or written


NO_UNIT = ("无法确定报送单位：表中没有单位列，也没有“填报单位”行，标题和文件名中也没有单位名单中的单位"
           "（可用 --unit 指定报送单位）")


def note_skipped(table: Table, notes: Notes) -> None:
    """The rows under a table's header that were not read as data, and columns read by their cells
    rather than their headers, in the file's notes."""
    for a, b in table.swapped:
        notes.add(f"「{a.header}」列（{a.letter}）和「{b.header}」列（{b.letter}）的内容与表头对调了：按内容读取",
                  Problem("", table.sheet))
    for s in table.skipped:
        notes.add(f"不是数据行（{s.reason}），已跳过", Problem("", table.sheet, s.row), value=s.text)


def note_unknown_columns(table: Table, notes: Notes, used: dict[int, str] | None = None) -> None:
    """Columns whose header names nothing this kind of return holds: kept out, said once.
    ``used``: columns an importer read by other means (职务 after a person), column -> what it was
    read as (kept on the table for the dry run)."""
    from huikan.recognise.headers import header_scores

    table.read_as.update(used or {})
    mapped = {c.index for c in table.columns.values()} | set(table.read_as)
    # 序号 and 栏次 number rows: never data, never worth a note.
    unknown = [h for c, (h, _) in sorted(table.headers.items()) if c not in mapped and h.strip()
               and not any(f == "row_no" for f, _ in header_scores(h))]
    if unknown:
        notes.add(f"未识别的列，未导入：{'、'.join(f'「{h}」' for h in unknown[:8])}", Problem("", table.sheet))


@dataclass
class Extract:
    """What an importer found in a file, ready to store."""

    kind: str
    rows: int
    payload: Any
    unit: KnownUnit | None = None
    notes: list[str] = field(default_factory=list)
    # A table read a chunk at a time: each later chunk's (payload, rows), read as the store asks.
    more: Iterator[tuple[Any, int]] | None = None

    def parts(self) -> Iterator[Any]:
        """The payload, then each later chunk's (counted into ``rows`` as it comes)."""
        yield self.payload
        for payload, rows in self.more or ():
            self.rows += rows
            yield payload


@dataclass
class Stored:
    outcome: str  # imported / updated
    notes: list[str] = field(default_factory=list)


def unit_in_names(matcher: UnitMatcher, path) -> tuple[KnownUnit, str, bool] | None:
    """The unit a file's name says, else its folder's or archive's: the unit, the name it was
    read in, and whether that was the file's own name."""
    for k, name in enumerate(names_to_search(path)):
        if found := matcher.search_text(name):
            return found, name, k == 0
    return None


class Problems:
    """Collects every problem of a file so the clerk can fix them all in one go."""

    def __init__(self, doc: SourceDoc):
        self.doc = doc
        self.items: list[Problem] = []
        self._once: set = set()
        self.unit_unknown = False
        self.unit: KnownUnit | None = None  # the file's unit, once told: a refusal still names it

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def add_once(self, key, problem: Problem) -> None:
        if key not in self._once:
            self._once.add(key)
            self.items.append(problem)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise InputError(str(self.doc.path), self.items, self.unit and self.unit.name)

    def empty(self, message: str) -> EmptyReturnError:
        """The error for a return with nothing in it (raise it when nothing else is wrong)."""
        return EmptyReturnError(str(self.doc.path), [Problem(message)], self.unit and self.unit.name)


class Importer(ABC):
    kind: ClassVar[str]
    fields: ClassVar[frozenset[str]] = frozenset()
    required: ClassVar[Required] = ()
    excluded: ClassVar[frozenset[str]] = frozenset()  # a table with such a column is another kind's
    required_when_forced: ClassVar[Required | None] = None  # with --kind: what the kind's core needs
    min_columns: ClassVar[int] = 2
    streams: ClassVar[bool] = False  # reads a long text table a chunk at a time (``Extract.more``)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def best_score(self) -> float:
        """The most a table or form it locates can score: one for each of its fields, at most."""
        return float(len(self.fields))

    def locate(self, sheet: Sheet, forced: bool = False) -> Table | Form | None:
        """This importer's table (or form) in a sheet, when the sheet holds one. ``forced``: the clerk
        said which kind it is (--kind), so the fields that tell kinds apart are not needed."""
        required = self.required_when_forced if forced and self.required_when_forced is not None else self.required
        return locate_table(sheet, self.fields, required, self.min_columns, self.excluded)

    @abstractmethod
    def extract(self, doc: SourceDoc, tables: list[Table | Form], ctx: ImportContext) -> Extract:
        """Records from the located tables; raises InputError listing every problem."""

    @abstractmethod
    def store(self, conn: Connection, extract: Extract, source_id: int, ctx: ImportContext) -> Stored:
        """Write the records; runs inside the file's write transaction."""


def parse_fields(parsers: dict[str, Callable[[Any], Any]], get: Callable[[str], Any], report: Callable[[str, str], None]) -> dict[str, Any] | None:
    """Parse several cells of a row or form; every unreadable cell is reported, then None."""
    values, ok = {}, True
    for name, parse in parsers.items():
        try:
            values[name] = parse(get(name))
        except ValueProblem as exc:
            report(name, str(exc))
            ok = False
    return values if ok else None


class _Unreadable(str):
    """A cell's parse failure, cached like a parsed value (the message is the text)."""


def parse_column(values: list, parse: Callable[[Any], Any]) -> tuple[list, dict[int, str]]:
    """Parse a whole column, each distinct cell once (a ledger repeats the same few words, dates
    and numbers thousands of times); returns the values and, by row index, every problem."""
    seen: dict = {}
    parsed: list = []
    problems: dict[int, str] = {}
    for i, value in enumerate(values):
        key = (value.__class__, value)  # 1, 1.0 and True are equal keys, but not the same cell
        try:
            result = seen[key]
        except KeyError:
            try:
                result = parse(value)
            except ValueProblem as exc:
                result = _Unreadable(exc)
            seen[key] = result
        if result.__class__ is _Unreadable:
            problems[i] = str(result)
            result = None
        parsed.append(result)
    return parsed, problems
