"""Counts written in a sentence: "本周排查隐患2处，整改4处；累计排查隐患11处，累计整改10处。"

An older clerk's weekly report often has no count cells at all, only such a sentence. Each
clause (split at ，；。) that holds one number is read by its words: 累计 makes it a running
total, 排查/发现/查出 a count of problems found, 整改/销号 a count rectified; a clause that says
neither, or both, or holds two numbers, is left alone.
"""

from __future__ import annotations

import re

from huikan.recognise.values import _cn_number, fold

_CLAUSES = re.compile(r"[，,；;。！!\n]+")
_NUMBER = re.compile(r"(\d+|[一二两三四五六七八九十]+)\s*(?:处|个|项|条|起|件|家)")
_FIND = re.compile(r"排查|发现|查出|检查出|查找出|摸排")
_FIX = re.compile(r"整改|销号|整治|消除")
_TOTAL = re.compile(r"累计|共计|合计|总计")
_NOT_COUNTS = re.compile(r"场所|单位|人次|家次|人员|次数|场次|会议|文件|通知|份")


def counts_in_text(text: str) -> dict[str, int]:
    """found_this_week / rectified_this_week / found_total / rectified_total read from sentences."""
    found: dict[str, int] = {}
    total_context = False
    for clause in _CLAUSES.split(fold(text)):
        if not clause:
            continue
        numbers = _NUMBER.findall(clause)
        if _TOTAL.search(clause):
            total_context = True
        elif _FIND.search(clause):
            total_context = False  # 本周排查…，整改… : the week again
        if len(numbers) != 1 or _NOT_COUNTS.search(clause):
            continue
        number = int(numbers[0]) if numbers[0].isdigit() else _cn_number(numbers[0].replace("两", "二"))
        finds, fixes = bool(_FIND.search(clause)), bool(_FIX.search(clause))
        if number is None or finds == fixes:
            continue
        key = ("found" if finds else "rectified") + ("_total" if total_context else "_this_week")
        found.setdefault(key, number)
    return found
