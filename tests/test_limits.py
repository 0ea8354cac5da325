"""Limits are the same everywhere: text typed on the command line is held to the field's limit
like text read from a file, and an export never writes a row taller than Excel allows nor cuts a
cell without saying so (SQLite and PostgreSQL: VARCHAR columns there refuse longer text)."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from huikan.ledger.limits import TEXT_LIMIT, limit_of
from huikan.workbook.writer import CELL_LIMIT, MAX_ROW_HEIGHT

from .conftest import SAMPLE


@pytest.fixture
def clerk(run):
    assert run("init").exit_code == 0
    assert run("import", str(SAMPLE / "单位名单.xlsx")).exit_code == 0
    assert run("import", str(SAMPLE / "收件箱" / "省文物局问题隐患台账.xlsx")).exit_code == 0
    return run


def hazard(run, code: str) -> dict:
    return json.loads(run("hazard", "show", code, "--json").stdout)


@pytest.mark.parametrize(("args", "option", "limit"), [
    (("hazard", "set", "H0001", "--responsible"), "--responsible", limit_of("responsible")),
    (("hazard", "set", "H0001", "--note"), "--note", TEXT_LIMIT),
    (("hazard", "set", "H0001", "--deadline", "2019-01-31", "--reason"), "--reason", TEXT_LIMIT),
    (("hazard", "verify", "H0001", "--by"), "--by", limit_of("verified_by")),
])
def test_command_line_text_is_held_to_the_fields_limit(clerk, args, option, limit):
    before = hazard(clerk, "H0001")
    result = clerk(*args, "长" * (limit + 1))
    assert result.exit_code == 2
    assert f"'{option}'" in result.stderr and f"过长（{limit + 1} 字，最多 {limit} 字）" in result.stderr
    assert hazard(clerk, "H0001") == before  # nothing stored
    at_limit = clerk(*args, "长" * min(limit, 2000))  # taken by the option (verify may still refuse: not done)
    assert at_limit.exit_code != 2 and "过长" not in at_limit.stderr


def test_a_note_past_excels_cell_limit_is_exported_cut_with_a_word_and_a_row_excel_can_show(clerk, tmp_path):
    for part in ("一", "二", "三"):  # each within the limit; together past what a cell holds
        assert clerk("hazard", "set", "H0001", "--note", part * 30_000).exit_code == 0
    assert len(hazard(clerk, "H0001")["note"]) > 90_000  # the ledger keeps it whole
    book = tmp_path / "汇总.xlsx"
    assert clerk("export", "-o", str(book)).exit_code == 0
    sheet = load_workbook(book)["问题隐患台账"]
    header = [c.value for c in sheet[3]]
    row = next(r for r in sheet.iter_rows(min_row=4) if r[0].value == "H0001")
    note = row[header.index("备注")].value
    assert len(note) <= CELL_LIMIT and note.endswith("超过 Excel 单元格 32767 字的上限；全文保存在 huikan 账本中）")
    assert "原文共 90002 字" in note
    heights = [d.height for d in sheet.row_dimensions.values() if d.height]
    assert heights and max(heights) <= MAX_ROW_HEIGHT
