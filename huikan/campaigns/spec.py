"""Load and validate a campaign TOML file into frozen dataclasses.

Validation names the exact key that is wrong (``deliverables[2].schedule.weekday``),
because the person editing a campaign file is not a programmer.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Literal

from huikan.errors import ConfigError

DEFAULT_TIMEZONE = "Asia/Shanghai"


def _fold(text: str) -> str:
    """Half-width, no spaces: 省直管县（市） and 省直管县(市) are one word."""
    from huikan.recognise.values import fold

    return fold(text or "")


# The kinds of return the importers recognise; a deliverable lists which of them it receives.
RETURN_KINDS = ("plan", "weekly", "selfcheck", "ledger", "special")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ScheduleKind = Literal["weekly", "by_date", "with"]


@dataclass(frozen=True)
class Schedule:
    kind: ScheduleKind
    weekday: int | None = None  # 0 = Monday, for weekly
    at: time | None = None  # time of day, for weekly
    start: date | None = None  # weekly: first day counted (default: campaign start)
    until: date | None = None  # weekly: last day counted (default: campaign end)
    on: date | None = None  # by_date: due by the end of this day
    deliverable: str | None = None  # with: the other deliverable's key
    instance: int = 1  # with: which instance of it (1-based)


@dataclass(frozen=True)
class PhaseSpec:
    key: str
    name: str
    start: date
    end: date


@dataclass(frozen=True)
class DeliverableSpec:
    key: str
    name: str
    schedule: Schedule
    description: str = ""
    receives: tuple[str, ...] = ()  # kinds of return that count as this deliverable


@dataclass(frozen=True)
class ItemSpec:
    number: int
    title: str
    wording: str
    applies_to: str = ""
    text: str = ""  # the notice's own paragraph for the item


@dataclass(frozen=True)
class CategorySpec:
    key: str
    name: str
    words: tuple[str, ...] = ()  # how unit lists may write it (省辖市文化部门 contains 省辖市)

    def evidence(self, written: str) -> int:
        """How strongly a written category says this one: the longest of its words it contains."""
        folded = _fold(written)
        return max((len(w) for w in (_fold(self.name), *map(_fold, self.words)) if w and w in folded), default=0)


@dataclass(frozen=True)
class BulletinSpec:
    """The wording of the weekly 通报 (``[bulletin]``); the facts come from the ledger.
    ``title`` may name {name} (the campaign), {short_name} and {week} (the week's number)."""

    title: str = "关于{name}第{week}周进展情况的通报"
    title_without_week: str = "关于{name}进展情况的通报"  # before the first weekly deadline
    recipients: str = "各责任单位："  # 主送
    requirements: tuple[str, ...] = (
        "对未按时报送材料的单位，请于接到本通报后及时补报，并按时报送每周工作进展。",
        "对逾期未整改的问题隐患，要逐条明确整改措施、责任、资金、时限和预案，加快整改进度。",
        "对重大隐患要盯紧盯牢，落实“五落实”要求，整改到位后及时报送，以便复查销号。",
    )
    issuer: str = ""  # 发文机关署名; default: the campaign's issuer



@dataclass(frozen=True)
class Calendar:
    """Optional workday calendar: off unless the campaign file has a [calendar] table."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()  # 调休: weekend days that are workdays
    move_to_workday: bool = False  # a deadline on a day off moves to the next workday

    def is_workday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5


@dataclass(frozen=True)
class CampaignSpec:
    key: str
    name: str
    short_name: str
    start: date
    end: date
    phases: tuple[PhaseSpec, ...]
    deliverables: tuple[DeliverableSpec, ...]
    items: tuple[ItemSpec, ...]
    categories: tuple[CategorySpec, ...]
    issuer: str = ""
    office: str = ""
    timezone: str = DEFAULT_TIMEZONE
    calendar: Calendar | None = None
    bulletin: BulletinSpec = BulletinSpec()
    source: str = field(default="", compare=False, repr=False)  # the TOML text

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()

    def deliverable(self, key: str) -> DeliverableSpec:
        for d in self.deliverables:
            if d.key == key:
                return d
        raise KeyError(key)

    def category_for(self, written: str) -> str | None:
        """The key of the category a unit list's own word belongs to; None when its wording fits
        none, or two equally (the unit is then a group of its own)."""
        folded = _fold(written)
        for c in self.categories:  # the key itself, as a template or an earlier export writes it
            if folded == _fold(c.key):
                return c.key
        scored = sorted(((c.evidence(written), c.key) for c in self.categories), reverse=True)
        if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            return None
        return scored[0][1]

    def groups(self, keys_in_use) -> list[tuple[str, str, bool]]:
        """The groups units are counted in: the campaign's categories in order, then each word of a
        unit list that fits none, in the order met. (key, name, the campaign's own?)."""
        own = [(c.key, c.name, True) for c in self.categories]
        known = {c.key for c in self.categories}
        extra = list(dict.fromkeys(k for k in keys_in_use if k not in known))
        return own + [(k, k, False) for k in extra]

    def category_name(self, key: str) -> str:
        """A category's name; a key that is not the campaign's is the list's own word."""
        return next((c.name for c in self.categories if c.key == key), key)

    def deliverable_receiving(self, kind: str) -> DeliverableSpec | None:
        """The deliverable a return of this kind counts for (None: it counts for nothing)."""
        return next((d for d in self.deliverables if kind in d.receives), None)

    def with_start(self, start: date) -> CampaignSpec:
        """The same campaign starting another day; the first phase starts with it."""
        if start > self.end:
            raise ConfigError(f"开始日期 {start} 晚于活动结束日期 {self.end}")
        phases = list(self.phases)
        if phases and phases[0].start == self.start:
            phases[0] = replace(phases[0], start=start)
        return replace(self, start=start, phases=tuple(phases))


def default_campaign_path() -> Path:
    return Path(__file__).with_name("notice-2018.toml")


def load_campaign(path: str | Path | None = None) -> CampaignSpec:
    path = Path(path) if path is not None else default_campaign_path()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"活动配置文件不存在：{path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"无法读取活动配置文件 {path}：{exc}") from None
    return parse_campaign(text, str(path))


def parse_campaign(text: str, origin: str = "<campaign>") -> CampaignSpec:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}：TOML 格式错误：{exc}") from None
    top = _Table(data, "", origin)
    camp = top.table("campaign")
    start = camp.date("start")
    end = camp.date("end")
    if end < start:
        camp.fail("end", f"结束日期 {end} 早于开始日期 {start}")

    phases = []
    prev_end: date | None = None
    for p in top.tables("phases"):
        p_start = p.date("start", default=None)
        if p_start is None:
            p_start = start if prev_end is None else date.fromordinal(prev_end.toordinal() + 1)
        p_end = p.date("end")
        if p_end < p_start:
            p.fail("end", f"阶段结束日期 {p_end} 早于开始日期 {p_start}")
        phases.append(PhaseSpec(p.str("key"), p.str("name"), p_start, p_end))
        prev_end = p_end

    deliverables = []
    for d in top.tables("deliverables", required=True):
        deliverables.append(
            DeliverableSpec(
                key=d.str("key"),
                name=d.str("name"),
                description=d.str("description", default=""),
                schedule=_schedule(d.table("schedule")),
                receives=tuple(d.choices("receives", RETURN_KINDS, default=[d.str("key")])),
            )
        )
    keys = [d.key for d in deliverables]
    for i, d in enumerate(deliverables):
        for kind in d.receives:
            other = next((o for o in deliverables[:i] if kind in o.receives), None)
            if other:
                top.fail(f"deliverables[{i}].receives", f"「{kind}」已由交付物「{other.key}」接收")
        if keys.count(d.key) > 1:
            top.fail(f"deliverables[{i}].key", f"交付物键「{d.key}」重复")
        s = d.schedule
        if s.kind == "with":
            if s.deliverable not in keys or s.deliverable == d.key:
                top.fail(f"deliverables[{i}].schedule.deliverable", f"没有名为「{s.deliverable}」的其他交付物")
            if deliverables[keys.index(s.deliverable)].schedule.kind == "with":
                top.fail(f"deliverables[{i}].schedule.deliverable", "不能跟随另一个“随同报送”的交付物")

    items = []
    for it in top.tables("items", required=True):
        items.append(
            ItemSpec(
                number=it.int("number"),
                title=it.str("title"),
                wording=it.str("wording"),
                applies_to=it.str("applies_to", default=""),
                text=it.str("text", default=""),
            )
        )
    numbers = [i.number for i in items]
    if sorted(numbers) != list(range(1, len(items) + 1)):
        top.fail("items", f"检查项编号应为 1..{len(items)} 各一次，实际为 {numbers}")

    categories = tuple(CategorySpec(c.str("key"), c.str("name"), tuple(c.strings("words")))
                       for c in top.tables("categories", required=True))
    timezone = camp.str("timezone", default=DEFAULT_TIMEZONE)
    _check_timezone(camp, timezone)

    calendar = None
    if "calendar" in data:
        cal = top.table("calendar")
        calendar = Calendar(
            holidays=frozenset(cal.dates("holidays")),
            workdays=frozenset(cal.dates("workdays")),
            move_to_workday=cal.bool("move_to_workday", default=False),
        )

    bulletin = _bulletin(top.table("bulletin")) if "bulletin" in data else BulletinSpec()

    return CampaignSpec(
        key=camp.str("key"),
        name=camp.str("name"),
        short_name=camp.str("short_name", default=camp.str("name")),
        issuer=camp.str("issuer", default=""),
        office=camp.str("office", default=""),
        timezone=timezone,
        start=start,
        end=end,
        phases=tuple(phases),
        deliverables=tuple(deliverables),
        items=tuple(sorted(items, key=lambda i: i.number)),
        categories=categories,
        calendar=calendar,
        bulletin=bulletin,
        source=text,
    )


def _check_placeholders(t: _Table, key: str, template: str, allowed: set[str]) -> None:
    """Only {name}, {short_name} (and {week} in a title with a week), bare: anything else would
    fail, or show "第None周", when the bulletin is written."""
    import string

    try:
        fields = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(template) if f is not None]
    except ValueError as exc:
        t.fail(key, f"标题中的大括号不成对（{exc}）；可用：{{{'}、{'.join(sorted(allowed))}}}")
    for field_name, spec, conversion in fields:
        if field_name not in allowed or spec or conversion:
            written = field_name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            t.fail(key, f"标题中的占位符「{{{written}}}」无效；可用：{{{'}、{'.join(sorted(allowed))}}}")


