"""The one synonym vocabulary: header texts people write, per field.

Headers are compared after ``normalise_header`` (no spaces or line breaks, half-width,
no （必填）/*/numbering), so list each synonym once in its plain form.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SYNONYMS: dict[str, tuple[str, ...]] = {
    # unit list
    "unit": ("单位名称", "单位", "填报单位", "责任单位", "所属单位", "报送单位", "单位全称", "单位名称全称", "责任单位名称",
             "部门", "部门名称", "单位(部门)", "单位/部门", "机构名称"),
    "category": ("类别", "单位类别", "单位类型", "类型", "分类", "单位性质", "所属类别", "单位分类"),
    "aliases": ("别名", "简称", "别名/简称", "简称/别名", "别名简称", "简称别名", "常用名称", "其他名称", "简称或别名",
                "曾用名", "又称", "别称", "又名", "俗称", "其他叫法"),
    "added_on": ("纳入日期", "加入日期", "增补日期", "添加日期"),
    "lead_name": ("分管负责人", "分管负责人姓名", "分管领导", "分管领导姓名", "负责人", "负责人姓名", "分管负责同志"),
    "lead_title": ("分管负责人职务", "分管领导职务", "负责人职务"),
    "lead_phone": ("分管负责人电话", "分管负责人联系电话", "分管负责人联系方式", "分管领导电话", "分管领导联系方式",
                   "负责人电话", "负责人联系电话", "分管负责人办公电话", "分管领导办公电话"),
    "lead_mobile": ("分管负责人手机", "分管领导手机", "负责人手机", "分管负责人手机号码"),
    "liaison_name": ("专职联络员", "专职联络员姓名", "联络员", "联络员姓名", "联系人", "联系人姓名"),
    "liaison_title": ("专职联络员职务", "联络员职务", "联系人职务"),
    "liaison_phone": ("专职联络员电话", "专职联络员联系电话", "专职联络员联系方式", "联络员电话", "联络员联系电话",
                      "联络员联系方式", "联系人电话", "联系电话", "联系方式", "专职联络员办公电话", "联络员办公电话"),
    "liaison_mobile": ("专职联络员手机", "联络员手机", "联系人手机", "手机", "手机号码", "专职联络员手机号码"),
    # contacts as rows: 类别 | 姓名 | 职务 | 办公电话 | 手机, one row per person
    "role": ("人员类别", "类别", "职责", "身份", "人员", "联系人类别", "角色", "人员类型", "联络人类别", "职务分工",
             "分工", "活动分工", "在活动中承担", "承担职责", "活动职务", "小组职务", "活动中职务", "担任"),
    "person_name": ("姓名", "名字"),
    "person_title": ("职务", "职务/职称", "职称", "职位", "职务职称", "单位职务", "现任职务", "行政职务"),
    "person_phone": ("联系电话", "电话", "联系方式", "办公电话", "座机", "固定电话", "办公室电话"),
    "person_mobile": ("手机", "手机号码", "手机号", "移动电话"),
    # hazard ledger
    "row_no": ("序号", "编号", "序列号", "No"),
    "description": ("问题隐患描述", "隐患内容", "存在问题", "问题隐患", "问题描述", "隐患描述", "问题及隐患",
                    "存在的问题隐患", "问题隐患内容", "存在的问题", "隐患问题", "突出问题和重大隐患", "问题和隐患",
                    "隐患情况", "问题情况", "存在隐患", "主要问题", "问题隐患情况", "隐患具体情况", "检查发现的问题"),
    "venue": ("场所名称", "隐患场所", "场所", "单位/场所名称", "检查场所", "隐患所在场所", "隐患部位", "所在场所",
              "景区名称", "检查对象", "单位场所", "场所(单位)名称", "被检查单位", "隐患地点", "地点", "检查单位名称",
              "具体位置", "位置", "所在位置", "隐患位置", "所在部位"),
    "venue_type": ("场所类型", "场所类别", "行业类别", "场所性质", "行业"),
    "item": ("检查项", "检查项目", "对照检查项", "九对照九检查", "对应检查项", "所属检查项", "检查内容",
             "九对照九检查内容", "对照检查内容", "检查事项", "对照内容", "检查项目内容"),
    "level": ("隐患等级", "隐患级别", "等级", "级别", "问题等级", "隐患类别", "隐患类型", "类别"),
    "major": ("是否重大隐患", "重大隐患", "是否重大", "是否属于重大隐患"),
    "found_on": ("发现日期", "发现时间", "排查日期", "检查日期", "检查时间", "排查时间"),
    "origin": ("来源", "问题来源", "隐患来源", "发现方式", "发现途径"),
    "measures": ("整改措施", "整改方案", "措施", "整改措施及进展", "整改落实措施", "整改举措", "主要措施"),
    "responsible": ("责任人", "整改责任人", "整改负责人", "责任领导", "负责人", "整改责任领导", "具体责任人"),
    "funds": ("整改资金", "资金", "资金落实", "整改资金(万元)", "整改资金(元)", "落实资金", "整改经费", "投入资金"),
    "contingency": ("应急预案", "防控措施", "应急预案/防控措施", "应急预案及防控措施", "监控措施", "预案"),
    "deadline": ("整改时限", "整改期限", "完成时限", "整改完成时限", "计划完成时间", "整改时间", "限期", "整改时限要求",
                 "要求完成时间", "限定完成时间", "完成期限"),
    "status": ("整改状态", "整改情况", "是否整改到位", "是否整改", "整改进展", "状态", "整改进度", "完成情况",
               "整改进展情况", "整改落实情况", "是否完成整改"),
    "done_on": ("完成日期", "完成时间", "整改完成日期", "整改完成时间", "实际完成时间", "销号日期", "销号时间"),
    "note": ("备注", "说明", "其他"),
    # weekly progress
    "report_date": ("报送日期", "填报日期", "报送时间", "填报时间", "日期", "上报日期", "填表日期"),
    "week_no": ("周次", "第几周", "报送周次"),
    "work_done": ("本周工作开展情况", "本周工作进展", "本周工作进展情况", "工作开展情况", "本周工作情况", "工作进展",
                  "工作进展情况", "本周主要工作", "主要工作", "本周工作", "工作情况", "主要做法", "工作开展",
                  "本周工作完成情况", "活动开展情况"),
    "found_this_week": ("本周排查问题数", "本周排查问题", "本周发现问题数", "本周排查隐患数", "本周发现隐患数",
                        "排查问题数", "排查隐患数", "发现问题数", "发现隐患数"),
    "rectified_this_week": ("本周整改数", "本周整改问题数", "本周已整改数", "本周整改隐患数", "整改问题数", "已整改数",
                            "整改隐患数"),
    "found_total": ("累计排查数", "累计排查问题数", "累计发现问题数", "累计排查隐患数", "累计发现隐患数"),
    "rectified_total": ("累计整改数", "累计整改问题数", "累计已整改数", "累计整改隐患数"),
    "next_week": ("下周工作安排", "下周工作计划", "下步工作安排", "下一步工作安排", "下周计划", "下步工作打算",
                  "下一步工作打算", "下步打算", "下一步打算", "下步工作计划", "下一步工作计划"),
    # nine-item self-check
    "finding": ("自查情况", "对照检查情况", "检查情况", "自查结果", "自查发现情况", "落实情况", "自查自改情况"),
    "problems_found": ("发现问题数", "发现问题", "发现问题数量", "问题数", "查出问题数", "排查问题数", "发现隐患数",
                       "排查隐患数"),
    "rectified": ("已整改数", "已整改", "整改数", "整改问题数", "已整改问题数", "整改隐患数"),
}

# Headers that may name a field, but only when the cells below agree: a 序号 column of a
# self-check numbered 一…九 is the item.
WEAK_SYNONYMS: dict[str, tuple[str, ...]] = {
    "item": ("序号", "编号", "项目"),
}

# The meaning of the words headers are made of, to understand a header no list has
# (本周主要工作, 下步工作打算, 发现隐患数量): a header names the field whose synonyms are made of
# the same concepts. FILLER words carry little; a DISCRIMINATING concept present on one side only
# tells two fields apart (累计 totals from this week's counts, 日期 from 时限).
CONCEPTS: dict[str, tuple[str, ...]] = {
    "UNIT": ("单位", "部门", "机构"),
    "NAME": ("姓名", "名字"),
    "TITLE": ("职务", "职称", "职位", "职级"),
    "PHONE": ("电话", "联系电话", "联系方式", "座机", "固话", "固定电话", "号码"),
    "MOBILE": ("手机", "手机号", "手机号码", "移动电话"),
    "OFFICE": ("办公", "办公室"),
    "LEAD": ("分管负责人", "分管领导", "负责人", "分管", "领导", "负责同志"),
    "LIAISON": ("专职联络员", "联络员", "联系人", "联络人"),
    "RESP": ("责任人", "责任领导"),
    "CATEGORY": ("类别", "类型", "分类", "性质"),
    "ALIAS": ("别名", "简称", "又称", "常用名", "曾用名", "别称", "又名", "俗称"),
    "THISWEEK": ("本周", "本期", "当周", "本阶段", "本次"),
    "TOTAL": ("累计", "合计", "总计", "共计", "总数", "累积"),
    "NEXT": ("下周", "下步", "下一步", "下阶段", "下一阶段", "今后", "下一周", "后续"),
    "PLAN": ("计划", "打算", "安排", "思路", "谋划"),
    "WORK": ("工作", "做法", "举措", "活动"),
    "PROGRESS": ("进展", "开展", "推进", "成效", "进度", "落实"),
    "FIND": ("排查", "发现", "查出", "查找", "摸排", "检查出", "查处"),
    "CHECK": ("检查", "对照", "自查", "九对照", "九检查", "对照检查"),
    "PROBLEM": ("问题", "隐患", "问题隐患"),
    "COUNT": ("数", "数量", "个数", "条数", "处数", "件数", "项数", "(处)", "(个)", "(项)", "(条)", "(件)", "(家)", "(起)"),
    "RECTIFY": ("整改", "销号", "整治"),
    "DONE": ("已", "完成", "完毕"),
    "DATE": ("日期", "时间", "日"),
    "DEADLINE": ("时限", "期限", "限期"),
    "REPORT": ("报送", "填报", "上报", "填表", "报告"),
    "WEEK": ("周次", "第几周", "周"),
    "DESC": ("描述", "表现", "详情"),
    "VENUE": ("场所", "景区", "地点", "部位", "对象", "场馆", "点位", "检查对象", "单位场所", "被检查单位", "位置"),
    "ROLE": ("分工", "承担", "职责", "身份", "角色", "担任"),
    "MEASURE": ("措施", "方案", "办法"),
    "FUNDS": ("资金", "经费", "投入", "金额", "费用"),
    "PREPLAN": ("预案", "应急预案", "防控", "监控"),
    "LEVEL": ("等级", "级别", "程度"),
    "MAJOR": ("重大",),
    "STATUS": ("状态",),
    "ITEM": ("检查项", "检查项目", "检查事项"),
    "ORIGIN": ("来源", "途径", "方式"),
    "NOTE": ("备注", "说明"),
    "ROWNO": ("序号", "编号", "序列号"),
    "RESULT": ("结果",),
    "FILLER": ("情况", "主要", "具体", "简要", "基本", "及", "和", "与", "的", "相关", "有关", "事项", "名称", "内容", "其中",
               "是否", "到位", "所在", "所属", "全称", "要求", "实际", "其他", "或", "/", "、", "(", ")", "“", "”"),
}
FILLER_WEIGHT = 0.15
UNKNOWN_WEIGHT = 0.5  # a character no concept knows (所属区县: 区, 县) counts against a match
CONCEPT_WEIGHTS = {"THISWEEK": 0.5, "COUNT": 0.5, "REPORT": 0.5, "DONE": 0.6, "FILLER": FILLER_WEIGHT}
DISCRIMINATING = frozenset({
    "TOTAL", "NEXT", "DATE", "DEADLINE", "PHONE", "MOBILE", "NAME", "TITLE", "RECTIFY", "FIND", "MEASURE", "FUNDS",
    "PREPLAN", "RESP", "LEAD", "LIAISON", "VENUE", "CATEGORY", "ALIAS", "WEEK", "UNIT", "ORIGIN", "LEVEL", "MAJOR",
    "DONE",
})

# A seal or signature mark after a label or a unit's name: 填报单位（盖章）：, 开封市文广新局（盖章）.
SEAL_MARK = r"[(（]\s*(?:盖章|公章|章|签章|签字|签名|必填)\s*[)）]"

# Labels written with their value in one cell ("填报单位：郑州市文广新局　报送日期：2018-12-12"):
# title lines, forms and signature lines. Longest spelling first is not needed: the splitter sorts.
META_LABELS: dict[str, tuple[str, ...]] = {
    "unit": ("填报单位", "报送单位", "填表单位", "单位名称", "上报单位", "报告单位", "填报部门", "报送部门", "单位"),
    "date": ("填报日期", "报送日期", "填表日期", "上报日期", "填报时间", "报送时间", "填表时间", "上报时间", "报告日期",
             "日期", "时间"),
    "week": ("周次", "报送周次"),
    "filler": ("填表人", "填报人", "制表人", "经办人", "报送人", "联系人"),
    "reviewer": ("审核人", "审核", "核稿人", "负责人", "单位负责人", "主要负责人", "分管负责人", "分管领导", "签发人", "签发"),
    "phone": ("联系电话", "电话", "手机", "联系方式", "办公电话"),
}

# What the clerk calls each kind of return (messages, the import results, the change log).
KIND_LABELS = {
    "units": "单位名单",
    "plan": "实施方案及联络人",
    "weekly": "每周工作进展",
    "selfcheck": "自查情况",
    "ledger": "问题隐患台账",
    "special": "专题报告",
    "document": "文档",
}

_MARKS = re.compile(r"[\s*※★☆:：“”‘’\"'《》「」【】]|\((?:必填|选填|可选|必须填写|必选|必须|选填项|必填项)\)")
_NUMBERING = re.compile(r"^(?:\d{1,2}[.、)]|[(]\d{1,2}[)]|[一二三四五六七八九十]+、)")
_PARENS = re.compile(r"\([^)]*\)")


def normalise_header(value) -> str:
    """Header text folded: half-width, no spaces/line breaks/marks/（必填）/numbering."""
    s = unicodedata.normalize("NFKC", "" if value is None else str(value))
    s = _MARKS.sub("", s)
    s = _NUMBERING.sub("", s)
    return s


# One header may name different fields in different returns (类别 is a unit's category
# in a unit list, a person's role in a contact list): each importer asks among its own.
_LOOKUP: dict[str, list[str]] = {}
for _field, _words in SYNONYMS.items():
    for _word in _words:
        _LOOKUP.setdefault(normalise_header(_word), []).append(_field)


def field_for(header, fields: frozenset[str] | None = None) -> str | None:
    """The field a header names, among ``fields`` when given; None when unknown."""
    if not isinstance(header, str):
        header = "" if header is None else str(header)
    for found in fields_named(header):
        if fields is None or found in fields:
            return found
    return None


@lru_cache(maxsize=65536)  # every importer asks about the same top rows of every file
def fields_named(header: str) -> tuple[str, ...]:
    """Every field a header may name, best first; each importer takes the first of its own."""
    key = normalise_header(header)
    if not key:
        return ()
    found: list[str] = []
    for candidate in (key, _PARENS.sub("", key)):
        found += (f for f in _LOOKUP.get(candidate, ()) if f not in found)
    return tuple(found)


# What the cells under each field's header hold: the locator weighs an uncertain header with
# how well the cells below fit (a column of dates is not 本周工作开展情况).
FIELD_KINDS: dict[str, str] = {
    "unit": "name", "category": "short", "aliases": "short", "added_on": "date", "role": "role",
    "lead_name": "person", "liaison_name": "person", "person_name": "person",
    "lead_title": "short", "liaison_title": "short", "person_title": "short",
    "lead_phone": "phone", "liaison_phone": "phone", "person_phone": "phone",
    "lead_mobile": "phone", "liaison_mobile": "phone", "person_mobile": "phone",
    "row_no": "number", "description": "text", "venue": "text", "venue_type": "short", "item": "item",
    "level": "short", "major": "mark", "found_on": "date", "origin": "short", "measures": "text",
    "responsible": "short", "funds": "amount", "contingency": "text", "deadline": "deadline", "status": "status",
    "done_on": "date", "note": "any", "report_date": "date", "week_no": "week", "work_done": "text",
    "found_this_week": "count", "rectified_this_week": "count", "found_total": "count", "rectified_total": "count",
    "next_week": "text", "finding": "text", "problems_found": "count", "rectified": "count",
}
