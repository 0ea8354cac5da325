"""huikan bulletin: the weekly 通报 draft. Its layout is GB/T 9704-2012's (read back from the
.docx), its figures are status's and overdue's at the same as-of, its wording the campaign file's."""

from __future__ import annotations

import json
import re
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length, Pt

from .conftest import SAMPLE

AS_OF = "2018-12-24 09:00"


@pytest.fixture
def inbox_ledger(run):
    assert run("init").exit_code == 0
    assert run("import", str(SAMPLE / "单位名单.xlsx")).exit_code == 0
    times = SAMPLE / "收件时间.toml"
    import tomllib

    received = tomllib.loads(times.read_text(encoding="utf-8"))
    for path in sorted((SAMPLE / "收件箱").iterdir()):
        stamp = received.get(path.name)
        args = ("--received-at", stamp.strftime("%Y-%m-%d %H:%M")) if stamp else ()
        assert run("import", str(path), *args).exit_code in (0, 1)
    return run


def data(run, *args) -> dict | list:
    result = run(*args, "--as-of", AS_OF, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def bulletin(inbox_ledger, tmp_path):
    path = tmp_path / "通报.docx"
    facts = data(inbox_ledger, "bulletin", "-o", str(path))
    return path, Document(path), facts


def body_text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def east_asian_font(run) -> str | None:
    fonts = run.element.find(qn("w:rPr") + "/" + qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_the_page_and_the_fonts_are_those_of_an_official_document(bulletin):
    path, doc, _ = bulletin
    section = doc.sections[0]
    mm = lambda length: round(Length(length).mm, 1)  # noqa: E731 (Word stores twentieths of a point)
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.left_margin)) == (37, 28)
    assert mm(section.page_width - section.left_margin - section.right_margin) == 156  # the body area
    assert mm(section.page_height - section.top_margin - section.bottom_margin) == 225
    normal = doc.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.find(qn("w:rPr") + "/" + qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    pitch_mm = normal.paragraph_format.line_spacing.pt / 72 * 25.4
    assert 22 * pitch_mm <= 225 < 23 * pitch_mm  # 22 lines fill the body
    title = doc.paragraphs[0]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22) and east_asian_font(title.runs[0]) == "方正小标宋简体"
    body = next(p for p in doc.paragraphs if p.text.startswith("现将截至"))
    assert body.paragraph_format.first_line_indent == Pt(32)  # two characters
    heading1 = next(p for p in doc.paragraphs if p.text.startswith("一、"))
    heading2 = next(p for p in doc.paragraphs if p.text.startswith("（一）"))
    assert east_asian_font(heading1.runs[0]) == "黑体" and east_asian_font(heading2.runs[0]) == "楷体_GB2312"
    with zipfile.ZipFile(path) as z:  # the stand-ins where the official fonts are missing
        fonts = z.read("word/fontTable.xml").decode()
    for name, alt in (("方正小标宋简体", "宋体"), ("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体")):
        assert re.search(f'w:name="{name}"><w:altName w:val="{alt}"/>', fonts)


def test_page_numbers_are_dashed_on_the_outside_edge(bulletin):
    path, doc, _ = bulletin
    section = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        [p] = footer.paragraphs
        assert p.alignment == align
        assert p.text == "— 1 —"  # the field's shown value between the dashes
        assert {r.font.size for r in p.runs} == {Pt(14)} and {east_asian_font(r) for r in p.runs} == {"宋体"}
    with zipfile.ZipFile(path) as z:
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    assert len(footers) == 2 and all('<w:instrText xml:space="preserve"> PAGE </w:instrText>' in f for f in footers)


def test_the_figures_are_those_of_status_and_overdue_at_the_same_as_of(inbox_ledger, bulletin):
    path, doc, facts = bulletin
    status = data(inbox_ledger, "status")
    overdue = data(inbox_ledger, "overdue")
    text = body_text(doc)
    h = status["hazards"]
    assert f"各单位共排查问题隐患{h['total']}条，已整改{h['done']}条" in text
    assert f"其中重大隐患{h['major']}条，已整改{h['major_done']}条" in text
    assert f"逾期未整改问题隐患{h['overdue']}条" in text
    for d in status["deliverables"]:
        if d["owed"]:
            assert f"{d['name']}应报{d['owed']}份，按时报送{d['on_time']}份、迟报{d['late']}份、未报{d['missing']}份" in text
    assert f"纳入本次活动的责任单位共{status['units']}个" in text
    # 附件1: every late or missing return named in the body, as overdue lists them
    tables = {t.rows[0].cells[-1].text: t for t in doc.tables}
    named = {(n["deliverable_name"], u) for n in facts["named"] for u in n["missing"] + n["late"]}
    listed = set()  # 附件1: a row per unit, what it has not sent and what it sent late
    for row in tables["迟报"].rows[1:]:
        unit, missing, late = row.cells[1].text, row.cells[2].text, row.cells[3].text
        listed |= {(title, unit) for title in missing.split("、") if title != "—"}
        listed |= {(title.split("（迟")[0], unit) for title in late.split("、") if title != "—"}
    assert listed == named
    by_overdue = {(d["deliverable_name"], d["unit"]) for d in overdue["deliverables"]}
    assert named <= by_overdue
    week3 = {(d["deliverable_name"], d["unit"]) for d in overdue["deliverables"] if d["deliverable_name"] == "每周工作进展 第3周"}
    assert week3 and week3 <= named  # this week's weekly return, every unit that owes it
    # 附件2 and 附件3
    assert [row.cells[1].text for row in tables["逾期天数"].rows[1:]] == [h["id"] for h in overdue["hazards"]]
    hazards = data(inbox_ledger, "hazards")
    open_majors = {x["id"] for x in hazards if x["major"] and x["status"] != "done"}
    assert {row.cells[1].text for row in tables["五落实缺项"].rows[1:]} == open_majors
    with zipfile.ZipFile(path) as z:  # real tables, each header row repeated on every page
        xml = z.read("word/document.xml").decode()
    assert xml.count("<w:tbl>") == 3 and xml.count('<w:tblHeader w:val="true"/>') == 3


