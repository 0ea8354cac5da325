"""Import a batch of files: one transaction per file, the batch goes on past a rejected file."""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.exc import DBAPIError

from huikan import clock
from huikan.bug_report import internal_error
from huikan.campaigns import CampaignSpec
from huikan.errors import EmptyReturnError, HuikanError, InputError, Problem
from huikan.importers import IMPORTERS, KIND_LABELS, DocumentImporter, Importer
from huikan.importers.base import Extract, ImportContext, unit_in_names
from huikan.importers.checks import blank_unreadable_cells
from huikan.importers.preview import describe_tables, preview_rows
from huikan.importers.receipt_notes import correction_notes
from huikan.ledger.campaigns import campaign_spec, current_campaign
from huikan.ledger.database import Ledger, describe_failure, is_ledger_failure
from huikan.ledger.receipts import correct_received_at, load_deliverables
from huikan.ledger.tables import source_file
from huikan.ledger.tables import unit as unit_table
from huikan.ledger.units import unit_matcher
from huikan.reading.archives import is_archive
from huikan.reading.batch import ReadAhead, collect_files, named_files
from huikan.reading.files import SourceDoc, not_a_regular_file, read_document, sha256_of
from huikan.recognise.form import Form
from huikan.recognise.table import Table, forget_scan, locate_table, satisfies
from huikan.recognise.unitnames import UnitMatcher
from huikan.recognise.vocabulary import SYNONYMS

if TYPE_CHECKING:
    from huikan.ledger.database import Reader


@dataclass
class FileResult:
    file: str
    outcome: str  # imported / updated / unchanged / rejected; failed / not_tried when the ledger failed
    kind: str | None = None
    unit: str | None = None
    rows: int = 0
    errors: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    format: str = ""  # xlsx / xls / ods / csv / document
    received_at: datetime | None = None
    columns: list[dict] = field(default_factory=list)  # what was read as what (dry runs)
    preview: list[dict] = field(default_factory=list)  # the first records as read (dry runs)

    @property
    def short_name(self) -> str:
        """The name a table shows: the file's own, or archive.zip/member for a member of an archive."""
        parts = re.split(r"[\\/]", self.file)
        for i, part in enumerate(parts[:-1]):
            if is_archive(Path(part)):
                return "/".join(parts[i:])
        return parts[-1]

    def as_json(self) -> dict:
        data = {
            "file": self.file,
            "kind": self.kind,
            "unit": self.unit,
            "outcome": self.outcome,
            "rows": self.rows,
            "errors": [p.as_json() for p in self.errors],
            "notes": self.notes,
            "format": self.format,
            "received_at": self.received_at,
        }
        if self.columns or self.preview:
            data["columns"], data["preview"] = self.columns, self.preview
        return data


LONG_AFTER_END = timedelta(days=30)  # a file time this long after the campaign is a copy's, not a receipt's


def received_time(path: Path, override: datetime | None, spec: CampaignSpec, now: datetime) -> tuple[datetime, list[str]]:
    """When the office got a file: --received-at, else the file's modification time in the campaign's
    zone; never a time in the future, and a time before the campaign or long after it is said."""
    if override is not None:
        notes = []
        if override.date() < spec.start:
            notes.append(f"收到时间 {override:%Y-%m-%d %H:%M} 早于活动开始（{spec.start}），已按所给时间记录，请核对")
        return override, notes
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(spec.timezone)
    stamp = datetime.fromtimestamp(path.stat().st_mtime, zone).replace(tzinfo=None, microsecond=0)
    present = clock.now(spec.timezone)  # the real present, not an injected ``now``
    hint = "；如不对，请用 huikan import 此文件 --received-at 时间 更正"
    if stamp > present + timedelta(minutes=5):
        when = min(now, present)
        return when, [f"文件修改时间 {stamp:%Y-%m-%d %H:%M} 晚于现在，按导入时间 {when:%Y-%m-%d %H:%M} 记为收到时间{hint}"]
    if stamp.date() < spec.start:
        return stamp, [f"以文件修改时间 {stamp:%Y-%m-%d %H:%M} 为收到时间，早于活动开始（{spec.start}）{hint}"]
    if stamp.date() > spec.end + LONG_AFTER_END:
        return stamp, [f"以文件修改时间 {stamp:%Y-%m-%d %H:%M} 为收到时间，远在活动结束（{spec.end}）之后，"
                       f"可能是复制文件的时间{hint}"]
    return stamp, []


