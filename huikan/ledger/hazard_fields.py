"""A hazard's fields as the clerk reads them: labels, and stored values shown as text."""

from __future__ import annotations

from datetime import date, datetime

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
    if value is None or value == "":
        return ""
    if name == "status":
        from huikan.recognise.values import STATUS_LABELS

        return STATUS_LABELS.get(value, value)
    if name == "major":
        return "是" if value else "否"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)
