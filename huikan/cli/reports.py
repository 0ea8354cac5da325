"""huikan overdue, status, remind, weekly, selfcheck."""

from __future__ import annotations

from pathlib import Path

import click

from huikan.cli.app import App, as_of_option, json_option


@click.command("overdue")
@as_of_option
@json_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="同时写出 Excel 工作簿。")
@click.option("--force", is_flag=True, help="覆盖已存在的工作簿。")
@click.pass_obj
def overdue_cmd(app: App, as_of, as_json: bool, output: Path | None, force: bool) -> None:
    """逾期情况：未报、迟报、逾期未整改隐患、即将到期，附联络员电话。

    \b
    示例：
      huikan overdue
      huikan overdue --as-of "2018-12-19 17:00" -o 逾期情况.xlsx
      huikan overdue --json
    """
    from huikan.reports.overdue import compute_overdue, overdue_json, overdue_report

    if output:
        from huikan.outputs import check_target, ledger_files

        check_target(output, force=force, protected=ledger_files(app.ledger().sqlite_path))
    with app.ledger().reading() as conn:
        overdue = compute_overdue(conn, as_of)
    if as_json and not output:  # the tables are not needed (a national ledger lists many rows)
        app.show_json(overdue_json(overdue))
        return
    report = overdue_report(overdue)
    app.show(report, as_json)
    if output:
        from huikan.workbook.report_book import write_report

        write_report(report, output, f"截至 {as_of:%Y-%m-%d %H:%M}")
        click.echo(f"已写出：{output}", err=as_json)


@click.command("status")
@as_of_option
@json_option
@click.pass_obj
def status_cmd(app: App, as_of, as_json: bool) -> None:
    """活动概况：当前阶段、下一截止时间、报送率、整改率和销号率、逾期隐患最多的单位。

    \b
    示例：
      huikan status
      huikan status --as-of 2018-12-20 --json
    """
    from huikan.reports.status import compute_status, status_report

    with app.ledger().reading() as conn:
        report = status_report(compute_status(conn, as_of))
    app.show(report, as_json)


@click.command("remind")
@as_of_option
@click.pass_obj
def remind_cmd(app: App, as_of) -> None:
    """催报提醒文字：每个逾期单位一条（发给其联络员），另有一条群发提醒。只输出纯文本，便于复制。

    \b
    示例：
      huikan remind --as-of "2018-12-13 09:00"
      huikan remind > 提醒.txt
    """
    from huikan.ledger.campaigns import campaign_spec, current_campaign
    from huikan.reports.overdue import compute_overdue
    from huikan.reports.remind import reminders
    from huikan.reports.submissions import compute_submissions

    with app.ledger().reading() as conn:
        campaign = current_campaign(conn)
        subs = compute_submissions(conn, campaign.id, as_of)
        messages = reminders(campaign_spec(campaign), subs, compute_overdue(conn, as_of, subs))
    from huikan.display import inert  # unit and contact names come from the unit list

    click.echo("\n\n".join(inert(m, keep_lines=True) for m in messages) if messages else "没有需要提醒的事项。")


@click.command("weekly")
@click.option("--week", type=click.IntRange(1, 99), help="只看第几周（如 2）。")
@click.option("--unit", help="单位（名称或简称）。")
@json_option
@click.pass_obj
def weekly_cmd(app: App, week: int | None, unit: str | None, as_json: bool) -> None:
    """各单位周报的内容：本周工作、排查和整改数量、下步安排，计入哪一周、按时还是迟报。

    \b
    示例：
      huikan weekly --week 2
      huikan weekly --unit 郑州市文广新局 --json
    """
    from huikan.reports.returns import compute_weekly, weekly_report_of

    with app.ledger().reading() as conn:
        report = weekly_report_of(compute_weekly(conn, week=week, unit_ids=app.unit_ids(conn, unit)))
    app.show(report, as_json)


@click.command("selfcheck")
@click.option("--unit", help="单位（名称或简称）。")
@json_option
@click.pass_obj
def selfcheck_cmd(app: App, unit: str | None, as_json: bool) -> None:
    """各单位“九对照、九检查”自查情况：每项的自查情况、发现问题数、已整改数。

    \b
    示例：
      huikan selfcheck
      huikan selfcheck --unit 省图书馆 --json
    """
    from huikan.reports.returns import compute_selfcheck, selfcheck_report

    with app.ledger().reading() as conn:
        report = selfcheck_report(compute_selfcheck(conn, unit_ids=app.unit_ids(conn, unit)))
    app.show(report, as_json)


COMMANDS = [overdue_cmd, status_cmd, remind_cmd, weekly_cmd, selfcheck_cmd]
