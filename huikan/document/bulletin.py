"""The weekly 通报 as a Word document: a ``Bulletin`` (reports/bulletin.py) laid out in the
official-document format (document/official.py). Every figure comes from the Bulletin; the
wording that belongs to a campaign (title, 主送, 下步工作要求, issuer) from its campaign file."""

from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH

from huikan.clock import describe_delta
from huikan.display import STATUS, in_prose, show
from huikan.document import official
from huikan.outputs import replaced_on_success
from huikan.reports.bulletin import Bulletin
from huikan.reports.submissions import MISSING

NUMERALS = "一二三四五六七八九十"


def _numbered(i: int) -> str:
    """The (i+1)-th item of a second-level list: （一）…（十）, then （11）."""
    return f"（{NUMERALS[i] if i < 10 else i + 1}）"
ATTACHMENTS = ("未报、迟报单位名单", "逾期未整改问题隐患清单", "未整改到位的重大隐患清单")


def write_bulletin(b: Bulletin, path: Path) -> Path:
    doc = official.new_document()
    official.title(doc, b.title)
    official.plain(doc, b.wording.recipients, indent=False)
    official.plain(doc, f"现将截至{in_prose(b.as_of)}{_campaign(b)}进展情况通报如下：")
    _overall(doc, b)
    _submissions(doc, b)
    _hazards(doc, b)
    official.heading(doc, "四、下步工作要求", 1)
    for i, text in enumerate(b.wording.requirements):
        official.heading(doc, _numbered(i), 2, text)
    _attachment_list(doc)
    _signature(doc, b)
    _attachments(doc, b)
    with replaced_on_success(path) as temp:
        official.save(doc, temp)
    return path


NAMED_IN_BODY = 15  # more units than this are named in 附件1, the body gives the first ones and the count


def _campaign(b: Bulletin) -> str:
    """“回头看”活动: the campaign's short name as a sentence writes it."""
    name = b.status.short_name
    quoted = name if "“" in name else f"“{name}”"
    return quoted if quoted.endswith("活动") else f"{quoted}活动"


def _units(subs, verb: str) -> str:
    names = [s.unit.name for s in subs]
    if len(names) <= NAMED_IN_BODY:
        return f"{'、'.join(names)}共{len(names)}个单位{verb}"
    return f"{'、'.join(names[:NAMED_IN_BODY])}等{len(names)}个单位{verb}（名单见附件1）"


def _overall(doc, b: Bulletin) -> None:
    s = b.status
    official.heading(doc, "一、总体情况", 1)
    phase = f"活动目前处于{s.phase}阶段" + (f"，距活动结束还有{s.campaign_days_left}天" if s.campaign_days_left else "")
    parts = []
    for d in s.deliverables:
        if not d.owed:
            continue
        rate = f"，按时报送率{in_prose(d.on_time_rate)}" if d.on_time_rate is not None else ""
        parts.append(f"{d.name}应报{d.owed}份，按时报送{d.on_time}份、迟报{d.late}份、未报{d.missing}份{rate}")
    owed = "；".join(parts) + "。" if parts else "尚无到期应报材料。"
    official.plain(doc, f"{phase}。纳入本次活动的责任单位共{s.units}个。截至{in_prose(b.as_of)}，{owed}")


def _submissions(doc, b: Bulletin) -> None:
    official.heading(doc, "二、报送情况", 1)
    if not b.named:
        official.plain(doc, "截至目前，尚无到期应报材料。")
        return
    for i, n in enumerate(b.named):
        head = f"{_numbered(i)}{n.slot.title}。"
        due = f"截止时间为{in_prose(n.slot.due_at)}。"
        if not n.missing and not n.late:
            official.heading(doc, head, 2, due + "各单位均按时报送。")
            continue
        said = []
        if n.missing:
            said.append(_units(n.missing, "未报送"))
        if n.late:
            said.append(_units(n.late, "迟报"))
        official.heading(doc, head, 2, due + "；".join(said) + "。")


