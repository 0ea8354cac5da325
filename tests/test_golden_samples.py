"""Golden samples: every file of huikan/sample_data/收件箱 and what each importer reads from it.

Each file is read in its own ledger after the files before it (by name), as the clerk's
inbox would be imported. The expected records live in tests/golden/<file>.json. After a deliberate change to what
an importer reads, regenerate them with HUIKAN_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from huikan.cli.demo import stage_inbox
from huikan.importers.runner import extract_file, import_paths
from huikan.ledger.hazards import HazardBatch
from huikan.reading.archives import is_archive
from huikan.recognise.unitnames import KnownUnit

from .conftest import NOW, SAMPLE

GOLDEN = Path(__file__).parent / "golden"
FILES = sorted(p.name for p in (SAMPLE / "收件箱").iterdir())


def plain(value):
    if isinstance(value, KnownUnit):
        return value.name
    if isinstance(value, HazardBatch):  # held column by column; compared row by row
        return [plain(value.record(i)) for i in range(len(value))]
    if dataclasses.is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(plain(k)): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@pytest.fixture
def inbox(tmp_path):
    """The sample inbox with the receipt times of 收件时间.toml."""
    return stage_inbox(SAMPLE, tmp_path)


@pytest.mark.parametrize("name", FILES)
def test_golden_sample(ledger_with_units, inbox, name):
    """What a file reads as, after the files before it in the inbox (by name) were imported: the
    state it is read against is built by this test, whatever ran before."""
    ledger = ledger_with_units
    for earlier in FILES[:FILES.index(name)]:
        import_paths(ledger, [inbox / earlier], now=NOW)
    if is_archive(inbox / name):  # an archive: what became of each member
        got = {"members": [{"file": r.short_name, "outcome": r.outcome, "kind": r.kind, "unit": r.unit,
                            "rows": r.rows, "notes": r.notes} for r in import_paths(ledger, [inbox / name], now=NOW)]}
        assert_golden(name, got)
        return
    extracts = extract_file(ledger, inbox / name, now=NOW)
    got = {
        "extracts": [{"kind": e.kind, "unit": plain(e.unit), "rows": e.rows, "records": plain(e.payload)} for e in extracts]
    }
    [result] = import_paths(ledger, [inbox / name], now=NOW)
    got["outcome"] = result.outcome
    got["notes"] = result.notes
    assert_golden(name, got)


def assert_golden(name: str, got: dict) -> None:
    path = GOLDEN / f"{name}.json"
    if os.environ.get("HUIKAN_UPDATE_GOLDEN"):
        path.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert got == json.loads(path.read_text(encoding="utf-8"))


def test_every_sample_has_a_golden_file():
    assert sorted(p.name.removesuffix(".json") for p in GOLDEN.glob("*.json")) == FILES
