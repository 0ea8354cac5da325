"""Nine-item self-check returns (九对照、九检查): per item 自查情况, 发现问题数, 已整改数.

An item is recognised by its number (3, 三, （三）; also from a 序号 column) or by its wording
compared with the campaign's own. A row whose item cannot be told is skipped with a note; two
rows for one item are joined (texts and counts) with a note.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from huikan.importers.base import (
    Extract,
    ImportContext,
    Importer,
    Problems,
    Stored,
    note_skipped,
    note_unknown_columns,
)
from huikan.ledger.tables import check_item, selfcheck_result
from huikan.reading.files import SourceDoc
from huikan.recognise.items import ItemWording, match_item, wordings
from huikan.recognise.table import Table
from huikan.recognise.unitnames import KnownUnit
from huikan.recognise.values import ValueProblem, is_blank, parse_int, text


@dataclass
class ItemResult:
    unit: KnownUnit
    item: int
    finding: str
    problems_found: int | None
    rectified: int | None
    notes: str = ""


class SelfCheckImporter(Importer):
    kind = "selfcheck"
    fields = frozenset({"unit", "item", "row_no", "finding", "problems_found", "rectified", "note"})
    required = (("item", "row_no"), ("finding", "problems_found"))
    excluded = frozenset({"description", "work_done", "category"})

    def extract(self, doc: SourceDoc, tables: list[Table], ctx: ImportContext) -> Extract:
        problems = Problems(doc)
        notes = ctx.notes
        file_unit = ctx.unit_of_file(doc, tables, problems)
        items = wordings(ctx.spec.items)
        results: dict[tuple[int, int], ItemResult] = {}
        seen_at: dict[tuple[int, int], int] = {}
        for table in tables:
            note_skipped(table, notes)
            note_unknown_columns(table, notes)
            for row in table.rows:
                answers = [row.get(f) for f in ("finding", "problems_found", "rectified")]
                if all(is_blank(v) for v in answers):
                    continue  # an item the template lists but the unit left empty, or a note under the items
                number = _item_of(table, row, items, notes)
                if number is None:
                    continue
                unit = ctx.unit_of_row(table, row, file_unit, problems)
                if unit is None:
                    continue
                kept: list[str] = []
                found = _count(table, row, "problems_found", notes, kept)
                rectified = _count(table, row, "rectified", notes, kept)
                if found is not None and rectified is not None and rectified > found:
                    notes.add(f"已整改数（{rectified}）大于发现问题数（{found}），按所填导入", table.problem(row, "rectified", ""))
                result = ItemResult(unit, number, text(row.get("finding")), found, rectified, "\n".join(kept))
                key = (unit.id, number)
                if key in seen_at:
                    notes.add(f"第{number}项与第{seen_at[key]}行重复，两行合并（情况相连，数量相加）", table.problem(row, "item", ""))
                    results[key] = _joined(results[key], result)
                    continue
                seen_at[key] = row.number
                results[key] = result
        problems.raise_if_any()
        if not results:
            raise problems.empty("自查表中没有填写任何检查项")
        values = list(results.values())
        return Extract(self.kind, len(values), values, unit=file_unit or values[0].unit)

    def store(self, conn: Connection, extract: Extract, source_id: int, ctx: ImportContext) -> Stored:
        i, s = check_item.c, selfcheck_result.c
        items = dict(conn.execute(select(i.number, i.id).where(i.campaign_id == ctx.campaign_id)).all())
        existing = {(unit_id, item_id): rid for rid, unit_id, item_id in conn.execute(
            select(s.id, s.unit_id, s.item_id).where(s.unit_id.in_({r.unit.id for r in extract.payload})))}
        updated = False
        for r in extract.payload:
            values = {"finding": r.finding, "problems_found": r.problems_found, "rectified": r.rectified,
                      "source_file_id": source_id, "notes": r.notes}
            rid = existing.get((r.unit.id, items[r.item]))
            if rid is None:
                conn.execute(insert(selfcheck_result), {"unit_id": r.unit.id, "item_id": items[r.item], **values})
            else:  # the latest return is the unit's answer
                updated = True
                conn.execute(update(selfcheck_result).where(s.id == rid).values(values))
        notes = []
        for unit in {r.unit for r in extract.payload}:
            _, note = ctx.receive(conn, unit.id, self.kind, source_id)
            if note:
                notes.append(f"{unit.name}：{note}")
        return Stored("updated" if updated else "imported", notes)


def _item_of(table: Table, row, items: list[ItemWording], notes) -> int | None:
    """The item of a row: its item cell, else its 序号 when that is a number of an item."""
    problem = None
    for name in ("item", "row_no"):
        value = row.get(name)
        if is_blank(value):
            continue
        try:
            return match_item(value, items)
        except ValueProblem as exc:
            problem = problem or (name, exc, value)
    if problem is None:
        notes.add("没有填写检查项，此行未导入", table.problem(row, "item", ""))
    else:
        name, exc, value = problem
        notes.add(f"{exc}，此行未导入", table.problem(row, name, ""))
    return None


def _count(table: Table, row, name: str, notes, kept: list[str]) -> int | None:
    value = row.get(name)
    try:
        return parse_int(value)
    except ValueProblem as exc:
        notes.add(f"{exc}，按空白导入", table.problem(row, name, ""), value=text(value))
        kept.append(f"{table.columns[name].header}：{text(value)}")
        return None


def _joined(a: ItemResult, b: ItemResult) -> ItemResult:
    def add(x, y):
        return y if x is None else x if y is None else x + y

    return ItemResult(a.unit, a.item, "\n".join(t for t in (a.finding, b.finding) if t),
                      add(a.problems_found, b.problems_found), add(a.rectified, b.rectified),
                      "\n".join(t for t in (a.notes, b.notes) if t))
