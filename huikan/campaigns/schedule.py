"""Due instances and phases computed from a campaign's rules (never hard-coded per campaign)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol, TypeVar

from huikan.campaigns.spec import CampaignSpec, PhaseSpec, Schedule

END_OF_DAY = time(23, 59, 59)  # "X月X日前": by the end of that day, exact to the second


@dataclass(frozen=True)
class DueSlot:
    deliverable: str
    seq: int  # 1-based within the deliverable
    due_at: datetime
    label: str


def due_slots(spec: CampaignSpec) -> list[DueSlot]:
    """Every due instance of every deliverable, in deliverable order then time."""
    plain: dict[str, list[datetime]] = {}
    for d in spec.deliverables:
        if d.schedule.kind != "with":
            plain[d.key] = _times(spec, d.schedule)
    slots: list[DueSlot] = []
    for d in spec.deliverables:
        s = d.schedule
        if s.kind == "with":
            target = plain[s.deliverable]
            times = [target[s.instance - 1]] if len(target) >= s.instance else []
        else:
            times = plain[d.key]
        for seq, due_at in enumerate(times, start=1):
            label = f"第{seq}周" if s.kind == "weekly" else d.name
            slots.append(DueSlot(d.key, seq, due_at, label))
    return slots


def _times(spec: CampaignSpec, s: Schedule) -> list[datetime]:
    if s.kind == "by_date":
        return [_shift(spec, datetime.combine(s.on, END_OF_DAY))]
    first = s.start or spec.start
    last = s.until or spec.end
    day = first + timedelta(days=(s.weekday - first.weekday()) % 7)
    times = []
    while day <= last:
        times.append(_shift(spec, datetime.combine(day, s.at)))
        day += timedelta(days=7)
    return times


def _shift(spec: CampaignSpec, due_at: datetime) -> datetime:
    """Move a deadline that falls on a day off to the next workday, when the calendar says so."""
    cal = spec.calendar
    if cal is None or not cal.move_to_workday:
        return due_at
    day = due_at.date()
    while not cal.is_workday(day):
        day += timedelta(days=1)
    return datetime.combine(day, due_at.time())


def phase_at(spec: CampaignSpec, moment: datetime | date) -> PhaseSpec | None:
    """The phase a moment falls in; where two phases share a day, the later one."""
    day = moment.date() if isinstance(moment, datetime) else moment
    current = None
    for p in spec.phases:
        if p.start <= day <= p.end:
            current = p
    return current


class Due(Protocol):
    seq: int
    due_at: datetime


D = TypeVar("D", bound=Due)


def pick_instance(
    instances: Sequence[D], received_at: datetime, *, stated: date | None = None, week_no: int | None = None
) -> D | None:
    """The due instance a receipt counts for (docs/contract.md, "Terms").

    A return that states its week (周次) or date (报送日期) counts for that instance even
    when it arrives late; otherwise for the first instance due at or after its arrival.
    A deliverable due once takes every receipt. None: the receipt counts for nothing.
    """
    ordered = sorted(instances, key=lambda i: i.due_at)
    if not ordered:
        return None
    if week_no is not None:
        return next((i for i in ordered if i.seq == week_no), None)
    if len(ordered) == 1:
        return ordered[0]
    if stated is not None:
        return next((i for i in ordered if i.due_at.date() >= stated), None)
    return next((i for i in ordered if i.due_at >= received_at), None)
