"""Cells that hold labels with their values: "填报单位：郑州市文广新局　　报送日期：2018-12-12".

People put several labels in one cell (a title line, a form row, a signature line), with
any spacing and full- or half-width colons, and sometimes no colon but wide spaces. Every
place that reads labels splits such a cell here, so a unit never becomes
"郑州市文广新局　报送日期：2018-12-12".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from huikan.recognise.vocabulary import META_LABELS, SEAL_MARK

_SEAL = SEAL_MARK
_SEAL_RE = re.compile(_SEAL)
_EDGE = re.compile(r"^[\s,，;；、。:：_＿]+|[\s,，;；、。_＿]+$")


@dataclass(frozen=True)
class Labelled:
    key: str  # what the label means: unit, date, week, filler, phone…
    label: str  # as written, without the colon
    value: str


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("\u3000", " ")


_GAP = r"\s:：,，;；、"


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern, re.Pattern, dict[str, str]]:
    """The labels' pattern; a plain search for any label word (or 日期, 时间) that every match
    contains, 4x faster, for the cells that hold none (a ledger's descriptions); the words."""
    words = {w: key for key, spellings in META_LABELS.items() for w in spellings}
    any_word = re.compile("|".join(re.escape(w) for w in sorted({*words, "日期", "时间"}, key=len, reverse=True)))
    ordered = sorted(words, key=len, reverse=True)
    # A short label (单位, 日期) only where a word starts: 责任单位： is not 单位：.
    alternatives = "|".join(re.escape(w) if len(w) > 2 else rf"(?<![^{_GAP}]){re.escape(w)}" for w in ordered)
    # Without a colon, only a long label at the start or after spaces: "填报单位  郑州市文广新局".
    spaced = "|".join(re.escape(w) for w in ordered if len(w) >= 4)
    pattern = re.compile(
        rf"(?P<label>{alternatives})\s*(?:{_SEAL})?\s*[:：]"
        rf"|(?P<dated>(?<![^{_GAP}])[\u4e00-\u9fff]{{2}}(?:日期|时间))\s*[:：]"  # 更新日期：, 制表时间：
        rf"|(?:^|(?<=\s))(?P<spaced>{spaced})\s*(?:{_SEAL})?\s+(?=\S)"
    )
    return pattern, any_word, words


def split_labels(text: str) -> list[Labelled]:
    """Every known label in a cell with the value after it, up to the next label.

    A label needs a colon after it, or spaces when it starts the cell or follows a gap:
    "填报单位 郑州市文广新局  报送日期 2018-12-12" splits too. Text before the first label
    (a title) is not a value of anything."""
    s = _folded(text or "")
    if not s.strip():
        return []
    pattern, any_word, words = _pattern()
    if any_word.search(s) is None:
        return []
    found = [m for m in pattern.finditer(s)]
    if not found:
        return []
    out = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(s)
        value = clean_value(s[m.end():end])
        label = m["label"] or m["spaced"] or m["dated"]
        out.append(Labelled(words.get(label, "date"), label, value))
    return out


def clean_value(value: str) -> str:
    """A labelled value without seal marks, underscores left for writing, and edge punctuation."""
    value = _SEAL_RE.sub("", value)
    value = _EDGE.sub("", value.strip())
    return re.sub(r"\s{2,}", " ", value).strip()


def labelled_values(text: str) -> dict[str, str]:
    """The first non-empty value of each label meaning in a cell or line."""
    found: dict[str, str] = {}
    for item in split_labels(text):
        if item.value and item.key not in found:
            found[item.key] = item.value
    return found
