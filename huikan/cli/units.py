"""huikan units."""

from __future__ import annotations

import click

from huikan.cli.app import App


@click.command("units")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@click.pass_obj
def units_cmd(app: App, as_json: bool) -> None:
    """单位名单：类别、别名、分管负责人和专职联络员。

    \b
    示例：
      huikan units
      huikan units --json
    """
    from huikan.ledger.campaigns import campaign_spec, current_campaign
    from huikan.reports.units import compute_units, units_report

    with app.ledger().reading() as conn:
        report = units_report(compute_units(conn), campaign_spec(current_campaign(conn)))
    app.show(report, as_json)


COMMANDS = [units_cmd]