@dataclass
class _Pending:
    path: Path
    doc: SourceDoc
    claims: list[tuple[Importer, list[Table | Form]]]
    shown: str = ""  # as the clerk sees it: the path, or …/archive.zip/member
    name: str = ""  # as the ledger keeps it: the file's name, or archive.zip/member
    packed: bytes | None = None  # doc and claims, pickled while the file waits its turn (``pack``)

    def __post_init__(self) -> None:
        self.shown = self.shown or str(self.path)
        self.name = self.name or self.path.name
        self.unit_list = any(imp.kind == "units" for imp, _ in self.claims)

    def pack(self) -> None:
        """Hold the file's cells as one pickle until its turn: a folder of 5,000 returns, read and
        recognised before any is stored, held 430 MiB of cell objects (a pickle: a fifth of it).
        Not a text table read a chunk at a time (its reader is a function; its head is bounded)."""
        if any(sheet.rest is not None for sheet in self.doc.sheets):
            return
        self.packed = pickle.dumps((self.doc, self.claims), pickle.HIGHEST_PROTOCOL)
        self.release()  # the cells' objects freed now, not by a later GC (the grid refers to its sheet)
        self.doc, self.claims = None, []

    def unpack(self) -> None:
        if self.packed is not None:
            self.doc, self.claims = pickle.loads(self.packed)
            self.packed = None

    def release(self) -> None:
        if self.doc is None:
            return  # packed
        for sheet in self.doc.sheets:
            sheet.derived.clear()  # the merged grid refers back to its sheet: freed now, not by a later GC
        self.doc.sheets.clear()
        for _, located in self.claims:
            for part in located:
                if isinstance(part, Table):
                    part.release()


KEPT_UNPACKED = 200  # files of a batch held as cells while they wait; the rest as pickles (_Pending.pack)
CLAIM_MARGIN = 1.0  # a header naming one more field for certain tells two kinds apart


