"""Archives as units send them (.zip with GBK names, folders, an archive inside an archive) and
file names as chat tools leave them ((1), 副本, _20181212): each member imported as if it lay in
the folder, named archive.zip/member; hostile members refused one by one."""

from __future__ import annotations

import io
import json
import os
import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from huikan.reading import archives, safety

from .conftest import SAMPLE
from .workbooks import write_xlsx

LEDGER = [["问题隐患描述", "整改时限", "整改状态"], ["消防通道堆放杂物", "2018-12-30", "整改中"]]


@pytest.fixture
def clerk(run):
    assert run("init").exit_code == 0
    assert run("import", str(SAMPLE / "单位名单.xlsx")).exit_code == 0
    return run


def results(run, *args) -> dict[str, dict]:
    result = run("import", *map(str, args), "--json")
    return {r["file"]: r for r in json.loads(result.stdout)}


def xlsx_bytes(tmp_path: Path, rows, name: str = "x.xlsx") -> bytes:
    return write_xlsx(tmp_path / "build" / name, rows).read_bytes()


def windows_zip(path: Path, members: dict[str, bytes]) -> Path:
    """A .zip as Windows' own tools write it: member names in GBK, without the UTF-8 flag.
    (zipfile always flags non-ASCII names, so placeholders of the same length are written and
    their bytes replaced by the GBK ones.)"""
    buffer = io.BytesIO()
    placeholders = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for i, (name, data) in enumerate(members.items()):
            raw = name.encode("gbk")
            placeholder = f"{i:03d}".ljust(len(raw), "_")
            placeholders[placeholder.encode()] = raw
            z.writestr(placeholder, data)
    data = buffer.getvalue()
    for placeholder, raw in placeholders.items():
        data = data.replace(placeholder, raw)
    path.write_bytes(data)
    return path


def test_a_zip_with_gbk_names_and_folders_imports_each_member_named_archive_slash_member(clerk, tmp_path):
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    archive = windows_zip(inbox / "开封市材料.zip", {
        "开封市文广新局/问题隐患台账.xlsx": xlsx_bytes(tmp_path, LEDGER, "a.xlsx"),
        "开封市文广新局/第2周工作进展.docx": b"not opened: a document by its name",
        "__MACOSX/开封市文广新局/._问题隐患台账.xlsx": b"\x00\x05\x16\x07",
        "开封市文广新局/~$问题隐患台账.xlsx": b"lock",
        "Thumbs.db": b"litter",
    })
    stamp = datetime(2018, 12, 12, 16, 30, tzinfo=ZoneInfo("Asia/Shanghai")).timestamp()  # the campaign's zone
    os.utime(archive, (stamp, stamp))
    found = results(clerk, inbox)
    ledger_member = f"{archive}/开封市文广新局/问题隐患台账.xlsx"
    weekly_member = f"{archive}/开封市文广新局/第2周工作进展.docx"
    assert set(found) == {ledger_member, weekly_member}  # the litter skipped
    assert (found[ledger_member]["outcome"], found[ledger_member]["unit"]) == ("imported", "开封市文化广电新闻出版局")
    assert found[weekly_member]["kind"] == "weekly"
    assert found[ledger_member]["received_at"] == "2018-12-12T16:30:00"  # received when the archive was
    again = results(clerk, inbox)
    assert {r["outcome"] for r in again.values()} == {"unchanged"}
    assert again[ledger_member]["notes"] == ["此文件此前已导入，内容相同"]
    logged = json.loads(clerk("log", "--json").stdout)  # the ledger names it archive.zip/member
    assert any(e["target"] == "开封市材料.zip/开封市文广新局/问题隐患台账.xlsx" for e in logged), logged


