"""huikan remind: ready-to-send reminder messages, plain text."""

from __future__ import annotations

from collections import defaultdict

from huikan.campaigns import CampaignSpec
from huikan.clock import describe_delta
from huikan.display import in_prose
from huikan.reports.overdue import Overdue
from huikan.reports.submissions import PENDING, Submissions


def reminders(spec: CampaignSpec, subs: Submissions, overdue: Overdue) -> list[str]:
    """One message per unit that owes something past due, then one group message."""
    office = spec.office or "领导小组办公室"
    owed = defaultdict(list)
    for s in overdue.missing:
        owed[s.unit.id].append(s)
    upcoming = {s.unit.id: s for s in overdue.upcoming}
    units = {u.id: u for u in subs.units}
    messages = []
    for unit_id in sorted(owed, key=lambda uid: units[uid].seq):
        unit = units[unit_id]
        to = f"{unit.liaison.name}同志" if unit.liaison else "联络员同志"
        lines = [f"【{spec.short_name}】{unit.name} {to}：您好！截至{in_prose(overdue.as_of, year=False)}，贵单位尚有以下事项未报送："]
        for i, s in enumerate(owed[unit_id], start=1):
            lines.append(f"{i}. {s.slot.title}（应于{in_prose(s.slot.due_at, year=False)}前报送，已逾期{describe_delta(overdue.as_of - s.slot.due_at)}）")
        lines.append(f"请尽快报送{office}。")
        nxt = upcoming.get(unit_id)
        if nxt:
            lines.append(f"另：{nxt.slot.title}请于{in_prose(nxt.slot.due_at, year=False)}前报送。")
        if unit.liaison is None:
            lines.append("贵单位尚未报送分管负责人和专职联络员信息，请一并报送。")
        messages.append("\n".join(lines))
    group = group_message(spec, subs)
    if group:
        messages.append(group)
    return messages


def group_message(spec: CampaignSpec, subs: Submissions) -> str | None:
    """The next due item and every unit that has not yet sent it."""
    pending = [s for s in subs.items if s.state == PENDING]
    if not pending:
        return None
    first = min(pending, key=lambda s: (s.slot.due_at, s.slot.id)).slot
    names = [s.unit.name for s in pending if s.slot.id == first.id]
    return (
        f"【{spec.short_name}】提醒：{first.title}应于{in_prose(first.due_at, year=False)}前报送{spec.office or '领导小组办公室'}。"
        f"截至{in_prose(subs.as_of, year=False)}，以下 {len(names)} 个单位尚未报送：" + "、".join(names) + "。请抓紧报送。"
    )
