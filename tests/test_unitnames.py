import pytest
from hypothesis import given
from hypothesis import strategies as st

from huikan.errors import UnknownUnitError
from huikan.recognise.unitnames import KnownUnit, UnitMatcher, normalise_unit_name

UNITS = [
    KnownUnit(1, "郑州市文化广电新闻出版局", ("郑州市文广新局",)),
    KnownUnit(2, "郑州市旅游局", ("郑州旅游局",)),
    KnownUnit(3, "河南省文物局", ("省文物局",)),
    KnownUnit(4, "安阳市文化市场综合执法支队", ()),
    KnownUnit(5, "安阳市文化广电新闻出版局", ()),
    KnownUnit(6, "滑县文化市场综合执法大队", ()),
    KnownUnit(7, "滑县文化广电新闻出版局", ()),
    KnownUnit(8, "洛阳市旅游发展委员会", ()),
]


@pytest.fixture
def matcher():
    return UnitMatcher(UNITS)


@pytest.mark.parametrize(
    "written, unit_id",
    [
        ("郑州市文化广电新闻出版局", 1),  # exact
        ("郑州市文广新局", 1),  # alias
        ("郑州文广新局", 1),  # no 市
        ("郑州市 文广新局", 1),  # stray space
        ("郑州市文广新局\n", 1),
        ("（郑州市）文广新局", 1),
        ("郑州文化广电新闻出版局", 1),
        ("文物局", 3),
        ("河南省文物局", 3),
        ("省文物局", 3),
        ("安阳文化市场综合执法支队", 4),
        ("安阳市文广新局", 5),
        ("滑县文化市场综合执法大队", 6),
        ("洛阳市旅游委", 8),
        ("洛阳旅游发展委员会", 8),
        ("ＺＺ", None),
    ],
)
def test_match(matcher, written, unit_id):
    if unit_id is None:
        with pytest.raises(UnknownUnitError):
            matcher.match(written)
    else:
        assert matcher.match(written).id == unit_id


def test_unknown_unit_names_itself_and_how_to_add_it(matcher):
    with pytest.raises(UnknownUnitError) as info:
        matcher.match("郑州市文化局")
    assert info.value.suggestions[0] == "郑州市文化广电新闻出版局"  # the same place only
    message = str(info.value)
    assert message.startswith("单位「郑州市文化局」不在单位名单中")
    assert "名单中同一地方的单位：郑州市文化广电新闻出版局" in message
    assert "huikan import 单位名单.xlsx" in message and "--unit" not in message


@pytest.mark.parametrize("written, suggested", [
    ("郑州市二七区文化局", []), ("新乡县文广新局", []), ("开封市祥符区旅游局", []), ("国家文物局", []),
    ("郑州文化局", ["郑州市文化广电新闻出版局"]),
])
def test_another_place_is_never_suggested_nor_matched(matcher, written, suggested):
    """A district or a county not on the list is not its city's unit, however many characters agree."""
    with pytest.raises(UnknownUnitError) as info:
        matcher.match(written)
    assert [s for s in info.value.suggestions if s in suggested or not suggested] == suggested
    assert "--unit" not in str(info.value)


def test_nothing_close(matcher):
    with pytest.raises(UnknownUnitError, match="不在单位名单中。如是新增的报送单位") as info:
        matcher.match("国家航天局")
    assert info.value.suggestions == []


def test_ambiguous_spelling_is_refused():
    matcher = UnitMatcher([KnownUnit(1, "郑州市文物局", ()), KnownUnit(2, "郑州文物局", ())])
    assert matcher.match("郑州市文物局").id == 1  # exact beats normalised
    with pytest.raises(UnknownUnitError) as info:
        matcher.match("郑州 文物局")
    assert info.value.ambiguous and set(info.value.suggestions) == {"郑州市文物局", "郑州文物局"}


@pytest.mark.parametrize(
    "file_name, unit_id",
    [
        ("郑州市文广新局-第2周工作进展.xlsx", 1),
        ("滑县文化市场综合执法大队自查报告.docx", 6),
        ("滑县文广新局专题报告.pdf", 7),
        ("周报.xlsx", None),
        ("郑州市文广新局、郑州旅游局联合报告.docx", None),  # two units: not guessed
    ],
)
def test_search_text_finds_the_one_unit_in_a_file_name(matcher, file_name, unit_id):
    found = matcher.search_text(file_name)
    assert (found.id if found else None) == unit_id


def _to_fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


@given(
    unit=st.sampled_from(UNITS),
    spaces=st.lists(st.sampled_from([" ", "\u3000", "\n", "\t"]), max_size=3),
    where=st.integers(min_value=0, max_value=20),
)
def test_spaces_anywhere_do_not_change_the_match(unit, spaces, where):
    matcher = UnitMatcher(UNITS)
    name = unit.name
    cut = where % (len(name) + 1)
    assert matcher.match(name[:cut] + "".join(spaces) + name[cut:]).id == unit.id


@given(st.text(max_size=30))
def test_normalise_never_fails_and_folds_spaces_and_width(s):
    key = normalise_unit_name(s)
    assert not any(ch.isspace() for ch in key)
    assert not any("\uff01" <= ch <= "\uff5e" for ch in key)  # no full-width ASCII left


@pytest.mark.parametrize("unit", UNITS)
def test_normalise_is_idempotent_on_unit_names(unit):
    once = normalise_unit_name(unit.name)
    assert normalise_unit_name(once) == once


@given(st.text(alphabet="ABC123()-", min_size=1, max_size=10))
def test_fullwidth_and_halfwidth_are_the_same(s):
    assert normalise_unit_name("郑州" + _to_fullwidth(s)) == normalise_unit_name("郑州" + s)


@given(st.text(max_size=20))
def test_match_raises_only_project_errors(s):
    matcher = UnitMatcher(UNITS)
    try:
        matcher.match(s)
    except UnknownUnitError:
        pass
