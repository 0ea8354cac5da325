"""huikan demo: the whole flow on sample_data/ in a fresh ledger."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import click

from huikan.cli.app import App

# The demo looks at the campaign as the clerk would on Monday 2018-12-24, before the last weekly report.
DEMO_AS_OF = datetime(2018, 12, 24, 9, 0)


def sample_data_dir() -> Path:
    """The sample unit list and inbox shipped inside the package (any install, any folder)."""
    from importlib.resources import files

    return Path(str(files("huikan") / "sample_data"))


def stage_inbox(data: Path, folder: Path) -> Path:
    """Copy 收件箱/ and give each file the time the office received it (收件时间.toml)."""
    import shutil  # here, not at the top: huikan --help loads every command module
    import tomllib

    inbox = folder / "收件箱"
    shutil.copytree(data / "收件箱", inbox)
    from zoneinfo import ZoneInfo

    from huikan.clock import ZONE

    manifest = data / "收件时间.toml"
    if manifest.exists():
        for name, when in tomllib.loads(manifest.read_text(encoding="utf-8")).items():
            stamp = when.replace(tzinfo=ZoneInfo(ZONE)).timestamp()  # the campaign's time, whatever the machine's TZ
            os.utime(inbox / name, (stamp, stamp))
    return inbox


@click.command("demo")
@click.option("--dir", "workdir", type=click.Path(file_okay=False), help="演示账本所在文件夹；默认新建临时文件夹。")
@click.option("--data", "data_dir", type=click.Path(exists=True, file_okay=False), help="示例数据文件夹；默认为随程序附带的示例数据。")
@click.pass_obj
def demo_cmd(app: App, workdir: str | None, data_dir: str | None) -> None:
    """在全新账本上演示完整流程：建账、导入单位名单和收件箱（含 Word 台账和压缩包），再按 2018-12-24 09:00
    查看逾期、隐患和概况，生成汇总表和每周通报。

    \b
    示例：
      huikan demo
      huikan demo --dir 演示
    """
    import tempfile

    data = Path(data_dir) if data_dir else sample_data_dir()
    folder = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="huikan-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "huikan.db"
    if db.exists() or (folder / "收件箱").exists():
        raise click.ClickException(f"{folder} 中已有演示数据：演示需要全新账本，请换一个 --dir")
    inbox = stage_inbox(data, folder)
    when = f"{DEMO_AS_OF:%Y-%m-%d %H:%M}"
    book = folder / f"回头看汇总_{DEMO_AS_OF:%Y-%m-%d}.xlsx"
    bulletin = folder / f"回头看通报_{DEMO_AS_OF:%Y-%m-%d}.docx"
    console = app.console()
    steps = [  # the commands the clerk would type, run as they are (long lists shortened on screen)
        ("建立账本", ["init"], None),
        ("导入单位名单", ["import", str(data / "单位名单.xlsx")], None),
        ("导入收件箱", ["import", str(inbox)], None),
        ("单位及联络人", ["units"], 8),
        ("逾期情况", ["overdue", "--as-of", when], 6),
        ("问题隐患台账", ["hazards", "--as-of", when], None),
        ("活动概况", ["status", "--as-of", when], None),
        ("汇总表", ["export", "--as-of", when, "-o", str(book)], None),
        ("每周通报（Word 草稿）", ["bulletin", "--as-of", when, "-o", str(bulletin)], 6),
    ]
    for n, (title, args, rows) in enumerate(steps, start=1):
        console.rule(f"{n}. {title}：huikan {' '.join(_quoted(a) for a in args)}")
        rows = app.max_rows or rows
        _run(["--db", str(db), *(["--max-rows", str(rows)] if rows else []), *args])
    console.print(f"\n演示账本：{db}")
    console.print(f'可继续运行：huikan --db {_quoted(str(db))} overdue --as-of "{when}"；'
                  f"huikan --db {_quoted(str(db))} hazard show H0002")


def _run(args: list[str]) -> None:
    """One real command, as the command line runs it (a rejected file's exit 1 is part of the show)."""
    from huikan.cli import cli

    try:
        cli.main(args, prog_name="huikan", standalone_mode=False)
    except SystemExit as done:
        if done.code not in (0, 1, None):
            raise


def _quoted(arg: str) -> str:
    return f'"{arg}"' if " " in arg else arg


COMMANDS = [demo_cmd]
