"""The official-document layout of GB/T 9704-2012 (党政机关公文格式) with python-docx.

A4; the body area 156 × 225 mm placed 37 mm from the top and 28 mm from the left; 22 lines of
28 characters of 3号 (16 pt) 仿宋_GB2312; the title in 2号 (22 pt) 方正小标宋简体; headings 一、 in
黑体, （一） in 楷体_GB2312; page numbers "— 1 —" in 4号 (14 pt) 宋体 under the body, odd pages
on the right and even pages on the left, one character in from the edge.

Those fonts are not on every machine: each is set as the East Asian font of its runs and of the
tables' two cell styles (what Word and WPS use for Chinese) and declared in the font table with
the system font to use in its place (``altName``: 宋体, 仿宋, 楷体), which Word, WPS and
LibreOffice honour.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT, PAGE_FONT = (
    "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体")
# The font used where one is missing, as Word's font table says it (w:altName).
FALLBACK = {"方正小标宋简体": "宋体", "仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体"}

TITLE_SIZE, BODY_SIZE, PAGE_SIZE_PT, TABLE_SIZE = Pt(22), Pt(16), Pt(14), Pt(12)
TABLE_TEXT, TABLE_HEADING = "Table Text", "Table Heading"  # paragraph styles of table cells
BODY_WIDTH_MM, BODY_HEIGHT_MM, TOP_MM, LEFT_MM = 156, 225, 37, 28  # 版心 of GB/T 9704 on A4
# 225 mm / 22 lines = 28.95 pt; a hair less (28.9 pt, 578 twips), since LibreOffice rounds 28.95 up to
# 29 pt, and 22 lines of 29 pt no longer fit the body (measured: 21 lines a page).
LINE_PITCH = Pt(28.9)
# 28 characters of 16 pt are 448 pt, the body 442.2 pt wide: each character is drawn 0.25 pt
# closer (Word's "紧缩 0.25 磅"), so a line holds exactly 28.
CONDENSE_TWIPS = -5


def new_document():
    """A document with the page, the styles and the page numbers of an official document."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.left_margin = Mm(TOP_MM), Mm(LEFT_MM)
    section.right_margin = Mm(210 - LEFT_MM - BODY_WIDTH_MM)
    section.bottom_margin = Mm(297 - TOP_MM - BODY_HEIGHT_MM)
    section.footer_distance = Mm(297 - TOP_MM - BODY_HEIGHT_MM - 7 - 6)  # the number line 7 mm under the body
    section.header_distance = Mm(15)
    _line_grid(doc)
    _styles(doc)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)  # odd pages: right
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    return doc


def east_asian(run_or_style, font: str) -> None:
    """Set ``font`` for Chinese (w:eastAsia) and Latin text alike."""
    _put(run_or_style.element.get_or_add_rPr(), "rFonts", _RPR_ORDER,
         ascii=font, hAnsi=font, eastAsia=font, cs=font)


# The order Word's schema gives the children of w:rPr and w:pPr: a child out of order can make
# Word call the file damaged, so the few python-docx cannot add are put in their place.
_RPR_ORDER = ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
              "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
              "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath").split()
_PPR_ORDER = ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
              "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
              "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
              "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange").split()


def _put(parent, tag: str, order: tuple[str, ...] | list[str], **attrs) -> None:
    """Set child ``w:tag`` of ``parent`` (replacing one there) in its schema position."""
    old = parent.find(qn(f"w:{tag}"))
    if old is not None:
        parent.remove(old)
    element = OxmlElement(f"w:{tag}")
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    later = set(order[order.index(tag) + 1:])
    for i, child in enumerate(parent):
        if child.tag.split("}")[-1] in later:
            parent.insert(i, element)
            return
    parent.append(element)


def _condensed(style) -> None:
    _put(style.element.get_or_add_rPr(), "spacing", _RPR_ORDER, val=str(CONDENSE_TWIPS))


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    east_asian(normal, BODY_FONT)
    normal.font.size = BODY_SIZE
    _condensed(normal)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE_PITCH
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = False  # 公文 lines fill the grid; no line is pushed to the next page
    _put(normal.element.get_or_add_rPr(), "lang", _RPR_ORDER, eastAsia="zh-CN")
    for name, font in ((TABLE_TEXT, BODY_FONT), (TABLE_HEADING, HEADING_FONT)):
        # a table's cells: 小四, single-spaced and off the 22-line grid (which is for the body's prose)
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        east_asian(style, font)
        size = str(round(TABLE_SIZE.pt * 2))
        _put(style.element.get_or_add_rPr(), "sz", _RPR_ORDER, val=size)
        _put(style.element.get_or_add_rPr(), "szCs", _RPR_ORDER, val=size)
        fmt = style.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.first_line_indent = Pt(0)
        _put(style.element.get_or_add_pPr(), "snapToGrid", _PPR_ORDER, val="0")


def _line_grid(doc) -> None:
    """Word's document grid of 22 lines (the body's lines fall on it in Word and WPS). python-docx
    has no setting for it: the section's XML is reached through the document's public element."""
    sect = doc.element.body.find(qn("w:sectPr"))
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))


def _page_number(paragraph, align) -> None:
    """— 1 — in 4号 宋体, one character in from the outside edge."""
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = PAGE_SIZE_PT
    else:
        fmt.left_indent = PAGE_SIZE_PT
    _page_run(paragraph, "— ")
    run = _page_run(paragraph, "")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run.element.append(char)
        elif text.strip() == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run.element.append(instr)
        else:
            shown = OxmlElement("w:t")
            shown.text = text
            run.element.append(shown)
    _page_run(paragraph, " —")


