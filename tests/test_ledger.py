from datetime import date, datetime

import pytest
from sqlalchemy import func, select, text

from huikan.campaigns import load_campaign
from huikan.errors import LedgerError
from huikan.ledger import database
from huikan.ledger.campaigns import campaign_spec, current_campaign, install_campaign
from huikan.ledger.database import SCHEMA_HEAD, database_url, open_ledger, upgrade
from huikan.ledger.tables import deliverable, due_instance, metadata, receipt, source_file, unit

from .conftest import NOW, SAMPLE


def test_install_stores_due_instances(ledger):
    with ledger.reading() as conn:
        rows = conn.execute(select(deliverable.c.key, due_instance.c.due_at).join(due_instance)
                            .order_by(deliverable.c.seq, due_instance.c.seq)).all()
        due = {}
        for key, due_at in rows:
            due.setdefault(key, []).append(due_at)
        assert due["weekly"] == [datetime(2018, 12, d, 17) for d in (5, 12, 19, 26)]
        assert due["selfcheck"] == [datetime(2018, 12, 14, 23, 59, 59)]
        assert conn.execute(text("SELECT number FROM check_item ORDER BY number")).scalars().all() == list(range(1, 10))
        assert campaign_spec(current_campaign(conn)) == load_campaign()


def test_install_twice_is_a_no_op(ledger, spec):
    with ledger.writing() as conn:
        _, created = install_campaign(conn, spec, NOW)
        assert not created
        assert conn.scalar(select(func.count()).select_from(due_instance)) == 7


def test_other_campaign_is_refused(ledger, spec):
    other = spec.with_start(date(2018, 12, 5))
    with ledger.writing() as conn, pytest.raises(LedgerError, match="开始日期"):
        install_campaign(conn, other, NOW)


@pytest.mark.sqlite_only
def test_missing_ledger_is_a_clear_error(tmp_path):
    with pytest.raises(LedgerError, match="huikan init"):
        open_ledger(tmp_path / "none.db")
    assert not (tmp_path / "none.db").exists()  # nothing created by looking


def test_database_url():
    assert database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("x.db").startswith("sqlite:////") and database_url("x.db").endswith("/x.db")


def test_bad_url_is_a_ledger_error():
    with pytest.raises(LedgerError, match="无法打开账本"):
        open_ledger("nosuchdialect://x/y")


