"""Tables inside Word returns are read like a sheet's: ledgers, self-checks, weekly forms and
contacts, merged cells and several tables; a document without one stays a receipt; .doc goes
through LibreOffice; the unit of a document comes from its own text when its name does not say."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from huikan.reading import word

from .conftest import SAMPLE
from .word_returns import word_file

RECEIVED = ("--received-at", "2018-12-14 10:00")


@pytest.fixture
def clerk(run):
    assert run("init").exit_code == 0
    assert run("import", str(SAMPLE / "单位名单.xlsx")).exit_code == 0
    return run


def imported(run, path, *args) -> dict:
    result = run("import", str(path), "--json", *RECEIVED, *args)
    [entry] = json.loads(result.stdout)
    return entry


def hazards(run, unit: str) -> dict[str, dict]:
    return {h["description"]: h for h in json.loads(run("hazards", "--unit", unit, "--json").stdout)}


LEDGER_ROWS = [
    ["序号", "场所名称", "问题隐患描述", "整改措施", "整改时限", "整改情况"],
    [1, "郑州市博物馆", "消防通道堆放杂物", "清理通道", "2018-12-20", "已整改"],
    [2, "", "灭火器过期", "更换灭火器", "2018-12-25", "整改中"],  # the venue merged down from row 1
    [3, "郑州大剧院", "疏散指示灯损坏", "更换指示灯", "立即整改", "未整改"],
]


def test_a_ledger_table_in_a_word_document(clerk, tmp_path):
    path = word_file(tmp_path / "问题隐患台账.docx", [
        "郑州市旅游局“回头看”问题隐患台账",
        "填报单位：郑州市旅游局　　填报日期：2018年12月14日",
        (LEDGER_ROWS, [(1, 1, 2, 1)]),
        "填表人：王敏　　联系电话：0371-12345678",
    ])
    entry = imported(clerk, path)
    assert (entry["outcome"], entry["kind"], entry["unit"], entry["rows"]) == ("imported", "ledger", "郑州市旅游局", 3)
    found = hazards(clerk, "郑州市旅游局")
    assert found["灭火器过期"]["venue"] == "郑州市博物馆"  # the merged cell fills the rows it spans
    assert found["消防通道堆放杂物"]["status"] == "done" and found["灭火器过期"]["status"] == "in_progress"
    assert found["疏散指示灯损坏"]["deadline"] is None and "立即整改" in found["疏散指示灯损坏"]["note"]


def test_two_tables_with_text_between_them_and_a_group_header_merged_across(clerk, tmp_path):
    selfcheck = [["序号", "检查项目", "自查情况", "发现问题数", "已整改数"]] + [
        [i, f"检查项{i}", "已开展自查", 1 if i == 4 else 0, 1 if i == 4 else 0] for i in range(1, 10)]
    ledger = [
        ["序号", "问题隐患描述", "整改责任", "", "整改时限"],
        ["", "", "责任单位", "责任人", ""],
        [1, "配电室堆放杂物", "保卫科", "李强", "2018-12-30"],
    ]
    path = word_file(tmp_path / "洛阳市旅游发展委员会自查报告.docx", [
        "洛阳市旅游发展委员会“回头看”自查报告",
        "一、自查情况",
        (selfcheck, []),
        "二、问题隐患台账",
        (ledger, [(0, 2, 0, 3), (0, 0, 1, 0), (0, 1, 1, 1), (0, 4, 1, 4)]),
        "洛阳市旅游发展委员会",
        "2018年12月14日",
    ])
    entry = imported(clerk, path)
    assert entry["outcome"] == "imported", entry
    assert set(entry["kind"].split("+")) == {"selfcheck", "ledger"}
    [hazard] = hazards(clerk, "洛阳市旅游发展委员会").values()
    assert (hazard["description"], hazard["responsible"]) == ("配电室堆放杂物", "李强")
    answers = json.loads(clerk("selfcheck", "--unit", "洛阳市旅游发展委员会", "--json").stdout)
    assert len(answers) == 9 and [a["found"] for a in answers if a["item"] == 4] == [1]


def test_a_weekly_form_in_word(clerk, tmp_path):
    form = [
        ["填报单位", "开封市旅游发展委员会", "填报时间", "2018年12月12日"],
        ["本周工作开展情况", "组织全市A级景区开展消防安全自查，检查景区12家。", "", ""],
        ["本周排查问题隐患数", "5", "本周整改数", "3"],
        ["下周工作安排", "开展复查。", "", ""],
    ]
    path = word_file(tmp_path / "第2周工作进展.docx", ["“回头看”活动每周工作进展情况", (form, [(1, 1, 1, 3), (3, 1, 3, 3)])])
    entry = imported(clerk, path, "--received-at", "2018-12-12 16:00")
    assert (entry["outcome"], entry["kind"], entry["unit"]) == ("imported", "weekly", "开封市旅游发展委员会"), entry
    [week] = json.loads(clerk("weekly", "--unit", "开封市旅游发展委员会", "--json").stdout)
    assert (week["found"], week["rectified"]) == (5, 3) and week["work_done"].startswith("组织全市A级景区")


def test_contacts_in_a_word_table(clerk, tmp_path):
    contacts = [
        ["", "姓名", "职务", "办公电话", "手机"],
        ["分管负责人", "赵刚", "副局长", "0371-66668888", "13900001111"],
        ["专职联络员", "钱丽", "安全科科长", "0371-66669999", "13900002222"],
    ]
    path = word_file(tmp_path / "实施方案及联络人.docx", [
        "许昌市文化广电新闻出版局“回头看”活动实施方案", "一、工作目标", "（正文略）", "附：联络人", (contacts, [])])
    entry = imported(clerk, path, "--received-at", "2018-12-05 10:00")
    assert (entry["outcome"], entry["kind"], entry["unit"]) == ("imported", "plan", "许昌市文化广电新闻出版局"), entry
    unit = next(u for u in json.loads(clerk("units", "--json").stdout) if u["name"] == "许昌市文化广电新闻出版局")
    assert (unit["liaison"]["name"], unit["liaison"]["mobile"]) == ("钱丽", "13900002222")


def test_a_document_without_a_table_to_read_is_a_receipt_of_the_unit_its_text_names(clerk, tmp_path):
    path = word_file(tmp_path / "专题报告.docx", [
        "关于“回头看”活动的专题报告", "填报单位：安阳市文化广电新闻出版局", "（正文略）",
        ([["附表", "见正文"]], []),  # a table that is no return
    ])
    entry = imported(clerk, path)
    assert (entry["outcome"], entry["kind"], entry["unit"]) == ("imported", "special", "安阳市文化广电新闻出版局"), entry
    assert "文档中的表格不是可识别的报表，按文档记录收到" in entry["notes"]


def test_the_signature_names_the_unit_when_nothing_else_does(clerk, tmp_path):
    path = word_file(tmp_path / "周报.docx", ["本周工作进展", "（正文略）", "南阳市旅游发展委员会", "2018年12月12日"])
    entry = imported(clerk, path, "--received-at", "2018-12-12 10:00")
    assert (entry["outcome"], entry["kind"], entry["unit"]) == ("imported", "weekly", "南阳市旅游发展委员会"), entry
    assert "文件名未写明单位，按文档中的填报单位、标题或落款认定为 南阳市旅游发展委员会" in entry["notes"]


def test_a_unit_merely_mentioned_in_the_body_is_not_the_sender(clerk, tmp_path):
    path = word_file(tmp_path / "专题报告.docx", ["专题报告", "我们学习了郑州市旅游局的做法。", "（正文略）", "二〇一八年十二月"])
    entry = imported(clerk, path)
    assert entry["outcome"] == "rejected"
    assert entry["errors"][0]["message"].startswith("无法从文件名和文档内容（标题、填报单位、落款）判断报送单位")


def test_a_damaged_docx_is_still_a_receipt_and_says_its_tables_were_not_read(clerk, tmp_path):
    path = tmp_path / "安阳市文广新局专题报告.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    entry = imported(clerk, path)
    assert (entry["outcome"], entry["unit"]) == ("imported", "安阳市文化广电新闻出版局")
    assert any(n.startswith("Word 文档已损坏") or n.startswith("文件已损坏") for n in entry["notes"]), entry["notes"]


def test_without_libreoffice_a_doc_is_a_receipt_and_the_note_says_why(clerk, tmp_path, monkeypatch):
    monkeypatch.setattr(word, "libreoffice", lambda: None)
    monkeypatch.setenv("HUIKAN_READ_IN_PROCESS", "1")
    path = tmp_path / "郑州市旅游局问题隐患台账.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    entry = imported(clerk, path)
    assert (entry["outcome"], entry["kind"], entry["unit"]) == ("imported", "ledger", "郑州市旅游局")
    assert "未安装 LibreOffice，无法读取 .doc 文件中的表格，按文档记录收到（安装 LibreOffice 后重新导入即可读取）" in entry["notes"]


needs_libreoffice = pytest.mark.skipif(word.libreoffice() is None,
                                       reason="LibreOffice is not installed (.ci/run installs libreoffice-writer-nogui)")


@pytest.mark.slow
@needs_libreoffice
def test_a_doc_is_read_through_libreoffice(clerk, tmp_path):
    source = word_file(tmp_path / "src" / "问题隐患台账.docx", ["填报单位：郑州市旅游局", (LEDGER_ROWS, [(1, 1, 2, 1)])])
    for target, folder in (("odt", source.parent), ("doc", tmp_path)):  # (LibreOffice's own .docx→.doc drops python-docx tables)
        subprocess.run([word.libreoffice(), "--headless", "--convert-to", target, "--outdir", str(folder),
                        str(source.with_suffix(".docx" if target == "odt" else ".odt"))],
                       check=True, capture_output=True, timeout=120)
    doc = tmp_path / "问题隐患台账.doc"
    entry = imported(clerk, doc)
    assert (entry["outcome"], entry["kind"], entry["unit"], entry["rows"]) == ("imported", "ledger", "郑州市旅游局", 3), entry
    assert ".doc 文件已用 LibreOffice 转换为 .docx 后读取" in entry["notes"]
    shutil.rmtree(tmp_path / "src")


@pytest.mark.slow
@needs_libreoffice
def test_a_pdf_names_its_unit_on_its_first_page(clerk, tmp_path):
    source = word_file(tmp_path / "src" / "报告.docx", ["关于“回头看”活动的专题报告", "报送单位：信阳市旅游局", "（正文略）"])
    subprocess.run([word.libreoffice(), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=120)
    entry = imported(clerk, tmp_path / "报告.pdf")
    assert (entry["outcome"], entry["kind"], entry["unit"]) == ("imported", "special", "信阳市旅游局"), entry


def test_a_kind_read_from_the_title_is_said_and_its_week_taken_from_it(clerk, tmp_path):
    path = word_file(tmp_path / "开封市旅游发展委员会材料.docx",
                     ["开封市旅游发展委员会“回头看”活动第2周工作进展", "（正文略）", "2018年12月19日"])
    entry = imported(clerk, path, "--received-at", "2018-12-19 10:00")
    assert (entry["outcome"], entry["kind"]) == ("imported", "weekly"), entry
    assert "文件名未写明报送事项，按文档标题「开封市旅游发展委员会“回头看”活动第2周工作进展」认定为每周工作进展" in entry["notes"]
    assert any("计入 每周工作进展 第2周" in n for n in entry["notes"]), entry["notes"]  # the week the title names


def test_a_doc_that_cannot_be_converted_is_still_a_receipt(clerk, tmp_path, monkeypatch):
    """LibreOffice timing out on a .doc (or failing on it) leaves the unit's document received."""
    from huikan.errors import InputError, Problem

    def times_out(path, workdir):
        raise InputError(str(path), [Problem("LibreOffice 转换超时（60 秒），文件可能已损坏")])

    monkeypatch.setattr(word, "converted_to_docx", times_out)
    path = tmp_path / "安阳市文广新局专题报告.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 40)  # an OLE header
    entry = imported(clerk, path)
    assert (entry["outcome"], entry["kind"], entry["unit"]) == ("imported", "special", "安阳市文化广电新闻出版局"), entry
    assert "LibreOffice 转换超时（60 秒），文件可能已损坏；按文档记录收到" in entry["notes"]
