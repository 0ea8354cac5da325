"""A hazard's fields as the clerk reads them: labels, and stored values shown as text."""

from __future__ import annotations

from huikan.display import MARK, MONEY, STATUS, TEXT, show

FIELD_LABELS = {
    "row_no": "序号",
    "description": "问题隐患描述",
    "venue": "场所名称",
    "venue_type": "场所类型",
    "item_number": "检查项",
    "level": "隐患等级",
    "major": "重大隐患",
    "found_on": "发现日期",
    "origin": "来源",
    "measures": "整改措施",
    "responsible": "责任人",
    "funds": "整改资金",
    "contingency": "应急预案/防控措施",
    "deadline": "整改时限",
    "status": "整改状态",
    "done_on": "完成日期",
    "note": "备注",
}


def show_value(name: str, value) -> str:
    """A hazard field's stored value as the clerk reads it (a status key as 整改中, major as 是/否)."""
    return show(value, {"status": STATUS, "major": MARK, "funds": MONEY}.get(name, TEXT))
