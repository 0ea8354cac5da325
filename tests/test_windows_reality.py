"""What a clerk's Windows machine brings: Chinese paths with spaces and long names, GBK consoles."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from huikan.importers.runner import import_paths

from .conftest import NOW
from .workbooks import write_xlsx

pytestmark = pytest.mark.slow  # each test starts huikan in a child process


def test_chinese_paths_with_spaces_and_long_names(ledger_with_units, tmp_path):
    folder = tmp_path / "我的文档" / "回头看 收件箱（第二批）" / "2018年12月 各单位 报送材料"
    name = "郑州市文化广电新闻出版局关于习近平总书记对鲁山火灾事故重要批示贯彻落实情况回头看活动问题隐患台账（第二次修订 终稿）.xlsx"
    path = write_xlsx(folder / name, [["问题隐患描述", "整改状态"], ["通道堵塞", "未整改"]])
    [result] = import_paths(ledger_with_units, [tmp_path / "我的文档"], now=NOW)
    assert (result.outcome, result.unit, result.file) == ("imported", "郑州市文化广电新闻出版局", str(path))


COMMANDS = [
    ["units"], ["overdue", "--as-of", "2018-12-24"], ["status", "--as-of", "2018-12-24"], ["hazards"],
    ["hazard", "show", "H0001"], ["remind", "--as-of", "2018-12-24"], ["log"], ["--help"],
    ["import", "不存在的文件.xlsx"],
]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gbk")
    result = subprocess.run([sys.executable, "-m", "huikan", "demo", "--dir", str(folder / "演示 账本")],
                            capture_output=True, env={**os.environ, "PYTHONIOENCODING": "gbk"})
    assert result.returncode == 0, result.stderr.decode("gbk", "replace")
    return folder / "演示 账本" / "huikan.db"


@pytest.mark.sqlite_only
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_a_gbk_console_does_not_crash_any_command(demo_db, args):
    result = subprocess.run([sys.executable, "-m", "huikan", "--db", str(demo_db), *args], capture_output=True,
                            env={**os.environ, "PYTHONIOENCODING": "gbk", "COLUMNS": "120"})
    assert result.returncode == (1 if args[0] == "import" else 0), result.stderr.decode("gbk", "replace")
    out = result.stdout.decode("gbk")  # every byte is valid GBK
    result.stderr.decode("gbk")
    assert "Traceback" not in out + result.stderr.decode("gbk")
    if args[0] == "import":
        assert "文件不存在" in result.stderr.decode("gbk")
