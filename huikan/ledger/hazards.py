"""Hazards in the ledger: recognising a hazard again in a later ledger, and storing its changes.

A later ledger from the same unit updates that unit's hazards: each row is matched to a
stored hazard by content (description and venue; fuzzy when the wording was edited), not
by row number alone. Every change becomes a HazardEvent naming the file it came from;
nothing is deleted, and a blank cell never erases what an earlier file said.
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

from sqlalchemy import select
from sqlalchemy.orm import Session

from huikan.ledger.bulk import insert_columns
from huikan.ledger.hazard_fields import FIELD_LABELS, show_value
from huikan.ledger.models import Hazard, HazardEvent

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
    added: int = 0  # how many hazards this file added
    changed: list[Hazard] = field(default_factory=list)
    unchanged: list[Hazard] = field(default_factory=list)
    missing: list[Hazard] = field(default_factory=list)  # stored before, not in this file: kept


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


def _similarity(record: HazardRecord, hazard: Hazard) -> float:
    score = difflib.SequenceMatcher(None, _key(record.description), _key(hazard.description)).ratio()
    if record.venue and hazard.venue:
        score += 0.1 if _key(record.venue) == _key(hazard.venue) else -0.2
    if record.row_no and record.row_no == hazard.row_no:
        score += 0.05
    return score


def match_records(batch: HazardBatch, prints: list[str], stored: list[Hazard]) -> dict[int, Hazard]:
    """Which stored hazard each row of the batch (by index) is: exact fingerprint first, then best similarity."""
    matches: dict[int, Hazard] = {}
    free = {h.id: h for h in stored}
    by_print: dict[str, list[Hazard]] = {}
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
    candidates = sorted(
        ((_similarity(rec, h), i, h.id) for i, rec in records.items() for h in free.values()),
        reverse=True,
    )
    for score, i, hid in candidates:
        if score < _MATCH_THRESHOLD:
            break
        if i in matches or hid not in free:
            continue
        matches[i] = free.pop(hid)
    return matches


def add_event(session: Session, hazard: Hazard, kind: str, now: datetime, *, field: str = "", old="", new="",
              reason: str = "", source_file_id: int | None = None, actor: str = "") -> None:
    session.add(HazardEvent(
        hazard=hazard, at=now, kind=kind, field=field, old=show_value(field, old), new=show_value(field, new),
        reason=reason, source_file_id=source_file_id, actor=actor,
    ))


def sync_unit_hazards(
    session: Session, unit_id: int, batch: HazardBatch, source_file_id: int, now: datetime, actor: str
) -> SyncResult:
    stored = list(session.scalars(select(Hazard).where(Hazard.unit_id == unit_id).order_by(Hazard.id)))
    prints = fingerprints(batch.columns["description"], batch.columns["venue"])
    matches = match_records(batch, prints, stored) if stored else {}
    result = SyncResult()
    for i in sorted(matches):
        hazard = matches[i]
        if _update(session, hazard, batch.record(i), source_file_id, now, actor):
            result.changed.append(hazard)
        else:
            result.unchanged.append(hazard)
        hazard.last_file_id = source_file_id
    if matches:
        new = [i for i in range(len(batch)) if i not in matches]
        batch, prints = batch.take(new), [prints[i] for i in new]
    result.added = _insert(session, unit_id, batch, prints, source_file_id, now)
    matched = {h.id for h in matches.values()}
    result.missing = [h for h in stored if h.id not in matched]
    return result


def _insert(session: Session, unit_id: int, batch: HazardBatch, prints: list[str], source_file_id: int,
            now: datetime) -> int:
    """New hazards in one executemany, straight from the batch's columns. Their first entry of
    history is derived from the row itself (see ``hazard_queries.history``), so no event is written for it."""
    c = batch.columns
    status = [s or ("done" if d else "open") for s, d in zip(c["status"], c["done_on"])]
    insert_columns(session.connection(), Hazard.__table__, len(batch), dict(
        unit_id=unit_id, fingerprint=prints, row_no=c["row_no"], description=c["description"], venue=c["venue"],
        venue_type=c["venue_type"], item_number=c["item_number"], level=c["level"],
        major=[bool(m) for m in c["major"]], found_on=c["found_on"], origin=c["origin"], measures=c["measures"],
        responsible=c["responsible"], funds=c["funds"], contingency=c["contingency"], deadline=c["deadline"],
        original_deadline=c["deadline"], status=status, done_on=c["done_on"], verified_at=None, verified_by="",
        note=c["note"], source_file_id=source_file_id, last_file_id=source_file_id, created_at=now, updated_at=now,
    ))
    return len(batch)


def _update(session: Session, hazard: Hazard, rec: HazardRecord, source_file_id: int, now: datetime, actor: str) -> bool:
    changed = False
    for name in _UPDATABLE:
        new = getattr(rec, name)
        if new is None or new == "":
            continue  # a blank cell keeps what an earlier file said
        old = getattr(hazard, name)
        if name == "funds" and old is not None and Decimal(old) == Decimal(new):
            continue
        if old == new:
            continue
        setattr(hazard, name, new)
        add_event(session, hazard, "changed", now, field=name, old=old, new=new, source_file_id=source_file_id, actor=actor)
        changed = True
        if name == "status" and new != "done" and hazard.verified_at is not None:
            hazard.verified_at, hazard.verified_by = None, ""  # re-opened: the verification no longer holds
    if rec.deadline is not None and rec.deadline != hazard.deadline:
        add_event(session, hazard, "extended", now, field="deadline", old=hazard.deadline, new=rec.deadline,
                  reason=rec.note or "单位台账更新", source_file_id=source_file_id, actor=actor)
        if hazard.original_deadline is None:
            hazard.original_deadline = rec.deadline
        hazard.deadline = rec.deadline
        changed = True
    if rec.row_no:
        hazard.row_no = rec.row_no
    if changed:
        hazard.fingerprint = fingerprint(hazard.description, hazard.venue)
        hazard.updated_at = now
    return changed
