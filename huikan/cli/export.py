"""huikan export."""

from __future__ import annotations

from pathlib import Path

import click

from huikan.cli.app import App, as_of_option


def export_rollup(ledger, as_of, output: Path | None, force: bool, with_contacts: bool = False) -> Path:
    """Write the rollup workbook; the default name carries the campaign's short name and the as-of date."""
    from huikan.ledger.campaigns import current_campaign
    from huikan.outputs import check_target, ledger_files
    from huikan.reports.rollup import compute_rollup, hazard_rows
    from huikan.workbook.rollup import write_rollup

    with ledger.reading() as conn:
        path = output or Path(f"{current_campaign(conn).short_name}汇总_{as_of:%Y-%m-%d}.xlsx")
        check_target(path, force=force, protected=ledger_files(ledger.sqlite_path))  # before the work
        rollup = compute_rollup(conn, as_of)
        today = as_of.date()
        write_rollup(rollup, lambda **kw: hazard_rows(conn, today, **kw), path, with_contacts=with_contacts)
    return path


@click.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="输出文件；默认“回头看汇总_日期.xlsx”。")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。")
@click.option("--with-contacts", is_flag=True, help="附上各单位专职联络员姓名和电话（默认不含，便于向上报送）。")
@as_of_option
@click.pass_obj
def export_cmd(app: App, output: Path | None, force: bool, with_contacts: bool, as_of) -> None:
    """生成报送领导的汇总工作簿：总体情况、报送情况、分单位统计、九项检查、问题隐患台账、逾期和重大隐患。

    可直接打印：A4 横向、每页重复表头、页脚页码。

    \b
    示例：
      huikan export
      huikan export --as-of 2018-12-20 -o 回头看汇总_1220.xlsx
    """
    path = export_rollup(app.ledger(), as_of, output, force, with_contacts)
    click.echo(f"已生成汇总表：{path}")


COMMANDS = [export_cmd]
