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
    "unit": ("单位名称", "单位", "填报单位", "责任单位", "所属单位", "报送单位", "单位全称"),
    "category": ("类别", "单位类别", "单位类型", "类型", "分类"),
    "aliases": ("别名", "简称", "别名/简称", "简称/别名", "别名简称", "简称别名", "常用名称", "其他名称"),
    "added_on": ("纳入日期", "加入日期", "增补日期", "添加日期"),
    "lead_name": ("分管负责人", "分管负责人姓名", "分管领导", "分管领导姓名", "负责人", "负责人姓名"),
    "lead_title": ("分管负责人职务", "分管领导职务", "负责人职务"),
    "lead_phone": ("分管负责人电话", "分管负责人联系电话", "分管负责人联系方式", "分管领导电话", "分管领导联系方式",
                   "负责人电话", "负责人联系电话"),
    "liaison_name": ("专职联络员", "专职联络员姓名", "联络员", "联络员姓名", "联系人", "联系人姓名"),
    "liaison_title": ("专职联络员职务", "联络员职务", "联系人职务"),
    "liaison_phone": ("专职联络员电话", "专职联络员联系电话", "专职联络员联系方式", "联络员电话", "联络员联系电话",
                      "联络员联系方式", "联系人电话", "联系电话", "联系方式", "手机", "手机号码"),
    # contacts as rows: 类别 | 姓名 | 职务 | 联系电话, one row per person
    "role": ("人员类别", "类别", "职责", "身份", "人员", "联系人类别", "角色"),
    "person_name": ("姓名", "名字"),
    "person_title": ("职务", "职务/职称", "职称"),
    "person_phone": ("联系电话", "电话", "手机", "手机号码", "联系方式", "办公电话"),
    # hazard ledger
    "row_no": ("序号", "编号", "序列号", "No"),
    "description": ("问题隐患描述", "隐患内容", "存在问题", "问题隐患", "问题描述", "隐患描述", "问题及隐患",
                    "存在的问题隐患", "问题隐患内容", "存在的问题", "隐患问题", "突出问题和重大隐患", "问题和隐患"),
    "venue": ("场所名称", "隐患场所", "场所", "单位/场所名称", "检查场所", "隐患所在场所", "隐患部位", "所在场所"),
    "venue_type": ("场所类型", "场所类别", "行业类别", "场所性质"),
    "item": ("检查项", "检查项目", "对照检查项", "九对照九检查", "对应检查项", "所属检查项", "检查内容"),
    "level": ("隐患等级", "隐患级别", "等级", "级别", "问题等级", "隐患类别"),
    "major": ("是否重大隐患", "重大隐患", "是否重大"),
    "found_on": ("发现日期", "发现时间", "排查日期", "检查日期", "检查时间", "排查时间"),
    "origin": ("来源", "问题来源", "隐患来源", "发现方式", "发现途径"),
    "measures": ("整改措施", "整改方案", "措施", "整改措施及进展", "整改落实措施"),
    "responsible": ("责任人", "整改责任人", "整改负责人", "责任领导"),
    "funds": ("整改资金", "资金", "资金落实", "整改资金(万元)", "整改资金(元)", "落实资金"),
    "contingency": ("应急预案", "防控措施", "应急预案/防控措施", "应急预案及防控措施", "监控措施", "预案"),
    "deadline": ("整改时限", "整改期限", "完成时限", "整改完成时限", "计划完成时间", "整改时间", "限期", "整改时限要求"),
    "status": ("整改状态", "整改情况", "是否整改到位", "是否整改", "整改进展", "状态", "整改进度", "完成情况"),
    "done_on": ("完成日期", "完成时间", "整改完成日期", "整改完成时间", "实际完成时间", "销号日期", "销号时间"),
    "note": ("备注", "说明", "其他"),
    # weekly progress
    "report_date": ("报送日期", "填报日期", "报送时间", "填报时间"),
    "week_no": ("周次", "第几周", "报送周次"),
    "work_done": ("本周工作开展情况", "本周工作进展", "本周工作进展情况", "工作开展情况", "本周工作情况", "工作进展"),
    "found_this_week": ("本周排查问题数", "本周排查问题", "本周发现问题数", "本周排查隐患数", "本周发现隐患数"),
    "rectified_this_week": ("本周整改数", "本周整改问题数", "本周已整改数", "本周整改隐患数"),
    "found_total": ("累计排查数", "累计排查问题数", "累计发现问题数", "累计排查隐患数", "累计发现隐患数"),
    "rectified_total": ("累计整改数", "累计整改问题数", "累计已整改数", "累计整改隐患数"),
    "next_week": ("下周工作安排", "下周工作计划", "下步工作安排", "下一步工作安排", "下周计划"),
    # nine-item self-check
    "finding": ("自查情况", "对照检查情况", "检查情况", "自查结果", "自查发现情况"),
    "problems_found": ("发现问题数", "发现问题", "发现问题数量", "问题数", "查出问题数", "排查问题数"),
    "rectified": ("已整改数", "已整改", "整改数", "整改问题数", "已整改问题数"),
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

_MARKS = re.compile(r"[\s*※★☆:：]|\((?:必填|选填|可选|必须填写|必选)\)")
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
