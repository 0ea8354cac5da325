"""What a dry run shows: which column was read as which field, and the first records as read."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal

from huikan.errors import col_letter
from huikan.importers.base import Extract
from huikan.recognise.form import Form
from huikan.recognise.table import Table
from huikan.recognise.vocabulary import SYNONYMS

PREVIEW_ROWS = 3
# A field as the clerk names it: the first synonym is the template's own header.
FIELD_NAMES = {name: words[0] for name, words in SYNONYMS.items()} | {
    "item_number": "检查项", "lead": "分管负责人", "liaison": "专职联络员", "stated_date": "报送日期",
    "week_no": "周次", "counts": "数量", "people": "人员", "category": "类别（所属组）", "category_label": "类别",
    "row": "行", "name": "名称", "title": "职务", "phone": "电话", "mobile": "手机", "added_on": "纳入日期",
}


def field_name(name: str) -> str:
    return FIELD_NAMES.get(name, name)


def describe_tables(located: list[Table | Form]) -> list[dict]:
    """Per table or form: where its header is, each column read as a field, the columns left aside."""
    out = []
    for part in located:
        if isinstance(part, Form):
            out.append({
                "sheet": part.sheet, "layout": "form", "header_rows": None,
                "fields": [{"column": col_letter(v.col), "cell": f"{col_letter(v.col)}{v.row}", "header": v.label,
                            "field": name, "field_name": field_name(name)} for name, v in part.values.items()],
                "unknown": [],
            })
            continue
        fields = [{"column": c.letter, "header": c.header, "field": name, "field_name": field_name(name),
                   "score": c.score} for name, c in part.columns.items() if c.index not in part.read_as]
        fields += [{"column": col_letter(c), "header": part.headers.get(c, ("", ""))[0], "field": "position",
                    "field_name": what, "score": None} for c, what in sorted(part.read_as.items())]
        mapped = {c.index for c in part.columns.values()} | set(part.read_as)
        out.append({
            "sheet": part.sheet, "layout": "table", "header_rows": list(part.header_rows),
            "fields": sorted(fields, key=lambda f: (len(f["column"]), f["column"])),
            "unknown": [h for c, (h, _) in sorted(part.headers.items()) if c not in mapped and h.strip()],
        })
    return out


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "id") and not dataclasses.is_dataclass(value):
        return value.name
    if dataclasses.is_dataclass(value):
        if {"name", "id"} <= {f.name for f in dataclasses.fields(value)} and len(dataclasses.fields(value)) <= 3:
            return value.name  # a unit
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "notes"}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def preview_rows(extract: Extract, limit: int = PREVIEW_ROWS) -> list[dict]:
    """The first records of an extract as plain values, keyed by field."""
    payload = extract.payload
    if not isinstance(payload, list):
        payload = [payload]
    rows: list[dict] = []
    for item in payload:
        if isinstance(item, tuple) and len(item) == 2 and hasattr(item[1], "record"):  # (unit, HazardBatch)
            unit, batch = item
            for i in range(min(len(batch), limit - len(rows))):
                record = _plain(batch.record(i))
                rows.append({"kind": extract.kind, "unit": unit.name, **{k: v for k, v in record.items() if v not in (None, "")}})
        else:
            record = _plain(item)
            rows.append({"kind": extract.kind, **(record if isinstance(record, dict) else {"value": record})})
        if len(rows) >= limit:
            break
    return rows[:limit]
