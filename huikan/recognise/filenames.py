"""File names as chat tools and copying leave them: 郑州市旅游局台账(1).xlsx, （2）, - 副本, 的副本,
Copy of …, a date or a timestamp stuck before or after (20181212_…, …_20181212). The marks are
taken off before a name is searched for its unit and kind; what is left is the sender's name."""

from __future__ import annotations

import re
import unicodedata

# One mark at a time, each anchored and without nested repetition: a name of digits cannot make
# the regex try every way of cutting them (a name is attacker-controlled text).
_DATE = r"(?<!\d)(?:\d{8}|\d{4}[-.年]\d{1,2}[-.月]\d{1,2}日?|\d{10,14})"
_LEADING = re.compile(rf"^(?:copy of\s+|复件\s*|副本\s*[-_]?\s*|{_DATE}[\s_\-]+)", re.IGNORECASE)
_TRAILING = re.compile(rf"[\s_\-]*(?:\(\d{{1,3}}\)|\[\d{{1,3}}\]|的?副本|复件|copy(?:\s*\d{{1,3}})?|{_DATE})$",
                       re.IGNORECASE)
_MAX_MARKS = 6


def plain_name(stem: str) -> str:
    """A file name without the marks copies and chat tools add (full-width forms folded)."""
    name = unicodedata.normalize("NFKC", stem).strip()
    for _ in range(_MAX_MARKS):  # marks on marks: 台账(1) - 副本
        stripped = _TRAILING.sub("", _LEADING.sub("", name, count=1), count=1).strip(" _-")
        if stripped == name or not stripped:
            break
        name = stripped
    return name


def names_to_search(path) -> list[str]:
    """Where a file's name may say its unit, in order: the file's own name, then the folder it
    lies in and the one above (收件箱/郑州市旅游局/台账.xlsx; 郑州市旅游局.zip/台账.xlsx)."""
    names = [plain_name(path.stem)]
    for folder in list(path.parents)[:2]:
        name = folder.name[:-4] if folder.name.lower().endswith(".zip") else folder.name
        if name:
            names.append(plain_name(name))
    return names
