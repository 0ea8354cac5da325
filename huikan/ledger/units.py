"""Units, their aliases and contacts as the reports and the importers read them (Core)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from huikan.ledger.tables import contact, unit, unit_alias
from huikan.recognise.unitnames import KnownUnit, UnitMatcher

if TYPE_CHECKING:
    from huikan.ledger.database import Reader

ROLES = {"lead": "分管负责人", "liaison": "专职联络员"}


@dataclass(frozen=True)
class Person:
    name: str
    title: str = ""
    phone: str = ""  # 办公电话 / 联系电话 as written
    mobile: str = ""  # 手机, when written apart

    def as_json(self) -> dict:
        """The contract's {name, title, phone, mobile} (docs/contract.md): phone is the number written first (the mobile when it is the only one)."""
        return {"name": self.name, "title": self.title, "phone": self.phone or self.mobile, "mobile": self.mobile}

    @property
    def reach(self) -> str:
        """The number to call when chasing a return: the mobile first."""
        return self.mobile or self.phone

    def show(self) -> str:
        phones = " / ".join(p for p in (self.phone, self.mobile) if p)
        return " ".join(p for p in (self.name, self.title, phones) if p)


@dataclass
class UnitRecord:
    """A unit as a unit list or a plan return states it."""

    name: str
    category: str  # the campaign's key, or the list's own word when none fits
    aliases: list[str] = field(default_factory=list)
    category_label: str = ""  # as the list wrote it
    lead: Person | None = None
    liaison: Person | None = None
    note: str = ""
    added_on: date | None = None  # 纳入日期, when the list states it


@dataclass(frozen=True)
class UnitEntry:
    """A unit of the ledger with its aliases and contacts, in the unit list's order."""

    id: int
    name: str
    category: str  # the group: the campaign's key, or the list's own word
    category_label: str  # as the list wrote it ("" in ledgers older than that)
    aliases: tuple[str, ...]
    contacts: dict[str, Person]  # by role


def unit_entries(reader: Reader) -> list[UnitEntry]:
    """Every unit, in order (three queries, not one per unit)."""
    aliases: dict[int, list[str]] = {}
    for unit_id, alias in reader.execute(select(unit_alias.c.unit_id, unit_alias.c.alias).order_by(unit_alias.c.id)):
        aliases.setdefault(unit_id, []).append(alias)
    contacts: dict[int, dict[str, Person]] = {}
    for unit_id, role, name, title, phone, mobile in reader.execute(
        select(contact.c.unit_id, contact.c.role, contact.c.name, contact.c.title, contact.c.phone, contact.c.mobile)
    ):
        contacts.setdefault(unit_id, {})[role] = Person(name, title, phone, mobile)
    return [
        UnitEntry(uid, name, category, label, tuple(aliases.get(uid, ())), contacts.get(uid, {}))
        for uid, name, category, label in reader.execute(
            select(unit.c.id, unit.c.name, unit.c.category, unit.c.category_label).order_by(unit.c.seq, unit.c.id)
        )
    ]


def unit_matcher(reader: Reader) -> UnitMatcher:
    """The matcher over every unit and alias in the ledger (two queries, not one per unit)."""
    aliases: dict[int, list[str]] = {}
    for unit_id, alias in reader.execute(select(unit_alias.c.unit_id, unit_alias.c.alias)):
        aliases.setdefault(unit_id, []).append(alias)
    known = reader.execute(select(unit.c.id, unit.c.name))
    return UnitMatcher([KnownUnit(uid, name, tuple(aliases.get(uid, ()))) for uid, name in known])
