"""The leadership rollup workbook (huikan export): eight sheets, made to be read and printed as is."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import chain, islice
from pathlib import Path

from huikan.reports.returns import weekly_rows
from huikan.reports.rollup import HAZARD_COLUMNS, Rollup
from huikan.reports.submissions import LATE, MISSING, ON_TIME
from huikan.workbook import styles
from huikan.workbook.writer import (
    A3,
    CM,
    Column,
    Formula,
    SheetWriter,
    column_letter,
    header_lines,
    new_workbook,
)

HazardStream = Callable[..., Iterator[list]]  # (overdue_only=, major_only=) -> rows of HAZARD_COLUMNS
SAMPLE_ROWS = 500  # rows measured for column widths before streaming the rest
MARK_ON_TIME, MARK_MISSING, MARK_LATE = "✓", "未报", "迟报"


def write_rollup(r: Rollup, hazards: HazardStream, path: Path, max_rows: int | None = None,
                 with_contacts: bool = False) -> Path:
    """The rollup; liaison names and phones only ``with_contacts`` (it is forwarded upward)."""
    wb = new_workbook(path)
    subtitle = f"截至 {r.as_of:%Y年%m月%d日 %H:%M}　当前阶段：{r.status.phase}"
    extra = {"max_rows": max_rows} if max_rows else {}
    _overview(wb, r, subtitle)
    _matrix(wb, r, subtitle, with_contacts)
    _weekly(wb, r, subtitle)
    _per_unit(wb, r, subtitle)
    _items(wb, r, subtitle)
    _hazard_sheet(wb, "问题隐患台账", f"{r.short_name}问题隐患台账", subtitle, hazards(), **extra)
    _print_view(wb, "逾期未整改", f"{r.short_name}逾期未整改问题隐患", subtitle, OVERDUE_VIEW, hazards(overdue_only=True),
                **extra)
    _print_view(wb, "重大隐患", f"{r.short_name}重大隐患", subtitle, MAJOR_VIEW, hazards(major_only=True), **extra)
    path.parent.mkdir(parents=True, exist_ok=True)
    return wb.save()


def _block_title(w: SheetWriter, text: str) -> None:
    w.raw([w.cell(text, font=styles.HEADER_FONT, border=None)])


def _overview(wb, r: Rollup, subtitle: str) -> None:
    s, h = r.status, r.status.hazards
    cols = [Column("项目", width=24), Column("", width=12), Column("", width=12), Column("", width=12),
            Column("", width=12), Column("", width=12), Column("", width=12), Column("", width=12)]
    w = SheetWriter(wb, "总体情况", cols, title=f"{r.campaign}汇总", subtitle=subtitle, show_header=False,
                    landscape=False, autofilter=False).start()
    nd = s.next_deadline
    _block_title(w, "一、基本情况")
    for label, value in [("活动", r.campaign), ("统计截至", r.as_of), ("当前阶段", s.phase),
                         ("活动剩余天数", s.campaign_days_left),
                         ("下一截止", f"{nd.name}（{nd.due:%m月%d日 %H:%M}）" if nd else "无"),
                         ("责任单位数", s.units)]:
        kind = "datetime" if label == "统计截至" else ("int" if isinstance(value, int) else "text")
        w.raw([w.cell(label), w.cell(value, kind, alignment=styles.LEFT)] + [w.cell(None) for _ in range(6)])
        w.merge_last(2, 8)
    w.raw([])
    _block_title(w, "二、报送情况")
    w.raw(w.header_cells(["事项", "应报", "已收", "按时", "迟报", "未报", "未到期", "按时率"]))
    for d in s.deliverables:
        w.raw([w.cell(d.name)] + [w.cell(getattr(d, k), "int") for k in ("owed", "received", "on_time", "late", "missing", "not_due")]
              + [w.cell(d.on_time_rate, "percent")])
    w.raw([])
    _block_title(w, "三、问题隐患整改")
    w.raw(w.header_cells(["指标", "全部", "其中重大隐患"]))
    for label, total, major, kind in [
        ("问题隐患总数", h.total, h.major, "int"), ("已整改", h.done, h.major_done, "int"),
        ("已复查销号", h.verified, None, "int"), ("逾期未整改", h.overdue, None, "int"),
        ("整改率", h.rectification_rate, h.major_rectification_rate, "percent"),
        ("销号率", h.closure_rate, None, "percent"),
    ]:
        w.raw([w.cell(label), w.cell(total, kind), w.cell(major, kind)])
    w.raw([])
    _block_title(w, "四、按问题来源")
    w.raw(w.header_cells(["来源", "总数", "已整改", "整改率"]))
    for o in r.by_origin:
        w.raw([w.cell(o.origin), w.cell(o.total, "int"), w.cell(o.done, "int"), w.cell(o.rate, "percent")])
    if not r.by_origin:
        w.raw([w.cell("尚无问题隐患")])
    w.finish(empty="")


def _matrix(wb, r: Rollup, subtitle: str, with_contacts: bool) -> None:
    subs = r.submissions
    slots = subs.slots
    states = {(s.unit.id, s.slot.id): s for s in subs.items}
    # The slot headers are the campaign's deliverable names, broken between words to fit: widening
    # seven columns to the longest name would shrink the whole matrix on paper.
    cols = [Column("单位", width=30)] + [Column(f"{header_lines(s.short_title, 12)}\n{s.due_at:%m-%d %H:%M}", width=12)
                                         for s in slots]
    cols += [Column("按时", "int", width=7), Column("迟报", "int", width=7), Column("未报", "int", width=7)]
    if with_contacts:
        cols.append(Column("专职联络员", width=22))
    lines = max(c.header.count("\n") + 1 for c in cols)
    w = SheetWriter(wb, "报送情况", cols, title=f"{r.short_name}报送情况一览", autofilter=False,
                    header_height=max(48, 16 * lines),
                    subtitle=f"{subtitle}　图例：✓ 按时　迟报（注明收到日期）　未报　— 无需报送（列入名单前已截止）").start()
    first_col, last_col = column_letter(2), column_letter(1 + len(slots))
    first = w.first_data_row
    for key, name, own in r.categories:
        members = [u for u in subs.units if u.category == key]
        if not members:
            continue
        title = f"{name}（{len(members)}个）" + ("" if own else "（单位名单中的类别，不属于本活动所列类别）")
        w.raw([w.cell(title, font=styles.HEADER_FONT, fill=styles.CATEGORY_FILL)]
              + [w.cell(None, fill=styles.CATEGORY_FILL) for _ in cols[1:]])
        w.merge_last(1, len(cols))
        for u in members:
            row = w.current_row
            cells = [w.cell(u.name)]
            for slot in slots:
                s = states.get((u.id, slot.id))
                if s is None:
                    cells.append(w.cell("—", "int"))  # not owed: added after it fell due
                elif s.state == ON_TIME:
                    cells.append(w.cell(MARK_ON_TIME, "int", fill=styles.GOOD_FILL))
                elif s.state == LATE:
                    cells.append(w.cell(f"{MARK_LATE} {s.received_at:%m-%d}", "int", fill=styles.WARN_FILL))
                elif s.state == MISSING:
                    cells.append(w.cell(MARK_MISSING, "int", fill=styles.BAD_FILL))
                else:
                    cells.append(w.cell(None, "int"))
            span = f"{first_col}{row}:{last_col}{row}"
            cells += [w.cell(Formula(f'=COUNTIF({span},"{MARK_ON_TIME}")'), "int"),
                      w.cell(Formula(f'=COUNTIF({span},"{MARK_LATE}*")'), "int"),
                      w.cell(Formula(f'=COUNTIF({span},"{MARK_MISSING}")'), "int")]
            if with_contacts:
                cells.append(w.cell(u.liaison_text()))
            w.raw(cells)
    last = w.current_row - 1
    for label, pattern in (("按时", MARK_ON_TIME), ("迟报", f"{MARK_LATE}*"), ("未报", MARK_MISSING)):
        cells = [w.cell(f"合计：{label}", font=styles.HEADER_FONT)]
        for c in range(2, len(slots) + 2):
            letter = column_letter(c)
            cells.append(w.cell(Formula(f'=COUNTIF({letter}{first}:{letter}{last},"{pattern}")'), "int", font=styles.HEADER_FONT))
        w.raw(cells)
    w.finish(empty="")


def _weekly(wb, r: Rollup, subtitle: str) -> None:
    """Each unit's latest weekly return: which week, on time or late, its counts and what it said."""
    cols = [Column("单位", width=24), Column("周次", width=7), Column("收到时间", "datetime", width=16),
            Column("报送", width=6), Column("本周\n排查", "int", width=7), Column("本周\n整改", "int", width=7),
            Column("累计\n排查", "int", width=7), Column("累计\n整改", "int", width=7),
            Column("本周工作开展情况", width=42, prebreak=True), Column("下步工作安排", width=28, prebreak=True)]
    w = SheetWriter(wb, "每周进展", cols, title=f"{r.short_name}各单位最近一期工作进展",
                    subtitle=f"{subtitle}　每个单位最近收到的一期周报").start()
    for x, shown in zip(r.weekly, weekly_rows(r.weekly), strict=True):
        w.row([x.unit, f"第{x.week}周" if x.week else "未计入", x.received_at, {ON_TIME: "按时", LATE: "迟报"}.get(x.state or "", ""),
               x.found, x.rectified, x.found_total, x.rectified_total, shown["work_done"], x.next_plan],
              fill=styles.WARN_FILL if x.state == LATE else None)
    missing = r.status.units - len(r.weekly)
    if missing > 0:
        w.raw([w.cell(f"另有 {missing} 个单位尚未报送周报。", border=None, font=styles.NOTE_FONT)])
    w.finish(empty="尚未收到周报")


