"""The unit list with categories, aliases and contacts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from huikan.campaigns import CampaignSpec
from huikan.ledger.units import Person, UnitEntry, unit_entries
from huikan.reports.base import Report, Section

if TYPE_CHECKING:
    from huikan.ledger.database import Reader


def _person(person: Person | None) -> dict | None:
    return None if person is None else person.as_json()


def _show(person: Person | None) -> str:
    return "—" if person is None else person.show()


def compute_units(reader: Reader) -> list[UnitEntry]:
    """Every unit in the list's order, with its aliases and contacts."""
    return unit_entries(reader)


def units_report(units: list[UnitEntry], spec: CampaignSpec) -> Report:
    """``spec``: the campaign the categories are grouped by."""
    data, rows = [], []
    for n, unit in enumerate(units, start=1):
        group = spec.category_name(unit.category)
        item = {
            "name": unit.name,
            "category": unit.category_label or group,  # the clerk's own word
            "category_key": unit.category,
            "group": group,  # the campaign's category it is counted under (its own word when none fits)
            "aliases": list(unit.aliases),
            "lead": _person(unit.contacts.get("lead")),
            "liaison": _person(unit.contacts.get("liaison")),
        }
        data.append(item)
        rows.append(
            {
                "n": n,
                "name": item["name"],
                "category": item["category"] if item["category"] == group else f"{item['category']}（{group}）",
                "aliases": "、".join(item["aliases"]),
                "lead": _show(unit.contacts.get("lead")),
                "liaison": _show(unit.contacts.get("liaison")),
            }
        )
    columns = [("n", "序号"), ("name", "单位名称"), ("category", "类别（所属组）"), ("aliases", "别名/简称"),
               ("lead", "分管负责人"), ("liaison", "专职联络员")]
    with_contacts = sum(1 for d in data if d["liaison"])
    summary = [f"共 {len(data)} 个单位，已报联络员 {with_contacts} 个"] if data else []
    own = {c.key for c in spec.categories}
    for key, name, _ in spec.groups(d["category_key"] for d in data):
        if key not in own:
            count = sum(1 for d in data if d["category_key"] == key)
            summary.append(f"类别「{name}」不属于本活动所列类别（{'、'.join(c.name for c in spec.categories)}），"
                           f"其 {count} 个单位在各报表中单列一组")
    section = Section("单位名单", columns, rows, empty="还没有单位，请先导入单位名单：huikan import 单位名单.xlsx")
    return Report("单位名单", [section], data, summary)
