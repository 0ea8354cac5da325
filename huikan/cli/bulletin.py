"""huikan bulletin."""

from __future__ import annotations

from pathlib import Path

import click

from huikan.cli.app import App, as_of_option, json_option


@click.command("bulletin")
@as_of_option
@click.option("--week", type=click.IntRange(1, 99), help="通报第几周（默认：截至时间前最近一次周报截止的那一周）。")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="输出文件；默认“回头看通报_第N周_日期.docx”。")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。")
@json_option
@click.pass_obj
def bulletin_cmd(app: App, as_of, week: int | None, output: Path | None, force: bool, as_json: bool) -> None:
    """生成每周通报（Word 草稿，党政机关公文格式）：总体情况、报送情况（点名未报迟报单位）、
    问题隐患排查整改情况、下步工作要求，附未报迟报单位名单、逾期未整改隐患和重大隐患清单。

    数字与 status、overdue、export 在同一截至时间下一致；标题、主送、下步工作要求和落款取自活动配置文件。

    \b
    示例：
      huikan bulletin
      huikan bulletin --as-of "2018-12-20 09:00" -o 第3周通报.docx
    """
    import importlib
    from concurrent.futures import ThreadPoolExecutor

    from huikan.errors import NotFoundError
    from huikan.outputs import check_target, ledger_files
    from huikan.reports.bulletin import bulletin_report, compute_bulletin

    ledger = app.ledger()
    # python-docx and lxml load while the database counts (it does so without the GIL): 0.1 s
    with ThreadPoolExecutor(1) as loading:
        writer = loading.submit(importlib.import_module, "huikan.document.bulletin")
        try:
            with ledger.reading() as conn:
                bulletin = compute_bulletin(conn, as_of, week)
        except NotFoundError as err:  # no such week, or not yet due
            raise click.BadParameter(str(err), param_hint="'--week'") from None
    write_bulletin = writer.result().write_bulletin
    week_part = f"第{bulletin.week}周_" if bulletin.week else ""
    path = output or Path(f"{bulletin.status.short_name}通报_{week_part}{as_of:%Y-%m-%d}.docx")
    check_target(path, force=force, protected=ledger_files(ledger.sqlite_path))
    write_bulletin(bulletin, path)
    if as_json:
        app.show_json({**bulletin_report(bulletin).data, "file": str(path)})
        return
    app.show(bulletin_report(bulletin), False)
    click.echo(f"已生成通报草稿：{path}")


COMMANDS = [bulletin_cmd]
