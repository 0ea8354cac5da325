"""Unit lists: 单位名称, 类别, 别名/简称, and optional lead/liaison columns."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from huikan.importers.base import Extract, ImportContext, Importer, Problems, Stored
from huikan.ledger.unit_changes import upsert_units
from huikan.ledger.units import Person, UnitRecord
from huikan.reading.files import SourceDoc
from huikan.recognise.table import Table
from huikan.recognise.unitnames import normalise_unit_name
from huikan.recognise.values import ValueProblem, fold, parse_date, parse_phone, text

_ALIAS_SPLIT = re.compile(r"[、，,;；/\n]+")


def split_aliases(value) -> list[str]:
    return [a.strip() for a in _ALIAS_SPLIT.split(text(value)) if a.strip()]


class UnitsImporter(Importer):
    kind = "units"
    fields = frozenset(
        {"unit", "category", "aliases", "lead_name", "lead_title", "lead_phone",
         "liaison_name", "liaison_title", "liaison_phone", "note", "added_on"}
    )
    required = ("unit", "category")

    def extract(self, doc: SourceDoc, tables: list[Table], ctx: ImportContext) -> Extract:
        categories = {fold(c.key): c.key for c in ctx.spec.categories}
        categories.update({fold(c.name): c.key for c in ctx.spec.categories})
        category_names = "、".join(c.name for c in ctx.spec.categories)
        problems = Problems(doc)
        records: list[UnitRecord] = []
        seen: dict[str, tuple[str, int]] = {}  # normalised name or alias -> (unit name, row)
        for table in tables:
            for row in table.rows:
                name = text(row.get("unit"))
                if not name:
                    problems.add(table.problem(row, "unit", "单位名称为空"))
                    continue
                category = categories.get(fold(row.get("category")))
                if category is None:
                    problems.add(table.problem(
                        row, "category", f"类别「{text(row.get('category'))}」不在本活动的单位类别中（{category_names}）"
                    ))
                    continue
                aliases = [a for a in split_aliases(row.get("aliases")) if a != name]
                for spelling in (name, *aliases):
                    key = normalise_unit_name(spelling)
                    if key in seen and seen[key][0] != name:
                        owner, at = seen[key]
                        problems.add(table.problem(row, "unit", f"「{spelling}」与第{at}行的「{owner}」指同一单位名称"))
                    seen.setdefault(key, (name, row.number))
                try:
                    added_on = parse_date(row.get("added_on"), year=ctx.year)
                except ValueProblem as exc:
                    problems.add(table.problem(row, "added_on", str(exc)))
                    continue
                records.append(
                    UnitRecord(
                        name=name,
                        category=category,
                        aliases=aliases,
                        lead=_person(row, "lead"),
                        liaison=_person(row, "liaison"),
                        note=text(row.get("note")),
                        added_on=added_on,
                    )
                )
        problems.raise_if_any()
        if not records:
            raise problems.empty("单位名单中没有任何单位")
        return Extract(self.kind, len(records), records)

    def store(self, session: Session, extract: Extract, source_id: int, ctx: ImportContext) -> Stored:
        added, updated = upsert_units(
            session, extract.payload, ctx.now, source_id, received_at=ctx.received_at, campaign_start=ctx.spec.start
        )
        notes = [f"新增 {added} 个单位，更新 {updated} 个单位"]
        return Stored("imported" if added or not updated else "updated", notes)


def _person(row, role: str) -> Person | None:
    name = text(row.get(f"{role}_name"))
    if not name:
        return None
    return Person(name=name, title=text(row.get(f"{role}_title")), phone=parse_phone(row.get(f"{role}_phone")))
