"""huikan init."""

from __future__ import annotations

import click

from huikan.cli.app import App


@click.command("init")
@click.option("--campaign", "campaign_file", type=click.Path(dir_okay=False), help="活动配置文件（TOML）；默认为 2018 年“回头看”通知。")
@click.option("--start", help="活动开始日期（如 2018-12-03）；通知未写明，默认 2018-12-03。")
@click.pass_obj
def init_cmd(app: App, campaign_file: str | None, start: str | None) -> None:
    """建立账本并载入活动（阶段、报送事项及截止时间、九项检查）。重复运行是安全的。

    \b
    示例：
      huikan init
      huikan --db 回头看.db init --start 2018-12-05
      huikan init --campaign 我的活动.toml
    """
    from huikan import clock
    from huikan.campaigns import load_campaign
    from huikan.campaigns.schedule import due_slots
    from huikan.ledger.campaigns import install_campaign
    from huikan.recognise.values import ValueProblem, parse_date

    spec = load_campaign(campaign_file)
    if start:
        try:
            day = parse_date(start, year=spec.start.year)
        except ValueProblem as exc:
            raise click.BadParameter(str(exc), param_hint="--start") from None
        spec = spec.with_start(day)
    ledger = app.ledger(create=True)
    with ledger.writing() as conn:
        _, created = install_campaign(conn, spec, clock.now(spec.timezone))
    slots = due_slots(spec)
    deliverables = [(d.name, [s.due_at for s in slots if s.deliverable == d.key]) for d in spec.deliverables]
    console = app.console()
    if not created:
        console.print(f"账本已就绪：{spec.short_name}（{spec.start} 至 {spec.end}），无需重复初始化。")
        return
    console.print(f"已建立账本：{app.db}")
    console.print(f"活动：{spec.name}（{spec.start} 至 {spec.end}）")
    for name, times in deliverables:
        console.print(f"  {name}：" + "、".join(t.strftime("%m-%d %H:%M") for t in times))
    console.print("下一步：huikan import 单位名单.xlsx")


COMMANDS = [init_cmd]