def identify(doc: SourceDoc, kind: str = "auto") -> list[tuple[Importer, list[Table | Form]]]:
    """Which importers take which tables of a file; InputError when none or two claim a sheet."""
    if doc.is_document or kind == "special":
        if kind in ("units",):
            raise InputError(str(doc.path), [Problem(f"{KIND_LABELS[kind]}须为 Excel 或 CSV 表格")])
        return [(DocumentImporter(None if kind == "auto" else kind), [])]
    importers = IMPORTERS if kind == "auto" else tuple(i for i in IMPORTERS if i.kind == kind)
    claims: dict[str, tuple[Importer, list[Table | Form]]] = {}
    for sheet in doc.sheets:
        found = _claims(sheet, importers, kind != "auto")
        if found and sheet.rest is not None and not found[0][0].streams:
            try:
                sheet.read_rest()  # a long text table that is not a ledger: read whole, located again
            except ValueError as exc:  # a byte its encoding cannot read; the file changed meanwhile
                raise InputError(str(doc.path), [Problem(str(exc), sheet=sheet.name)]) from None
            again = found[0][0].locate(sheet, kind != "auto")
            found = [(found[0][0], again)] if again is not None else []
        # Two kinds claim the sheet: the one whose header names clearly more wins (a self-check's
        # 发现问题数 and 已整改数 are a weekly table's words too); close scores are ambiguous.
        if len(found) > 1 and found[0][1].score - found[1][1].score < CLAIM_MARGIN:
            labels = "、".join(KIND_LABELS[i.kind] for i, _ in found)
            raise InputError(
                str(doc.path),
                [Problem(f"无法确定类型：此工作表同时像 {labels}，请用 --kind 指定", sheet=sheet.name)],
            )
        for imp, table in found[:1]:
            claims.setdefault(imp.kind, (imp, []))[1].append(table)
    if not claims and doc.format == "docx" and kind == "auto":
        # A Word document whose tables are no return (a contents table, a signature block): a receipt.
        doc.notes.append("文档中的表格不是可识别的报表，按文档记录收到")
        return [(DocumentImporter(None), [])]
    if not claims:
        near = _near_miss(doc, importers) if kind == "auto" else None
        where, seen_as = Problem(""), None
        if near is not None:  # the core column of a kind is missing: say which, of which kind
            imp, table, missing = near
            named = "".join(f"「{col.header}」" for col in list(table.columns.values())[:NEAR_MISS_SHOWN])
            message = (f"无法导入：此表像是{imp.label}（有{named}等列），但缺少必须有的"
                       f"{'、'.join(_needed(n, '“{}”') for n in missing)}列；请补上该列后重新导入"
                       f"（如不是{imp.label}，可用 --kind 指定类型）")
            where, seen_as = Problem("", sheet=table.sheet, row=table.header_rows[0]), imp.kind
        elif kind == "auto":
            message = "无法识别文件内容：没有找到可识别的表头（请检查表头名称，或用 --kind 指定类型）"
        else:
            imp = importers[0]
            message = f"没有找到{KIND_LABELS[kind]}表格（表头须包含：{'、'.join(_needed(n) for n in imp.required)}）"
        if doc.hidden:
            shown = "、".join(f"「{name}」" for name in doc.hidden)
            message += (f"。隐藏的工作表{shown}未读取{'（文件中没有可见的工作表）' if not doc.sheets else ''}："
                        "如表格在其中，请在 Excel/WPS 中取消隐藏后重新保存")
        raise InputError(str(doc.path), [replace(where, message=message)], kind=seen_as)
    for sheet in doc.sheets:
        forget_scan(sheet)  # the file may wait for its turn: only what extraction reads is kept
    return list(claims.values())


NEAR_MISS = 3.0  # a header naming this many of a kind's own fields is that kind's, even without its core column
NEAR_MISS_SHOWN = 4  # headers quoted in the message


def _needed(need: str | tuple[str, ...], quote: str = "{}") -> str:
    """A required field (or its alternatives) as the clerk names it: 问题隐患描述."""
    return "或".join(quote.format(SYNONYMS[f][0]) for f in (need if isinstance(need, tuple) else (need,)))


def _own_fields(imp: Importer) -> frozenset[str]:
    """The fields no other kind has (a ledger's 整改措施, not the 序号, 单位 and 备注 every table has)."""
    others = frozenset().union(*(other.fields for other in IMPORTERS if other.kind != imp.kind))
    return imp.fields - others


def _near_miss(doc: SourceDoc, importers: tuple[Importer, ...]) -> tuple[Importer, Table, list] | None:
    """No importer claimed the file: the kind whose own fields its header names clearly the most
    (NEAR_MISS at least, a claim margin ahead of any other kind's), located without its required
    columns, when one of those is what it lacks (a check log with 检查场所, 整改措施, 整改时限 and no
    description is a ledger without its core): the kind, the table and what is missing."""
    best: dict[str, tuple[float, Importer, Table]] = {}
    for sheet in doc.sheets:
        for imp in importers:
            table = locate_table(sheet, imp.fields, (), imp.min_columns, imp.excluded)
            if table is None:
                continue
            own = _own_fields(imp)
            score = sum(col.score for name, col in table.columns.items() if name in own)
            if score > best.get(imp.kind, (0.0,))[0]:
                best[imp.kind] = (score, imp, table)
    ranked = sorted(best.values(), key=lambda it: -it[0])
    if not ranked or ranked[0][0] < NEAR_MISS or (len(ranked) > 1 and ranked[0][0] - ranked[1][0] < CLAIM_MARGIN):
        return None
    _, imp, table = ranked[0]
    missing = [need for need in imp.required if not satisfies(table.columns, (need,))]
    return (imp, table, missing) if missing else None