def _hazards(doc, b: Bulletin) -> None:
    h = b.status.hazards
    official.heading(doc, "三、问题隐患排查整改情况", 1)
    rate = f"，整改率{in_prose(h.rectification_rate)}" if h.rectification_rate is not None else ""
    major_rate = f"，整改率{in_prose(h.major_rectification_rate)}" if h.major_rectification_rate is not None else ""
    overdue_major = h.overdue_major
    text = (f"各单位共排查问题隐患{h.total}条，已整改{h.done}条{rate}；其中重大隐患{h.major}条，"
            f"已整改{h.major_done}条{major_rate}。逾期未整改问题隐患{h.overdue}条（其中重大隐患{overdue_major}条）")
    worst = b.status.worst_units
    if worst:
        text += "，较多的单位是" + "、".join(f"{w.unit}（{w.overdue}条）" for w in worst[:3])
    official.plain(doc, text + "。")
    if not b.majors_open:
        official.heading(doc, "（一）重大隐患整改情况。", 2, "重大隐患均已整改到位。")
    else:
        official.heading(doc, "（一）重大隐患整改情况。", 2,
                         f"尚未整改到位的重大隐患{b.majors_open_count}条，其中“五落实”不全的{h.major_open_gaps}条（详见附件3）：")
        for i, m in enumerate(b.majors_open[:20], 1):
            when = f"整改时限{in_prose(m.deadline)}" if m.deadline else "未明确整改时限"
            late = f"，已逾期{m.days_overdue}天" if m.days_overdue else ""
            five = "“五落实”" * (not m.lacking) + m.assurances
            official.heading(doc, f"{i}.", 3, f"{m.unit}：{m.description}（{m.code}，{show(m.status, STATUS)}，{when}{late}；{five}）。")
        if b.majors_open_count > 20:
            official.plain(doc, f"其余{b.majors_open_count - 20}条见附件3。")
    if b.overdue:
        official.heading(doc, "（二）逾期未整改情况。", 2,
                         f"逾期未整改问题隐患{h.overdue}条（详见附件2），请有关单位抓紧整改，"
                         "确因客观原因不能按期完成的，要说明原因、明确新的整改时限。")
    else:
        official.heading(doc, "（二）逾期未整改情况。", 2, "目前没有逾期未整改的问题隐患。")


def _attachment_list(doc) -> None:
    official.plain(doc, "")
    official.plain(doc, f"附件：1. {ATTACHMENTS[0]}")
    for i, name in enumerate(ATTACHMENTS[1:], 2):
        p = official.plain(doc, f"{i}. {name}", indent=False)
        p.paragraph_format.left_indent = official.BODY_SIZE * 5  # under the first item's text


def _signature(doc, b: Bulletin) -> None:
    """发文机关署名 centred over the date; the date right, four characters in (GB/T 9704 7.3.5)."""
    date_text = in_prose(b.as_of.date())
    official.plain(doc, "")
    official.plain(doc, "")
    shift = 4 + max(0.0, (len(date_text) - len(b.issuer)) / 2)
    official.plain(doc, b.issuer, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=shift)
    official.plain(doc, date_text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)


def _attachments(doc, b: Bulletin) -> None:
    by_unit: dict[int, tuple] = {}  # 附件1: one row per unit, what it has not sent and what it sent late
    for n in b.named:
        for s in n.missing + n.late:
            row = by_unit.setdefault(s.unit.id, (s.unit, [], []))
            (row[1] if s.state == MISSING else row[2]).append(s)
    units = sorted(by_unit.values(), key=lambda r: r[0].seq)
    rows = [[i, unit.name, "、".join(s.slot.title for s in missing) or "—",
             "、".join(f"{s.slot.title}（迟{describe_delta(s.delay)}）" for s in late) or "—"]
            for i, (unit, missing, late) in enumerate(units, 1)]
    _attachment(doc, 1, ["序号", "单位", "未报", "迟报"], rows, [14, 46, 56, 40])
    rows = [[i, oh.code, oh.unit.name, oh.description, show(oh.deadline), oh.days] for i, oh in enumerate(b.overdue, 1)]
    _attachment(doc, 2, ["序号", "编号", "单位", "问题隐患描述", "整改时限", "逾期天数"], rows,
                [14, 20, 34, 50, 24, 14], more=b.status.hazards.overdue - len(rows))
    rows = [[i, m.code, m.unit, m.description, show(m.status, STATUS), "、".join(m.lacking) or "齐全"]
            for i, m in enumerate(b.majors_open, 1)]  # under 五落实缺项: what is lacking, not 缺…
    _attachment(doc, 3, ["序号", "编号", "单位", "问题隐患描述", "整改状态", "五落实缺项"], rows,
                [14, 18, 32, 46, 22, 24], more=b.majors_open_count - len(rows))


def _attachment(doc, number: int, headers, rows, widths, more: int = 0) -> None:
    label = official.plain(doc, "", indent=False)
    official.new_page(label)
    official.east_asian(label.add_run(f"附件{number}"), official.HEADING_FONT)
    official.title(doc, ATTACHMENTS[number - 1])
    if not rows:
        official.plain(doc, "无。")
        return
    official.table(doc, headers, rows, widths)
    if more > 0:
        official.plain(doc, f"另有{more}条未列出，完整清单见 huikan export 生成的汇总表。")
