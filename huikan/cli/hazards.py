"""huikan hazards, huikan hazard show / set / verify."""

from __future__ import annotations

import click

from huikan.cli.app import App, BoundedText, LabelledChoice, as_of_option, json_option
from huikan.display import STATUS_LABELS

STATUS = LabelledChoice(STATUS_LABELS)  # 未整改|整改中|已整改, or open|in_progress|done


@click.command("hazards")
@click.option("--unit", help="单位（名称或简称）。")
@click.option("--status", type=STATUS, help="整改状态（也可写 open / in_progress / done）。")
@click.option("--major", is_flag=True, help="只看重大隐患。")
@click.option("--overdue", is_flag=True, help="只看逾期未整改的。")
@click.option("--item", type=click.IntRange(1, 9), help="检查项 1–9。")
@click.option("--source", type=click.Choice(["自查", "督查", "暗访"]), help="来源。")
@as_of_option
@json_option
@click.pass_obj
def hazards_cmd(app: App, unit, status, major, overdue, item, source, as_of, as_json) -> None:
    """问题隐患台账，可按单位、状态、重大、逾期、检查项、来源筛选。

    \b
    示例：
      huikan hazards --overdue
      huikan hazards --unit 郑州市文广新局 --major
      huikan hazards --status 已整改 --json
    """
    from huikan.reports.hazards import compute_hazards, hazards_report

    with app.ledger().reading() as conn:
        listed = compute_hazards(conn, as_of, unit_ids=app.unit_ids(conn, unit), status=status, major=major,
                                 overdue=overdue, item=item, origin=source)
    app.show(hazards_report(listed), as_json)


@click.group("hazard")
def hazard_group() -> None:
    """单条隐患：查看、修改、复查销号。

    \b
    示例：
      huikan hazard show H0001
      huikan hazard set H0001 --status 已整改 --on 2018-12-20
      huikan hazard verify H0001 --by 钱锋
    """


@hazard_group.command("show")
@click.argument("hazard_id", metavar="编号")
@as_of_option
@json_option
@click.pass_obj
def show_cmd(app: App, hazard_id: str, as_of, as_json: bool) -> None:
    """一条隐患的全部信息和变更记录。

    \b
    示例：
      huikan hazard show H0003
    """
    from huikan.reports.hazards import compute_hazard, hazard_detail_report

    with app.ledger().reading() as conn:
        detail = compute_hazard(conn, hazard_id, as_of)
    app.show(hazard_detail_report(detail), as_json)


def _date(value: str | None, what: str):
    from huikan.recognise.values import ValueProblem, parse_date

    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueProblem as exc:
        raise click.BadParameter(str(exc), param_hint=what) from None


@hazard_group.command("set")
@click.argument("hazard_id", metavar="编号")
@click.option("--status", type=STATUS, help="新的整改状态（也可写 open / in_progress / done）。")
@click.option("--on", "done_on", help="完成日期（--status 已整改 时；默认今天）。")
@click.option("--deadline", help="延期后的整改时限（须同时给出 --reason）。")
@click.option("--reason", default="", type=BoundedText("reason"), help="延期原因。")
@click.option("--responsible", type=BoundedText("responsible"), help="责任人。")
@click.option("--note", type=BoundedText("note"), help="备注。")
@click.pass_obj
def set_cmd(app: App, hazard_id, status, done_on, deadline, reason, responsible, note) -> None:
    """手工修改一条隐患：状态、完成日期、延期（须说明原因）、责任人、备注。变更记入历史。

    \b
    示例：
      huikan hazard set H0002 --status 已整改 --on 2018-12-20
      huikan hazard set H0004 --deadline 2018-12-31 --reason "需采购线管"
      huikan hazard set H0005 --responsible 周敏 --note "已约谈"
    """
    from huikan import clock
    from huikan.ledger import hazard_changes as changes
    from huikan.ledger.hazard_rules import hazard_code

    if not any(v is not None for v in (status, deadline, responsible, note, done_on)):
        raise click.UsageError("请至少给出 --status、--deadline、--responsible、--note 之一")
    if done_on and status not in (None, "done"):
        raise click.UsageError("--on 只用于 --status 已整改")
    now, actor = clock.now(app.zone()), clock.current_user()
    with app.ledger().writing() as conn:
        hid = changes.get_hazard(conn, hazard_id).id
        if status or done_on:
            changes.set_status(conn, hid, status or "done", now, actor, done_on=_date(done_on, "--on"), note=note or "")
        if deadline:
            changes.extend_deadline(conn, hid, _date(deadline, "--deadline"), reason, now, actor)
        if responsible:
            changes.set_responsible(conn, hid, responsible, now, actor)
        if note and not status:
            changes.add_note(conn, hid, note, now, actor)
    code = hazard_code(hid)
    click.echo(f"已更新 {code}。查看：huikan hazard show {code}")


@hazard_group.command("verify")
@click.argument("hazard_id", metavar="编号")
@click.option("--by", "by", default="", type=BoundedText("verified_by"), help="复查人（默认当前用户）。")
@click.option("--note", default="", type=BoundedText("note"), help="复查意见。")
@click.option("--reject", is_flag=True, help="复查不通过：退回“整改中”（须给出 --reason）。")
@click.option("--reason", default="", type=BoundedText("reason"), help="不通过的原因。")
@click.pass_obj
def verify_cmd(app: App, hazard_id, by, note, reject, reason) -> None:
    """复查销号：单位报已整改的隐患，经复查后销号；或复查不通过，退回整改中。

    \b
    示例：
      huikan hazard verify H0002 --by 钱锋 --note "现场复查已拆除"
      huikan hazard verify H0003 --reject --reason "灭火器仍未更换"
    """
    from huikan import clock
    from huikan.ledger import hazard_changes as changes
    from huikan.ledger.hazard_rules import hazard_code

    now, actor = clock.now(app.zone()), clock.current_user()
    with app.ledger().writing() as conn:
        hid = changes.get_hazard(conn, hazard_id).id
        if reject:
            changes.reject(conn, hid, reason or note, now, actor, by=by)
            message = f"{hazard_code(hid)} 复查不通过，已退回整改中。"
        else:
            changes.verify(conn, hid, now, actor, by=by, note=note)
            message = f"{hazard_code(hid)} 已复查销号。"
    click.echo(message)


COMMANDS = [hazards_cmd, hazard_group]
