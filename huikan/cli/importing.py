"""huikan import."""

from __future__ import annotations

import sys

import click

from huikan.cli.app import App, LabelledChoice

# The kinds as the clerk names them (自动识别, 单位名单…), or their keys (auto, units…).
KIND = LabelledChoice({"auto": "自动识别", "units": "单位名单", "plan": "实施方案及联络人", "weekly": "每周工作进展",
                       "selfcheck": "自查情况", "ledger": "问题隐患台账", "special": "专题报告"})


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="文件或文件夹...")
@click.option("--kind", type=KIND, default="auto", help="文件类型（也可写 auto、units、plan、weekly、selfcheck、ledger、special）；默认自动识别：按表头和文件名。")
@click.option("--unit", help="报送单位（名称或简称），覆盖文件中的单位。")
@click.option("--received-at", help="收到时间（如 2018-12-12 16:30）；默认取文件修改时间。")
@click.option("--dry-run", is_flag=True, help="只检查，不写入账本：显示每个文件哪一列读作什么，以及前几条读取结果。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@click.pass_obj
def import_cmd(app: App, paths, kind, unit, received_at, dry_run, as_json) -> None:
    """导入收到的文件和文件夹：识别单位和报送事项，解析报表，记录收件。

    每个文件整体导入或整体拒收；有文件被拒收时退出码为 1。

    \b
    示例：
      huikan import 收件箱/
      huikan import 单位名单.xlsx --kind units
      huikan import 郑州周报.xlsx --received-at "2018-12-12 16:30"
      huikan import 新来的台账.xlsx --dry-run
    同一文件再次导入并给出不同的 --received-at，即更正其收到时间。
    """
    from huikan import clock
    from huikan.reading.batch import ReadAhead, collect_files, named_files

    when = clock.parse_moment(received_at, end_of_day=False) if received_at else None
    results = []  # as they come: what a Ctrl-C leaves is still shown

    def done(result) -> None:
        results.append(result)
        progress.advance(result)

    with ReadAhead(collect_files(paths), named=named_files(paths)) as files:  # the first file is parsed while the ledger code loads
        from huikan.importers.runner import import_paths

        ledger = app.ledger()
        console = app.console(stderr=True)
        show_progress = not as_json and console.is_terminal
        try:
            with _progress(console, show_progress) as progress:
                import_paths(ledger, files, kind=kind, unit=unit, received_at=when, dry_run=dry_run,
                             on_start=progress.start, on_file=done)
        except KeyboardInterrupt:
            _show(app, results, dry_run, as_json)
            left = len(files) - len(results) - 1  # not counting the one in progress
            click.echo("已中断：正在导入的文件未写入账本" + (f"，其后 {left} 个文件未导入" if left > 0 else "") + "。", err=True)
            raise
    _show(app, results, dry_run, as_json)
    if any(r.outcome in ("rejected", "failed", "not_tried") for r in results):
        sys.exit(1)


def _show(app: App, results, dry_run: bool, as_json: bool) -> None:
    if as_json:
        from huikan.render.jsonout import dumps

        click.echo(dumps([r.as_json() for r in results]))
    else:
        print_results(app, results, dry_run)


class _progress:
    """A progress bar over the files of a batch (only on a terminal, on stderr)."""

    def __init__(self, console, enabled: bool):
        self.console, self.enabled = console, enabled
        self.bar = self.task = None

    def __enter__(self):
        if self.enabled:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
            )

            self.bar = Progress(TextColumn("正在导入"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.description}", markup=False), console=self.console, transient=True)
            self.bar.__enter__()
        return self

    def start(self, total: int) -> None:
        if self.bar is not None:
            self.task = self.bar.add_task("", total=total)

    def advance(self, result) -> None:
        if self.bar is not None and self.task is not None:

            from huikan.display import inert

            self.bar.update(self.task, advance=1, description=inert(result.short_name))

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)


def print_results(app: App, results, dry_run: bool) -> None:

    from huikan.display import inert
    from huikan.reports.imports import import_report

    app.show(import_report(results, dry_run), False)
    for r in results:  # plain lines: the clerk copies them into a reply to the unit
        for note in r.notes:
            click.echo(inert(f"  {r.short_name}：{note}"))
    for r in results:
        if r.errors:
            click.echo(inert(f"拒收 {r.file}："), err=True)
            for problem in r.errors:
                click.echo(inert(f"  {problem}"), err=True)


COMMANDS = [import_cmd]
