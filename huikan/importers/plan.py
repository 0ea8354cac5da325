"""Plan returns with contacts: the unit's 分管负责人 and 专职联络员.

Two layouts are common: one row per person (类别 | 姓名 | 职务 | 联系电话), or one row
per unit with a column group per person (分管负责人 姓名/职务/电话, 专职联络员 …).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from huikan.importers.base import Extract, ImportContext, Importer, Problems, Stored
from huikan.ledger.models import Unit
from huikan.ledger.receipts import record_receipt
from huikan.ledger.unit_changes import set_contact
from huikan.ledger.units import ROLES, Person
from huikan.reading.files import Sheet, SourceDoc
from huikan.recognise.table import Table, locate_table
from huikan.recognise.unitnames import KnownUnit
from huikan.recognise.values import fold, is_blank, parse_phone, text

_LONG_FIELDS = frozenset({"unit", "role", "person_name", "person_title", "person_phone"})
_WIDE_FIELDS = frozenset(
    {"unit", "lead_name", "lead_title", "lead_phone", "liaison_name", "liaison_title", "liaison_phone"}
)


def role_of(value) -> str | None:
    s = fold(value)
    if "联络" in s or "联系人" in s:
        return "liaison"
    if "负责" in s or "领导" in s:
        return "lead"
    return None


@dataclass
class PlanContacts:
    unit: KnownUnit
    people: dict[str, Person]  # role -> person


class PlanImporter(Importer):
    kind = "plan"
    fields = _LONG_FIELDS | _WIDE_FIELDS
    excluded = frozenset({"category", "description", "work_done"})  # unit lists, ledgers, weekly reports

    def locate(self, sheet: Sheet) -> Table | None:
        for fields, required in ((_LONG_FIELDS, ("role", "person_name")), (_WIDE_FIELDS, (("lead_name", "liaison_name"),))):
            table = locate_table(sheet, fields | self.excluded, required)
            if table is not None and not self.excluded & table.columns.keys():
                return table
        return None

    def extract(self, doc: SourceDoc, tables: list[Table], ctx: ImportContext) -> Extract:
        problems = Problems(doc)
        file_unit = ctx.unit_of_file(doc, tables, problems)
        found: dict[int, PlanContacts] = {}
        for table in tables:
            long = "role" in table.columns
            people_fields = [f for f in table.columns if f.startswith(("person_", "lead_", "liaison_"))]
            for row in table.rows:
                if all(is_blank(row.get(f)) for f in people_fields):
                    continue  # a role the template lists but the unit left empty
                unit = ctx.unit_of_row(table, row, file_unit, problems)
                if unit is None:
                    continue
                entry = found.setdefault(unit.id, PlanContacts(unit, {}))
                if long:
                    role = role_of(row.get("role"))
                    if role is None:
                        problems.add(table.problem(row, "role", f"无法识别人员类别「{text(row.get('role'))}」（应为 分管负责人 或 专职联络员）"))
                        continue
                    person = _person(table, row, "person", problems)
                    if person:
                        entry.people[role] = person
                else:
                    for role in ROLES:
                        person = _person(table, row, role, problems)
                        if person:
                            entry.people[role] = person
        contacts = [c for c in found.values() if c.people]
        problems.raise_if_any()
        if not contacts:
            raise problems.empty("联络人表中没有填写任何人员")
        return Extract(self.kind, sum(len(c.people) for c in contacts), contacts, unit=file_unit or contacts[0].unit)

    def store(self, session: Session, extract: Extract, source_id: int, ctx: ImportContext) -> Stored:
        notes, changed_any = [], False
        for entry in extract.payload:
            unit = session.get(Unit, entry.unit.id)
            had = {role for role in ROLES if unit.contact(role) is not None}
            for role, person in entry.people.items():
                if set_contact(session, unit, role, person, ctx.now, source_id):
                    changed_any |= role in had
                    notes.append(f"{unit.name} {ROLES[role]}：{person.name} {person.title} {person.phone}".strip())
            _, note = record_receipt(session, ctx, unit.id, self.kind, source_id)
            if note:
                notes.append(f"{unit.name}：{note}")
        return Stored("updated" if changed_any else "imported", notes)


def _person(table: Table, row, prefix: str, problems: Problems) -> Person | None:
    name = text(row.get(f"{prefix}_name"))
    title = text(row.get(f"{prefix}_title"))
    phone = parse_phone(row.get(f"{prefix}_phone"))
    if not name:
        if title or phone:
            problems.add(table.problem(row, f"{prefix}_name", "填写了职务或电话，但姓名为空"))
        return None
    return Person(name=name, title=title, phone=phone)
