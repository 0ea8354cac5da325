"""huikan backup, huikan log."""

from __future__ import annotations

from pathlib import Path

import click

from huikan.cli.app import App, json_option


@click.command("backup")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="备份文件；默认在账本旁，文件名带时间。")
@click.pass_obj
def backup_cmd(app: App, output: Path | None) -> None:
    """备份账本（SQLite 在线备份：其他人正在导入时也能得到一致的副本）。

    PostgreSQL 账本请用 pg_dump。

    \b
    示例：
      huikan backup
      huikan backup -o 备份/回头看-1220.db
    """
    from huikan import clock

    ledger = app.ledger()
    if output is None and ledger.sqlite_path is not None:
        output = ledger.sqlite_path.with_name(f"{ledger.sqlite_path.stem}-备份-{clock.now():%Y%m%d-%H%M%S}.db")
    path = ledger.backup(output or Path("huikan-backup.db"))
    click.echo(f"已备份到：{path}")


@click.command("log")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100000), help="显示最近多少条。")
@json_option
@click.pass_obj
def log_cmd(app: App, limit: int, as_json: bool) -> None:
    """变更记录：每次导入和手工修改、复查销号，由谁在何时完成。

    \b
    示例：
      huikan log
      huikan log --limit 200 --json
    """
    from huikan.reports.log import compute_log, log_report

    with app.ledger().reading() as conn:
        report = log_report(compute_log(conn, limit))
    app.show(report, as_json)


COMMANDS = [backup_cmd, log_cmd]
