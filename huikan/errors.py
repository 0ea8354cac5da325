"""Project errors. The CLI turns every HuikanError into a message on stderr and exit 1.

Messages are Chinese: they are shown to the clerk as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class HuikanError(Exception):
    """Base of every error the clerk may see. ``str(err)`` is the message."""


class ConfigError(HuikanError):
    """A campaign file or setting is wrong."""


class LedgerError(HuikanError):
    """The ledger cannot be opened, migrated or changed as asked."""


class NotFoundError(HuikanError):
    """A unit, hazard or file the user named does not exist."""


@dataclass(frozen=True)
class Problem:
    """One problem in an input file, located as a spreadsheet user would look for it."""

    message: str
    sheet: str | None = None
    row: int | None = None  # 1-based, as Excel numbers rows
    column: str | None = None  # column letter, e.g. "C"
    header: str | None = None  # the header text of that column, when known

    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"工作表「{self.sheet}」")
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column:
            col = f"{self.column}列"
            if self.header:
                col += f"（{self.header}）"
            parts.append(col)
        return " ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}：{self.message}" if where else self.message

    def as_json(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


@dataclass
class InputError(HuikanError):
    """A file that cannot be imported; carries every problem found in it."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    unit: str | None = None  # whose file it is, when it said so before it was refused
    kind: str | None = None  # what it is, when that was clear though it cannot be read (a ledger without descriptions)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [f"{self.file}："] + [f"  {p}" for p in self.problems]
        return "\n".join(lines)


class EmptyReturnError(InputError):
    """A return with nothing filled in: fatal alone, fine beside another sheet that has content."""


class UnknownUnitError(HuikanError):
    """A unit name that matches no known unit; suggests the closest ones."""

    def __init__(self, name: str, suggestions: list[str], ambiguous: bool = False):
        self.name = name
        self.suggestions = suggestions
        self.ambiguous = ambiguous
        if ambiguous:
            msg = f"单位名称「{name}」可能指多个单位：{'、'.join(suggestions)}，请写全称"
        else:
            msg = f"单位「{name}」不在单位名单中"
            if suggestions:
                msg += f"（名单中同一地方的单位：{'、'.join(suggestions)}；如「{name}」就是其中之一，请把它加到该单位的“简称/别名”栏）"
            msg += f"。如是新增的报送单位，请在单位名单中加上「{name}」及其类别，再导入更新后的名单：huikan import 单位名单.xlsx"
        super().__init__(msg)


def col_letter(index: int) -> str:
    """0-based column index to Excel letters: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
