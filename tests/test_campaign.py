from datetime import date, datetime

import pytest

from huikan.campaigns import load_campaign
from huikan.campaigns.schedule import due_slots, phase_at
from huikan.campaigns.spec import parse_campaign
from huikan.errors import ConfigError


def slots_by_key(spec):
    result = {}
    for slot in due_slots(spec):
        result.setdefault(slot.deliverable, []).append(slot.due_at)
    return result


def test_default_campaign_due_instances(spec):
    due = slots_by_key(spec)
    assert due["weekly"] == [datetime(2018, 12, d, 17, 0, 0) for d in (5, 12, 19, 26)]
    assert due["selfcheck"] == [datetime(2018, 12, 14, 23, 59, 59)]
    assert due["special"] == [datetime(2018, 12, 17, 23, 59, 59)]
    assert due["plan"] == [datetime(2018, 12, 5, 17, 0, 0)]  # with the first weekly report


def test_default_campaign_items_and_phases(spec):
    assert [i.number for i in spec.items] == list(range(1, 10))
    assert spec.items[2].title == "彩钢板房专项整治"
    assert "处理意见决定和执行单位" in spec.items[4].applies_to
    assert [(p.name, p.start, p.end) for p in spec.phases] == [
        ("自查自改", date(2018, 12, 3), date(2018, 12, 10)),
        ("督查检查", date(2018, 12, 11), date(2018, 12, 22)),
        ("整改提升", date(2018, 12, 22), date(2018, 12, 31)),
    ]
    assert {c.name for c in spec.categories} >= {"省辖市", "省直管县（市）", "厅机关处室"}


def test_phase_at(spec):
    assert phase_at(spec, datetime(2018, 12, 10, 23, 0)).name == "自查自改"
    assert phase_at(spec, date(2018, 12, 11)).name == "督查检查"
    assert phase_at(spec, date(2018, 12, 22)).name == "整改提升"  # shared day: the later phase
    assert phase_at(spec, date(2019, 1, 1)) is None


def test_later_start_moves_weekly_reports(spec):
    later = spec.with_start(date(2018, 12, 6))
    due = slots_by_key(later)
    assert due["weekly"][0] == datetime(2018, 12, 12, 17, 0)
    assert due["plan"] == [datetime(2018, 12, 12, 17, 0)]
    assert later.phases[0].start == date(2018, 12, 6)


def test_start_after_end_is_refused(spec):
    with pytest.raises(ConfigError, match="晚于"):
        spec.with_start(date(2019, 1, 5))


MINIMAL = """
[campaign]
key = "k"
name = "测试活动"
start = 2019-01-07
end = 2019-02-28

[[deliverables]]
key = "weekly"
name = "周报"
schedule = { kind = "weekly", weekday = "friday", time = 12:00:00 }

[[deliverables]]
key = "report"
name = "总结"
schedule = { kind = "by_date", date = 2019-02-02 }

[[items]]
number = 1
title = "一"
wording = "第一项"

[[categories]]
key = "city"
name = "市"
"""


def test_custom_campaign_with_holiday_calendar():
    text = MINIMAL + """
[calendar]
holidays = [2019-02-04, 2019-02-05, 2019-02-06, 2019-02-07, 2019-02-08]
workdays = [2019-02-02, 2019-02-03]
move_to_workday = true
"""
    spec = parse_campaign(text)
    due = slots_by_key(spec)
    # Friday 2019-02-08 is a Spring Festival holiday: moved to Monday 02-11.
    fridays = [(1, 11), (1, 18), (1, 25), (2, 1), (2, 11), (2, 15), (2, 22)]
    assert due["weekly"] == [datetime(2019, m, d, 12) for m, d in fridays]
    # Saturday 2019-02-02 is a make-up workday (调休): the deadline stays.
    assert due["report"] == [datetime(2019, 2, 2, 23, 59, 59)]


def test_calendar_is_off_by_default():
    spec = parse_campaign(MINIMAL.replace("2019-02-02 }", "2019-02-03 }"))
    assert spec.calendar is None
    assert slots_by_key(spec)["report"] == [datetime(2019, 2, 3, 23, 59, 59)]


@pytest.mark.parametrize(
    "broken, key",
    [
        ('weekday = "friday"', "deliverables[0].schedule.weekday"),
        ("time = 12:00:00", "deliverables[0].schedule.time"),
        ('kind = "weekly"', "deliverables[0].schedule.kind"),
        ("date = 2019-02-02", "deliverables[1].schedule.date"),
        ('key = "k"', "campaign.key"),
        ("start = 2019-01-07", "campaign.start"),
    ],
)
def test_broken_campaign_names_the_key(broken, key):
    replacements = {
        'weekday = "friday"': 'weekday = "fridy"',
        "time = 12:00:00": 'time = "noon"',
        'kind = "weekly"': 'kind = "monthly"',
        "date = 2019-02-02": 'date = "二月二日"',
        'key = "k"': "",
        "start = 2019-01-07": "start = 7",
    }
    text = MINIMAL.replace(broken, replacements[broken], 1)
    with pytest.raises(ConfigError) as info:
        parse_campaign(text, "x.toml")
    assert f"键 {key}：" in str(info.value)
    assert str(info.value).startswith("x.toml：")


def test_with_schedule_must_name_another_deliverable():
    text = MINIMAL.replace('kind = "by_date", date = 2019-02-02', 'kind = "with", deliverable = "nope"')
    with pytest.raises(ConfigError, match=r"deliverables\[1\]\.schedule\.deliverable"):
        parse_campaign(text)


def test_items_must_be_numbered_from_one():
    with pytest.raises(ConfigError, match="键 items"):
        parse_campaign(MINIMAL.replace("number = 1", "number = 2"))


def test_toml_syntax_error_is_a_config_error(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[campaign\nkey = 1", encoding="utf-8")
    with pytest.raises(ConfigError, match="TOML 格式错误"):
        load_campaign(path)


def test_missing_campaign_file(tmp_path):
    with pytest.raises(ConfigError, match="不存在"):
        load_campaign(tmp_path / "nope.toml")


def test_the_documented_example_is_a_valid_campaign():
    """docs/campaign-file.md's complete example parses and means what its comments say."""
    import re

    from .conftest import ROOT

    doc = (ROOT / "docs" / "campaign-file.md").read_text(encoding="utf-8")
    [example] = re.findall(r"## A complete example.*?```toml\n(.*?)```", doc, flags=re.S)
    spec = parse_campaign(example, "docs/campaign-file.md")
    assert (spec.short_name, spec.start, spec.end) == ("春节安全检查", date(2019, 1, 28), date(2019, 2, 22))
    due = {(s.deliverable, s.seq): s.due_at for s in due_slots(spec)}
    assert due[("plan", 1)] == due[("weekly", 1)] == datetime(2019, 2, 1, 12)
    assert due[("weekly", 2)] == datetime(2019, 2, 11, 12)  # Friday 02-08 is a holiday: the next workday
    assert due[("summary", 1)] == datetime(2019, 2, 11, 23, 59, 59)  # Saturday 02-09 is off
    assert [p.name for p in spec.phases] == ["自查", "督查"] and phase_at(spec, datetime(2019, 2, 2)).name == "督查"
    assert [i.number for i in spec.items] == [1, 2, 3]
    assert spec.category_name("scenic") == "A级旅游景区"
