"""Which of the campaign's check items a cell names: by its number (3, 三, （三）, 第三项),
or by its wording compared with the campaign's own (检查人员密集场所彩钢板房专项整治情况,
彩钢板房整治情况). Character pairs are compared, so a paraphrase that keeps the item's key
words is recognised; a text close to two items names neither.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from huikan.recognise.values import ValueProblem, fold, is_blank, parse_item, text

MIN_SCORE = 0.5
MARGIN = 0.12  # the best item must lead the next by this much


@dataclass(frozen=True)
class ItemWording:
    number: int
    title: str
    wording: str


def _pairs(s: str) -> set[str]:
    s = "".join(ch for ch in fold(s) if ch.isalnum())
    return {s[i:i + 2] for i in range(len(s) - 1)}


_NOISE = _pairs("检查情况是否到位落实")  # words every item shares


def _score(written: set[str], item: ItemWording) -> float:
    best = 0.0
    for reference in (item.title, item.wording):
        ref = _pairs(reference) - _NOISE or _pairs(reference)
        mine = written - _NOISE or written
        if not ref or not mine:
            continue
        shared = len(ref & mine)
        best = max(best, shared / len(ref), shared / len(mine) * min(1.0, len(mine) / 3))
    return best


def match_item(value, items: Sequence[ItemWording]) -> int | None:
    """The item a cell names; None for blank; ValueProblem when it names none (or two equally)."""
    if is_blank(value):
        return None
    try:
        number = parse_item(value)
        if number is not None and number <= len(items):
            return number
    except ValueProblem:
        pass
    written = _pairs(text(value))
    scored = sorted(((_score(written, it), it.number) for it in items), reverse=True)
    if scored and scored[0][0] >= MIN_SCORE and (len(scored) == 1 or scored[0][0] - scored[1][0] >= MARGIN):
        return scored[0][1]
    raise ValueProblem(f"无法识别的检查项「{text(value)[:30]}」（应为 1–{len(items)}、一–九，或检查项的原文）")
