"""A long text table is read a chunk of rows at a time (issue 17: a 1M-row CSV took 1.9 GB read
whole). Wherever the chunks fall, the import must be the one of the file read whole: the same
hazards, the same notes, the same refusals, and nothing stored from a file refused."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from huikan.errors import InputError
from huikan.importers.runner import extract_file, import_paths
from huikan.ledger.tables import hazard, source_file, unit
from huikan.reading import text_tables

from .conftest import NOW

UNITS = ["郑州市旅游局", "信阳市旅游局", "开封市旅游发展委员会"]
HEADER = ["序号", "单位", "问题隐患描述", "场所名称", "整改措施", "整改时限", "整改状态", "完成日期", "备注"]


def ledger_rows(count: int = 160, *, later: bool = False) -> list[list[str]]:
    """A multi-unit ledger as an office's system exports it, with what the reader must skip or note
    spread through it (past the first chunk's 100 rows too): section titles, 合计 rows, the header
    repeated, blank rows, deadlines in words, unreadable deadlines, statuses in a sentence, done
    dates beside 整改中, rows without a description; a footer with a row after it ends it.
    ``later``: the next week's, a few rows done."""
    rows = [["郑州市旅游局等单位问题隐患台账（汇总）"], HEADER]
    for i in range(1, count + 1):
        if i % 40 == 1:
            rows.append(["一、重大隐患" if i % 80 == 1 else "二、一般隐患"])
        status, done = ("已整改", "2018-12-18") if later and i % 5 == 0 else ("整改中", "")
        deadline = "立即整改" if i % 11 == 0 else "尽快" if i % 13 == 0 else f"2018-12-{10 + i % 20:02d}"
        if i % 7 == 0:
            status = "已完成整改并经复查"
        if i % 9 == 0:
            done = "2018-12-15"  # beside 整改中: kept in 备注 only
        rows.append([str(i), UNITS[i % 3], f"第{i}处：疏散通道堆放杂物，安全出口锁闭", f"场所{i % 6}", "清理杂物",
                     deadline, status, done, ""])
        if i % 50 == 20:
            rows += [["合计", "", "", "", "", "", "", "", ""], HEADER, ["", "", "", "", "", "", "", "", ""]]
        if i % 50 == 25:
            rows.append(["", UNITS[0], "", "场所1", "补充整改措施", "", "", "", ""])
    rows += [["填表人：张三"], ["1", UNITS[0], "签字后补充的一行", "场所1", "", "", "", "", ""]]
    return rows


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def outcome(ledger, path: Path, chunk: int, **kwargs):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(text_tables, "CHUNK_ROWS", chunk)
        [result] = import_paths(ledger, [path], received_at=NOW, now=NOW, **kwargs)
    return result


def refused_with_nothing_stored(ledger, result, words: str) -> None:
    assert result.outcome == "rejected" and words in result.errors[0].message, result.errors
    with ledger.reading() as conn:
        assert conn.execute(select(func.count()).select_from(hazard)).scalar_one() == 0


def stored(ledger) -> set[tuple]:
    with ledger.reading() as conn:
        rows = conn.execute(select(unit.c.name, hazard.c.row_no, hazard.c.description, hazard.c.venue,
                                   hazard.c.deadline, hazard.c.status, hazard.c.done_on, hazard.c.major, hazard.c.note)
                            .join(unit, unit.c.id == hazard.c.unit_id)).all()
    return {tuple(r) for r in rows}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chunk=st.integers(min_value=1, max_value=60))
def test_wherever_the_chunks_fall_the_import_is_the_whole_files(ledger_with_units, tmp_path, chunk):
    path = write_csv(tmp_path / "台账汇总.csv", ledger_rows())
    whole = outcome(ledger_with_units, path, 100_000, dry_run=True)
    chunked = outcome(ledger_with_units, path, chunk, dry_run=True)
    assert whole.outcome == "imported", whole.errors
    assert (chunked.outcome, chunked.rows, chunked.errors) == (whole.outcome, whole.rows, whole.errors)
    # The same notes; a kind of note first met in a later chunk comes later in the list.
    assert sorted(chunked.notes) == sorted(whole.notes)