def _page_run(paragraph, text: str):
    run = paragraph.add_run(text)
    east_asian(run, PAGE_FONT)
    run.font.size = PAGE_SIZE_PT
    return run


def title(doc, text: str) -> None:
    """The title: 2号 小标宋, centred, with a blank line after it."""
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing = Pt(35)  # a 22 pt title needs more than one grid line
    run = p.add_run(text)
    east_asian(run, TITLE_FONT)
    run.font.size = TITLE_SIZE
    doc.add_paragraph()


def plain(doc, text: str, *, indent: bool = True, align=None, right_chars: float = 0):
    """A body paragraph: 3号 仿宋, the first line indented two characters."""
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    if indent:
        fmt.first_line_indent = BODY_SIZE * 2
    if align is not None:
        p.alignment = align
    if right_chars:
        fmt.right_indent = Pt(BODY_SIZE.pt * right_chars)
    if text:
        p.add_run(text)
    return p


def heading(doc, text: str, level: int, rest: str = ""):
    """一、 in 黑体, （一） in 楷体_GB2312, 1. in 仿宋; the text after a heading (``rest``) runs on
    in the body font, as official documents write 「（一）报送情况。本周…」."""
    p = plain(doc, "")
    run = p.add_run(text)
    east_asian(run, {1: HEADING_FONT, 2: SUBHEADING_FONT}.get(level, BODY_FONT))
    if rest:
        p.add_run(rest)
    return p


def new_page(paragraph) -> None:
    """Start ``paragraph`` on a new page (a break of its own, not an empty paragraph that may
    itself fall on the next page and leave it blank)."""
    paragraph.paragraph_format.page_break_before = True


def table(doc, headers: Sequence[str], rows: Sequence[Sequence], widths_mm: Sequence[float]) -> None:
    """A real Word table: in 小四 (12 pt) 仿宋 with the header in 黑体, the header row repeated on
    every page, no row split across pages, single-spaced (the 22-line grid is for the body's
    prose), the columns at their widths in the grid too (LibreOffice lays a table out by those).

    Written as WordprocessingML text: cell by cell through python-docx, a national bulletin's
    3,000 rows took 6 s; parsed into the document's tree and serialised again, 0.2 s of its
    0.26 s. So the text waits in the tree as a comment, and ``save`` puts it in its place (no
    cell text can end the comment: its hyphens are written as character references)."""
    twips = [round(w / 25.4 * 1440) for w in widths_mm]

    def quoted(style: str) -> str:
        return escape(doc.styles[style].style_id, {'"': "&quot;"})

    text_style, heading_style = quoted(TABLE_TEXT), quoted(TABLE_HEADING)

    def cell(text: str, width: int, style: str, center: bool) -> str:
        jc = '<w:jc w:val="center"/>' if center else ""
        return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/>'
                f'{jc}</w:pPr><w:r><w:t xml:space="preserve">{escape(text, _HYPHEN)}</w:t></w:r></w:p></w:tc>')

    def row(values, header: bool) -> str:
        marks = '<w:cantSplit w:val="true"/>' + ('<w:tblHeader w:val="true"/>' if header else "")
        cells = []
        for value, width in zip(values, twips):
            text = "" if value is None else str(value)
            center = header or len(text) <= 2 or (len(text) <= 10 and not text[:1].isalpha())  # numbers, codes, dates
            cells.append(cell(text, width, heading_style if header else text_style, center))
        return f'<w:tr><w:trPr>{marks}</w:trPr>{"".join(cells)}</w:tr>'

    style = quoted("Table Grid")
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
    xml = (f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="{sum(twips)}" w:type="dxa"/>'
           f'<w:jc w:val="center"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/></w:tblPr>'
           f'<w:tblGrid>{grid}</w:tblGrid>' + row(headers, True) + "".join(row(v, False) for v in rows) + "</w:tbl>")
    body = doc.element.body
    body.insert(len(body) - 1, etree.Comment(_TABLE_MARK + xml))  # before the body's last child, its sectPr


_HYPHEN = {"-": "&#45;"}
_TABLE_MARK = "huikan-table:"


def _tables_in_place(document_xml: bytes) -> bytes:
    """document.xml with the comments ``table`` left in it replaced by the tables they hold."""
    start, end = b"<!--" + _TABLE_MARK.encode(), b"-->"
    parts, at = [], 0
    while (found := document_xml.find(start, at)) >= 0:
        close = document_xml.index(end, found)
        parts += [document_xml[at:found], document_xml[found + len(start):close]]
        at = close + len(end)
    return b"".join(parts) + document_xml[at:]


def save(doc, path: Path) -> None:
    """Write the document to ``path`` with the font table naming each font's stand-in."""
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/fontTable.xml":
                data = _with_fallbacks(data)
            elif item.filename == "word/document.xml":
                data = _tables_in_place(data)
            out.writestr(item, data)


def _with_fallbacks(font_table: bytes) -> bytes:
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{"roman" if "宋" in name else "modern"}"/><w:pitch w:val="variable"/></w:font>'
        for name, alt in FALLBACK.items()
    )
    text = font_table.decode("utf-8")
    text = re.sub(r"(</w:fonts>)\s*$", entries + r"\1", text)
    return text.encode("utf-8")

