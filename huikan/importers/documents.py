"""Word/PDF/WPS documents without a table to read: receipts of the deliverable and unit their
file name says, or, when it does not, their own text (the title, the 填报单位 line, the signature;
a PDF's first page)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from huikan.errors import InputError, Problem
from huikan.importers.base import Extract, ImportContext, Importer, Stored
from huikan.reading.files import Sheet, SourceDoc
from huikan.recognise.filenames import plain_name
from huikan.recognise.unitnames import TITLE_LINES, KnownUnit, document_lines
from huikan.recognise.values import find_month_day, find_week
from huikan.recognise.vocabulary import KIND_LABELS

# Keywords in a file name, first match wins (专题 before 自查: 自查专题报告 is a 专题报告).
NAME_KEYWORDS = (
    ("special", ("专题",)),
    ("selfcheck", ("自查", "对照检查")),
    ("ledger", ("台账",)),
    ("plan", ("方案", "联络", "联系人")),
    ("weekly", ("周报", "进展", "周工作")),
)


def kind_from_name(name: str) -> str | None:
    folded = unicodedata.normalize("NFKC", name)
    for kind, words in NAME_KEYWORDS:
        if any(w in folded for w in words):
            return kind
    if re.search(r"第\s*\S{1,3}\s*周", folded):
        return "weekly"
    return None


def _campaign_kind(ctx: ImportContext, name: str) -> str | None:
    """A deliverable's own name in the file name (总结报告 in a campaign that asks for one)."""
    folded = unicodedata.normalize("NFKC", name)
    for d in ctx.spec.deliverables:
        if d.receives and unicodedata.normalize("NFKC", d.name) in folded:
            return d.receives[0]
    return None


@dataclass
class DocumentReceipt:
    unit: KnownUnit
    kind: str
    week_no: int | None
    stated: date | None


class DocumentImporter(Importer):
    """Not a table reader: claims documents by name; --kind may say which deliverable."""

    kind = "document"

    def __init__(self, forced_kind: str | None = None):
        self.forced_kind = forced_kind

    def locate(self, sheet: Sheet, forced: bool = False):
        return None

    def extract(self, doc: SourceDoc, tables, ctx: ImportContext) -> Extract:
        problems = []
        lines = document_lines(doc.text)
        title = " ".join(lines[:TITLE_LINES])  # a document's title says what it is too
        name = plain_name(doc.path.stem)
        kind = self.forced_kind or _campaign_kind(ctx, name) or kind_from_name(name)
        said = name
        if kind is None and title and (kind := _campaign_kind(ctx, title) or kind_from_name(title)):
            said = title
            ctx.notes.add(f"文件名未写明报送事项，按文档标题「{lines[0][:40]}」认定为{KIND_LABELS.get(kind, kind)}")
        where = "文件名和文档标题" if doc.text else "文件名"
        if kind is None:
            problems.append(Problem(f"无法从{where}判断报送事项：应包含 方案、周报/进展、自查、台账 或 专题 等字样（也可用 --kind 指定）"))
        unit = ctx.unit_override or ctx.unit_in_name(doc.path) or ctx.unit_in_text(doc.text)
        if unit is None:
            suggestions = ctx.matcher.suggest(name)
            hint = f"；最接近的单位：{'、'.join(suggestions)}" if suggestions else ""
            where = "文件名和文档内容（标题、填报单位、落款）" if doc.text else "文件名"
            problems.append(Problem(f"无法从{where}判断报送单位（可用 --unit 指定）{hint}"))
        if problems:
            raise InputError(str(doc.path), problems)
        week = find_week(said) if kind == "weekly" else None  # 第3周 where the kind was read
        stated = find_month_day(said, ctx.year) if kind == "weekly" else None
        return Extract(kind, 0, DocumentReceipt(unit, kind, week, stated), unit=unit)

    def store(self, conn: Connection, extract: Extract, source_id: int, ctx: ImportContext) -> Stored:
        r = extract.payload
        _, note = ctx.receive(conn, r.unit.id, r.kind, source_id, stated=r.stated, week_no=r.week_no)
        return Stored("imported", [f"{r.unit.name}：{note}"] if note else [])
