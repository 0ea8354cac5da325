"""Hostile and broken files are rejected with a clear message and leave the ledger unchanged."""

from __future__ import annotations

import io
import json
import os
import shutil
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest

from huikan.importers.runner import import_paths
from huikan.reading import safety

from .conftest import NOW, SAMPLE, snapshot
from .workbooks import write_csv, write_xlsx

GOOD = [["问题隐患描述", "整改状态"], ["通道堵塞", "未整改"]]


@pytest.fixture
def ledger(ledger_with_units):
    return ledger_with_units


def rejected(ledger, path, **kw) -> list[str]:
    """Import a file that must be refused; the ledger must not change. Returns the messages."""
    before = snapshot(ledger)
    [result] = import_paths(ledger, [path], unit="郑州市旅游局", now=NOW, **kw)
    assert result.outcome == "rejected", result
    assert snapshot(ledger) == before
    return [str(e) for e in result.errors]


def test_truncated_xlsx(ledger, tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", GOOD)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert any("已损坏" in m for m in rejected(ledger, bad))


def test_binary_junk_named_xlsx(ledger, tmp_path):
    bad = tmp_path / "junk.xlsx"
    bad.write_bytes(os.urandom(3000) + b"\x00" * 10)
    assert any("已损坏或不是有效的工作簿" in m for m in rejected(ledger, bad))


def test_xlsx_that_is_really_csv_or_xls(ledger, tmp_path):
    csv_named_xlsx = write_csv(tmp_path / "csv.xlsx", GOOD, encoding="gbk")
    [result] = import_paths(ledger, [csv_named_xlsx], unit="郑州市旅游局", now=NOW)
    assert (result.outcome, result.format, result.rows) == ("imported", "csv", 1)
    from .conftest import SAMPLE

    xls_named_xlsx = tmp_path / "xls.xlsx"
    xls_named_xlsx.write_bytes((SAMPLE / "收件箱" / "开封市文广新局问题隐患台账.xls").read_bytes())
    [result] = import_paths(ledger, [xls_named_xlsx], now=NOW)
    assert (result.outcome, result.format, result.rows) == ("imported", "xls", 3)


def test_encrypted_workbook(ledger, tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_xlsx(tmp_path / "plain.xlsx", GOOD)
    encrypted = tmp_path / "加密.xlsx"
    with plain.open("rb") as src, encrypted.open("wb") as dst:
        OOXMLFile(src).encrypt("secret", dst)
    assert any("工作簿已加密（设有打开密码）" in m for m in rejected(ledger, encrypted))


def _replace_member(path, member: str, data: bytes, extra: dict[str, bytes] | None = None):
    src = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, data if item.filename == member else src.read(item.filename))
        for name, content in (extra or {}).items():
            dst.writestr(name, content)
    path.write_bytes(out.getvalue())
    return path


LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')


def billion_laughs(tmp_path):
    """A workbook whose sheet XML declares nested entities and uses them in a cell."""
    path = write_xlsx(tmp_path / "bomb.xlsx", GOOD)
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    bombed = b'<?xml version="1.0"?>' + LAUGHS + sheet.replace("通道堵塞".encode(), b"&lol3;")
    return _replace_member(path, "xl/worksheets/sheet1.xml", bombed)


def test_xml_bomb(ledger, tmp_path):
    assert any("XML 实体声明" in m for m in rejected(ledger, billion_laughs(tmp_path)))


def test_zip_bomb(ledger, tmp_path, monkeypatch):
    monkeypatch.setenv("HUIKAN_READ_IN_PROCESS", "1")  # so that the patched limit is the one applied
    monkeypatch.setattr(safety, "RATIO_FLOOR_BYTES", 1024 * 1024)
    path = write_xlsx(tmp_path / "zipbomb.xlsx", GOOD)
    _replace_member(path, "", b"", extra={"xl/media/image1.bin": b"\0" * (40 * 1024 * 1024)})
    started = time.perf_counter()
    messages = rejected(ledger, path)
    assert any("疑似压缩炸弹" in m for m in messages)
    assert time.perf_counter() - started < 5  # refused from the headers, nothing inflated


def test_a_million_formatted_empty_rows(ledger, tmp_path):
    """Formatting to the bottom of the sheet: stop at the real data, do not spin."""
    path = write_xlsx(tmp_path / "formatted.xlsx", GOOD)
    rows = "".join(f'<row r="{r}"><c r="A{r}" s="0" t="inlineStr"><is><t xml:space="preserve"> </t></is></c></row>'
                   for r in range(3, 1_000_001))
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    sheet = sheet.replace("</sheetData>", rows + "</sheetData>").replace('<dimension ref="A1:B2"/>', '<dimension ref="A1:B1000000"/>')
    _replace_member(path, "xl/worksheets/sheet1.xml", sheet.encode())
    started = time.perf_counter()
    [result] = import_paths(ledger, [path], unit="郑州市旅游局", now=NOW)
    assert (result.outcome, result.rows) == ("imported", 1)
    assert time.perf_counter() - started < 30


@pytest.fixture(params=["inline", "in a thread", "in 7-byte chunks"])
def scan(request, monkeypatch):
    """The formula/error scan runs inline for small files, in a thread beside calamine for big
    ones, and reads the sheet XML in chunks (a marker may straddle two)."""
    from huikan.reading import files, safety

    monkeypatch.setenv("HUIKAN_READ_IN_PROCESS", "1")  # the patched settings apply in this process only
    if request.param == "in a thread":
        monkeypatch.setattr(files, "PARALLEL_SCAN_BYTES", 0)
    elif request.param == "in 7-byte chunks":
        monkeypatch.setattr(safety, "_CHUNK", 7)


@pytest.mark.usefixtures("scan")
@pytest.mark.parametrize("whole", [True, False], ids=["read whole", "read row by row"])
def test_a_long_run_of_blank_rows_ends_the_sheet(ledger, tmp_path, monkeypatch, whole):
    """6,000 rows of spaces, then a stray cell: the sheet ended at the real data (both readers)."""
    from huikan.reading import files

    monkeypatch.setattr(files, "WHOLE_READ_ROWS", 10_000_000 if whole else 0)
    path = write_xlsx(tmp_path / "stray.xlsx", GOOD)
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t xml:space="preserve"> </t></is></c></row>'
                   for r in range(3, 6003))
    rows += '<row r="6100"><c r="A6100" t="inlineStr"><is><t>远处的一格</t></is></c></row>'
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    sheet = sheet.replace("</sheetData>", rows + "</sheetData>").replace('<dimension ref="A1:B2"/>', '<dimension ref="A1:B6100"/>')
    _replace_member(path, "xl/worksheets/sheet1.xml", sheet.encode())
    [result] = import_paths(ledger, [path], unit="郑州市旅游局", now=NOW)
    assert (result.outcome, result.rows) == ("imported", 1)


