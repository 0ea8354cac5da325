"""Blank templates for units to fill in: title and deadline, 填报单位 line, header,
drop-down lists, date-formatted columns, frozen header, 填表说明. A filled template
must import cleanly (tests fill each one and import it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from huikan.campaigns import CampaignSpec
from huikan.campaigns.schedule import due_slots
from huikan.display import STATUS_LABELS, in_prose
from huikan.recognise.values import ORIGINS
from huikan.workbook import styles
from huikan.workbook.writer import Book, Column, SheetWriter, new_workbook

TEMPLATE_KINDS = ("units", "plan", "weekly", "selfcheck", "ledger")
BLANK_ROWS = {"units": 100, "plan": 2, "weekly": 1, "selfcheck": 9, "ledger": 200}
FILE_NAMES = {
    "units": "单位名单模板.xlsx",
    "plan": "实施方案联络人模板.xlsx",
    "weekly": "每周工作进展模板.xlsx",
    "selfcheck": "自查情况及问题隐患台账模板.xlsx",
    "ledger": "问题隐患台账模板.xlsx",
}


@dataclass
class Col:
    header: str
    width: int = 12
    format: str | None = None  # number format
    options: list[str] | None = None  # drop-down list
    prefill: list[str] = field(default_factory=list)  # values written down the column


def _deadline_text(spec: CampaignSpec, key: str) -> str:
    slots = [s for s in due_slots(spec) if s.deliverable == key]
    if not slots:
        return ""
    if len(slots) == 1:
        return f"{in_prose(slots[0].due_at, year=False)}前报送"
    due = slots[0].due_at
    weekday = "一二三四五六日"[due.weekday()]
    return f"每周{weekday}{due.hour}时前报送（{slots[0].due_at:%m月%d日}至{slots[-1].due_at:%m月%d日}，共{len(slots)}期）"


def _deadline_for(spec: CampaignSpec, kind: str) -> str:
    d = spec.deliverable_receiving(kind)
    return _deadline_text(spec, d.key) if d else ""


def _items(spec: CampaignSpec) -> list[str]:
    return [f"{i.number}.{i.title}" for i in spec.items]


def _columns(kind: str, spec: CampaignSpec) -> list[Col]:
    date = styles.DATE_FORMAT
    if kind == "units":
        return [
            Col("序号", 6), Col("单位名称（必填）", 30), Col("类别（必填）", 20, options=[c.name for c in spec.categories]),
            Col("简称/别名", 26), Col("分管负责人姓名", 10), Col("分管负责人职务", 12),
            Col("分管负责人电话", 15, styles.TEXT_FORMAT), Col("专职联络员姓名", 10), Col("专职联络员职务", 12),
            Col("专职联络员电话", 15, styles.TEXT_FORMAT),
        ]
    if kind == "plan":
        return [
            Col("人员类别", 14, options=["分管负责人", "专职联络员"], prefill=["分管负责人", "专职联络员"]),
            Col("姓名", 12), Col("职务", 20), Col("联系电话", 18, styles.TEXT_FORMAT),
        ]
    if kind == "weekly":
        weeks = [s.label for s in due_slots(spec) if s.deliverable == (spec.deliverable_receiving("weekly") or spec.deliverables[0]).key]
        return [
            Col("报送日期", 12, date), Col("周次", 8, options=weeks or None), Col("本周工作开展情况", 40),
            Col("本周排查问题数", 10), Col("本周整改数", 10), Col("累计排查数", 10), Col("累计整改数", 10),
            Col("下周工作安排", 36),
        ]
    if kind == "selfcheck":
        return [
            Col("检查项", 30, prefill=[f"（{'一二三四五六七八九'[i.number - 1]}）{i.wording}" for i in spec.items]),
            Col("自查情况", 50), Col("发现问题数", 10), Col("已整改数", 10), Col("备注", 16),
        ]
    if kind == "ledger":
        return [
            Col("序号", 6), Col("问题隐患描述（必填）", 36), Col("场所名称", 18), Col("场所类型", 12),
            Col("检查项", 16, options=_items(spec)), Col("隐患等级", 10, options=["一般隐患", "重大隐患"]),
            Col("发现日期", 12, date), Col("来源", 8, options=list(ORIGINS)), Col("整改措施", 30), Col("责任人", 10),
            Col("整改资金（万元）", 10, styles.MONEY_FORMAT), Col("应急预案/防控措施", 24), Col("整改时限", 12, date),
            Col("整改状态", 10, options=[STATUS_LABELS[s] for s in ("open", "in_progress", "done")]),
            Col("完成日期", 12, date), Col("备注", 16),
        ]
    raise ValueError(kind)


_TITLES = {
    "units": "责任单位名单",
    "plan": "实施方案联络人信息表",
    "weekly": "每周工作进展情况表",
    "selfcheck": "“九对照、九检查”自查情况表",
    "ledger": "突出问题和重大隐患台账",
}

_GUIDE = {
    "units": ["类别须从下拉列表中选择；简称可填多个，用顿号（、）分隔。", "联系电话请按文本填写，勿加空格。"],
    "plan": ["请填写分管负责人和专职联络员的姓名、职务及联系方式。", "“回头看”活动具体实施方案请另附 Word 或 PDF 文件，文件名含“实施方案”和单位名称。"],
    "weekly": ["报送日期填写本期报送日期；周次从下拉列表中选择。", "问题数均填写阿拉伯数字；累计数含本周。"],
    "selfcheck": ["“自查情况”工作表：逐项填写自查情况、发现问题数和已整改数。", "“问题隐患台账”工作表：逐条填写未整改到位的突出问题和重大隐患。"],
    "ledger": [
        "每条问题隐患填写一行；检查项、隐患等级、来源、整改状态从下拉列表中选择。",
        "日期按 2018-12-20 格式填写；重大隐患须填写整改措施、责任人、整改资金、整改时限和应急预案（五落实）。",
        "已整改的请填写完成日期；再次报送时请在上次台账基础上更新，不要删除已列出的问题。",
    ],
}


def _sheet(wb: Book, kind: str, spec: CampaignSpec, title: str) -> None:
    cols = _columns(kind, spec)
    deadline = _deadline_for(spec, kind)
    subtitle = f"{spec.short_name}活动" + (f"　{deadline}" if deadline else "") + (f"　报送至：{spec.office}" if spec.office else "")
    # fit_headers off: a form re-issued mid-campaign keeps the widths of the one units already have.
    writer = SheetWriter(wb, title, [Column(c.header, width=c.width) for c in cols],
                         title=f"{spec.short_name}{_TITLES[kind]}", subtitle=subtitle, autofilter=False, fit_headers=False)
    if kind != "units":  # the 填报单位 / 填报日期 line the importer reads
        date_col = max(3, len(cols) - 1)
        line = [None] * (date_col + 1)
        line[0] = ("填报单位：", {"font": styles.HEADER_FONT, "border": None})
        line[1] = (None, {"fill": styles.INPUT_FILL, "border": None})
        line[date_col - 1] = ("填报日期：", {"font": styles.HEADER_FONT, "border": None})
        line[date_col] = (None, {"fill": styles.INPUT_FILL, "border": None, "number_format": styles.DATE_FORMAT})
        writer.extra_top.append(line)
    writer.start()
    first, last = writer.first_data_row, writer.first_data_row + BLANK_ROWS[kind] - 1
    for r in range(BLANK_ROWS[kind]):
        writer.raw([
            writer.cell(col.prefill[r] if r < len(col.prefill) else None, fill=styles.INPUT_FILL, number_format=col.format)
            for col in cols
        ], height=120 if kind == "weekly" and r == 0 else None)  # the week's work is written at length
    for c, col in enumerate(cols, start=1):
        if col.options:
            writer.list_validation(c, first, last, col.options, col.header.split("（")[0])


def _guide(wb: Book, kinds: list[str]) -> None:
    lines = [line for k in kinds for line in _GUIDE[k]]
    lines.append("请勿修改表头，勿合并单元格；可以增加行。表格下方的注释行（注：、填表人：）不会被当作数据。")
    writer = SheetWriter(wb, "填表说明", [Column("说明", width=100)], title="填表说明", autofilter=False).start()
    for i, line in enumerate(lines, start=1):
        writer.row([f"{i}. {line}"])


def build_template(kind: str, spec: CampaignSpec, path: Path) -> Book:
    wb = new_workbook(path)
    if kind == "selfcheck":
        _sheet(wb, "selfcheck", spec, "自查情况")
        _sheet(wb, "ledger", spec, "问题隐患台账")
        _guide(wb, ["selfcheck", "ledger"])
    else:
        _sheet(wb, kind, spec, _TITLES[kind][:31])
        _guide(wb, [kind])
    return wb


def template_targets(kind: str, out: Path | None) -> list[tuple[str, Path]]:
    """Where templates go: one file for a kind, or every kind into a folder for "all"."""
    if kind == "all":
        folder = out or Path(".")
        return [(k, folder / FILE_NAMES[k]) for k in TEMPLATE_KINDS]
    target = out or Path(FILE_NAMES[kind])
    return [(kind, target / FILE_NAMES[kind] if target.is_dir() else target)]


def write_templates(kind: str, spec: CampaignSpec, out: Path | None) -> list[Path]:
    written = []
    for k, path in template_targets(kind, out):
        path.parent.mkdir(parents=True, exist_ok=True)
        build_template(k, spec, path).save()
        written.append(path)
    return written
