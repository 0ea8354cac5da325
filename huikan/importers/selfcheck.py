"""Nine-item self-check returns (九对照、九检查): per item 自查情况, 发现问题数, 已整改数."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from huikan.campaigns import CampaignSpec
from huikan.importers.base import Extract, ImportContext, Importer, Problems, Stored, parse_fields
from huikan.ledger.models import CheckItem, SelfCheckResult
from huikan.ledger.receipts import record_receipt
from huikan.reading.files import SourceDoc
from huikan.recognise.table import Table
from huikan.recognise.unitnames import KnownUnit
from huikan.recognise.values import ValueProblem, fold, is_blank, parse_int, parse_item, text


@dataclass
class ItemResult:
    unit: KnownUnit
    item: int
    finding: str
    problems_found: int | None
    rectified: int | None


def item_number(value, spec: CampaignSpec) -> int | None:
    """检查项 by number (3, 三, （三）) or by its title or wording (彩钢板房专项整治)."""
    try:
        return parse_item(value)
    except ValueProblem:
        folded = fold(value)
        for item in spec.items:
            if fold(item.title) in folded or fold(item.wording) in folded:
                return item.number
        raise


class SelfCheckImporter(Importer):
    kind = "selfcheck"
    fields = frozenset({"unit", "item", "finding", "problems_found", "rectified", "note"})
    required = ("item", ("finding", "problems_found"))
    excluded = frozenset({"description", "work_done", "category"})

    def extract(self, doc: SourceDoc, tables: list[Table], ctx: ImportContext) -> Extract:
        problems = Problems(doc)
        file_unit = ctx.unit_of_file(doc, tables, problems)
        results: dict[tuple[int, int], ItemResult] = {}
        seen_at: dict[tuple[int, int], int] = {}
        for table in tables:
            for row in table.rows:
                if is_blank(row.get("item")):
                    continue  # a row of notes under the items
                if all(is_blank(row.get(f)) for f in ("finding", "problems_found", "rectified")):
                    continue  # an item the template lists but the unit left empty
                unit = ctx.unit_of_row(table, row, file_unit, problems)
                parsed = parse_fields(
                    {"item": lambda v: item_number(v, ctx.spec), "problems_found": parse_int, "rectified": parse_int},
                    row.get,
                    lambda f, m, t=table, r=row: problems.add(t.problem(r, f, m)),
                )
                if unit is None or parsed is None:
                    continue
                number, found, rectified = parsed["item"], parsed["problems_found"], parsed["rectified"]
                if found is not None and rectified is not None and rectified > found:
                    problems.add(table.problem(row, "rectified", f"已整改数（{rectified}）大于发现问题数（{found}）"))
                    continue
                key = (unit.id, number)
                if key in seen_at:
                    problems.add(table.problem(row, "item", f"第{number}项与第{seen_at[key]}行重复"))
                    continue
                seen_at[key] = row.number
                results[key] = ItemResult(unit, number, text(row.get("finding")), found, rectified)
        problems.raise_if_any()
        if not results:
            raise problems.empty("自查表中没有填写任何检查项")
        values = list(results.values())
        return Extract(self.kind, len(values), values, unit=file_unit or values[0].unit)

    def store(self, session: Session, extract: Extract, source_id: int, ctx: ImportContext) -> Stored:
        items = {i.number: i.id for i in session.scalars(select(CheckItem).where(CheckItem.campaign_id == ctx.campaign_id))}
        existing = {
            (r.unit_id, r.item_id): r
            for r in session.scalars(
                select(SelfCheckResult).where(SelfCheckResult.unit_id.in_({r.unit.id for r in extract.payload}))
            )
        }
        updated = False
        for r in extract.payload:
            row = existing.get((r.unit.id, items[r.item]))
            if row is None:
                session.add(SelfCheckResult(unit_id=r.unit.id, item_id=items[r.item], finding=r.finding,
                                            problems_found=r.problems_found, rectified=r.rectified, source_file_id=source_id))
            else:  # the latest return is the unit's answer
                updated = True
                row.finding, row.problems_found, row.rectified = r.finding, r.problems_found, r.rectified
                row.source_file_id = source_id
        notes = []
        for unit in {r.unit for r in extract.payload}:
            _, note = record_receipt(session, ctx, unit.id, self.kind, source_id)
            if note:
                notes.append(f"{unit.name}：{note}")
        return Stored("updated" if updated else "imported", notes)