def accepted(ledger, path) -> tuple[list[dict], list[str]]:
    """Import a file that is accepted with notes: its hazards as stored, and the notes."""
    from sqlalchemy import select

    from huikan.ledger.tables import hazard

    [result] = import_paths(ledger, [path], unit="郑州市旅游局", now=NOW)
    assert result.outcome == "imported", result
    with ledger.reading() as conn:
        stored = [row._asdict() for row in conn.execute(
            select(hazard.c.description, hazard.c.status, hazard.c.deadline, hazard.c.note).order_by(hazard.c.id))]
    return stored, result.notes


def test_formula_cells_without_cached_values_are_named(ledger, tmp_path):
    """A formula without a saved result reads as blank, by cell, in the notes: the rest of the file imports."""
    path = write_xlsx(tmp_path / "formula.xlsx", [["问题隐患描述", "整改状态", "整改时限"], ["甲", "未整改", "=DATE(2018,12,20)"],
                                                  ["乙", "未整改", "2018-12-21"]])
    stored, notes = accepted(ledger, path)
    assert [(h["description"], h["deadline"]) for h in stored] == [("甲", None), ("乙", date(2018, 12, 21))]
    assert ("工作表「Sheet1」 C列（整改时限） 第2行：单元格是公式，但文件中没有保存计算结果，按空白读取"
            "（可请报送单位在 Excel/WPS 中打开、保存后重发）") in notes


@pytest.mark.usefixtures("scan")
def test_error_values(ledger, tmp_path):
    """An error value reads as blank, by cell; a row whose description is an error value is not a hazard."""
    path = write_xlsx(tmp_path / "errors.xlsx", [["问题隐患描述", "整改状态"], ["#REF!", "未整改"], ["乙", "#N/A"]])
    stored, notes = accepted(ledger, path)
    assert [(h["description"], h["status"]) for h in stored] == [("乙", "open")]
    assert notes[-2:] == [
        "工作表「Sheet1」 A列（问题隐患描述） 第2行：单元格为错误值 #REF!（公式出错），按空白读取",
        "工作表「Sheet1」 B列（整改状态） 第3行：单元格为错误值 #N/A（公式出错），按空白读取",
    ]


