"""People in a row: the unit list's and the plan's contacts, whichever layout the headers use."""

from __future__ import annotations

from huikan.ledger.limits import limit_of
from huikan.ledger.units import ROLES as ROLE_NAMES
from huikan.ledger.units import Person
from huikan.recognise.contacts import ROLES, person_columns
from huikan.recognise.table import Row, Table
from huikan.recognise.values import parse_phone, split_phones, text

# The locator's fields for people in a wide layout, each role's name, title, phone and mobile.
WIDE_FIELDS = frozenset(f"{role}_{a}" for role in ROLES for a in ("name", "title", "phone", "mobile"))


def wide_columns(table: Table) -> dict[str, dict[str, int]]:
    """role -> attribute -> column: from the header cells by position, completed by the fields
    the locator named (a header such as 分管负责人联系电话 says both)."""
    found = {role: dict(cols) for role, cols in person_columns(table.headers).items() if role in ROLES}
    placed = {c for cols in found.values() for c in cols.values()}  # by position: 联系电话 after the lead is his
    for name, col in table.columns.items():
        role, _, attribute = name.partition("_")
        if role in ROLES and attribute and col.index not in placed:
            found.setdefault(role, {}).setdefault(attribute, col.index)
    return {role: cols for role, cols in found.items() if "name" in cols}


ATTRIBUTE_NAMES = {"name": "姓名", "title": "职务", "phone": "电话", "mobile": "手机"}


def read_as(columns: dict[str, dict[str, int]]) -> dict[int, str]:
    """column -> what it was read as (分管负责人职务), for the notes and the dry run."""
    return {c: f"{ROLE_NAMES[role]}{ATTRIBUTE_NAMES[a]}" for role, cols in columns.items() for a, c in cols.items()}


def person(name, title, phone, mobile) -> Person | None:
    """A person from the cells as written: a cell with an office number and a mobile is split."""
    name = text(name)
    if not name:
        return None
    office, extra_mobile = split_phones(phone)
    written_mobile = parse_phone(mobile)
    if office and extra_mobile:
        phone_text, mobile_text = office, written_mobile or extra_mobile
    else:
        phone_text, mobile_text = office or extra_mobile, written_mobile
    if mobile_text and not phone_text:
        m_office, m_mobile = split_phones(mobile_text)
        if m_office and m_mobile:
            phone_text, mobile_text = m_office, m_mobile
    return Person(name=name[: limit_of("person_name")], title=text(title)[: limit_of("person_title")],
                  phone=phone_text[:50], mobile=mobile_text[:50])


def people_of_row(table: Table, row: Row, columns: dict[str, dict[str, int]]) -> dict[str, Person]:
    """role -> Person for the wide layouts (one row per unit)."""
    cell = table.grid
    r = row.number - 1
    out = {}
    for role, cols in columns.items():
        values = {a: (cell(r, c) if c is not None else None) for a, c in cols.items()}
        found = person(values.get("name"), values.get("title"), values.get("phone"), values.get("mobile"))
        if found is not None:
            out[role] = found
    return out


def has_people(table: Table, row: Row, columns: dict[str, dict[str, int]]) -> bool:
    cell = table.grid
    r = row.number - 1
    return any(text(cell(r, c)) for cols in columns.values() for c in cols.values())