def test_migrations_build_exactly_the_tables(db_url):
    """Every schema change has its migration: the migrated schema equals tables.py (on each backend)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    ledger = open_ledger(db_url, create=True)
    with ledger.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    ledger.close()
    assert diff == []


def test_schema_head_is_alembic_head():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "huikan.ledger:migrations")
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_HEAD


def test_migration_from_version_1_keeps_data(db_url, spec):
    """A ledger made at schema version 1 opens under today's code with its data intact."""
    from huikan.importers.runner import import_paths

    path = db_url
    old = database.Ledger(database_url(path))
    upgrade(old.engine, "0001")
    # Version-1 rows written with version-1 SQL: a unit, a file from it and its receipt.
    with old.engine.begin() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
        conn.execute(text(
            "INSERT INTO campaign (id, key, name, short_name, issuer, office, start, \"end\", spec_toml, spec_sha256,"
            " created_at) VALUES (1, :key, :name, '回头看', '', '', '2018-12-03', '2018-12-31', :toml, :sha,"
            " '2018-12-01 09:00:00.000000')"
        ), {"key": spec.key, "name": spec.name, "toml": spec.source, "sha": spec.digest})
        conn.execute(text("INSERT INTO deliverable (id, campaign_id, seq, key, name, description, schedule_kind)"
                          " VALUES (1, 1, 1, 'weekly', '每周工作进展', '', 'weekly')"))
        conn.execute(text("INSERT INTO unit (id, name, category, seq, added_at, note)"
                          " VALUES (1, '郑州市旅游局', 'city', 1, '2018-12-01 09:00:00.000000', '')"))
        conn.execute(text(
            "INSERT INTO source_file (id, path, name, sha256, kind, unit_id, received_at, imported_at, outcome,"
            " rows, imported_by) VALUES (1, '/in/周报.xlsx', '周报.xlsx', 'abc', 'weekly', 1,"
            " '2018-12-05 10:00:00.000000', '2018-12-05 11:00:00.000000', 'imported', 1, 'clerk')"
        ))
        conn.execute(text("INSERT INTO receipt (id, source_file_id, unit_id, deliverable_id, received_at)"
                          " VALUES (1, 1, 1, 1, '2018-12-05 10:00:00.000000')"))
        # The same bytes stored twice by two clerks at once (possible before version 3).
        conn.execute(text(
            "INSERT INTO source_file (id, path, name, sha256, kind, unit_id, received_at, imported_at, outcome,"
            " rows, imported_by) VALUES (2, '/in/周报 (1).xlsx', '周报 (1).xlsx', 'abc', 'weekly', 1,"
            " '2018-12-05 10:00:00.000000', '2018-12-05 11:00:01.000000', 'imported', 1, 'clerk2')"
        ))
        if conn.dialect.name == "postgresql":  # rows written with explicit IDs: move the sequences on
            for table in ("campaign", "deliverable", "unit", "source_file", "receipt"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
    old.close()

    ledger = open_ledger(path)  # migrates to the head
    assert ledger.revision() == SCHEMA_HEAD
    with ledger.reading() as conn:
        row = conn.execute(select(receipt.c.kind, receipt.c.note, source_file.c.name, source_file.c.format,
                                  unit.c.name.label("unit_name"))
                           .join(source_file, receipt.c.source_file_id == source_file.c.id)
                           .join(unit, receipt.c.unit_id == unit.c.id).where(receipt.c.id == 1)).one()
        assert (row.kind, row.note) == ("weekly", "")  # backfilled from its file
        assert row.name == "周报.xlsx" and row.format == ""
        assert row.unit_name == "郑州市旅游局"
        assert current_campaign(conn).key == spec.key
        shas = conn.execute(text("SELECT id, sha256 FROM source_file ORDER BY id")).all()
        assert shas[0] == (1, "abc") and shas[1][1] != "abc" and len(shas) == 2  # kept, no longer clashing
    [result] = import_paths(ledger, [SAMPLE / "单位名单.xlsx"], now=NOW)
    assert result.outcome == "imported"
    with ledger.reading() as conn:
        assert conn.scalar(select(func.count()).select_from(unit)) == 73  # the old unit matched, not doubled
    ledger.close()


@pytest.mark.sqlite_only
def test_cli_init_twice_and_db_option(run, db_path):
    first = run("init")
    assert first.exit_code == 0, first.output
    assert "已建立账本" in first.output and "12-05 17:00" in first.output
    second = run("init")
    assert second.exit_code == 0
    assert "无需重复初始化" in second.output
    assert db_path.exists()


@pytest.mark.sqlite_only
def test_cli_huikan_db_environment(tmp_path):
    from click.testing import CliRunner

    from huikan.cli import cli

    target = tmp_path / "env.db"
    result = CliRunner().invoke(cli, ["init"], env={"HUIKAN_DB": str(target)})
    assert result.exit_code == 0, result.output
    assert target.exists()


def test_cli_init_with_start_then_other_start_is_refused(run):
    assert run("init", "--start", "2018-12-05").exit_code == 0
    result = run("init", "--start", "2018-12-03")
    assert result.exit_code == 1
    assert "开始日期" in result.stderr and "--db" in result.stderr


def test_cli_init_with_broken_campaign(run, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[campaign]\nkey = "x"\nname = "x"\nstart = 2019-01-01\n', encoding="utf-8")
    result = run("init", "--campaign", str(bad))
    assert result.exit_code == 1
    assert "键 campaign.end：缺少此项" in result.stderr


def test_cli_command_on_missing_ledger(run):
    result = run("units")
    assert result.exit_code == 1
    assert "huikan init" in result.stderr
    assert "Traceback" not in result.output


def test_migration_0005_keeps_records_consistent_and_upgrades_the_shipped_campaign(db_url):
    """A hazard left in progress with a done date by an earlier import loses the date, with history;
    a ledger holding the 2018 campaign file as shipped before gets today's (words, time zone)."""
    from pathlib import Path

    old_toml = (Path(__file__).parent / "fixtures" / "notice-2018-schema0004.toml").read_text(encoding="utf-8")
    old = database.Ledger(database_url(db_url))
    upgrade(old.engine, "0004")
    with old.engine.begin() as conn:
        import hashlib

        conn.execute(text(
            "INSERT INTO campaign (id, key, name, short_name, issuer, office, start, \"end\", spec_toml, spec_sha256,"
            " created_at) VALUES (1, 'luoshan-525-huitoukan-2018', 'x', '回头看', '', '', '2018-12-03', '2018-12-31',"
            " :toml, :sha, '2018-12-01 09:00:00')"), {"toml": old_toml, "sha": hashlib.sha256(old_toml.encode()).hexdigest()})
        conn.execute(text("INSERT INTO unit (id, name, category, seq, added_at, note)"
                          " VALUES (1, '郑州市旅游局', 'city', 1, '2018-12-01 09:00:00', '')"))
        conn.execute(text(
            "INSERT INTO hazard (id, unit_id, fingerprint, row_no, description, venue, venue_type, level, major, origin,"
            " measures, responsible, contingency, status, done_on, verified_by, note, created_at, updated_at)"
            " VALUES (1, 1, 'f', '1', '通道堵塞', '', '', '', false, '', '', '', '', 'in_progress', '2018-12-10', '', '',"
            " '2018-12-01 09:00:00', '2018-12-01 09:00:00')"))
    old.close()
    ledger = open_ledger(db_url)
    with ledger.reading() as conn:
        assert conn.execute(text("SELECT status, done_on FROM hazard")).one() == ("in_progress", None)
        event = conn.execute(text("SELECT kind, field, old, new FROM hazard_event")).one()
        assert tuple(event) == ("changed", "done_on", "2018-12-10", "")
        spec = campaign_spec(current_campaign(conn))
    ledger.close()
    assert spec.timezone == "Asia/Shanghai" and spec.category_for("厅属单位") == "affiliated"
