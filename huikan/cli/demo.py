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
    """sample_data/ of the checkout huikan runs from (editable install), else of the current folder."""
    import huikan

    for base in (Path(huikan.__file__).resolve().parents[1], Path.cwd()):
        if (base / "sample_data").is_dir():
            return base / "sample_data"
    raise click.ClickException("找不到 sample_data/ 文件夹：请在 huikan 源码目录中运行 huikan demo，或用 --data 指定")


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
@click.option("--data", "data_dir", type=click.Path(exists=True, file_okay=False), help="示例数据文件夹；默认 sample_data/。")
@click.pass_obj
def demo_cmd(app: App, workdir: str | None, data_dir: str | None) -> None:
    """在全新账本上演示完整流程：建账、导入单位名单和收件箱，再按 2018-12-24 09:00 查看逾期、隐患和概况。

    \b
    示例：
      huikan demo
      huikan demo --dir 演示
    """
    import tempfile

    from huikan import clock
    from huikan.campaigns import load_campaign
    from huikan.cli.export import export_rollup
    from huikan.cli.importing import print_results
    from huikan.importers.runner import import_paths
    from huikan.ledger.campaigns import (
        campaign_spec,
        current_campaign,
        install_campaign,
    )
    from huikan.ledger.database import open_ledger
    from huikan.ledger.hazard_queries import hazard_query
    from huikan.reports.hazards import hazards_report
    from huikan.reports.overdue import compute_overdue, overdue_report
    from huikan.reports.status import compute_status, status_report
    from huikan.reports.units import units_report

    data = Path(data_dir) if data_dir else sample_data_dir()
    folder = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="huikan-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "huikan.db"
    if db.exists() or (folder / "收件箱").exists():
        raise click.ClickException(f"{folder} 中已有演示数据：演示需要全新账本，请换一个 --dir")
    console = app.console()
    console.rule("1. 建立账本：huikan init")
    ledger = open_ledger(db, create=True)
    try:
        spec = load_campaign()
        with ledger.writing() as conn:
            install_campaign(conn, spec, clock.now(spec.timezone))
        console.print(f"账本：{db}\n活动：{spec.name}")

        console.rule("2. 导入单位名单：huikan import 单位名单.xlsx")
        print_results(app, import_paths(ledger, [data / "单位名单.xlsx"]), dry_run=False)

        console.rule("3. 导入收件箱：huikan import 收件箱/")
        inbox = stage_inbox(data, folder)
        print_results(app, import_paths(ledger, [inbox]), dry_run=False)

        console.rule("4. 单位及联络人：huikan units")
        with ledger.reading() as conn:
            report = units_report(conn, campaign_spec(current_campaign(conn)))
        report.sections[0].rows = [r for r in report.sections[0].rows if r["liaison"] != "—"]
        report.sections[0].title = "已报联络人的单位"
        app.show(report, as_json=False)

        when = f"{DEMO_AS_OF:%Y-%m-%d %H:%M}"
        console.rule(f'5. 逾期情况：huikan overdue --as-of "{when}"')
        with ledger.reading() as conn:
            app.show(overdue_report(compute_overdue(conn, DEMO_AS_OF)), as_json=False, max_rows=6)

        console.rule(f'6. 问题隐患台账：huikan hazards --as-of "{when}"')
        with ledger.reading() as conn:
            app.show(hazards_report(conn.execute(hazard_query()).all(), DEMO_AS_OF.date()), as_json=False)

        console.rule(f'7. 活动概况：huikan status --as-of "{when}"')
        with ledger.reading() as conn:
            app.show(status_report(compute_status(conn, DEMO_AS_OF)), as_json=False)

        console.rule(f'8. 汇总表：huikan export --as-of "{when}"')
        path = export_rollup(ledger, DEMO_AS_OF, folder / f"回头看汇总_{DEMO_AS_OF:%Y-%m-%d}.xlsx", force=False)
    finally:
        ledger.close()
    console.print(f"\n演示账本：{db}")
    console.print(f'可继续运行：huikan --db {db} overdue --as-of "{when}"；huikan --db {db} hazard show H0002')
    console.print(f"已生成汇总表：{path}")


COMMANDS = [demo_cmd]