def _claims(sheet, importers: tuple[Importer, ...], forced: bool) -> list[tuple[Importer, Table | Form]]:
    """The importers that locate their table in a sheet, best score first (ties in IMPORTERS'
    order). Those with the most fields are asked first; one whose best possible score is a claim
    margin below a score already found can neither win nor tie, and is not asked (a ledger's
    sheet is not scanned as a weekly form: half the cost of recognising a folder of ledgers)."""
    found: list[tuple[int, Importer, Table | Form]] = []
    top = None
    for order, imp in sorted(enumerate(importers), key=lambda it: -it[1].best_score):
        if top is not None and imp.best_score <= top - CLAIM_MARGIN:
            continue
        if (table := imp.locate(sheet, forced)) is not None:
            found.append((order, imp, table))
            top = max(top or 0.0, table.score)
    found.sort(key=lambda it: (-it[2].score, it[0]))
    return [(imp, table) for _, imp, table in found]


def reading_notes(doc: SourceDoc) -> list[str]:
    """What reading the file left out or changed, for the file's notes."""
    hidden = [f"隐藏的工作表「{name}」未读取（如需导入，请在 Excel/WPS 中取消隐藏后重新保存）" for name in doc.hidden]
    return doc.notes + hidden


def import_paths(
    ledger: Ledger,
    paths: Iterable[str | Path] | ReadAhead,
    *,
    kind: str = "auto",
    unit: str | None = None,
    received_at: datetime | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
    on_file: Callable[[FileResult], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> list[FileResult]:
    """Import files and folders; returns one result per file, in the order they were handled.

    ``paths`` may be a ReadAhead the caller started early. ``on_start(total)`` is told how many
    files there are, ``on_file`` each result as it comes.
    """
    zone = _zone(ledger)
    now = now or clock.now(zone)
    if not isinstance(paths, ReadAhead):
        paths = list(paths)
    files = paths if isinstance(paths, ReadAhead) else ReadAhead(collect_files(paths), named=named_files(paths))
    try:
        return _import_batch(ledger, files, kind, unit, received_at, dry_run, now, zone, on_file, on_start)
    finally:
        files.finish()  # the members extracted from archives are removed


def _import_batch(ledger: Ledger, files: ReadAhead, kind: str, unit: str | None, received_at: datetime | None,
                  dry_run: bool, now: datetime, zone: str, on_file, on_start) -> list[FileResult]:
    if on_start:
        on_start(len(files))
    results: list[FileResult] = []
    pending: list[_Pending] = []
    corrections: list[tuple[Path, int]] = []
    seen_digests: dict[str, str] = {}  # digest -> the file of this batch that had it
    copies: list[tuple[FileResult, str]] = []  # a copy of a file of this batch, and that file

    def done(result: FileResult) -> None:
        results.append(result)
        if on_file:
            on_file(result)

    present = clock.now(zone)  # the real present, whatever ``now`` the caller records imports at
    if received_at is not None and received_at > present + timedelta(minutes=5):  # never taken silently
        message = f"收到时间 {received_at:%Y-%m-%d %H:%M} 晚于现在（{present:%Y-%m-%d %H:%M}），请检查 --received-at"
        files.finish()
        for path in files.files:
            done(FileResult(files.shown(path), "rejected", errors=[Problem(message)]))
        return results

    cache = _BatchCache()
    # One read-only connection looks up every file's digest (a session per file cost more than
    # recognising a small return); a file imported meanwhile is caught again under the lock.
    with ledger.reading() as lookup:
        for path, read in files:
            shown = files.shown(path)
            try:
                if path in files.refused:
                    raise InputError(shown, files.refused[path])
                if (why := not_a_regular_file(path)) is not None:
                    raise InputError(str(path), [Problem(why)])
                digest = sha256_of(path)
                if digest in seen_digests:
                    copy = FileResult(shown, "unchanged", notes=[f"与本批中的「{seen_digests[digest]}」内容相同，未重复导入"])
                    copies.append((copy, seen_digests[digest]))
                    done(copy)
                    continue
                earlier = _already_imported(lookup, digest)
                if earlier is not None:
                    # The same file named again with another --received-at: the clerk corrects when it
                    # was received. A copy under another name (xxx(1).xlsx, 副本), or a file met again in
                    # a folder, is only what was imported before.
                    if (received_at is not None and earlier.received_at != received_at
                            and earlier.name == files.name(path) and path in files.named):
                        corrections.append((path, earlier.source_id))
                    else:
                        copy = "" if earlier.name == files.name(path) else f"（与已导入的「{earlier.name}」相同）"
                        done(FileResult(shown, "unchanged", earlier.kind, earlier.unit,
                                        notes=[f"此文件此前已导入，内容相同{copy}"]))
                    seen_digests[digest] = shown
                    continue
                seen_digests[digest] = shown
                doc = read()
                pending.append(_Pending(path, doc, identify(doc, kind), shown, files.name(path)))
                if len(pending) > KEPT_UNPACKED:
                    pending[-1].pack()
            except InputError as err:
                done(FileResult(shown, "rejected", err.kind, err.unit or _named_unit(cache, lookup, path, unit),
                                errors=err.problems))
            except OSError as exc:
                done(FileResult(shown, "rejected", errors=[Problem(f"无法读取文件：{exc.strerror or exc}")]))
            except Exception as exc:  # noqa: BLE001 (a bug of ours met on this file: it alone is rejected)
                done(FileResult(shown, "rejected", errors=[_internal(ledger, shown, exc)]))

    for path, source_id in corrections:
        done(_correct(ledger, path, source_id, received_at, now, dry_run))
    # Unit lists first: returns in the same batch may come from units they add.
    pending.sort(key=lambda p: not p.unit_list)
    cache.matcher = None  # read again under the write lock: another clerk may have changed the list
    for i, item in enumerate(pending):
        try:
            done(_import_one(ledger, item, unit, received_at, dry_run, now, cache))
        except DBAPIError as exc:
            if not is_ledger_failure(exc):
                done(FileResult(item.shown, "rejected", errors=[_internal(ledger, item.shown, exc)]))
                continue
            # The ledger itself failed (disk full, I/O, the server gone): this file is not stored,
            # and the next would fail the same way. Say which files are in and which are not.
            why = describe_failure(exc, ledger.url)
            done(FileResult(item.shown, "failed", errors=[Problem(f"账本写入失败，此文件未导入：{why}")]))
            for rest in pending[i + 1:]:
                done(FileResult(rest.shown, "not_tried", notes=["账本写入失败，此文件未尝试导入"]))
            break
        except Exception as exc:  # noqa: BLE001 (a bug of ours met on this file: it alone is rejected)
            done(FileResult(item.shown, "rejected", errors=[_internal(ledger, item.shown, exc)]))
        finally:
            item.release()  # refused or unchanged before its records were taken: its cells go now
        if item.unit_list:
            cache.matcher = None  # the unit list changed
    by_file = {r.file: r for r in results}
    for copy, original in copies:  # a copy is what its original turned out to be
        if (first := by_file.get(original)) is not None and first.outcome in ("imported", "updated", "unchanged"):
            copy.kind, copy.unit = first.kind, first.unit
    return results


def _internal(ledger: Ledger, path: Path | str, exc: Exception) -> Problem:
    """A bug of ours met on one file: the file is rejected with one line, the traceback written to
    a report beside the ledger (or in the temporary folder), and the batch goes on."""
    folder = ledger.sqlite_path.parent if ledger.sqlite_path else None
    return Problem(internal_error(exc, f"导入文件：{path}", folder) + "；此文件未导入，其余文件照常导入")


def _zone(ledger: Ledger) -> str:
    """The campaign's time zone: "now" is its local time."""
    with ledger.reading() as conn:
        return campaign_spec(current_campaign(conn)).timezone


def _named_unit(cache: _BatchCache, reader: Reader, path: Path, unit: str | None) -> str | None:
    """Whose a file refused before it was attributed is, for the results: the --unit given, else
    the unit its own name says (a folder's name, a 填报单位 line: not read for a refused file)."""
    try:
        matcher = cache.units(reader)
        if unit:
            return matcher.resolve(unit).name
        found = unit_in_names(matcher, path)
    except (HuikanError, DBAPIError):  # an unknown --unit is said with the files it applies to; the ledger failing, later
        return None
    return found[0].name if found is not None and found[2] else None


class _BatchCache:
    """What stays the same from file to file of a batch: the campaign with its deliverables and,
    until a unit list is imported, the unit matcher (building it for 2,000 units costs more than a small file)."""

    def __init__(self) -> None:
        self.campaign: tuple | None = None
        self.matcher: UnitMatcher | None = None

    def context(self, conn: Connection, path: Path, unit: str | None, received_at: datetime | None,
                now: datetime) -> ImportContext:
        if self.campaign is None:
            campaign = current_campaign(conn)
            self.campaign = (campaign_spec(campaign), campaign.id, clock.current_user(),
                             load_deliverables(conn, campaign.id))
        matcher = self.units(conn)
        spec, campaign_id, actor, deliverables = self.campaign
        override = matcher.resolve(unit) if unit else None
        when, time_notes = received_time(path, received_at, spec, now)
        return ImportContext(spec, campaign_id, matcher, when, now, override,
                             actor=actor, deliverables=deliverables, time_notes=time_notes)

    def units(self, conn: Connection) -> UnitMatcher:
        if self.matcher is None:
            self.matcher = unit_matcher(conn)
        return self.matcher


def import_context(
    conn: Connection, path: Path, unit: str | None, received_at: datetime | None, now: datetime
) -> ImportContext:
    """What the importers consult for one file: campaign, units, when it was received, who imports."""
    return _BatchCache().context(conn, path, unit, received_at, now)


def extract_file(ledger: Ledger, path: Path, kind: str = "auto", now: datetime | None = None) -> list[Extract]:
    """What a file holds, as the importers read it, without storing anything."""
    doc = read_document(path)
    for sheet in doc.sheets:
        sheet.read_rest()  # every record at once
    item = _Pending(path, doc, identify(doc, kind))
    with ledger.reading() as conn:
        return [e for _, e in _extract_all(item, import_context(conn, path, None, None, now or clock.now()))]


def _extract_all(item: _Pending, ctx: ImportContext) -> list[tuple[Importer, Extract]]:
    """Every importer's records; an empty sheet is fine when another sheet of the file has content."""
    blank_unreadable_cells(item.doc, [t for _, tables in item.claims for t in tables], ctx.notes)
    extracts, empty = [], None
    for imp, tables in item.claims:
        try:
            extracts.append((imp, imp.extract(item.doc, tables, ctx)))
        except EmptyReturnError as err:
            empty = empty or err
    if not extracts:
        raise empty
    return extracts


# Statements built once, with parameters: building and caching a statement costs more than
# running it on a small file.
_BY_DIGEST = (select(source_file.c.id, source_file.c.received_at, source_file.c.name, source_file.c.kind,
                     unit_table.c.name)
              .outerjoin(unit_table, unit_table.c.id == source_file.c.unit_id)
              .where(source_file.c.sha256 == bindparam("digest")).limit(1))
_SET_OUTCOME = (update(source_file).where(source_file.c.id == bindparam("source_id"))
                .values(outcome=bindparam("outcome"), rows=bindparam("rows"), notes=bindparam("notes"),
                        unit_id=bindparam("unit_id")))


class _Earlier(NamedTuple):
    """The same bytes imported before."""

    source_id: int
    received_at: datetime
    name: str
    kind: str | None
    unit: str | None


def _already_imported(reader: Reader, digest: str) -> _Earlier | None:
    row = reader.execute(_BY_DIGEST, {"digest": digest}).first()
    return None if row is None else _Earlier(*row)


def _correct(ledger: Ledger, path: Path, source_id: int, received_at: datetime, now: datetime,
             dry_run: bool = False) -> FileResult:
    """A file imported before, named again with --received-at: its receipt time is corrected (a dry
    run says what would change)."""
    try:
        with ledger.writing(commit=not dry_run) as conn:
            campaign = current_campaign(conn)
            correction = correct_received_at(conn, source_id, received_at, load_deliverables(conn, campaign.id), now,
                                             clock.current_user())
    except HuikanError as err:
        return FileResult(str(path), "rejected", errors=[Problem(str(err))])
    notes = correction_notes(correction, campaign.start)
    return FileResult(str(path), "updated", correction.kind, correction.unit, notes=notes, received_at=received_at)


def _shown(item: _Pending, extracts: list[tuple[Importer, Extract]]) -> tuple[list[dict], list[dict]]:
    """For a dry run: which column was read as which field, and the first records as read."""
    located = [part for _, parts in item.claims for part in parts]
    return describe_tables(located), [row for _, e in extracts for row in preview_rows(e)]


def _import_one(
    ledger: Ledger, item: _Pending, unit: str | None, received_at: datetime | None, dry_run: bool, now: datetime,
    cache: _BatchCache,
) -> FileResult:
    item.unpack()
    path, display = item.path, item.shown
    kinds = "+".join(imp.kind for imp, _ in item.claims)
    try:
        with ledger.writing(commit=not dry_run) as conn:
            # Checked again under the write lock: another clerk may have imported it meanwhile.
            if (earlier := _already_imported(conn, item.doc.sha256)) is not None:
                return FileResult(display, "unchanged", earlier.kind, earlier.unit, notes=["此文件此前已导入，内容相同"])
            ctx = cache.context(conn, path, unit, received_at, now)
            extracts = _extract_all(item, ctx)
            shown = _shown(item, extracts) if dry_run else ([], [])
            item.release()  # the records are extracted: free the sheets before storing them
            kinds = "+".join(e.kind for _, e in extracts)
            source_id = conn.execute(insert(source_file), {  # values as parameters: one cached statement
                "path": display if display != str(path) else str(path.resolve()),  # a member: archive.zip/member
                "name": item.name[-255:],
                "sha256": item.doc.sha256,
                "kind": kinds,
                "unit_id": None,  # the unit, the rows and the outcome are set once stored: a long text table
                "received_at": ctx.received_at,  # is read while it is stored
                "imported_at": now,
                "outcome": "imported",
                "rows": 0,
                "imported_by": ctx.actor,
                "format": item.doc.format,
            }).inserted_primary_key[0]
            outcomes, stored_notes = [], []
            for imp, extract in extracts:
                stored = imp.store(conn, extract, source_id, ctx)
                outcomes.append(stored.outcome)
                stored_notes += extract.notes + stored.notes
            receipts = any(e.kind != "units" for _, e in extracts)  # a unit list is no one's return
            notes = reading_notes(item.doc) + stored_notes + (ctx.time_notes if receipts else []) + ctx.notes.lines()
            outcome = "updated" if "updated" in outcomes else "imported"
            rows = sum(e.rows for _, e in extracts)
            main_unit = next((e.unit for _, e in extracts if e.unit is not None), None)
            conn.execute(_SET_OUTCOME, {"source_id": source_id, "outcome": outcome, "rows": rows, "notes": "\n".join(notes),
                                        "unit_id": main_unit.id if main_unit else None})
            return FileResult(
                display, outcome, kinds, main_unit.name if main_unit else None, rows, notes=notes,
                format=item.doc.format, received_at=ctx.received_at, columns=shown[0], preview=shown[1],
            )
    except InputError as err:  # the unit, when the file told it: the clerk knows whom to call
        return FileResult(display, "rejected", kinds, err.unit, errors=err.problems)
    except HuikanError as err:  # an unknown --unit, a campaign that cannot be read…
        return FileResult(display, "rejected", kinds, errors=[Problem(str(err))])