def test_the_title_week_recipients_requirements_and_issuer(bulletin):
    _, doc, facts = bulletin
    assert facts["week"] == 3
    assert doc.paragraphs[0].text == facts["title"]
    assert facts["title"].startswith("关于习近平总书记对鲁山") and facts["title"].endswith("第3周进展情况的通报")
    assert doc.paragraphs[2].text.startswith("各省辖市、省直管县（市）")
    text = body_text(doc)
    for heading in ("一、总体情况", "二、报送情况", "三、问题隐患排查整改情况", "四、下步工作要求"):
        assert heading in text
    assert "（一）高度重视，按时报送。" in text
    issuer = next(p for p in doc.paragraphs if p.text == "河南省文化和旅游厅“回头看”活动领导小组办公室")
    date_line = next(p for p in doc.paragraphs if p.text == "2018年12月24日")
    assert issuer.alignment == date_line.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date_line.paragraph_format.right_indent == Pt(64)  # four characters in


def test_week_option_and_output_rules(inbox_ledger, tmp_path):
    path = tmp_path / "通报.docx"
    facts = data(inbox_ledger, "bulletin", "--week", "2", "-o", str(path))
    assert facts["week"] == 2 and facts["title"].endswith("第2周进展情况的通报")
    assert [n["deliverable_name"] for n in facts["named"] if n["deliverable"] == "weekly"] == ["每周工作进展 第2周"]
    again = inbox_ledger("bulletin", "-o", str(path))
    assert again.exit_code == 1 and "--force" in again.stderr
    assert inbox_ledger("bulletin", "--force", "-o", str(path)).exit_code == 0
    missing_week = inbox_ledger("bulletin", "--week", "9", "-o", str(tmp_path / "x.docx"))
    assert missing_week.exit_code == 2 and "活动没有第 9 周" in missing_week.stderr


def test_the_wording_comes_from_the_campaign_file(run, tmp_path):
    from huikan.campaigns.spec import default_campaign_path

    text = default_campaign_path().read_text(encoding="utf-8")
    text = text[:text.index("[bulletin]")] + """[bulletin]
title = "{short_name}第{week}周情况通报"
recipients = "各相关单位："
requirements = ["第一条要求。", "第二条要求。"]
"""
    campaign = tmp_path / "campaign.toml"
    campaign.write_text(text, encoding="utf-8")
    assert run("init", "--campaign", str(campaign)).exit_code == 0
    path = tmp_path / "通报.docx"
    assert run("bulletin", "--as-of", "2018-12-13 09:00", "-o", str(path)).exit_code == 0
    doc = Document(path)
    assert doc.paragraphs[0].text == "回头看第2周情况通报"
    assert doc.paragraphs[2].text == "各相关单位："
    assert "（一）第一条要求。" in body_text(doc) and "（二）第二条要求。" in body_text(doc)
    assert "河南省文化和旅游厅" in body_text(doc)  # the issuer defaults to the campaign's


def test_a_title_with_an_unknown_placeholder_names_the_key():
    from huikan.campaigns.spec import default_campaign_path, parse_campaign
    from huikan.errors import ConfigError

    text = default_campaign_path().read_text(encoding="utf-8").replace(
        'title = "关于{name}第{week}周进展情况的通报"', 'title = "关于{活动}第{week}周"')
    with pytest.raises(ConfigError, match=r"bulletin\.title"):
        parse_campaign(text)


def test_a_week_not_yet_due_is_said_before_anything_is_counted(inbox_ledger, tmp_path):
    early = inbox_ledger("bulletin", "--week", "4", "--as-of", "2018-12-14 09:00", "-o", str(tmp_path / "x.docx"))
    assert early.exit_code == 2 and "第 4 周的周报" in early.stderr and "才截止" in early.stderr
    assert not (tmp_path / "x.docx").exists()


def test_a_table_keeps_every_text_as_written_in_its_cell_style(tmp_path):
    """Tables are written as text into document.xml when it is saved: a text that would end an
    XML comment, or break markup, comes back as written, in the table's 小四 仿宋 (header 黑体)."""
    from huikan.document import official

    doc = official.new_document()
    official.plain(doc, "正文")
    texts = ["a-->b", "结尾-", "--", "<w:p>&amp;", "锅炉房 -- 二层"]
    official.table(doc, ["序号", "描述"], [[i, t] for i, t in enumerate(texts, 1)], [20, 100])
    official.plain(doc, "表后")
    path = tmp_path / "t.docx"
    official.save(doc, path)
    back = Document(path)
    [table] = back.tables
    assert [row.cells[1].text for row in table.rows] == ["描述", *texts]
    assert [p.text for p in back.paragraphs] == ["正文", "表后"]  # in its place among the paragraphs
    header, cell = table.rows[0].cells[1].paragraphs[0], table.rows[1].cells[1].paragraphs[0]
    for paragraph, font in ((header, "黑体"), (cell, "仿宋_GB2312")):
        style = paragraph.style
        assert style.font.size == Pt(12)
        assert style.element.find(qn("w:rPr") + "/" + qn("w:rFonts")).get(qn("w:eastAsia")) == font
        assert style.paragraph_format.line_spacing_rule == WD_LINE_SPACING.SINGLE
