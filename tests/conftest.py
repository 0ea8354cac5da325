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
