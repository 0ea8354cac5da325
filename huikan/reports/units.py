"""The unit list with categories, aliases and contacts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from huikan.campaigns import CampaignSpec
from huikan.ledger.units import Person, unit_entries
from huikan.reports.base import Report, Section

if TYPE_CHECKING:
    from huikan.ledger.database import Reader


def _person(person: Person | None) -> dict | None:
    return None if person is None else person.as_json()


def _show(person: dict | None) -> str:
    if person is None:
        return "—"
    return " ".join(p for p in (person["name"], person["title"], person["phone"]) if p)


def units_report(reader: Reader, spec: CampaignSpec) -> Report:
    category_names = {c.key: c.name for c in spec.categories}
    data, rows = [], []
    for n, unit in enumerate(unit_entries(reader), start=1):
        item = {
            "name": unit.name,
            "category": category_names.get(unit.category, unit.category),
            "category_key": unit.category,
            "aliases": list(unit.aliases),
            "lead": _person(unit.contacts.get("lead")),
            "liaison": _person(unit.contacts.get("liaison")),
        }
        data.append(item)
        rows.append(
            {
                "n": n,
                "name": item["name"],
                "category": item["category"],
                "aliases": "、".join(item["aliases"]),
                "lead": _show(item["lead"]),
                "liaison": _show(item["liaison"]),
            }
        )
    columns = [("n", "序号"), ("name", "单位名称"), ("category", "类别"), ("aliases", "别名/简称"),
               ("lead", "分管负责人"), ("liaison", "专职联络员")]
    with_contacts = sum(1 for d in data if d["liaison"])
    summary = [f"共 {len(data)} 个单位，已报联络员 {with_contacts} 个"] if data else []
    section = Section("单位名单", columns, rows, empty="还没有单位，请先导入单位名单：huikan import 单位名单.xlsx")
    return Report("单位名单", [section], data, summary)
