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
    text: str = ""  # the notice's paragraph, when the campaign file has it


def _pairs(s: str) -> set[str]:
    s = "".join(ch for ch in fold(s) if ch.isalnum())
    return {s[i:i + 2] for i in range(len(s) - 1)}


_NOISE = _pairs("检查情况是否到位落实")  # words every item's short form shares


class ItemMatcher:
    """Scores a written item against each item's title, its wording, and the notice's paragraph
    (from which the pairs most items share are dropped: 习近平总书记, 各地各单位…)."""

    def __init__(self, items: Sequence[ItemWording]):
        self.items = list(items)
        self.titles = {it.number: _pairs(it.title) for it in items}
        self.wordings = {it.number: (_pairs(it.wording) - _NOISE) or _pairs(it.wording) for it in items}
        full = {it.number: _pairs(it.title) | _pairs(it.wording) | _pairs(it.text) for it in items}
        counts: dict[str, int] = {}
        for pairs in full.values():
            for p in pairs:
                counts[p] = counts.get(p, 0) + 1
        self.common = {p for p, n in counts.items() if n >= 3} | _NOISE
        self.full = {n: p - self.common for n, p in full.items()}

    def score(self, written: set[str], number: int) -> float:
        def covered(reference: set[str]) -> float:
            return len(reference & written) / len(reference) if reference else 0.0

        mine = written - self.common
        in_text = 0.8 * len(self.full[number] & mine) / len(mine) * min(1.0, len(mine) / 3) if mine else 0.0
        return max(covered(self.titles[number]), covered(self.wordings[number]), in_text)

    def match(self, value) -> int | None:
        if is_blank(value):
            return None
        try:
            number = parse_item(value)
            if number is not None and number <= len(self.items):
                return number
        except ValueProblem:
            pass
        written = _pairs(text(value))
        scored = sorted(((self.score(written, it.number), it.number) for it in self.items), reverse=True)
        if scored and scored[0][0] >= MIN_SCORE and (len(scored) == 1 or scored[0][0] - scored[1][0] >= MARGIN):
            return scored[0][1]
        raise ValueProblem(f"无法识别的检查项「{text(value)[:30]}」（应为 1–{len(self.items)}、一–九，或检查项的原文）")


def wordings(items) -> list[ItemWording]:
    """A campaign's items (``CampaignSpec.items``) as this module compares them."""
    return [ItemWording(i.number, i.title, i.wording, getattr(i, "text", "")) for i in items]


_MATCHERS: dict[tuple, ItemMatcher] = {}


def match_item(value, items: Sequence[ItemWording]) -> int | None:
    """The item a cell names; None for blank; ValueProblem when it names none (or two equally)."""
    key = tuple(items)
    matcher = _MATCHERS.get(key)
    if matcher is None:
        matcher = _MATCHERS[key] = ItemMatcher(items)
    return matcher.match(value)
