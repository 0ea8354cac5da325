"""Fuzzing the importer: random workbooks either import or are rejected with the project's own
errors — never a traceback, never a partial write. CI runs FUZZ_EXAMPLES examples."""

from __future__ import annotations

import os
from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huikan.errors import HuikanError
from huikan.importers.runner import import_paths
from huikan.recognise.vocabulary import CONCEPTS, META_LABELS, SYNONYMS

from .conftest import NOW, snapshot
from .test_table_locator import HEADER_NOISE
from .workbooks import write_xlsx

FUZZ_EXAMPLES = int(os.environ.get("HUIKAN_FUZZ_EXAMPLES", "60"))
UNITS = ["郑州市文广新局", "洛阳旅游委", "省文物局", "河南省图书馆", "郑州市文化局", "不存在的单位", "滑县", ""]
WORDS = ["已整改", "整改中", "未整改", "√", "×", "是", "否", "重大隐患", "一般", "自查", "督查", "暗访", "第2周", "三",
         "12月20日", "2018.12.20", "2018年12月5日", "长期", "#N/A", "=SUM(A1)", "+1", "@x", "12月底"]
# Text without the control characters openpyxl itself refuses to write.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)

cell = st.one_of(
    st.none(), TEXT, st.sampled_from(WORDS + UNITS),
    st.integers(-10**6, 10**10), st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(), st.dates(date(1990, 1, 1), date(2030, 12, 31)),
    st.datetimes(datetime(1990, 1, 1), datetime(2030, 12, 31)),
)
# Words headers are made of, put together as no list has them (本周 + 发现 + 隐患 + 数量).
CONCEPT_WORDS = sorted({w for words in CONCEPTS.values() for w in words if len(w) > 1})
LABELS = sorted({w for words in META_LABELS.values() for w in words})
header = st.one_of(
    st.sampled_from(sorted(SYNONYMS)).flatmap(lambda f: st.sampled_from(SYNONYMS[f])).flatmap(
        lambda word: st.sampled_from(HEADER_NOISE).map(lambda noise: noise(word))),
    st.lists(st.sampled_from(CONCEPT_WORDS), min_size=1, max_size=3).map("".join),
    st.tuples(st.sampled_from(LABELS), st.sampled_from(UNITS + WORDS)).map(lambda lv: f"{lv[0]}：{lv[1]}"),
    TEXT,
)


@st.composite
def workbooks(draw):
    headers = draw(st.lists(header, min_size=1, max_size=9))
    rows = [[draw(TEXT)] for _ in range(draw(st.integers(0, 2)))]  # titles
    if draw(st.booleans()):
        rows.append([f"填报单位：{draw(st.sampled_from(UNITS))}", None, f"填报日期：{draw(st.sampled_from(WORDS))}"])
    rows.append(headers)
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.integers(0, 5)) == 0:
            rows.append([])  # a blank row
        rows.append([draw(cell) for _ in headers])
    if draw(st.booleans()):
        rows.append([draw(st.sampled_from(["注：以上为自查结果", "填表人：王丽", "审核人：张三", "联系电话：0371-1234"]))])
    return rows


@settings(max_examples=FUZZ_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rows=workbooks(), name=st.sampled_from(["台账.xlsx", "郑州市文广新局周报.xlsx", "省文物局自查.xlsx", "单位名单.xlsx"]),
       kind=st.sampled_from(["auto", "auto", "units", "plan", "weekly", "selfcheck", "ledger"]))
def test_random_workbooks_import_or_are_rejected_cleanly(ledger_with_units, tmp_path_factory, rows, name, kind):
    """Every importer, asked by --kind or by recognition, on random headers and values."""
    path = write_xlsx(tmp_path_factory.mktemp("fuzz") / name, rows)
    before = snapshot(ledger_with_units)
    try:
        [result] = import_paths(ledger_with_units, [path], kind=kind, now=NOW)
    except HuikanError as err:  # a project error outside a file's own problems is still clean
        assert str(err)
        assert snapshot(ledger_with_units) == before
        return
    assert result.outcome in ("imported", "updated", "rejected", "unchanged")
    if result.outcome == "unchanged":  # hypothesis made the same workbook twice: the ledger already has it
        assert result.notes == ["此文件此前已导入，内容相同"] and snapshot(ledger_with_units) == before
    if result.outcome == "rejected":
        assert result.errors and all(e.message for e in result.errors)
        assert snapshot(ledger_with_units) == before