def _per_unit(wb, r: Rollup, subtitle: str) -> None:
    cols = [Column("单位", width=28), Column("类别", width=14), Column("隐患总数", "int"), Column("重大隐患", "int"),
            Column("未整改", "int"), Column("整改中", "int"), Column("已整改", "int"), Column("已销号", "int"),
            Column("逾期未整改", "int"), Column("整改率", "percent", width=9)]
    w = SheetWriter(wb, "分单位统计", cols, title=f"{r.short_name}问题隐患整改分单位统计",
                    subtitle=f"{subtitle}　按逾期未整改数、整改率排序").start()
    first = w.first_data_row
    for s in r.units:
        row = w.current_row
        fill = styles.BAD_FILL if s.overdue else None
        w.row([s.unit, s.category, s.total, s.major, s.open, s.in_progress, s.done, s.verified, s.overdue,
               Formula(f'=IF(C{row}=0,"",G{row}/C{row})')], fill=fill)
    last = w.current_row - 1
    if r.units:
        total = w.current_row
        w.raw([w.cell("合计", font=styles.HEADER_FONT), w.cell(f"{len(r.units)} 个单位", font=styles.HEADER_FONT)]
              + [w.cell(Formula(f"=SUM({column_letter(c)}{first}:{column_letter(c)}{last})"), "int", font=styles.HEADER_FONT)
                 for c in range(3, 10)]
              + [w.cell(Formula(f'=IF(C{total}=0,"",G{total}/C{total})'), "percent", font=styles.HEADER_FONT)])
        chart = wb.chart("bar")  # bars across: in a bar chart the x axis holds the values
        chart.set_style(10)
        chart.set_title({"name": "各单位整改率"})
        sheet = w.ws.get_name()
        chart.add_series({"name": [sheet, first - 2, 9], "categories": [sheet, first - 1, 0, last - 1, 0],
                          "values": [sheet, first - 1, 9, last - 1, 9]})
        chart.set_x_axis({"name": "整改率", "num_format": "0%", "min": 0, "max": 1})
        chart.set_y_axis({"reverse": True})  # worst at the top, as in the table
        chart.set_legend({"none": True})
        chart.set_size({"width": 24 * CM, "height": max(7.5, 0.6 * len(r.units) + 3) * CM})
        w.ws.insert_chart(f"A{total + 3}", chart)  # below the table: the page stays one table wide
    if r.units_without_hazards:
        w.raw([w.cell(f"另有 {r.units_without_hazards} 个单位未报告问题隐患。", border=None, font=styles.NOTE_FONT)])
    w.finish(empty="尚无问题隐患")


