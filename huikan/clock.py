"""The one "now": the campaign's local time (China Standard Time), naive, to the second,
whatever the machine's TZ setting says.

Every report takes ``--as-of``; nothing else reads the clock, so tests can freeze time.
"""

from __future__ import annotations

import getpass
import os
from datetime import datetime, time, timedelta

from huikan.errors import HuikanError

ZONE = "Asia/Shanghai"  # the default campaign's zone (a campaign file may name another for file times)


def now(zone: str = ZONE) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(zone)).replace(tzinfo=None, microsecond=0)


def current_user() -> str:
    """Who made a change: the operating-system user."""
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):  # no passwd entry (some containers), no pwd module
        return os.environ.get("USER", "") or "unknown"


def parse_moment(value: str, *, end_of_day: bool, year: int | None = None) -> datetime:
    """A date or date-time typed on the command line; a bare date is its start or its end."""
    from huikan.recognise.values import ValueProblem, parse_datetime

    try:
        moment = parse_datetime(value, year=year)
    except ValueProblem as exc:
        raise HuikanError(f"时间「{value}」无法识别：{exc}") from None
    if moment is None:
        raise HuikanError("时间不能为空")
    bare_date = moment.time() == time(0) and ":" not in value and "时" not in value
    if bare_date and end_of_day:
        return datetime.combine(moment.date(), time(23, 59, 59))
    return moment


def describe_delta(delta: timedelta) -> str:
    """A duration as the clerk says it: 3天 / 5小时 / 20分钟."""
    seconds = int(delta.total_seconds())
    if seconds >= 86400:
        return f"{seconds // 86400}天"
    if seconds >= 3600:
        return f"{seconds // 3600}小时"
    return f"{max(1, seconds // 60)}分钟"
