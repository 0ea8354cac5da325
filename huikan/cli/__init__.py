"""The command line: thin commands over the library; one place turns errors into messages.

Heavy modules (SQLAlchemy, rich, XlsxWriter, calamine) are imported inside commands so
that ``huikan --help`` starts fast.
"""

from __future__ import annotations

import gc
import os
import sys

import click

from huikan import __version__
from huikan.cli import click_zh

click_zh.install()  # before any command is declared: some help texts are translated when declared

from huikan.cli.app import App, HuikanGroup  # noqa: E402

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=HuikanGroup, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--db",
    envvar="HUIKAN_DB",
    metavar="账本",
    default="huikan.db",
    show_default=True,
    help="账本：SQLite 文件路径，或 SQLAlchemy URL（如 postgresql+psycopg://…）。也可用环境变量 HUIKAN_DB。",
)
@click.option("--max-rows", type=click.IntRange(1), metavar="N",
              help="终端上每个表格最多列出 N 行，其余注明行数（JSON 和工作簿不受影响）。")
@click.version_option(__version__, "-V", "--version", prog_name="huikan")
@click.pass_context
def cli(ctx: click.Context, db: str, max_rows: int | None) -> None:
    """huikan（回头看）：督导检查活动的报送、逾期和隐患整改台账。

    \b
    常用流程：
      huikan init                 建立账本（默认 2018 年“回头看”活动）
      huikan import 收件箱/        导入收到的报表和文件
      huikan units                查看单位名单及联络人
      huikan overdue              未报、迟报、逾期隐患（每周三 17 时前运行）
      huikan status               活动概况
      huikan remind               生成催报提醒文字
      huikan export               生成报送领导的汇总工作簿
      huikan template all -o 模板/  生成下发给各单位的空白模板
    """
    app = App(db, max_rows)
    ctx.obj = app
    ctx.call_on_close(app.close)


def _register() -> None:
    from huikan.cli import (
        bulletin,
        demo,
        export,
        hazards,
        importing,
        maintenance,
        reports,
        setup,
        templates,
        units,
    )

    for module in (setup, importing, units, reports, hazards, export, bulletin, templates, maintenance, demo):
        for command in module.COMMANDS:
            cli.add_command(command)
    for command in [cli, *_all_commands(cli)]:  # the usage line: huikan hazards [选项]
        command.context_class = HuikanContext
        command.options_metavar = "[选项]"
        for param in command.params:  # --unit 文字, not --unit TEXT
            if isinstance(param, click.Option) and param.metavar is None and not param.is_flag:
                param.metavar = TYPE_WORDS.get(param.type.name, param.metavar)
        if isinstance(command, click.Group):
            command.subcommand_metavar = "命令 [参数]..."


# What a value is, shown after an option in help, by click's type name.
TYPE_WORDS = {"text": "文字", "integer": "整数", "integer range": "整数", "float": "数字", "path": "路径",
              "file": "文件", "directory": "文件夹", "boolean": "是/否"}


class HuikanContext(click.Context):
    formatter_class = click_zh.formatter_class()


cli.context_class = HuikanContext


def _all_commands(group: click.Group):
    for command in group.commands.values():
        yield command
        if isinstance(command, click.Group):
            yield from _all_commands(command)


_register()


def _tolerate_console_encoding() -> None:
    """On a GBK (or other non-UTF-8) console, print what cannot be encoded as "?" instead of crashing."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if encoding and encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def main() -> None:
    _tolerate_console_encoding()
    # One short-lived process that builds hundreds of thousands of rows, nearly all kept to
    # the end: collecting every 700 allocations spends a fifth of a big import or report
    # re-scanning them. Collect every million instead (measured: 100k import 0.2 s faster,
    # same memory); cycles are few, and the big ones are broken by hand (_Pending.release).
    gc.set_threshold(1_000_000, 50, 100)
    try:
        cli.main(prog_name="huikan")
    except KeyboardInterrupt:  # before a command started (inside one: HuikanGroup.invoke)
        click.echo("已中断。", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: say so briefly, the traceback in a report file (or shown on request)
        if os.environ.get("HUIKAN_DEBUG"):
            raise
        from huikan.bug_report import internal_error
        from huikan.display import inert

        click.echo(inert(internal_error(exc, "命令：huikan " + " ".join(sys.argv[1:]))), err=True)
        sys.exit(1)