def _items(wb, r: Rollup, subtitle: str) -> None:
    cols = [Column("序号", "int", width=6), Column("检查项", width=26), Column("自查报告\n单位数", "int", width=10),
            Column("自查发现\n问题数", "int", width=10), Column("自查\n已整改数", "int", width=10),
            Column("台账\n问题隐患数", "int", width=12), Column("台账\n已整改数", "int", width=10),
            Column("台账\n整改率", "percent", width=10)]
    w = SheetWriter(wb, "九项检查", cols, title=f"{r.short_name}“九对照、九检查”情况", subtitle=subtitle,
                    autofilter=False).start()
    first = w.first_data_row
    for it in r.items:
        row = w.current_row
        w.row([it.number, it.title, it.units_reported, it.problems_found, it.rectified, it.hazards, it.hazards_done,
               Formula(f'=IF(F{row}=0,"",G{row}/F{row})')])
    last, total = w.current_row - 1, w.current_row
    w.raw([w.cell(None), w.cell("合计", font=styles.HEADER_FONT), w.cell(None)]
          + [w.cell(Formula(f"=SUM({c}{first}:{c}{last})"), "int", font=styles.HEADER_FONT) for c in "DEFG"]
          + [w.cell(Formula(f'=IF(F{total}=0,"",G{total}/F{total})'), "percent", font=styles.HEADER_FONT)])
    w.finish(empty="")


