"""Hazards in the ledger: recognising a hazard again in a later ledger, and storing its changes.

A later ledger from the same unit updates that unit's hazards: each row is matched to a
stored hazard by content (description and venue; fuzzy when the wording was edited), not
by row number alone. Every change becomes a HazardEvent naming the file it came from;
nothing is deleted, and a blank cell never erases what an earlier file said.

The clerk's decisions (a status set by hand, 延期, 复查销号, a responsible person) survive a
re-sent ledger field by field (``decisions``): a value the unit did not change keeps the
clerk's, a value the unit changed is applied, and where both changed the clerk's stays and
the import says so. Whatever writes a hazard, its record is consistent (``consistent``).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Connection, Row, bindparam, insert, select, update

from huikan.ledger import decisions
from huikan.ledger.bulk import insert_columns
from huikan.ledger.hazard_fields import FIELD_LABELS, show_value
from huikan.ledger.hazard_rules import hazard_code
from huikan.ledger.tables import hazard as hazard_table
from huikan.ledger.tables import hazard_event

# Compared and updated on a later import, in this order (deadline is handled as an extension).
_UPDATABLE = [f for f in FIELD_LABELS if f not in ("deadline", "row_no")]
_MATCH_THRESHOLD = 0.72
_PUNCT = re.compile(r"[\W_]+")


@dataclass
class HazardRecord:
    """One ledger row as read; None means the cell was blank (keep what is stored)."""

    row: int
    row_no: str
    description: str
    venue: str = ""
    venue_type: str = ""
    item_number: int | None = None
    level: str = ""
    major: bool | None = None
    found_on: date | None = None
    origin: str = ""
    measures: str = ""
    responsible: str = ""
    funds: Decimal | None = None
    contingency: str = ""
    deadline: date | None = None
    status: str | None = None
    done_on: date | None = None
    note: str = ""


RECORD_FIELDS = tuple(f.name for f in fields(HazardRecord))


@dataclass
class HazardBatch:
    """One unit's rows of a ledger, held column by column (``RECORD_FIELDS``): a ledger may hold
    100k rows, and new hazards go from these columns into one executemany, with no object per row."""

    columns: dict[str, list]

    def __len__(self) -> int:
        return len(self.columns["row"])

    def record(self, i: int) -> HazardRecord:
        return HazardRecord(**{name: values[i] for name, values in self.columns.items()})

    def take(self, indices: Sequence[int]) -> HazardBatch:
        return HazardBatch({name: [values[i] for i in indices] for name, values in self.columns.items()})

    @classmethod
    def joined(cls, parts: Sequence[HazardBatch]) -> HazardBatch:
        if len(parts) == 1:
            return parts[0]
        return cls({name: [v for part in parts for v in part.columns[name]] for name in RECORD_FIELDS})


@dataclass
class SyncResult:
    """What a ledger did to its unit's hazards; the lists hold the stored rows (``hazard`` table)."""

    added: int = 0  # how many hazards this file added
    changed: list[Row] = field(default_factory=list)
    unchanged: list[Row] = field(default_factory=list)
    missing: list[Row] = field(default_factory=list)  # stored before, not in this file: kept
    kept_decisions: list[str] = field(default_factory=list)  # the clerk's decisions this file disagreed with

    @property
    def missing_codes(self) -> list[str]:
        return [hazard_code(h.id) for h in self.missing]


def _droppable(code: int) -> bool:
    """Punctuation or space before NFKC and after it, that composes with nothing."""
    ch = chr(code)
    return bool(_PUNCT.fullmatch(unicodedata.normalize("NFKC", ch))) and not unicodedata.combining(ch)


# ASCII, CJK and full-width punctuation and spaces. Dropped first, they usually leave text that
# is already NFKC-normal and all letters and digits, which C-speed checks tell without NFKC or
# the general regex (100k fingerprints: 2x faster). When the rest is not normal (full-width
# letters, a combining mark that met a new neighbour), the plain definition decides. A regex
# class drops them 2x faster than str.translate, which looks up a dict for every character.
_DROP = re.compile("[{}]+".format("".join(
    re.escape(chr(c)) for c in [*range(0x20, 0x80), *range(0x3000, 0x3040), *range(0xFF01, 0xFF66)] if _droppable(c))))


def _key(s: str) -> str:
    s = s or ""
    key = _DROP.sub("", s)
    if not unicodedata.is_normalized("NFKC", key):
        key = unicodedata.normalize("NFKC", s)
    return (key if key.isalnum() else _PUNCT.sub("", key)).lower()