def test_ten_thousand_character_cell(ledger, tmp_path):
    """A long description is kept whole (a cell holds at most 32,767 characters anyway)."""
    path = write_xlsx(tmp_path / "long.xlsx", [["问题隐患描述", "整改状态"], ["很长" * 5000, "未整改"]])
    stored, _ = accepted(ledger, path)
    assert stored[0]["description"] == "很长" * 5000


def test_control_characters_never_reach_the_ledger(ledger, tmp_path):
    """Invisible control characters pasted from other systems are removed, not a reason to refuse."""
    path = write_csv(tmp_path / "ctl.csv", [["问题隐患描述", "整改状态"], ["通道\x07堵塞\x1b", "未整改"]])
    [result] = import_paths(ledger, [path], unit="郑州市旅游局", now=NOW)
    assert result.outcome == "imported"
    from sqlalchemy import select

    from huikan.ledger.tables import hazard

    with ledger.reading() as conn:
        assert conn.scalar(select(hazard.c.description)) == "通道堵塞"


def _damaged(good: bytes, how: str) -> bytes:
    """A workbook damaged the ways mail and USB sticks damage them, inside its zip structure."""
    data = bytearray(good)
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        member = next(m for m in zf.infolist() if m.filename == "xl/worksheets/sheet1.xml")
    local = member.header_offset
    name_len, extra_len = int.from_bytes(data[local + 26:local + 28], "little"), int.from_bytes(data[local + 28:local + 30], "little")
    body = local + 30 + name_len + extra_len
    if how == "deflate stream":  # bytes flipped inside the compressed sheet
        for i in range(body + 2, body + min(member.compress_size, 40), 3):
            data[i] ^= 0x5A
    elif how == "compression method":  # a method zipfile does not know, in both headers
        central = bytes(data).find(b"xl/worksheets/sheet1.xml", bytes(data).find(b"PK\x01\x02")) - 46
        data[local + 8:local + 10] = data[central + 10:central + 12] = (99).to_bytes(2, "little")
    elif how == "encrypted flag":
        data[local + 6] |= 1
        central = bytes(data).find(b"xl/worksheets/sheet1.xml", bytes(data).find(b"PK\x01\x02")) - 46
        data[central + 8] |= 1
    return bytes(data)


@pytest.mark.parametrize("how", ["deflate stream", "compression method", "encrypted flag"])
def test_damaged_archives_are_refused_and_the_batch_goes_on(ledger, tmp_path, how):
    """Damage zipfile reports as zlib.error, NotImplementedError or RuntimeError is the file's, said
    by name; the folder's other files import."""
    good = write_xlsx(tmp_path / "in" / "郑州市旅游局问题隐患台账.xlsx", GOOD)
    bad = tmp_path / "in" / "郑州市旅游局问题隐患台账（损坏）.xlsx"
    bad.write_bytes(_damaged(good.read_bytes(), how))
    results = {r.file: r for r in import_paths(ledger, [tmp_path / "in"], now=NOW)}
    assert results[str(good)].outcome == "imported"
    assert results[str(bad)].outcome == "rejected"
    assert "已损坏" in str(results[str(bad)].errors[0])


def test_a_damaged_xls_that_makes_the_reader_panic_is_refused(ledger):
    """calamine's Rust code panics on some damaged .xls streams (a BaseException): the file is refused."""
    path = Path(__file__).parent / "fixtures" / "hostile" / "calamine-panics.xls"
    messages = rejected(ledger, path)
    assert any("已损坏" in m for m in messages), messages


def test_a_damaged_xls_that_makes_the_reader_abort_the_process_is_refused_and_the_batch_goes_on(ledger, tmp_path):
    """calamine asks for 1.3 TB for this one and Rust aborts its process: the helper process that
    parses workbooks dies, not huikan; the file is refused, the files after it are read."""
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "hostile" / "calamine-aborts.xls", inbox / "a郑州市旅游局台账.xls")
    write_xlsx(inbox / "b郑州市旅游局台账.xlsx", GOOD)
    first, second = import_paths(ledger, [inbox], now=NOW)
    assert first.outcome == "rejected" and second.outcome == "imported"
    assert first.errors[0].message == ("文件已损坏：读取此工作簿时读取程序异常终止（文件中的数据要求分配 1,280 GB 内存），"
                                       "请让报送单位在 Excel/WPS 中打开、另存后重新发送")