def _bulletin(t: _Table) -> BulletinSpec:
    default = BulletinSpec()
    spec = BulletinSpec(
        title=t.str("title", default=default.title),
        title_without_week=t.str("title_without_week", default=default.title_without_week),
        recipients=t.str("recipients", default=default.recipients),
        requirements=tuple(t.strings("requirements")) or default.requirements,
        issuer=t.str("issuer", default=""),
    )
    for key, allowed in (("title", {"name", "short_name", "week"}), ("title_without_week", {"name", "short_name"})):
        _check_placeholders(t, key, getattr(spec, key), allowed)
    return spec


def _check_timezone(t: _Table, name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        t.fail("timezone", f"未知的时区「{name}」（应如 Asia/Shanghai）")


def _schedule(t: _Table) -> Schedule:
    kind = t.choice("kind", ("weekly", "by_date", "with"))
    if kind == "weekly":
        weekday = t.choice("weekday", WEEKDAYS)
        return Schedule(
            kind="weekly",
            weekday=WEEKDAYS.index(weekday),
            at=t.time("time"),
            start=t.date("from", default=None),
            until=t.date("until", default=None),
        )
    if kind == "by_date":
        return Schedule(kind="by_date", on=t.date("date"))
    instance = t.int("instance", default=1)
    if instance < 1:
        t.fail("instance", "应为 1 或更大的整数")
    return Schedule(kind="with", deliverable=t.str("deliverable"), instance=instance)


_MISSING = object()


class _Table:
    """A TOML table with typed getters whose errors name the full key path."""

    def __init__(self, data: dict[str, Any], path: str, origin: str):
        self.data, self.path, self.origin = data, path, origin

    def _key(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, message: str):
        raise ConfigError(f"{self.origin}：键 {self._key(key)}：{message}")

    def _get(self, key: str, default: Any) -> Any:
        if key in self.data:
            return self.data[key]
        if default is _MISSING:
            self.fail(key, "缺少此项")
        return default

    def str(self, key: str, default: Any = _MISSING) -> Any:
        value = self._get(key, default)
        if value is default:
            return value
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"应为非空文本，实际为 {value!r}")
        return value.strip()

    def int(self, key: str, default: Any = _MISSING) -> Any:
        value = self._get(key, default)
        if value is default:
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"应为整数，实际为 {value!r}")
        return value

    def bool(self, key: str, default: Any = _MISSING) -> Any:
        value = self._get(key, default)
        if not isinstance(value, bool):
            self.fail(key, f"应为 true 或 false，实际为 {value!r}")
        return value

    def date(self, key: str, default: Any = _MISSING) -> Any:
        value = self._get(key, default)
        if value is default:
            return value
        if isinstance(value, datetime) or not isinstance(value, date):
            self.fail(key, f"应为日期（如 2018-12-14），实际为 {value!r}")
        return value

    def strings(self, key: str) -> list[str]:
        values = self._get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            self.fail(key, "应为非空文本的列表，如 [\"省辖市\", \"地市\"]")
        return [v.strip() for v in values]

    def dates(self, key: str) -> list[date]:
        values = self._get(key, [])
        if not isinstance(values, list):
            self.fail(key, "应为日期列表")
        for i, v in enumerate(values):
            if isinstance(v, datetime) or not isinstance(v, date):
                self.fail(f"{key}[{i}]", f"应为日期（如 2018-12-14），实际为 {v!r}")
        return values

    def time(self, key: str) -> time:
        value = self._get(key, _MISSING)
        if not isinstance(value, time):
            self.fail(key, f"应为时刻（如 17:00:00），实际为 {value!r}")
        return value

    def choice(self, key: str, options: tuple[str, ...]) -> str:
        value = self.str(key)
        if value not in options:
            self.fail(key, f"应为 {' / '.join(options)} 之一，实际为 {value!r}")
        return value

    def choices(self, key: str, options: tuple[str, ...], default: list[str]) -> list[str]:
        """A list of words from ``options``; the default is filtered to the options silently."""
        if key not in self.data:
            return [v for v in default if v in options]
        values = self.data[key]
        if not isinstance(values, list):
            self.fail(key, f"应为列表，如 {list(options[:2])}")
        for i, v in enumerate(values):
            if v not in options:
                self.fail(f"{key}[{i}]", f"应为 {' / '.join(options)} 之一，实际为 {v!r}")
        return values

    def table(self, key: str) -> _Table:
        value = self._get(key, _MISSING)
        if not isinstance(value, dict):
            self.fail(key, "应为表（[table] 或 { … }）")
        return _Table(value, self._key(key), self.origin)

    def tables(self, key: str, required: bool = False) -> list[_Table]:
        value = self._get(key, _MISSING if required else [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(key, f"应为表数组（[[{key}]]）")
        if required and not value:
            self.fail(key, "至少需要一项")
        return [_Table(v, f"{self._key(key)}[{i}]", self.origin) for i, v in enumerate(value)]
