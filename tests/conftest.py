from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from huikan.campaigns import load_campaign
from huikan.cli import cli
from huikan.ledger.campaigns import install_campaign
from huikan.ledger.database import open_ledger

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
NOW = datetime(2018, 12, 1, 9, 0, 0)


@pytest.fixture
def spec():
    return load_campaign()


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "ledger.db"


@pytest.fixture
def ledger(db_path, spec):
    """A fresh ledger with the default campaign."""
    ledger = open_ledger(db_path, create=True)
    with ledger.session() as session:
        install_campaign(session, spec, NOW)
    yield ledger
    ledger.close()


@pytest.fixture
def ledger_with_units(ledger):
    from huikan.importers.runner import import_paths

    [result] = import_paths(ledger, [SAMPLE / "单位名单.xlsx"], now=NOW)
    assert result.outcome == "imported", result.errors
    return ledger


@pytest.fixture
def run(db_path):
    """Invoke the CLI on the test ledger: run("units", "--json")."""
    runner = CliRunner()

    def invoke(*args, env=None, **kwargs):
        return runner.invoke(cli, ["--db", str(db_path), *args], env=env, catch_exceptions=False, **kwargs)

    return invoke


def snapshot(ledger) -> tuple:
    """Everything the ledger holds, row by row; for SQLite also the file's bytes after a checkpoint."""
    import hashlib
    import sqlite3

    from sqlalchemy import select

    from huikan.ledger.models import Base

    with ledger.engine.connect() as conn:
        content = tuple(
            (table.name, tuple(tuple(row) for row in conn.execute(select(table).order_by(*table.primary_key.columns))))
            for table in Base.metadata.sorted_tables
        )
    path = ledger.sqlite_path
    if path is None:
        return content, None
    ledger.engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return content, hashlib.sha256(path.read_bytes()).hexdigest()
