"""Unit lists: 单位名称, 类别, 别名/简称, and optional lead/liaison columns.

Categories are the clerk's own words: kept as written and grouped under the campaign's
category their wording names (省辖市文化部门 -> 省辖市); a word that names none is a group of
its own, with a note. A list is recognised by its 单位名称 and 类别 columns; with
``--kind units`` a list without categories is read too (each unit 未分类, said). A list is
refused only when it has no unit names.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, func, select

from huikan.importers.base import (
    Extract,
    ImportContext,
    Importer,
    Problems,
    Stored,
    note_skipped,
    note_unknown_columns,
)
from huikan.importers.people import WIDE_FIELDS, people_of_row, read_as, wide_columns
from huikan.ledger.limits import limit_of
from huikan.ledger.tables import unit
from huikan.ledger.unit_changes import upsert_units
from huikan.ledger.units import UnitRecord
from huikan.reading.files import SourceDoc
from huikan.recognise.table import Table
from huikan.recognise.unitnames import normalise_unit_name
from huikan.recognise.values import ValueProblem, parse_date, text

_ALIAS_SPLIT = re.compile(r"[、，,;；/／|｜\n\r]+|\s+")  # and spaces: 豫剧院 省豫剧院
UNCATEGORISED = "未分类"


def split_aliases(value) -> list[str]:
    return [a.strip() for a in _ALIAS_SPLIT.split(text(value)) if a.strip()]


class UnitsImporter(Importer):
    kind = "units"
    fields = frozenset({"unit", "category", "aliases", "note", "added_on"} | WIDE_FIELDS)
    required = ("unit", "category")
    required_when_forced = ("unit",)  # --kind units: a list without categories, each unit 未分类 (noted)
    # A table with these is a return (a ledger's 类别 is a hazard's, not a unit's), never a unit list.
    excluded = frozenset({"description", "work_done", "finding", "deadline", "status", "measures"})

    def extract(self, doc: SourceDoc, tables: list[Table], ctx: ImportContext) -> Extract:
        spec, notes = ctx.spec, ctx.notes
        group_names = "、".join(c.name for c in spec.categories)
        problems = Problems(doc)
        records: dict[str, UnitRecord] = {}  # by normalised name
        seen: dict[str, tuple[str, int]] = {}  # normalised name or alias -> (unit name, row)
        category = ""  # a category cell merged down (or written once) over its units
        for table in tables:
            note_skipped(table, notes)
            people_columns = wide_columns(table)
            note_unknown_columns(table, notes, read_as(people_columns))
            for row in table.rows:
                name = text(row.get("unit"))
                written = text(row.get("category"))
                if not written and category and name:
                    notes.add(f"类别空白，沿用上一行的「{category}」", table.problem(row, "category", ""))
                written = category = written or category
                if not name:
                    if any(text(v) for f, v in row.values.items() if f not in ("category", "note")):
                        notes.add("单位名称为空，此行未导入", table.problem(row, "unit", ""))
                    continue
                if len(name) > limit_of("unit"):
                    notes.add(f"单位名称过长（{len(name)} 字），不像单位名称，此行未导入", table.problem(row, "unit", ""),
                              value=name)
                    continue
                key = normalise_unit_name(name)
                if key in records:  # the same unit again (however written): one unit, the first row's category
                    first_name, at = seen[key]
                    earlier = records[key]
                    notes.add(f"与第{at}行的「{first_name}」是同一单位，合并为一行", table.problem(row, "unit", ""))
                    if written and written != earlier.category_label:
                        notes.add(f"类别与第{at}行不同（「{earlier.category_label}」/「{written}」），按第{at}行的「"
                                  f"{earlier.category_label}」", table.problem(row, "category", ""))
                    name, written = first_name, earlier.category_label
                group = spec.category_for(written) if written else None
                if not written:
                    notes.add(f"没有填写类别，归入「{UNCATEGORISED}」", table.problem(row, "category", ""), value=name)
                elif group is None:
                    notes.add(f"类别「{written}」不属于本活动的单位类别（{group_names}），作为单独一组",
                              table.problem(row, "category", ""))
                aliases = []
                for alias in split_aliases(row.get("aliases")):
                    alias_key = normalise_unit_name(alias)
                    if alias == name or alias in aliases:
                        continue
                    if alias_key != key and alias_key in seen and seen[alias_key][0] != name:
                        owner, at = seen[alias_key]
                        notes.add(f"简称「{alias}」已是第{at}行「{owner}」的名称或简称，未作为本单位的简称",
                                  table.problem(row, "aliases", ""))
                        continue
                    if len(alias) > 100:
                        notes.add("简称过长，未导入", table.problem(row, "aliases", ""), value=alias)
                        continue
                    seen.setdefault(alias_key, (name, row.number))
                    aliases.append(alias)
                seen.setdefault(key, (name, row.number))
                try:
                    added_on = parse_date(row.get("added_on"), year=ctx.year)
                except ValueProblem as exc:
                    notes.add(f"{exc}，纳入日期按导入时间", table.problem(row, "added_on", ""))
                    added_on = None
                people = people_of_row(table, row, people_columns)
                record = UnitRecord(
                    name=name,
                    category=group or written[: limit_of("category")] or UNCATEGORISED,
                    category_label=written[: limit_of("category")],
                    aliases=aliases,
                    lead=people.get("lead"),
                    liaison=people.get("liaison"),
                    note=text(row.get("note")),
                    added_on=added_on,
                )
                if key in records:
                    earlier = records[key]
                    record.aliases = earlier.aliases + [a for a in aliases if a not in earlier.aliases]
                    record.lead, record.liaison = record.lead or earlier.lead, record.liaison or earlier.liaison
                records[key] = record
        problems.raise_if_any()
        if not records:
            raise problems.empty("单位名单中没有任何单位")
        return Extract(self.kind, len(records), list(records.values()))

    def store(self, conn: Connection, extract: Extract, source_id: int, ctx: ImportContext) -> Stored:
        first_list = not conn.scalar(select(func.count()).select_from(unit))
        added, updated = upsert_units(
            conn, extract.payload, ctx.now, source_id, received_at=ctx.received_at, campaign_start=ctx.spec.start,
            actor=ctx.actor,
        )
        notes = [f"新增 {added} 个单位，更新 {updated} 个单位"]
        if added and not first_list:
            # Units a later list adds owe what falls due after it was received: that time matters here.
            notes += [f"新增单位自 {ctx.received_at:%Y-%m-%d %H:%M} 起纳入"] + ctx.time_notes
        return Stored("imported" if added or not updated else "updated", notes)

