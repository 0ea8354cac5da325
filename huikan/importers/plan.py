"""Plan returns with contacts: the unit's 分管负责人 and 专职联络员.

Two layouts are common: one row per person (类别 | 姓名 | 职务 | 办公电话 | 手机), or one row
per unit with a column group per person (分管负责人 姓名/职务/电话, 专职联络员 …; flat or under
merged group headers). A row of someone who is neither (组长, 主要负责人) is named in the notes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from huikan.importers.base import (
    Extract,
    ImportContext,
    Importer,
    Problems,
    Stored,
    note_skipped,
    note_unknown_columns,
)
from huikan.importers.people import (
    WIDE_FIELDS,
    has_people,
    people_of_row,
    person,
    read_as,
    wide_columns,
)
from huikan.ledger.unit_changes import contact_of, set_contact
from huikan.ledger.units import ROLES, Person
from huikan.reading.files import Sheet, SourceDoc
from huikan.recognise.contacts import role_of
from huikan.recognise.table import Column, Table, locate_table
from huikan.recognise.unitnames import KnownUnit
from huikan.recognise.values import is_blank, text

_LONG_FIELDS = frozenset({"unit", "role", "person_name", "person_title", "person_phone", "person_mobile"})
_WIDE_FIELDS = frozenset({"unit"}) | WIDE_FIELDS


def _role_by_cells(table: Table) -> bool:
    """Give the table a role column: the one whose cells are mostly 分管负责人 / 专职联络员 / 组长…
    (its header may be blank: the corner cell of a Word table often is)."""
    mapped = {c.index for c in table.columns.values()}
    width = table.grid.width if table.grid is not None else max(table.headers, default=-1) + 1
    for c in range(width):
        header = table.headers.get(c, ("", ""))[0]
        cells = [v for v in table.cells_at(c) if not is_blank(v)]
        if c not in mapped and cells and sum(role_of(v) is not None for v in cells) * 2 >= len(cells):
            table.columns["role"] = Column(c, header, "role", 0.8)
            return True
    return False


@dataclass
class PlanContacts:
    unit: KnownUnit
    people: dict[str, Person]  # role -> person


class PlanImporter(Importer):
    kind = "plan"
    fields = _LONG_FIELDS | _WIDE_FIELDS
    excluded = frozenset({"category", "description", "work_done"})  # unit lists, ledgers, weekly reports

    def locate(self, sheet: Sheet, forced: bool = False) -> Table | None:
        table = locate_table(sheet, _LONG_FIELDS, ("role", "person_name"), excluded=self.excluded)
        if table is None:  # 姓名 | 职务 | 手机 | 在活动中承担: the role told by the cells, not the header
            table = locate_table(sheet, _LONG_FIELDS, ("person_name",), excluded=self.excluded)
            if table is not None and not _role_by_cells(table):
                table = None
        if table is None:
            table = locate_table(sheet, _WIDE_FIELDS, (("lead_name", "liaison_name"),), excluded=self.excluded)
        return table

    def extract(self, doc: SourceDoc, tables: list[Table], ctx: ImportContext) -> Extract:
        problems = Problems(doc)
        notes = ctx.notes
        file_unit = ctx.unit_of_file(doc, tables, problems)
        found: dict[int, PlanContacts] = {}
        principals: dict[int, Person] = {}
        for table in tables:
            note_skipped(table, notes)
            long = "role" in table.columns
            columns = {} if long else wide_columns(table)
            note_unknown_columns(table, notes, read_as(columns))
            for row in table.rows:
                if long:
                    people_fields = [f for f in table.columns if f.startswith("person_")]
                    empty = all(is_blank(row.get(f)) for f in people_fields)
                else:
                    empty = not has_people(table, row, columns)
                if empty:  # a role the template lists but the unit left empty, or a line that is no one
                    written = [text(v) for v in row.values.values() if not is_blank(v)]
                    if written and not any(role_of(w) for w in written):
                        notes.add("此行没有人员，未导入", table.problem(row, None, ""), value=written[0])
                    continue
                unit = ctx.unit_of_row(table, row, file_unit, problems)
                if unit is None:
                    continue
                entry = found.setdefault(unit.id, PlanContacts(unit, {}))
                if not long:
                    entry.people.update(people_of_row(table, row, columns))
                    continue
                someone = person(row.get("person_name"), row.get("person_title"), row.get("person_phone"),
                                 row.get("person_mobile"))
                if someone is None:
                    notes.add("填写了职务或电话，但姓名为空，此行未导入", table.problem(row, "person_name", ""))
                    continue
                role = role_of(row.get("role"))
                if role == "principal":
                    principals.setdefault(unit.id, someone)
                    continue
                if role is None:
                    notes.add("人员类别不是分管负责人或专职联络员，此行未导入", table.problem(row, "role", ""),
                              value=text(row.get("role")))
                    continue
                if role in entry.people:
                    notes.add(f"已有{ROLES[role]}「{entry.people[role].name}」，此行未导入", table.problem(row, "role", ""),
                              value=someone.name)
                    continue
                entry.people[role] = someone
        for unit_id, someone in principals.items():
            entry = found[unit_id]
            if "lead" not in entry.people:  # no 分管负责人 given: the head is the one to call
                entry.people["lead"] = someone
                notes.add(f"{entry.unit.name} 没有填写分管负责人，以主要负责人「{someone.name}」作为分管负责人")
            else:
                notes.add(f"{entry.unit.name} 的主要负责人「{someone.name}」不是本活动的联络人，未导入")
        contacts = [c for c in found.values() if c.people]
        problems.raise_if_any()
        if not contacts:
            raise problems.empty("联络人表中没有填写任何人员")
        return Extract(self.kind, sum(len(c.people) for c in contacts), contacts, unit=file_unit or contacts[0].unit)

    def store(self, conn: Connection, extract: Extract, source_id: int, ctx: ImportContext) -> Stored:
        notes, changed_any = [], False
        for entry in extract.payload:
            unit = entry.unit
            for role, someone in entry.people.items():
                current = contact_of(conn, unit.id, role)
                if set_contact(conn, unit.id, role, someone, ctx.now, source_id, ctx.actor, current=current):
                    changed_any |= current is not None
                    notes.append(f"{unit.name} {ROLES[role]}：{someone.show()}")
            _, note = ctx.receive(conn, unit.id, self.kind, source_id)
            if note:
                notes.append(f"{unit.name}：{note}")
        return Stored("updated" if changed_any else "imported", notes)
