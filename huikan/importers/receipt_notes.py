"""What a receipt counts for, as the clerk reads it in the import's notes."""

from __future__ import annotations

from datetime import datetime

from huikan.clock import describe_delta
from huikan.ledger.receipts import Correction, Counted


def lateness(received_at: datetime, due_at: datetime) -> str:
    """按时 or 迟报 with how late."""
    if received_at <= due_at:
        return "按时"
    return f"迟报 {describe_delta(received_at - due_at)}"


def counted_note(c: Counted) -> str:
    """计入 每周工作进展 第2周（12-12 17:00 截止），迟报 1天 — or why it counts for nothing."""
    if c.instance is None:
        if c.week_no is not None:
            return f"{c.deliverable}：周次「第{c.week_no}周」不在本活动的 {c.instances} 周之内，未计入任何一期"
        return f"{c.deliverable}：{c.received_at:%m-%d %H:%M} 收到，已过最后一期截止时间，未计入任何一期"
    due = c.instance.due_at
    when = f"{c.instance.label}（{due:%m-%d %H:%M} 截止）" if c.instance.label != c.deliverable else f"{due:%m-%d %H:%M} 截止"
    if c.earlier is not None:
        return f"{c.deliverable} {when}：此前已于 {c.earlier:%m-%d %H:%M} 报送（{lateness(c.earlier, due)}），本件作为补充更新"
    return f"计入 {c.deliverable} {when}，{lateness(c.received_at, due)}"


def correction_notes(c: Correction, campaign_start) -> list[str]:
    notes = [f"收到时间由 {c.old:%Y-%m-%d %H:%M} 更正为 {c.new:%Y-%m-%d %H:%M}"]
    if c.new.date() < campaign_start:
        notes.append(f"收到时间 {c.new:%Y-%m-%d %H:%M} 早于活动开始（{campaign_start}），已按所给时间记录，请核对")
    notes += [f"{unit}：{counted_note(counted)}" for unit, counted in c.counted]
    if c.units_moved:
        notes.append(f"此名单新增的 {c.units_moved} 个单位随之改为 {c.new:%Y-%m-%d %H:%M} 纳入")
    return notes
