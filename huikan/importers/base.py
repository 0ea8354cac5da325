"""The importer interface: one importer per kind of file, each with identify and extract.

The runner asks every importer to identify each sheet (or a document by its name);
two importers claiming one sheet, or none claiming a file, is an error. Extraction is
pure (file -> records, or InputError with every problem found); storing happens in
one transaction per file.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy.orm import Session

from huikan.campaigns import CampaignSpec
from huikan.errors import InputError, Problem
from huikan.ledger.models import SourceFile
from huikan.reading.files import Sheet, SourceDoc
from huikan.recognise.table import Required, Table, locate_table
from huikan.recognise.unitnames import KnownUnit, UnitMatcher

KIND_LABELS = {
    "units": "单位名单",
    "plan": "实施方案及联络人",
    "weekly": "每周工作进展",
    "selfcheck": "自查情况",
    "ledger": "问题隐患台账",
    "special": "专题报告",
    "document": "文档",
}


@dataclass
class ImportContext:
    """What every importer may consult; built once per batch."""

    spec: CampaignSpec
    matcher: UnitMatcher
    received_at: datetime
    now: datetime
    unit_override: KnownUnit | None = None

    @property
    def year(self) -> int:
        return self.spec.start.year


@dataclass
class Extract:
    """What an importer found in a file, ready to store."""

    kind: str
    rows: int
    payload: Any
    unit: KnownUnit | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Stored:
    outcome: str  # imported / updated
    notes: list[str] = field(default_factory=list)


class Problems:
    """Collects every problem of a file so the clerk can fix them all in one go."""

    def __init__(self, doc: SourceDoc):
        self.doc = doc
        self.items: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise InputError(str(self.doc.path), self.items)


class Importer(ABC):
    kind: ClassVar[str]
    fields: ClassVar[frozenset[str]]
    required: ClassVar[Required]

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def locate(self, sheet: Sheet) -> Table | None:
        """This importer's table in a sheet, when the sheet holds one."""
        return locate_table(sheet, self.fields, self.required)

    @abstractmethod
    def extract(self, doc: SourceDoc, tables: list[Table], ctx: ImportContext) -> Extract:
        """Records from the located tables; raises InputError listing every problem."""

    @abstractmethod
    def store(self, session: Session, extract: Extract, source: SourceFile, ctx: ImportContext) -> Stored:
        """Write the records; runs inside the file's transaction."""