def test_the_archive_name_tells_the_unit_when_the_member_does_not(clerk, tmp_path):
    archive = tmp_path / "郑州市旅游局(1).zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("问题隐患台账.xlsx", xlsx_bytes(tmp_path, LEDGER))
    [entry] = results(clerk, archive).values()
    assert (entry["outcome"], entry["unit"], entry["kind"]) == ("imported", "郑州市旅游局", "ledger")
    assert "文件名未写明单位，按所在文件夹或压缩包「郑州市旅游局」认定为 郑州市旅游局" in entry["notes"]


def test_an_archive_in_an_archive_is_opened_one_level_deep(clerk, tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("洛阳市旅游发展委员会台账.xlsx", xlsx_bytes(tmp_path, LEDGER))
    deepest = io.BytesIO()
    with zipfile.ZipFile(deepest, "w") as z:
        z.writestr("三层.zip", inner.getvalue())
    middle = io.BytesIO()
    with zipfile.ZipFile(middle, "w") as z:
        z.writestr("再套一层.zip", deepest.getvalue())
    archive = tmp_path / "材料.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("各单位/洛阳.zip", inner.getvalue())
        z.writestr("太深.zip", middle.getvalue())
    found = results(clerk, archive)
    assert found[f"{archive}/各单位/洛阳.zip/洛阳市旅游发展委员会台账.xlsx"]["outcome"] == "imported"
    deep = found[f"{archive}/太深.zip/再套一层.zip"]
    assert deep["outcome"] == "rejected" and "嵌套过深" in deep["errors"][0]["message"]


def test_members_that_would_land_outside_or_inflate_too_far_are_refused_one_by_one(clerk, tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_MEMBER_BYTES", 50_000)  # the one check a zip member and a workbook share
    good = xlsx_bytes(tmp_path, LEDGER)
    archive = tmp_path / "郑州市旅游局材料.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("../郑州市旅游局台账.xlsx", good)
        z.writestr("/etc/郑州市旅游局台账.xlsx", good)
        z.writestr("zeros.csv", b"0" * 100_000)
        z.writestr("郑州市旅游局台账.xlsx", good)
    found = results(clerk, archive)
    messages = {name.rsplit(".zip/", 1)[1]: r["errors"][0]["message"] for name, r in found.items() if r["errors"]}
    assert "会解压到压缩包之外" in messages["../郑州市旅游局台账.xlsx"]
    assert "会解压到压缩包之外" in messages["/etc/郑州市旅游局台账.xlsx"]
    assert "疑似压缩炸弹" in messages["zeros.csv"]
    assert found[f"{archive}/郑州市旅游局台账.xlsx"]["outcome"] == "imported"


def test_every_member_lands_inside_the_extraction_folder_and_repeated_names_are_kept_apart(tmp_path):
    good = xlsx_bytes(tmp_path, LEDGER)
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("台账.xlsx", good + b"inner")
    archive = tmp_path / "材料.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name in ("../台账.xlsx", "a/../../台账.xlsx", "D:台账.xlsx", "sub/C:/台账.xlsx", "台账.xlsx:stream",
                     "/etc/台账.xlsx", "台账.xlsx"):
            z.writestr(name, good)
        z.writestr("材料.zip", inner.getvalue())  # an archive named as its outer one
    expanded = archives.expand([archive])
    try:
        root = expanded.workdir.resolve()
        extracted = [p for p in expanded.files if p not in expanded.refused]
        assert all(p.resolve().is_relative_to(root) for p in extracted)
        assert {expanded.names[p] for p in extracted} == {"材料.zip/台账.xlsx", "材料.zip/材料.zip/台账.xlsx"}
        assert len({p.read_bytes() for p in extracted}) == 2  # neither overwrote the other
        assert len(expanded.refused) == 6
        assert {p.name for p in root.parent.iterdir()} >= {root.name}  # and nothing beside the root
        assert not (tmp_path / "台账.xlsx").exists() and not (root.parent / "台账.xlsx").exists()
    finally:
        expanded.close()
    assert not root.exists()


def test_a_damaged_archive_and_a_rar_are_refused_with_a_clear_message(clerk, tmp_path):
    (tmp_path / "坏的.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    (tmp_path / "材料.rar").write_bytes(b"Rar!\x1a\x07\x00")
    found = results(clerk, tmp_path)
    assert "压缩包已损坏" in found[str(tmp_path / "坏的.zip")]["errors"][0]["message"]
    assert "暂不支持 RAR 压缩包" in found[str(tmp_path / "材料.rar")]["errors"][0]["message"]


CHAT_NAMES = ["郑州市旅游局第2周工作进展(1).xlsx", "郑州市旅游局第2周工作进展（2）.xlsx", "郑州市旅游局第2周工作进展 - 副本.xlsx",
              "郑州市旅游局第2周工作进展_20181212.xlsx", "20181212_郑州市旅游局第2周工作进展.xlsx",
              "Copy of 郑州市旅游局第2周工作进展.xlsx", "郑州市旅游局第2周工作进展的副本.xlsx"]


@pytest.mark.parametrize("name", CHAT_NAMES)
def test_chat_tool_names_keep_their_unit_and_kind(clerk, tmp_path, name):
    weekly = [["本周工作开展情况", "本周排查问题数", "本周整改数"], ["开展自查", 3, 2]]
    path = write_xlsx(tmp_path / name, weekly)
    [entry] = results(clerk, path, "--received-at", "2018-12-12 10:00").values()
    assert (entry["outcome"], entry["unit"], entry["kind"]) == ("imported", "郑州市旅游局", "weekly"), entry
    assert any("第2周" in n for n in entry["notes"])


@pytest.mark.parametrize("stem", ["1" * 250, "_1" * 120, "郑州市旅游局台账" + "_20181212" * 25, "(1)" * 80])
def test_marks_come_off_in_linear_time_whatever_the_name(stem):
    """A name of digits once made the mark regex try every way of cutting them (hours for 130)."""
    from huikan.recognise.filenames import plain_name

    assert plain_name(stem)  # returns (a test run that hangs here is the regression)


def test_a_byte_identical_copy_is_unchanged_and_names_the_file_it_duplicates(clerk, tmp_path):
    first = write_xlsx(tmp_path / "郑州市旅游局台账.xlsx", LEDGER)
    copy = tmp_path / "郑州市旅游局台账（1）.xlsx"  # sorted after the first
    copy.write_bytes(first.read_bytes())
    found = results(clerk, tmp_path)
    assert found[str(first)]["outcome"] == "imported"
    assert found[str(copy)]["outcome"] == "unchanged"
    assert found[str(copy)]["notes"] == [f"与本批中的「{first}」内容相同，未重复导入"]
    assert (found[str(copy)]["kind"], found[str(copy)]["unit"]) == ("ledger", "郑州市旅游局")  # what its original was
    later = tmp_path / "later" / "郑州市旅游局台账 - 副本.xlsx"
    later.parent.mkdir()
    later.write_bytes(first.read_bytes())
    [entry] = results(clerk, later).values()
    assert entry["outcome"] == "unchanged" and entry["notes"] == ["此文件此前已导入，内容相同（与已导入的「郑州市旅游局台账.xlsx」相同）"]
    assert (entry["kind"], entry["unit"]) == ("ledger", "郑州市旅游局")


def test_the_ledger_and_huikans_own_files_in_the_inbox_are_not_imported(clerk, tmp_path, db_url):
    inbox = tmp_path / "收件箱"
    write_xlsx(inbox / "郑州市旅游局台账.xlsx", LEDGER)
    for name in ("huikan.db", "huikan.db-wal", "huikan.db.v0004-20181212.bak", "huikan-错误报告-20181212-1.txt"):
        (inbox / name).write_bytes(b"x")
    assert list(results(clerk, inbox)) == [str(inbox / "郑州市旅游局台账.xlsx")]