# The hazard lists. 问题隐患台账 is the full table, all 22 fields, for filtering on screen (and
# printing on A3). 逾期未整改 and 重大隐患 are the lists leadership reads, so they are print
# views: the columns a leader reads, on A4 landscape at 10 pt. They are filters of the full
# table (逾期天数 not blank; 重大隐患 是), so nothing is lost that a filter cannot give back,
# the workbook keeps its eight sheets, and the ledger is streamed three times as before, not
# four (a 100k-hazard ledger is written in full once).
#
# A view's widths total about 125 characters, 930 px at Excel's 7 px a character (宋体 10 pt),
# against the 1,046 px A4 landscape prints between 0.4" margins: Excel prints it at 100 %. The
# slack is for 宋体 substituted by a font with wider digits (LibreOffice without SimSun counts a
# character as about 8.5 px), where fitting the width then shrinks it to about 92 %: 9.2 pt.
HAZARD_HEADERS = [c[0] for c in HAZARD_COLUMNS]
# Where the full table's headers break: between words, never inside one.
HEADER_LINES = {
    "场所类型": "场所\n类型", "隐患等级": "隐患\n等级", "重大隐患": "重大\n隐患", "整改资金（万元）": "整改资金\n（万元）",
    "应急预案/防控措施": "应急预案/\n防控措施", "原整改时限": "原整改\n时限", "整改状态": "整改\n状态",
}
# (field of HAZARD_COLUMNS, header shown, width): 11 columns each.
OVERDUE_VIEW = (
    ("编号", "编号", 7), ("单位", "单位", 13), ("问题隐患描述", "问题隐患描述", 24), ("场所名称", "场所名称", 11),
    ("重大隐患", "重大\n隐患", 6), ("整改措施", "整改措施", 18), ("责任人", "责任人", 8), ("整改时限", "整改时限", 10),
    ("整改状态", "整改\n状态", 7), ("逾期天数", "逾期\n天数", 6), ("备注", "备注", 13),
)
# Every row is a major hazard: 五落实 (措施、责任、资金、时限、预案, the notice's terms) takes the
# place of the 重大隐患 mark.
MAJOR_VIEW = (
    ("编号", "编号", 7), ("单位", "单位", 13), ("问题隐患描述", "问题隐患描述", 22), ("场所名称", "场所名称", 11),
    ("整改措施", "整改措施", 18), ("责任人", "责任人", 8), ("整改时限", "整改时限", 10), ("整改状态", "整改\n状态", 7),
    ("逾期天数", "逾期\n天数", 6), ("五落实", "五落实", 12), ("备注", "备注", 11),
)


def _hazard_sheet(wb, name: str, title: str, subtitle: str, rows: Iterator[list], max_rows: int | None = None) -> None:
    sample = list(islice(rows, SAMPLE_ROWS))
    # 五落实 is our own list (缺措施、资金): broken after its 、; what units wrote stays as written.
    cols = [Column(HEADER_LINES.get(header, header), kind, width=width, prebreak=header == "五落实")
            for header, kind, width in HAZARD_COLUMNS]
    extra = {"max_rows": max_rows} if max_rows else {}
    w = SheetWriter(wb, name, cols, title=title, subtitle=f"{subtitle}　本表含全部字段，供筛选查询，按 A3 横向打印",
                    streamed=True, paper=A3, **extra).start(sample)
    w.highlight(HAZARD_HEADERS.index("逾期天数"), styles.BAD_FILL)
    for values in chain(sample, rows):
        w.stream(values)
    w.finish(empty="无")


def _print_view(wb, name: str, title: str, subtitle: str, view: tuple, rows: Iterator[list],
                max_rows: int | None = None) -> None:
    """A list as leadership reads it on paper: ``view``'s columns of each hazard row, their text
    broken into lines by the writer (no line starts with 、，。), A4 landscape."""
    picks = [HAZARD_HEADERS.index(field) for field, _, _ in view]
    kinds = [HAZARD_COLUMNS[i][1] for i in picks]
    cols = [Column(header, kind, width=width, prebreak=True) for (_, header, width), kind in zip(view, kinds)]
    extra = {"max_rows": max_rows} if max_rows else {}
    w = SheetWriter(wb, name, cols, title=title, subtitle=subtitle, streamed=True, **extra).start()
    if view is not OVERDUE_VIEW:  # on the overdue list every row is overdue: no colour to tell them apart
        w.highlight([field for field, _, _ in view].index("逾期天数"), styles.BAD_FILL)
    for values in rows:
        w.stream([values[i] for i in picks])
    w.finish(empty="无")