def fingerprint(description: str, venue: str) -> str:
    return hashlib.sha256(f"{_key(description)}|{_key(venue)}".encode()).hexdigest()[:32]


def fingerprints(descriptions: list[str], venues: list[str]) -> list[str]:
    """fingerprint() of every row; a ledger names the same few venues many times."""
    venue_keys: dict[str, str] = {}
    prints = []
    for description, venue in zip(descriptions, venues):
        key = venue_keys.get(venue)
        if key is None:
            key = venue_keys[venue] = _key(venue)
        prints.append(hashlib.sha256(f"{_key(description)}|{key}".encode()).hexdigest()[:32])
    return prints


# What the venue and the 序号 add to the descriptions' likeness.
_SAME_VENUE, _OTHER_VENUE, _SAME_ROW_NO = 0.1, -0.2, 0.05


def _venue_key(venue: str) -> str | None:
    """A venue as compared (None: none written)."""
    return _key(venue) if venue else None


def _context(venue: str | None, other_venue: str | None, row_no: str, other_row_no: str) -> float:
    """The venue's and the 序号's say in a pair's likeness (venues as ``_venue_key`` gives them)."""
    extra = 0.0
    if venue is not None and other_venue is not None:
        extra += _SAME_VENUE if venue == other_venue else _OTHER_VENUE
    if row_no and row_no == other_row_no:
        extra += _SAME_ROW_NO
    return extra


def _similarity(record: HazardRecord, hazard: Row) -> float:
    """How alike a row and a stored hazard are: their descriptions' difflib ratio, plus the
    venue's and the 序号's say."""
    score = difflib.SequenceMatcher(None, _key(record.description), _key(hazard.description)).ratio()
    return score + _context(_venue_key(record.venue), _venue_key(hazard.venue), record.row_no, hazard.row_no)


def match_records(batch: HazardBatch, prints: list[str], stored: Sequence[Row]) -> dict[int, Row]:
    """Which stored hazard each row of the batch (by index) is: exact fingerprint first, then best similarity."""
    matches: dict[int, Row] = {}
    free = {h.id: h for h in stored}
    by_print: dict[str, list[Row]] = {}
    for h in sorted(stored, key=lambda h: h.id):
        by_print.setdefault(h.fingerprint, []).append(h)
    for i, print_ in enumerate(prints):
        for h in by_print.get(print_, ()):
            if h.id in free:
                matches[i] = free.pop(h.id)
                break
    if not free:
        return matches
    records = {i: batch.record(i) for i in range(len(batch)) if i not in matches}
    for i, hid in _greedy_pairs(records, free):
        matches[i] = free.pop(hid)
    return matches


_FETCH = 8  # a row's likeliest free hazards fetched at a time; more only when those are taken or too unlike
_LAST = 1 << 62  # marks a row's "fetch more" entry (no hazard id)
_SAME, _NONE, _OTHER, _ANY = range(4)  # a row's groups of hazards: its venue's, none's, others'; all
# A row with a venue looks for hazards of its venue, of none, and of another venue apart: the
# venue's say differs (+0.1, 0, -0.2), so each group has its own most the venue and 序号 can add,
# and hazards of other venues (most of a unit's) are only fetched where their ratio is high. A
# row without a venue searches all its unit's hazards (_ANY).
_GROUP_BONUS = {_SAME: _SAME_VENUE + _SAME_ROW_NO, _NONE: _SAME_ROW_NO, _OTHER: _OTHER_VENUE + _SAME_ROW_NO,
                _ANY: _SAME_ROW_NO}


