"""Every command has help with an example, and the README lists exactly the commands."""

import re

import pytest
from click.testing import CliRunner

from huikan.cli import cli

from .conftest import ROOT


def commands():
    return sorted(cli.commands)


@pytest.mark.parametrize("name", commands())
def test_command_help_has_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "示例" in result.output and "huikan " in result.output


def test_readme_lists_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `huikan (\w+)", readme, flags=re.M))
    assert listed == set(commands())


def test_usage_error_exits_2():
    result = CliRunner().invoke(cli, ["import"])
    assert result.exit_code == 2