def test_a_chunked_import_stores_every_row_as_read_whole(ledger_with_units, tmp_path):
    path = write_csv(tmp_path / "台账汇总.csv", ledger_rows())
    result = outcome(ledger_with_units, path, 7)
    assert result.outcome == "imported" and result.rows == 160
    expected = set()
    for extract in extract_file(ledger_with_units, path, now=NOW):  # the file read whole
        for known, batch in extract.payload:
            c = batch.columns
            for i in range(len(batch)):
                status = c["status"][i] or ("done" if c["done_on"][i] else "open")
                expected.add((known.name, c["row_no"][i], c["description"][i], c["venue"][i], c["deadline"][i], status,
                              c["done_on"][i] if status == "done" else None, bool(c["major"][i]), c["note"][i]))
    assert stored(ledger_with_units) == expected
    majors = {int(row[1]): row[7] for row in expected}
    assert all(majors[i] == ((i - 1) % 80 < 40) for i in majors)  # section titles hold across chunks
    assert any("「尽快」" in note for note in result.notes) and any("签字后补充" in n or "之后还有" in n for n in result.notes)
    with ledger_with_units.reading() as conn:
        assert conn.execute(select(source_file.c.rows).where(source_file.c.kind == "ledger")).scalar_one() == 160


def test_a_resent_ledger_in_chunks_is_matched_as_a_whole(ledger_with_units, tmp_path):
    first = write_csv(tmp_path / "台账第1周.csv", ledger_rows())
    assert outcome(ledger_with_units, first, 100_000).outcome == "imported"
    later = write_csv(tmp_path / "台账第2周.csv", ledger_rows(170, later=True))
    whole = outcome(ledger_with_units, later, 100_000, dry_run=True)
    chunked = outcome(ledger_with_units, later, 4)
    assert whole.outcome == chunked.outcome == "updated"
    assert sorted(chunked.notes) == sorted(whole.notes) and any("更新" in n for n in chunked.notes)
    with ledger_with_units.reading() as conn:
        assert conn.execute(select(func.count()).select_from(hazard)).scalar_one() == 170


def test_a_problem_in_a_late_chunk_refuses_the_file_with_every_problem(ledger_with_units, tmp_path):
    rows = ledger_rows()
    rows[5][1] = "不存在的单位甲"  # in the first chunk
    rows[150][1] = "不存在的单位乙"  # chunks later, after rows were stored
    path = write_csv(tmp_path / "台账汇总.csv", rows)
    result = outcome(ledger_with_units, path, 5)
    assert result.outcome == "rejected"
    assert {p.row for p in result.errors} == {6, 151}
    with ledger_with_units.reading() as conn:
        assert conn.execute(select(func.count()).select_from(hazard)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(source_file)).scalar_one() == 1  # the unit list only


def test_an_undecodable_byte_in_a_late_chunk_refuses_the_file(ledger_with_units, tmp_path):
    path = write_csv(tmp_path / "台账汇总.csv", ledger_rows(), encoding="utf-16")
    data = path.read_bytes()
    cut = len(data) - 200
    path.write_bytes(data[:cut] + b"\x00\xd8\x41\x00" + data[cut:])  # a lone surrogate near the end
    refused_with_nothing_stored(ledger_with_units, outcome(ledger_with_units, path, 5), "无法识别的字符")


@pytest.mark.parametrize("change, words", [
    (lambda path: path.write_bytes(path.read_bytes() + b"41,x,y\r\n"), "被修改"),
    (lambda path: path.unlink(), "无法读取文件"),
], ids=["changed", "gone"])
def test_a_file_changed_or_gone_while_it_is_read_is_said_in_words(tmp_path, change, words):
    path = write_csv(tmp_path / "台账.csv", ledger_rows())
    table = text_tables.open_text_table(path)
    change(path)
    with pytest.raises(ValueError, match=words):
        next(table.rows())


def test_a_long_unit_list_is_read_whole(ledger, tmp_path):
    rows = [["单位名称", "类别"]] + [[name, "省辖市"] for name in UNITS] + [[f"测试单位{i:02d}", "直属单位"] for i in range(30)]
    result = outcome(ledger, write_csv(tmp_path / "单位名单.csv", rows), 4)
    assert result.outcome == "imported" and result.rows == 33


