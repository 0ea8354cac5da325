"""One rule, one place: every report that names a hazard overdue agrees with every other, at
the same as-of, because each applies ledger/hazard_rules.py (in SQL or its Python twin)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import create_engine, insert, select

from huikan.ledger import hazard_rules
from huikan.ledger.tables import hazard, metadata

from .conftest import SAMPLE
from .workbooks import write_xlsx

HEADER = ["问题隐患描述", "是否重大隐患", "整改时限", "整改状态", "完成日期"]
ROWS = [  # around the as-of dates below: 12-20 is the day a deadline falls due
    ["已过期未改", "否", "2018-12-10", "未整改", None],
    ["已过期整改中", "是", "2018-12-19", "整改中", None],
    ["当日到期", "否", "2018-12-20", "整改中", None],
    ["次日到期", "是", "2018-12-21", "未整改", None],
    ["逾期后改完", "否", "2018-12-12", "已整改", "2018-12-18"],
    ["没有时限", "是", "立即整改", "未整改", None],
    ["远期", "否", "2018-12-30", "未整改", None],
]
AS_OF = ["2018-12-19 23:59", "2018-12-20 09:00", "2018-12-21 00:00", "2018-12-31 23:59"]


def overdue_everywhere(run, tmp_path, as_of: str) -> dict[str, list[str]]:
    """The hazards each report calls overdue at ``as_of``, by code."""
    def data(*args):
        result = run(*args, "--as-of", as_of, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    listed = data("hazards")
    book = tmp_path / f"汇总{as_of[:10]}{as_of[11:13]}.xlsx"
    assert run("export", "--as-of", as_of, "-o", str(book)).exit_code == 0
    wb = load_workbook(book, read_only=True)
    codes = lambda ws: sorted(r[0] for r in ws.iter_rows(min_row=4, values_only=True) if r[0])  # noqa: E731
    ledger_sheet = wb["问题隐患台账"]
    header = next(ledger_sheet.iter_rows(min_row=3, max_row=3, values_only=True))
    days = header.index("逾期天数")
    overview = {r[0]: r[1] for r in wb["总体情况"].iter_rows(values_only=True) if r[0]}
    per_unit = wb["分单位统计"]
    unit_header = next(per_unit.iter_rows(min_row=3, max_row=3, values_only=True))
    unit_overdue = sum(r[unit_header.index("逾期未整改")] or 0
                       for r in per_unit.iter_rows(min_row=4, values_only=True) if isinstance(r[0], str) and r[0] != "合计")
    status = data("status")
    counted = status["hazards"]["overdue"]
    docx_path = tmp_path / f"通报{as_of[:10]}{as_of[11:13]}.docx"
    bulletin = data("bulletin", "-o", str(docx_path))
    attachment = [t for t in Document(docx_path).tables if "逾期天数" in t.rows[0].cells[-1].text]  # 附件2
    in_docx = sorted(row.cells[1].text for t in attachment for row in t.rows[1:])
    return {
        "overdue": sorted(h["id"] for h in data("overdue")["hazards"]),
        "hazards --overdue": sorted(h["id"] for h in data("hazards", "--overdue")),
        "hazards (overdue: true)": sorted(h["id"] for h in listed if h["overdue"]),
        "hazard show": sorted(h["id"] for h in listed if data("hazard", "show", h["id"])["overdue"]),
        "export 逾期未整改": codes(wb["逾期未整改"]),
        "export 问题隐患台账 逾期天数": sorted(r[0] for r in ledger_sheet.iter_rows(min_row=4, values_only=True)
                                      if r[0] and r[days]),
        "bulletin": sorted(bulletin["overdue_hazards"]),
        "bulletin 附件2": in_docx,
        "counts": [counted, overview.get("逾期未整改"), unit_overdue, bulletin["hazards"]["overdue"]],
    }


def test_every_report_names_the_same_overdue_hazards(run, tmp_path):
    assert run("init").exit_code == 0
    assert run("import", str(SAMPLE / "单位名单.xlsx")).exit_code == 0
    path = write_xlsx(tmp_path / "郑州市旅游局问题隐患台账.xlsx", [["填报单位：郑州市旅游局"], HEADER, *ROWS])
    assert run("import", str(path), "--received-at", "2018-12-18 09:00").exit_code == 0
    expected = {  # the rule as the clerk states it: not rectified, and its deadline day has passed
        "2018-12-19 23:59": ["H0001"],
        "2018-12-20 09:00": ["H0001", "H0002"],
        "2018-12-21 00:00": ["H0001", "H0002", "H0003"],
        "2018-12-31 23:59": ["H0001", "H0002", "H0003", "H0004", "H0007"],
    }
    for as_of in AS_OF:
        seen = overdue_everywhere(run, tmp_path, as_of)
        counts = seen.pop("counts")
        assert seen == {name: expected[as_of] for name in seen}, as_of
        assert counts == [len(expected[as_of])] * 4, as_of


STATUS = st.sampled_from(hazard_rules.STATUSES)
DEADLINE = st.none() | st.dates(date(2018, 11, 1), date(2019, 2, 1))


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(STATUS, DEADLINE), min_size=1, max_size=20),
       today=st.dates(date(2018, 11, 1), date(2019, 2, 1)))
def test_the_sql_rule_and_its_python_twin_agree(rows, today):
    engine = create_engine("sqlite://")
    metadata.create_all(engine, tables=[hazard])  # the hazard table alone: no foreign keys enforced here
    with engine.begin() as conn:
        conn.execute(insert(hazard), [dict(fingerprint=str(i), unit_id=1, description="x", status=status, deadline=d,
                                           major=False, created_at=today, updated_at=today)
                                      for i, (status, d) in enumerate(rows)])
        in_sql = set(conn.scalars(select(hazard.c.fingerprint).where(hazard_rules.overdue_clause(today))))
    engine.dispose()
    in_python = {str(i) for i, (status, d) in enumerate(rows) if hazard_rules.is_overdue(status, d, today)}
    assert in_sql == in_python
    for status, d in rows:  # days overdue is counted for exactly the overdue ones (or those done late: not shown)
        days = hazard_rules.days_overdue(d, today)
        assert (days is not None and days > 0) == (d is not None and d < today)
        if d is not None and d < today:
            assert d + timedelta(days=days) == today


TEXT = st.sampled_from(["", "有"])  # texts are never NULL in the ledger (blank is "")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), TEXT, TEXT, st.sampled_from([None, 0, 3.5]), st.none() | DEADLINE, TEXT),
                min_size=1, max_size=30))
def test_the_sql_gaps_of_five_assurances_and_their_python_twin_agree(rows):
    """五落实: the SQL clause the bulletin counts with names the hazards missing_assurances names."""
    today = date(2018, 12, 20)
    engine = create_engine("sqlite://")
    metadata.create_all(engine, tables=[hazard])
    with engine.begin() as conn:
        conn.execute(insert(hazard), [
            {"fingerprint": str(i), "unit_id": 1, "description": "x", "status": "open", "major": major,
             "measures": measures, "responsible": responsible, "funds": funds, "deadline": deadline,
             "contingency": contingency, "created_at": today, "updated_at": today}
            for i, (major, measures, responsible, funds, deadline, contingency) in enumerate(rows)])
        in_sql = set(conn.scalars(select(hazard.c.fingerprint).where(hazard_rules.assurance_gaps_clause())))
    engine.dispose()
    names = [name for name, _ in hazard_rules.FIVE_ASSURANCES]
    in_python = {str(i) for i, (major, *values) in enumerate(rows)
                 if hazard_rules.missing_assurances(major, dict(zip(["measures", "responsible", "funds", "deadline",
                                                                     "contingency"], values)))}
    assert names == ["measures", "responsible", "funds", "deadline", "contingency"]
    assert in_sql == in_python
