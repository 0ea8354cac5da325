"""Chinese all the way: click's own messages, the choices the clerk types, and --unit as people
write it."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from huikan.cli import cli, click_zh

from .conftest import SAMPLE
from .workbooks import write_xlsx


def click_messages() -> set[str]:
    """Every message the installed click marks for translation (its first, singular form)."""
    found = set()
    for path in (Path(click.__file__).parent / f"{name}.py" for name in click_zh.CLICK_MODULES):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                    found.add(node.args[0].value)
    return found


def test_every_click_message_has_its_chinese():
    messages = click_messages()
    assert len(messages) > 50  # the walk found them
    assert messages - set(click_zh.MESSAGES) - set(click_zh.PLURALS) == set()


def test_translations_keep_click_placeholders():
    """A translation names no field click does not pass (it may leave some out)."""
    fields = lambda text: set(re.findall(r"\{(\w+)", text))  # noqa: E731
    for english, chinese in click_zh.MESSAGES.items():
        assert fields(chinese) <= fields(english), english
    for english, forms in click_zh.PLURALS.items():
        plural_fields = fields(english) | {"len", "possibilities", "choices", "formats", "nargs"}
        assert all(fields(form) <= plural_fields for form in forms), english


def all_commands():
    def walk(group, prefix):
        for name, command in sorted(group.commands.items()):
            yield [*prefix, name]
            if isinstance(command, click.Group):
                yield from walk(command, [*prefix, name])
    return [[], *walk(cli, [])]


ENGLISH = re.compile(r"Usage:|Options:|Commands:|Show this message|Show the version|default:|\bTEXT\b|\bINTEGER\b|"
                     r"\[OPTIONS\]|COMMAND \[ARGS\]|\bPATH\b")


@pytest.mark.parametrize("args", all_commands(), ids=lambda a: " ".join(a) or "huikan")
def test_help_is_chinese(args):
    result = CliRunner().invoke(cli, [*args, "--help"], terminal_width=100, prog_name="huikan")
    assert result.exit_code == 0
    assert "用法：huikan" in result.output and "选项：" in result.output
    assert ENGLISH.findall(result.output) == []


def test_help_columns_line_up_by_display_width():
    """Chinese takes two columns: every description starts in one column, as the terminal shows it."""
    output = CliRunner().invoke(cli, ["hazards", "--help"], terminal_width=100).output
    options = output.split("选项：\n")[1].splitlines()
    starts = {click_zh.display_width(re.match(r"(\s+--?\S+(?: \S+)?\s+)", line)[1])
              for line in options if line.startswith("  -") and re.search(r"\S\s{2,}\S", line)}
    assert len(starts) == 1, options


def test_usage_errors_are_chinese(run):
    bad = run("hazards", "--status", "差不多")
    assert bad.exit_code == 2
    assert "错误：'--status' 的值无效：「差不多」不是可选值之一：未整改（open）、整改中（in_progress）、已整改（done）" in bad.output
    assert "可运行「huikan hazards --help」查看帮助。" in bad.output
    assert "没有选项 --bogus" in run("hazards", "--bogus").output
    assert "没有命令「nosuch」" in run("nosuch").output
    assert "缺少参数" in run("hazard", "show").output
    assert "「十」不是有效的数字" in run("hazards", "--item", "十").output


@pytest.fixture
def hazards_of_two_cities(run, tmp_path):
    assert run("init").exit_code == 0
    assert run("import", str(SAMPLE / "单位名单.xlsx")).exit_code == 0
    for unit, status in (("周口市旅游局", "整改中"), ("郑州市文化广电新闻出版局", "已整改")):
        path = write_xlsx(tmp_path / f"{unit}问题隐患台账.xlsx",
                          [[f"填报单位：{unit}"], ["问题隐患描述", "整改时限", "整改状态"], [f"{unit}的隐患", "2018-12-20", status]])
        assert run("import", str(path), "--received-at", "2018-12-14 09:00").exit_code == 0
    return run


def listed(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [h["unit"] for h in json.loads(result.output)]


def test_choices_accept_the_chinese_words_the_clerk_sees(hazards_of_two_cities):
    run = hazards_of_two_cities
    assert listed(run("hazards", "--status", "整改中", "--json")) == listed(run("hazards", "--status", "in_progress", "--json")) \
        == ["周口市旅游局"]
    assert listed(run("hazards", "--status", "已整改", "--json")) == ["郑州市文化广电新闻出版局"]
    assert run("hazard", "set", "H0001", "--status", "已整改", "--on", "2018-12-19").exit_code == 0
    assert listed(run("hazards", "--status", "done", "--json")) == ["周口市旅游局", "郑州市文化广电新闻出版局"]
    assert run("import", str(SAMPLE / "单位名单.xlsx"), "--kind", "单位名单").exit_code == 0


def test_unit_as_people_write_it(hazards_of_two_cities):
    run = hazards_of_two_cities
    assert listed(run("hazards", "--unit", "郑州文广新局", "--json")) == ["郑州市文化广电新闻出版局"]  # an alias's spelling
    assert listed(run("hazards", "--unit", "周口旅游", "--json")) == ["周口市旅游局"]  # a part only one unit has
    several = run("hazards", "--unit", "周口")
    assert several.exit_code == 1
    assert "「周口」可能指多个单位：周口市旅游局、周口市文化广电新闻出版局" in several.stderr
    unknown = run("hazards", "--unit", "火星局")
    assert unknown.exit_code == 1 and "不在单位名单中" in unknown.stderr