def _greedy_pairs(records: dict[int, HazardRecord], free: dict[int, Row]):
    """The pairs the rule takes: again and again the highest-scoring (row, stored hazard) pair of
    those still free, scoring at least the threshold — ties to the later row, then the later
    hazard — without scoring every pair.

    Scoring is difflib's, as it always was. What makes it scale: rapidfuzz's InDel ratio,
    2·LCS/(a+b), bounds difflib's ratio from above (difflib's matching blocks are one common
    subsequence), and rapidfuzz computes it in C. Each row fetches its likeliest hazards by that
    ratio, best first (sixteen times as many each time it needs more). A fetched pair whose ratio
    plus its own venue's and 序号's say cannot reach the threshold is dropped there; the others go
    on a heap under that bound, and once difflib has scored them, under their score. Beside them
    each row keeps one entry bounding all it has not fetched (its last ratio plus the most the
    venue and 序号 can add). A scored pair on top of the heap beats everything below, scored or
    not: it is the pair the rule takes. A row with a venue searches its venue's hazards, those
    without one and those of other venues apart, each with the least ratio the venue can make
    reach the threshold (another venue's: 0.87), so the unlike venues of a unit's thousands of
    hazards are never walked. (A unit with 5,000 alike hazards sending 1,000 new ones: 5 million
    SequenceMatcher runs, 404 s; a heap entry per pair looked at, 3.9 s; now 1.45 s.)"""
    import heapq

    from rapidfuzz import fuzz, process  # lazy: only a re-sent ledger with changed rows needs it

    pool = dict(free)  # the caller takes from ``free`` as pairs are yielded
    ids = list(pool)
    keys = [_key(pool[hid].description) for hid in ids]
    venues = [_venue_key(pool[hid].venue) for hid in ids]  # keyed once, not per pair
    row_numbers = [pool[hid].row_no for hid in ids]
    by_venue: dict[str | None, list[int]] = {}
    for j, venue in enumerate(venues):
        by_venue.setdefault(venue, []).append(j)
    choices: dict[tuple, tuple[list[str], list[int] | None]] = {}

    def choices_of(i: int, group: int) -> tuple[list[str], list[int] | None]:
        """The keys a row's group searches, and their columns (None: all keys, as they are)."""
        if group in (_OTHER, _ANY):
            return keys, None
        name = (group, row_venues[i] if group == _SAME else None)
        if name not in choices:
            columns = by_venue.get(name[1], [])
            choices[name] = ([keys[j] for j in columns], columns)
        return choices[name]

    # Entries (-key, -row, -hazard id or -(_LAST + group), stage): stage 0 a bound on what a row's
    # group has not fetched, 1 a pair bounded with its own venue and 序号, 2 a pair scored by difflib.
    heap: list[tuple[float, int, int, int]] = []
    fetched: dict[tuple[int, int], int] = {}  # (row, group) -> how many it asked for last
    seen: dict[int, set[int]] = {}  # row -> the columns it has fetched
    taken: set[int] = set()
    push, pop, context = heapq.heappush, heapq.heappop, _context

    def fetch(i: int, group: int) -> None:
        searched, columns = choices_of(i, group)
        if not searched:
            return
        bonus = _GROUP_BONUS[group]
        limit = 16 * fetched[(i, group)] if (i, group) in fetched else _FETCH
        got = process.extract(row_keys[i], searched, scorer=fuzz.ratio, processor=None,
                              score_cutoff=(_MATCH_THRESHOLD - bonus) * 100 - 1e-6, limit=limit)
        mine = seen.setdefault(i, set())
        venue, row_no = row_venues[i], records[i].row_no
        for _, ratio, k in got:
            j = k if columns is None else columns[k]
            if j in mine:
                continue
            mine.add(j)
            bound = ratio / 100 + context(venue, venues[j], row_no, row_numbers[j]) + 1e-9
            if bound >= _MATCH_THRESHOLD and ids[j] not in taken:
                push(heap, (-bound, -i, -ids[j], 1))
        fetched[(i, group)] = limit
        if len(got) == limit:  # there may be more, none likelier than the last
            push(heap, (-(got[-1][1] / 100 + bonus + 1e-9), -i, -(_LAST + group), 0))

    row_venues = {i: _venue_key(rec.venue) for i, rec in records.items()}
    row_keys = {i: _key(rec.description) for i, rec in records.items()}
    for i in records:
        for group in ((_SAME, _NONE, _OTHER) if row_venues[i] is not None else (_ANY,)):
            fetch(i, group)
    done: set[int] = set()
    while heap:
        _, row, hid, stage = pop(heap)
        i, hid = -row, -hid
        if i in done:
            continue
        if stage == 0:
            fetch(i, hid - _LAST)
        elif hid in taken:
            continue  # taken by another row
        elif stage == 1:
            score = _similarity(records[i], pool[hid])
            if score >= _MATCH_THRESHOLD:
                push(heap, (-score, row, -hid, 2))
        else:
            done.add(i)
            taken.add(hid)
            yield i, hid


def event_values(kind: str, now: datetime, *, field: str = "", old="", new="", reason: str = "",
                 source_file_id: int | None = None, actor: str = "") -> dict:
    """One entry of a hazard's history, its values shown as the clerk reads them."""
    return {"at": now, "kind": kind, "field": field, "old": show_value(field, old), "new": show_value(field, new),
            "reason": reason, "source_file_id": source_file_id, "actor": actor}


