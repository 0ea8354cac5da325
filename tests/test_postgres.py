"""A shared ledger on PostgreSQL: several clerks' processes at once, and what differs from SQLite."""

from __future__ import annotations

import json
import time

import pytest

from .conftest import SAMPLE
from .test_crash_and_concurrency import big_ledger, done, huikan

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def url(db_url):
    assert db_url.startswith("postgresql")
    assert done(huikan(db_url, "init"))[0] == 0
    assert done(huikan(db_url, "import", str(SAMPLE / "单位名单.xlsx")))[0] == 0
    return db_url


def test_several_clerks_on_one_postgresql_ledger(url, tmp_path):
    units = ["郑州市旅游局", "开封市旅游发展委员会"]
    files = [big_ledger(tmp_path / f"{u}.xlsx", u, 3000) for u in units]
    procs = [huikan(url, "import", str(f), "--json") for f in files] + [huikan(url, "import", str(files[0]), "--json")]
    time.sleep(0.5)
    reader = huikan(url, "overdue", "--json", "--as-of", "2018-12-21")
    results = [done(p) for p in procs]
    assert all(code == 0 for code, _, _ in results), [err for _, _, err in results]
    assert sorted(json.loads(out)[0]["outcome"] for _, out, _ in results) == ["imported", "imported", "unchanged"]
    code, out, err = done(reader)
    assert code == 0, err
    status = json.loads(done(huikan(url, "status", "--json", "--as-of", "2018-12-21"))[1])
    assert status["hazards"]["total"] == 6000 and status["hazards"]["overdue"] == 6000


def test_backup_points_to_pg_dump(url):
    code, _, err = done(huikan(url, "backup"))
    assert code == 1 and "pg_dump" in err