def own_unit_then_departments() -> list[list[str]]:
    """A unit's ledger whose 单位 column names the unit for 150 rows, then its departments."""
    rows = [["郑州市旅游局问题隐患台账"], ["序号", "单位", "问题隐患描述", "整改措施", "整改时限", "整改状态"]]
    for i in range(1, 301):
        where = "郑州市旅游局" if i <= 150 else ["保卫科", "门卫室", "后勤组"][i % 3]
        rows.append([str(i), where, f"第{i}处：安全出口锁闭", "打开", "2018-12-20", "整改中"])
    return rows


def done_dates_that_are_deadlines() -> list[list[str]]:
    """完成时间 beside 已整改 in the first 150 rows, then beside 整改中 in the 250 after: a deadline."""
    rows = [["填报单位：郑州市旅游局"], ["序号", "问题隐患描述", "整改措施", "完成时间", "整改状态"]]
    for i in range(1, 401):
        done = i <= 150 and i % 10 < 7
        rows.append([str(i), f"第{i}处：灭火器过期", "更换", "2018-12-18", "已整改" if done else "整改中"])
    return rows


@pytest.mark.parametrize("rows", [own_unit_then_departments, done_dates_that_are_deadlines],
                         ids=["unit-column", "done-date-or-deadline"])
def test_what_a_column_holds_is_decided_on_every_row(ledger_with_units, tmp_path, rows):
    """Whether 单位 names the list's units, whether 完成时间 is a deadline: decided on the whole
    file, as when it is read whole, wherever the first chunk ends."""
    path = write_csv(tmp_path / "郑州市旅游局台账.csv", rows())
    whole = outcome(ledger_with_units, path, 100_000, dry_run=True)
    chunked = outcome(ledger_with_units, path, 7, dry_run=True)
    assert whole.outcome == "imported", whole.errors
    assert (chunked.outcome, chunked.unit, chunked.rows, chunked.errors) == (whole.outcome, whole.unit, whole.rows,
                                                                              whole.errors)
    assert sorted(chunked.notes) == sorted(whole.notes)


def test_a_unit_whose_hazards_all_come_after_the_first_chunk_is_the_files(ledger_with_units, tmp_path):
    rows = [["填报单位：郑州市旅游局"], ["序号", "问题隐患描述", "整改措施", "整改时限", "整改状态"]]
    rows += [[str(i), "", "", "", ""] if i <= 150 else [str(i), f"第{i}处：安全出口锁闭", "打开", "2018-12-20", "整改中"]
             for i in range(1, 201)]
    result = outcome(ledger_with_units, write_csv(tmp_path / "台账.csv", rows), 7)
    assert (result.outcome, result.unit, result.rows) == ("imported", "郑州市旅游局", 50)
    with ledger_with_units.reading() as conn:
        assert conn.execute(select(unit.c.name).join(source_file, source_file.c.unit_id == unit.c.id)
                            .where(source_file.c.kind == "ledger")).scalar_one() == "郑州市旅游局"


def test_a_quote_never_closed_is_refused_in_words(ledger_with_units, tmp_path):
    rows = ledger_rows()
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    lines = text.getvalue().splitlines(keepends=True)
    lines[150] = lines[150].replace("第", '"第', 1)  # a quote opened and never closed, chunks after the first
    path = tmp_path / "台账汇总.csv"
    path.write_text("".join(lines) + "x" * 140_000, encoding="utf-8")
    refused_with_nothing_stored(ledger_with_units, outcome(ledger_with_units, path, 7), "引号没有配对")


def test_an_undecodable_byte_is_named_on_its_line_in_big_endian_utf16(tmp_path):
    lines = "".join(f"{i},第{i}处：安全出口锁闭\r\n" for i in range(1, 100_001))
    data = "\ufeff".encode("utf-16-be") + lines.encode("utf-16-be")  # a BOM, then big-endian
    cut = data.index("90001,".encode("utf-16-be"))
    (tmp_path / "台账.csv").write_bytes(data[:cut] + b"\xdc\x00" + data[cut:])  # a lone low surrogate
    with pytest.raises(InputError) as refused:
        text_tables.open_text_table(tmp_path / "台账.csv")
    assert refused.value.problems[0].message.startswith("第90001行含无法识别的字符")