def sync_unit_hazards(
    conn: Connection, unit_id: int, batch: HazardBatch, source_file_id: int, now: datetime, actor: str
) -> SyncResult:
    """Store a unit's ledger: new rows inserted, known hazards updated with an event per change.

    In Core, in a few statements however long the ledger is: the stored hazards are read as
    rows, the rows that may change are found column by column, each kind of change is one
    executemany and the events one insert (a unit re-sending a 100k-row ledger made 100k ORM
    objects and a 15 s flush)."""
    h = hazard_table.c
    stored = conn.execute(select(hazard_table).where(h.unit_id == unit_id).order_by(h.id)).all()
    prints = fingerprints(batch.columns["description"], batch.columns["venue"])
    matches = match_records(batch, prints, stored) if stored else {}
    pairs = sorted(matches.items())
    candidates = _may_change(batch, pairs)
    result = SyncResult()
    updates: dict[tuple[str, ...], list[dict]] = {}  # by the columns a row changes: one executemany each
    events: list[dict] = []
    row_nos = batch.columns["row_no"]
    for i, stored_row in pairs:
        if i in candidates:
            values, found = _changes(stored_row, batch.record(i), source_file_id, now, actor, result.kept_decisions)
            events += found
        else:  # nothing to compare further: at most its 序号 moved, which is no change of the hazard
            values, found = ({"row_no": row_nos[i]} if row_nos[i] and row_nos[i] != stored_row.row_no else {}), []
        (result.changed if found else result.unchanged).append(stored_row)
        if values:
            # Parameters named new_<column>: SQLAlchemy keeps a column's own name for its SET clause.
            updates.setdefault(tuple(sorted(values)), []).append(
                {"hazard_id": stored_row.id, **{f"new_{name}": value for name, value in values.items()}})
    matched = {row.id for _, row in pairs}
    result.missing = [row for row in stored if row.id not in matched]
    # Every hazard this ledger lists was last seen in it: one statement for the unit, then the
    # few it no longer lists get their own file back (an executemany of 100k ids took 1 s).
    conn.execute(update(hazard_table).where(h.unit_id == unit_id).values(last_file_id=source_file_id))
    if result.missing:
        updates.setdefault(("last_file_id",), []).extend(
            {"hazard_id": row.id, "new_last_file_id": row.last_file_id} for row in result.missing)
    for names, params in updates.items():
        conn.execute(update(hazard_table).where(h.id == bindparam("hazard_id"))
                     .values({name: bindparam(f"new_{name}") for name in names}), params)
    if events:
        conn.execute(insert(hazard_event), events)
    if matches:
        new = [i for i in range(len(batch)) if i not in matches]
        batch, prints = batch.take(new), [prints[i] for i in new]
    result.added = _insert(conn, unit_id, batch, prints, source_file_id, now)
    return result


_ANY_HAZARD = select(hazard_table.c.id).where(hazard_table.c.unit_id == bindparam("unit_id")).limit(1)


def has_hazards(conn: Connection, unit_id: int) -> bool:
    """Whether a unit has any hazard on record."""
    return conn.execute(_ANY_HAZARD, {"unit_id": unit_id}).first() is not None


def add_hazards(conn: Connection, unit_id: int, batch: HazardBatch, source_file_id: int, now: datetime) -> int:
    """A ledger's rows for a unit with nothing on record: all new, so nothing to match (what
    ``sync_unit_hazards`` does then), and a long file can be stored a chunk at a time."""
    prints = fingerprints(batch.columns["description"], batch.columns["venue"])
    return _insert(conn, unit_id, batch, prints, source_file_id, now)


def consistent(status: str, done_on: date | None) -> date | None:
    """The one consistency rule of a hazard's record: what is not done has no done date."""
    return done_on if status == "done" else None


def _may_change(batch: HazardBatch, pairs: list[tuple[int, Row]]) -> set[int]:
    """The batch rows whose cells differ from their stored hazard in a field that updates it:
    a cheap pass, column by column; ``_changes`` decides for these (funds compared as amounts…)."""
    positions = {column.name: k for k, column in enumerate(hazard_table.c)}
    found: set[int] = set()
    for name in (*_UPDATABLE, "deadline"):
        column, k = batch.columns[name], positions[name]
        found.update(i for i, row in pairs if (new := column[i]) is not None and new != "" and new != row[k])
    # A hazard the clerk decided on: even a row equal to it moves the decision's base (the unit agreed).
    k = positions["decisions"]
    found.update(i for i, row in pairs if row[k])
    return found


