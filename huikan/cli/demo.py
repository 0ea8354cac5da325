"""huikan demo: the whole flow on sample_data/ in a fresh ledger."""

from __future__ import annotations

from pathlib import Path

import click

from huikan.cli.app import App


def sample_data_dir() -> Path:
    """sample_data/ of the checkout huikan runs from (editable install), else of the current folder."""
    import huikan

    for base in (Path(huikan.__file__).resolve().parents[1], Path.cwd()):
        if (base / "sample_data").is_dir():
            return base / "sample_data"
    raise click.ClickException("找不到 sample_data/ 文件夹：请在 huikan 源码目录中运行 huikan demo，或用 --data 指定")


@click.command("demo")
@click.option("--dir", "workdir", type=click.Path(file_okay=False), help="演示账本所在文件夹；默认新建临时文件夹。")
@click.option("--data", "data_dir", type=click.Path(exists=True, file_okay=False), help="示例数据文件夹；默认 sample_data/。")
@click.pass_obj
def demo_cmd(app: App, workdir: str | None, data_dir: str | None) -> None:
    """在全新账本上演示完整流程：建账、导入 sample_data/、查看结果。

    \b
    示例：
      huikan demo
      huikan demo --dir 演示
    """
    import tempfile

    from huikan import clock
    from huikan.campaigns import load_campaign
    from huikan.importers.runner import import_paths
    from huikan.ledger.campaigns import campaign_spec, current_campaign, install_campaign
    from huikan.ledger.database import open_ledger
    from huikan.reports.units import units_report

    data = Path(data_dir) if data_dir else sample_data_dir()
    folder = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="huikan-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "huikan.db"
    if db.exists():
        raise click.ClickException(f"{db} 已存在：演示需要全新账本，请换一个 --dir")
    console = app.console()
    console.rule("1. 建立账本")
    ledger = open_ledger(db, create=True)
    try:
        with ledger.session() as session:
            spec = load_campaign()
            install_campaign(session, spec, clock.now())
        console.print(f"账本：{db}\n活动：{spec.name}")

        console.rule("2. 导入 sample_data/")
        results = import_paths(ledger, [data])
        for r in results:
            line = f"  {Path(r.file).name}：{r.outcome}，{r.rows} 行"
            console.print(line + ("；" + "；".join(r.notes) if r.notes else ""))
            for problem in r.errors:
                console.print(f"    {problem}", style="red")

        console.rule("3. 单位名单")
        with ledger.session() as session:
            report = units_report(session, campaign_spec(current_campaign(session)))
        app.show(report, as_json=False)
    finally:
        ledger.close()
    console.print(f"\n演示账本保存在 {db}，可继续运行：huikan --db {db} units")


COMMANDS = [demo_cmd]
