"""huikan template."""

from __future__ import annotations

from pathlib import Path

import click

from huikan.cli.app import App, LabelledChoice

TEMPLATES = LabelledChoice({"units": "单位名单", "plan": "联络人", "weekly": "周报", "selfcheck": "自查情况",
                            "ledger": "问题隐患台账", "all": "全部"})


@click.command("template")
@click.argument("kind", type=TEMPLATES)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="输出文件（all 时为文件夹）；默认写到当前文件夹。")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。")
@click.pass_obj
def template_cmd(app: App, kind: str, output: Path | None, force: bool) -> None:
    """生成下发给各单位填写的空白模板（含下拉列表、日期格式、填表说明）。

    KIND：units 单位名单，plan 联络人，weekly 周报，selfcheck 自查情况及台账，ledger 问题隐患台账，all 全部。
    有账本时使用账本中的活动，否则使用默认活动。

    \b
    示例：
      huikan template ledger -o 问题隐患台账模板.xlsx
      huikan template all -o 下发模板/
    """
    from huikan.campaigns import load_campaign
    from huikan.ledger.database import database_url
    from huikan.outputs import check_target, ledger_files
    from huikan.workbook.templates import template_targets, write_templates

    url = database_url(app.db)
    ledger = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
    for _, path in template_targets(kind, output):
        check_target(path, force=force, protected=ledger_files(ledger))
    spec = _ledger_campaign(app) or load_campaign()
    for path in write_templates(kind, spec, output):
        click.echo(f"已生成模板：{path}")


def _ledger_campaign(app: App):
    from huikan.ledger.database import Ledger, database_url

    ledger = Ledger(database_url(app.db))
    try:
        if not ledger.exists():
            return None
        from huikan.ledger.campaigns import campaign_spec, current_campaign

        ledger.migrate()
        with ledger.reading() as conn:
            return campaign_spec(current_campaign(conn))
    finally:
        ledger.close()


COMMANDS = [template_cmd]