def _insert(conn: Connection, unit_id: int, batch: HazardBatch, prints: list[str], source_file_id: int,
            now: datetime) -> int:
    """New hazards in one executemany, straight from the batch's columns. Their first entry of
    history is derived from the row itself (see ``hazard_queries.history``), so no event is written for it."""
    c = batch.columns
    status = [s or ("done" if d else "open") for s, d in zip(c["status"], c["done_on"])]
    done_on = [consistent(s, d) for s, d in zip(status, c["done_on"])]
    insert_columns(conn, hazard_table, len(batch), dict(
        unit_id=unit_id, fingerprint=prints, row_no=c["row_no"], description=c["description"], venue=c["venue"],
        venue_type=c["venue_type"], item_number=c["item_number"], level=c["level"],
        major=[bool(m) for m in c["major"]], found_on=c["found_on"], origin=c["origin"], measures=c["measures"],
        responsible=c["responsible"], funds=c["funds"], contingency=c["contingency"], deadline=c["deadline"],
        original_deadline=c["deadline"], status=status, done_on=done_on, verified_at=None, verified_by="",
        note=c["note"], source_file_id=source_file_id, last_file_id=source_file_id, created_at=now, updated_at=now,
        decisions=None,
    ))
    return len(batch)


def _changes(stored: Row, rec: HazardRecord, source_file_id: int, now: datetime, actor: str,
             kept: list[str]) -> tuple[dict, list[dict]]:
    """What a later ledger's row changes in a stored hazard: the new values, and an event per change.
    The clerk's decisions that the row disagrees with are kept, and said in ``kept``."""
    values: dict = {}
    events: list[dict] = []
    decided = decisions.decode(stored.decisions)
    if stored.verified_at is not None and "status" not in decided:
        decided["status"] = "done"  # verified before decisions were recorded: 复查销号 is the clerk's
    base = dict(decided)

    def current(name: str):
        return values.get(name, getattr(stored, name))

    def event(kind: str, name: str, old, new, reason: str = "") -> None:
        events.append({"hazard_id": stored.id, **event_values(
            kind, now, field=name, old=old, new=new, reason=reason, source_file_id=source_file_id, actor=actor)})

    def clerk_keeps(name: str, new) -> bool:
        """The field is the clerk's decision: does it stay? (updates ``decided``)"""
        if name not in decided:
            return False
        if decisions.same(name, new, decided[name]):
            return True  # the unit did not change it: the clerk's stays
        old = current(name)
        if decisions.same(name, new, old):
            del decided[name]  # the unit now says what the clerk decided
            return True
        decided[name] = new  # both changed: the clerk's stays, the unit's latest is remembered
        label = FIELD_LABELS.get(name, name)
        kept.append(f"{hazard_code(stored.id)} {label}：单位本次报「{show_value(name, new) or '（空）'}」，与办公室的决定"
                    f"「{show_value(name, old) or '（空）'}」不同，保留办公室的决定（如需采用单位所报：huikan hazard set）")
        event("kept", name, old, new, "单位所报与办公室的决定不同，保留办公室的决定")
        return True

    for name in _UPDATABLE:
        new = getattr(rec, name)
        if new is None or new == "":
            continue  # a blank cell keeps what an earlier file said
        if clerk_keeps(name, new):
            continue
        old = current(name)
        if name == "funds" and old is not None and Decimal(old) == Decimal(new):
            continue
        if old == new:
            continue
        values[name] = new
        event("changed", name, old, new)
    if rec.deadline is not None and not clerk_keeps("deadline", rec.deadline) and rec.deadline != stored.deadline:
        event("extended", "deadline", stored.deadline, rec.deadline, rec.note or "单位台账更新")
        if stored.original_deadline is None:
            values["original_deadline"] = rec.deadline
        values["deadline"] = rec.deadline
    done_on = consistent(current("status"), current("done_on"))
    if done_on != current("done_on"):
        event("changed", "done_on", current("done_on"), done_on, f"整改状态为「{show_value('status', current('status'))}」")
        values["done_on"] = done_on
    if rec.row_no and rec.row_no != stored.row_no:
        values["row_no"] = rec.row_no
    if decided != base:
        values["decisions"] = decisions.encode(decided)
    if events:
        values["fingerprint"] = fingerprint(current("description"), current("venue"))
        values["updated_at"] = now
    return values, events
