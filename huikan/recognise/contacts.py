"""Contacts as people lay them out: which column holds whose name, title and phones.

Three layouts are common, and the headers say which:

- one row per person: 类别 | 姓名 | 职务 | 办公电话 | 手机 (the role in a column);
- one row per unit, a merged group header per person: 分管负责人 over 姓名 | 职务 | 电话;
- one row per unit, flat: 分管负责人 | 职务 | 联系电话 | 专职联络员 | 职务 | 联系电话, where a
  职务 or 电话 column belongs to the person before it.

``person_columns`` reads the header cells left to right and gives each attribute column to
the role it belongs to; ``role_of`` tells a role from the words of a cell.
"""

from __future__ import annotations

import re

from huikan.recognise.values import fold

ROLES = ("lead", "liaison")
_ATTRIBUTES = (  # first match wins: 手机 before 电话, 职务 before the role words
    ("mobile", re.compile(r"手机|移动电话")),
    ("phone", re.compile(r"电话|联系方式|座机|固话|办公|号码")),
    ("title", re.compile(r"职务|职称|职位|职级")),
    ("name", re.compile(r"姓名|名字")),
)


def role_of(value) -> str | None:
    """lead (分管负责人, 分管领导, 负责人), liaison (专职联络员, 联络员, 联系人), principal
    (主要负责人, 主要领导: not one of the campaign's contacts) or None."""
    s = fold(value)
    if "联络" in s or "联系人" in s:
        return "liaison"
    if "分管" in s:
        return "lead"
    if "主要负责" in s or "主要领导" in s or s in ("局长", "主任", "院长", "馆长"):
        return "principal"
    if "负责" in s or "领导" in s:
        return "lead"
    return None


def attribute_of(header: str) -> str | None:
    s = fold(header)
    for name, pattern in _ATTRIBUTES:
        if pattern.search(s):
            return name
    return None


def person_columns(headers: dict[int, tuple[str, str]]) -> dict[str, dict[str, int]]:
    """role -> attribute (name, title, phone, mobile) -> column index, from a table's header cells
    (index -> (text, group text above it)). A column under no role follows the person before it."""
    found: dict[str, dict[str, int]] = {}
    current: str | None = None
    for c in sorted(headers):
        text, parent = headers[c]
        own_role = role_of(text)
        role = own_role or role_of(parent) if parent else own_role
        attribute = attribute_of(text)
        if role is not None:
            current = role
        elif attribute is None or current is None:
            current = None if attribute is None else current  # an unrelated column ends the group
            continue
        if attribute is None:
            if own_role is None:
                continue
            attribute = "name"  # the role's own column holds the person's name
        slot = found.setdefault(current, {})
        slot.setdefault(attribute, c)
    return {role: cols for role, cols in found.items() if "name" in cols}
