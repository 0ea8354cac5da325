"""Fixtures. The suite runs on SQLite by default; with HUIKAN_TEST_DB set to a PostgreSQL URL
(see .ci/run) every ledger is a fresh PostgreSQL database instead, and tests marked
sqlite_only are deselected while those marked postgres_only run."""

from __future__ import annotations

import os
import shutil
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from huikan.campaigns import load_campaign
from huikan.cli import cli
from huikan.ledger.campaigns import install_campaign
from huikan.ledger.database import open_ledger

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "huikan" / "sample_data"
NOW = datetime(2018, 12, 1, 9, 0, 0)


@pytest.fixture
def spec():
    return load_campaign()


PG_SERVER = os.environ.get("HUIKAN_TEST_DB", "")
ON_POSTGRES = PG_SERVER.startswith("postgresql")


def pytest_collection_modifyitems(config, items):
    """Deselect (say so, do not skip) what the chosen backend cannot run."""
    unwanted = "sqlite_only" if ON_POSTGRES else "postgres_only"
    keep = [i for i in items if unwanted not in i.keywords]
    dropped = [i for i in items if unwanted in i.keywords]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


def pytest_report_header(config):
    return f"huikan ledger backend: {'PostgreSQL ' + PG_SERVER if ON_POSTGRES else 'SQLite'}"


def fresh_database(tmp_path: Path) -> str:
    """A new empty ledger location: a SQLite file, or a new PostgreSQL database (never skipped:
    with HUIKAN_TEST_DB set, a server that cannot be reached fails the test)."""
    if not ON_POSTGRES:
        return str(tmp_path / "ledger.db")
    import sqlalchemy as sa

    name = f"huikan_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return sa.engine.make_url(PG_SERVER).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def db_url(tmp_path) -> str:
    return fresh_database(tmp_path)


@pytest.fixture
def db_path(db_url) -> Path:
    """The SQLite ledger file (tests that need a file are sqlite_only)."""
    return Path(db_url)


def _admin():
    import sqlalchemy as sa

    return sa.create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")


def _copy_ledger(template: str, target: str) -> None:
    """Make ``target`` a copy of the ledger at ``template`` (a file copy; on PostgreSQL a database
    made from the template)."""
    if not ON_POSTGRES:
        shutil.copyfile(template, target)
        return
    import sqlalchemy as sa

    admin = _admin()
    source, name = sa.engine.make_url(template).database, sa.engine.make_url(target).database
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{source}"'))
    admin.dispose()


@pytest.fixture(scope="session")
def ledger_templates(tmp_path_factory):
    """Ledgers built once per run and copied for each test: "campaign" (init with the default
    campaign) and "units" (and the sample unit list imported). Every test still gets its own."""
    made: dict[str, str] = {}

    def template(kind: str) -> str:
        if kind not in made:
            url = fresh_database(tmp_path_factory.mktemp(f"template-{kind}"))
            ledger = open_ledger(url, create=True)
            with ledger.writing() as conn:
                install_campaign(conn, load_campaign(), NOW)
            if kind == "units":
                from huikan.importers.runner import import_paths

                [result] = import_paths(ledger, [SAMPLE / "单位名单.xlsx"], now=NOW)
                assert result.outcome == "imported", result.errors
            ledger.close()  # SQLite: the last connection checkpoints the WAL into the file
            made[kind] = url
        return made[kind]

    yield template
    if ON_POSTGRES and made:
        import sqlalchemy as sa

        admin = _admin()
        with admin.connect() as conn:
            for url in made.values():
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{sa.engine.make_url(url).database}"'))
        admin.dispose()


def _copied_ledger(ledger_templates, kind: str, db_url: str):
    _copy_ledger(ledger_templates(kind), db_url)
    return open_ledger(db_url)


@pytest.fixture
def ledger(db_url, ledger_templates):
    """A fresh ledger with the default campaign."""
    ledger = _copied_ledger(ledger_templates, "campaign", db_url)
    yield ledger
    ledger.close()


@pytest.fixture
def ledger_with_units(db_url, ledger_templates):
    """A fresh ledger with the default campaign and the sample unit list (73 units)."""
    ledger = _copied_ledger(ledger_templates, "units", db_url)
    yield ledger
    ledger.close()


@pytest.fixture
def run(db_url):
    """Invoke the CLI on the test ledger: run("units", "--json")."""
    runner = CliRunner()

    def invoke(*args, env=None, **kwargs):
        return runner.invoke(cli, ["--db", db_url, *args], env=env, catch_exceptions=False, prog_name="huikan", **kwargs)

    return invoke


def snapshot(ledger) -> tuple:
    """Everything the ledger holds, row by row; for SQLite also the file's bytes after a checkpoint."""
    import hashlib
    import sqlite3

    from sqlalchemy import select

    from huikan.ledger.tables import metadata

    with ledger.engine.connect() as conn:
        content = tuple(
            (table.name, tuple(tuple(row) for row in conn.execute(select(table).order_by(*table.primary_key.columns))))
            for table in metadata.sorted_tables
        )
    path = ledger.sqlite_path
    if path is None:
        return content, None
    ledger.engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return content, hashlib.sha256(path.read_bytes()).hexdigest()
