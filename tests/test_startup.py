"""Start-up: what each command loads. Every command reads and writes the ledger with SQLAlchemy
Core, never the ORM (importing and configuring it is a third of a command's start-up; see
docs/architecture.md); help loads no database layer at all; nothing loads numpy or pandas."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from huikan.importers.runner import import_paths

from .conftest import NOW, SAMPLE

pytestmark = pytest.mark.slow  # each test starts huikan in a child process

PROBE = """
import json, sys
from huikan.cli import main
sys.argv = ["huikan", *sys.argv[1:]]
code = 0
try:
    main()
except SystemExit as exit:
    code = exit.code
loaded = sorted({"sqlalchemy.orm" if m.startswith("sqlalchemy.orm") else m.split(".")[0] for m in sys.modules})
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""

READ_COMMANDS = [
    ["units", "--json"], ["status", "--json"], ["overdue", "--json"], ["hazards", "--unit", "郑州市旅游局", "--json"],
    ["hazard", "show", "H0001", "--json"], ["remind"], ["log", "--json"],
    ["hazard", "set", "H0001", "--status", "整改中", "--reason", "施工中"],
    ["import", str(SAMPLE / "收件箱" / "郑州市文广新局第1周工作进展.xlsx"), "--received-at", "2018-12-05 10:00"],
]


def loaded_by(*args: str) -> tuple[int, set[str]]:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=False)
    probe = json.loads(result.stderr.strip().splitlines()[-1])
    return probe["code"], set(probe["loaded"])


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_commands_use_the_ledger_without_the_orm(ledger_with_units, db_url, args):
    [result] = import_paths(ledger_with_units, [SAMPLE / "收件箱" / "省文物局问题隐患台账.xlsx"], now=NOW)
    assert result.outcome == "imported"
    code, loaded = loaded_by("--db", str(db_url), *args)
    assert code == 0
    assert "sqlalchemy" in loaded and "sqlalchemy.orm" not in loaded
    assert not loaded & {"numpy", "pandas", "openpyxl", "xlsxwriter", "alembic"}


def test_help_loads_no_database_layer():
    code, loaded = loaded_by("--help")
    assert code == 0
    assert not loaded & {"sqlalchemy", "rich", "python_calamine", "xlsxwriter", "numpy", "pandas"}