def test_one_far_cell_that_makes_the_reader_ask_for_half_a_terabyte_is_refused(ledger, tmp_path):
    """A 2-cell .xlsx with a value in XFD1048576: calamine allocates the whole 1,048,576 × 16,384
    range and Rust aborts. The helper dies instead of huikan; the file is refused."""
    path = write_xlsx(tmp_path / "郑州市旅游局台账.xlsx", GOOD)
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    _replace_member(path, "xl/worksheets/sheet1.xml", sheet.replace("</sheetData>", far).encode())
    messages = rejected(ledger, path)
    assert any(m.startswith("文件已损坏：读取此工作簿时读取程序异常终止（文件中的数据要求分配") for m in messages), messages


def test_folder_litter_and_symlink_loops(ledger, tmp_path):
    inbox = tmp_path / "收件箱"
    write_xlsx(inbox / "郑州市旅游局台账.xlsx", GOOD)
    for name in ("~$郑州市旅游局台账.xlsx", ".hidden.xlsx", "Thumbs.db", ".DS_Store", "desktop.ini"):
        (inbox / name).write_bytes(b"\x00junk")
    (inbox / "loop").symlink_to(inbox, target_is_directory=True)
    (inbox / "sub").mkdir()
    (inbox / "sub" / "self").symlink_to(inbox / "sub", target_is_directory=True)
    results = import_paths(ledger, [inbox], now=NOW)
    assert [(os.path.basename(r.file), r.outcome) for r in results] == [("郑州市旅游局台账.xlsx", "imported")]


def test_names_and_cells_are_inert_on_the_terminal(run, tmp_path):
    """ESC sequences and line breaks in a file name or a cell are shown escaped, rich markup in a
    cell is text: nothing a unit wrote can recolour the terminal or print a line that is not ours.
    --json keeps them as given."""
    assert run("init").exit_code == 0
    assert run("import", str(SAMPLE / "单位名单.xlsx")).exit_code == 0
    inbox = tmp_path / "收件箱"
    name = "郑州市旅游局\x1b[31m台账\n共 9 个文件：导入 9.xlsx"
    write_xlsx(inbox / name, [["问题隐患描述", "整改状态"], ["[bold red]通道[/] 堵塞", "未整改"]])
    result = run("import", str(inbox), "--unit", "郑州市旅游局")
    assert result.exit_code == 0, result.output
    shown = result.output + result.stderr
    assert "\x1b" not in shown and "\\x1b[31m台账\\n共 9 个文件" in shown
    assert not any(line.startswith("共 9 个文件") for line in shown.splitlines())
    listed = run("hazards")
    assert "[bold red]通道[/] 堵塞" in listed.output and "\x1b" not in listed.output
    files = json.loads(run("import", str(inbox), "--unit", "郑州市旅游局", "--json").output)
    assert files[0]["file"].endswith(name)  # JSON keeps the name as given (escaped by JSON itself)


def test_a_reader_that_runs_too_long_is_stopped_and_the_next_file_is_read(ledger, tmp_path, monkeypatch):
    """A parser that loops (pypdf and calamine have, on hostile files) is killed after its time;
    that file is refused by name, and the next one gets a new helper."""
    from huikan.reading import isolated

    monkeypatch.setattr(isolated, "WORKBOOK_SECONDS", 0.0)  # no file can be read in no time
    rows = GOOD + [[f"第{i}处通道堵塞", "未整改"] for i in range(20_000)]  # (tenths of a second to parse: the kill is first)
    slow = write_xlsx(tmp_path / "a" / "郑州市旅游局台账.xlsx", rows)
    [result] = import_paths(ledger, [slow], now=NOW)
    assert result.outcome == "rejected"
    assert result.errors[0].message.startswith("读取此文件超过 0 秒仍未完成，已停止")
    monkeypatch.setattr(isolated, "WORKBOOK_SECONDS", 600)
    later = write_xlsx(tmp_path / "b" / "郑州市旅游局台账.xlsx", GOOD[:1] + [["通道堵塞", "未整改"]])
    [result] = import_paths(ledger, [later], unit="郑州市旅游局", now=NOW)
    assert result.outcome == "imported"
