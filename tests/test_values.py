"""Value normalisers: every form of docs/recognition.md, and nothing but ValueProblem for anything else."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huikan.recognise import values as v
from huikan.recognise.values import ValueProblem

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(
    "raw",
    [
        date(2018, 12, 20), datetime(2018, 12, 20), "2018-12-20", "2018/12/20", "2018.12.20", "2018年12月20日",
        "12月20日", "20181220", 20181220, 20181220.0, "２０１８年１２月２０日", " 2018 年 12 月 20 日 ", "2018-12-20 ",
        43454, 43454.0, "2018年12月20日前", "１２月２０日",
    ],
)
def test_every_date_form(raw):
    assert v.parse_date(raw, year=2018) == date(2018, 12, 20)


def test_date_with_time_exact_to_the_second():
    assert v.parse_datetime("2018-12-12 17:00:01") == datetime(2018, 12, 12, 17, 0, 1)
    assert v.parse_datetime("2018年12月12日17时") == datetime(2018, 12, 12, 17)
    assert v.parse_datetime(datetime(2018, 12, 12, 17, 0, 0, 999)) == datetime(2018, 12, 12, 17)


@pytest.mark.parametrize("raw", ["2018-02-30", "12月40日", "明天", "2018-13-01", True, -5])
def test_bad_dates(raw):
    with pytest.raises(ValueProblem):
        v.parse_date(raw, year=2018)


def test_month_day_needs_a_year():
    with pytest.raises(ValueProblem, match="缺少年份"):
        v.parse_date("12月20日")


@pytest.mark.parametrize("raw", [None, "", "  ", "\u3000"])
def test_blank_date(raw):
    assert v.parse_date(raw) is None


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("12月底", date(2018, 12, 31)), ("2019年2月底", date(2019, 2, 28)), ("12月中旬", date(2018, 12, 20)),
        ("长期坚持", None), ("持续整改", None), ("2018-12-25", date(2018, 12, 25)),
    ],
)
def test_deadline_words(raw, expected):
    assert v.parse_deadline(raw, year=2018) == expected


@pytest.mark.parametrize(
    "raw, status",
    [
        ("已整改", "done"), ("已完成", "done"), ("完成", "done"), ("已销号", "done"), ("是", "done"), ("√", "done"),
        ("整改中", "in_progress"), ("正在整改", "in_progress"), ("推进中", "in_progress"), ("部分整改", "in_progress"),
        ("未整改", "open"), ("未完成", "open"), ("否", "open"), ("×", "open"), (None, "open"), ("", "open"),
        (" 已 整 改 ", "done"), ("已完成整改，更换灭火器", "done"), (True, "done"),
    ],
)
def test_status_words(raw, status):
    assert v.parse_status(raw) == status


@pytest.mark.parametrize("raw, status", [
    ("未按期完成", "open"), ("没有完成", "open"), ("不能按期完成", "open"), ("未销号", "open"), ("是否已整改：否", "open"),
    ("计划12月20日前完成整改", "in_progress"), ("预计12月底完成", "in_progress"), ("拟于月底前整改到位", "in_progress"),
    ("已于12月8日整改完毕", "done"), ("已整改但未销号", "done"), ("尚未整改，已制定整改方案", "open"),
])
def test_status_sentences_are_read_with_the_words_before_their_phrase(raw, status):
    assert v.parse_status(raw) == status


@pytest.mark.parametrize("raw", ["一岗双责落实情况", "三合一场所", "九小场所", "五落实"])
def test_a_word_that_starts_with_a_numeral_is_no_item_number(raw):
    with pytest.raises(ValueProblem):
        v.parse_item(raw)


def test_unknown_status():
    with pytest.raises(ValueProblem, match="整改状态"):
        v.parse_status("研究中")


@pytest.mark.parametrize("raw, number", [(3, 3), (3.0, 3), ("3", 3), ("３", 3), (" 12 ", 12), ("5个", 5), ("1,200", 1200),
                                         ("3处", 3), ("三", 3), ("三处", 3), ("十二", 12), ("无", 0), ("0", 0), ("—", None)])
def test_integers(raw, number):
    assert v.parse_int(raw) == number


@pytest.mark.parametrize("raw", [1.5, "abc", True, -1, "-3", 10**20, "99999999999999999999", 9223372036854775807])
def test_bad_integers(raw):
    with pytest.raises(ValueProblem):
        v.parse_int(raw)


@pytest.mark.parametrize("raw, item", [(3, 3), ("三", 3), ("（三）", 3), ("(3)", 3), ("第三项", 3), ("3.彩钢板房专项整治", 3), ("９", 9)])
def test_items(raw, item):
    assert v.parse_item(raw) == item


def test_whole_floats_do_not_leak_into_text():
    assert v.text(1.0) == "1"
    assert v.text(13837100001.0) == "13837100001"
    assert v.parse_phone(13837100001.0) == "13837100001"
    assert v.text(0.5) == "0.5"


def test_text_drops_control_characters():
    assert v.text("整改\x07完成\r\n了") == "整改完成\n了"


@pytest.mark.parametrize("raw, week", [(2, 2), ("第2周", 2), ("第二周", 2), ("2", 2), ("第十二周", 12), ("第１周", 1)])
def test_weeks(raw, week):
    assert v.parse_week(raw) == week


@pytest.mark.parametrize("raw, origin", [("自查", "自查"), ("单位自查", "自查"), ("省督导组检查", "督查"), ("暗访", "暗访"), ("明查暗访", "暗访"), (None, "")])
def test_origins(raw, origin):
    assert v.parse_origin(raw) == origin


def test_decimal():
    assert v.parse_decimal("12.5万元") == Decimal("12.50")
    assert v.parse_decimal(0.2) == Decimal("0.20")


cells = st.one_of(
    st.none(),
    st.text(max_size=25),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.from_regex(r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?", fullmatch=True),
    st.from_regex(r"\d{1,2}月\d{1,2}日", fullmatch=True).map(lambda s: s.translate(FULLWIDTH)),
)
PARSERS = [
    lambda x: v.parse_datetime(x, year=2018),
    lambda x: v.parse_deadline(x, year=2018),
    v.parse_status, v.parse_int, v.parse_decimal, v.parse_item, v.parse_week, v.parse_origin, v.parse_yes_no,
    v.text, v.parse_phone,
]


@given(value=cells, parser=st.sampled_from(PARSERS))
def test_normalisers_raise_only_project_errors(value, parser):
    try:
        parser(value)
    except ValueProblem:
        pass


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(["{y}-{m}-{d}", "{y}/{m}/{d}", "{y}.{m}.{d}", "{y}年{m}月{d}日", "{y}{m:02d}{d:02d}"]), st.booleans())
def test_dates_round_trip_in_every_form(day, pattern, fullwidth):
    written = pattern.format(y=day.year, m=day.month, d=day.day)
    if fullwidth:
        written = written.translate(FULLWIDTH)
    assert v.parse_date(written) == day


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)), st.times())
def test_excel_serial_dates(day, t):
    moment = datetime.combine(day, t.replace(microsecond=0))
    serial = (moment - datetime(1899, 12, 30)).total_seconds() / 86400
    parsed = v.parse_datetime(serial)
    assert abs((parsed - moment).total_seconds()) <= 1

