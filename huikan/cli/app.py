"""The context object every command gets, and the one error translation point."""

from __future__ import annotations

import os
import sys

import click


class HuikanError_(click.ClickException):
    """A project error shown as the clerk should see it: Chinese, on stderr, exit 1."""

    exit_code = 1

    def show(self, file=None) -> None:
        from huikan.display import inert  # a message may quote a file name or a cell

        click.echo(inert(f"错误：{self.format_message()}"), err=True)


class HuikanGroup(click.Group):
    def invoke(self, ctx: click.Context):
        # Imported here, not at the top: ``huikan --help`` never invokes a command.
        from huikan.errors import HuikanError

        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _interrupted()
        except HuikanError as err:
            raise HuikanError_(str(err)) from None
        except _db_errors() as err:
            from huikan.ledger.database import describe_failure, is_ledger_failure

            if not is_ledger_failure(err):
                raise
            app = ctx.find_object(App)
            raise HuikanError_(describe_failure(err, app.db if app else "")) from None


def _interrupted() -> None:
    """Ctrl-C: whatever was being written is rolled back by now (each write is one transaction).
    Exit 130 at once, not through click's "Aborted!" (exit 1), and without waiting for a
    read-ahead thread that may be inside a large file."""
    click.echo("已中断。", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(130)


def _db_errors() -> tuple[type[BaseException], ...]:
    import sqlalchemy.exc

    return (sqlalchemy.exc.DatabaseError, sqlalchemy.exc.InterfaceError)  # sorted by is_ledger_failure


class App:
    """Built once per invocation: where the ledger is, opened lazily, closed at the end."""

    def __init__(self, db: str, max_rows: int | None = None):
        self.db = db
        self.max_rows = max_rows
        self._ledger = None

    def ledger(self, create: bool = False):
        from huikan.ledger.database import open_ledger

        if self._ledger is None:
            self._ledger = open_ledger(self.db, create=create)
        return self._ledger

    def zone(self) -> str:
        """The campaign's time zone (the default one when there is no ledger yet)."""
        from huikan import clock
        from huikan.errors import HuikanError

        try:
            from huikan.ledger.campaigns import campaign_spec, current_campaign

            with self.ledger().reading() as conn:
                return campaign_spec(current_campaign(conn)).timezone
        except HuikanError:
            return clock.ZONE

    @staticmethod
    def unit_ids(conn, typed: str | None) -> list[int] | None:
        """--unit as the clerk types it (全称, 简称, or a part only one unit has), or None for all."""
        if not typed:
            return None
        from huikan.ledger.units import unit_matcher

        return [unit_matcher(conn).resolve(typed).id]

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None

    @staticmethod
    def console(stderr: bool = False):
        from rich.console import Console

        # No markup: a "[…]" in a file, unit or campaign name is text, never a style to apply.
        console = Console(stderr=stderr, highlight=False, markup=False)
        if not console.is_terminal and "COLUMNS" not in os.environ:
            console.width = 160  # piped or saved to a file: do not wrap at 80 columns
        return console

    @staticmethod
    def show_json(data) -> None:
        from huikan.render.jsonout import dumps

        # Written as is: click.echo would search tens of MB of JSON for terminal colour codes.
        sys.stdout.write(dumps(data) + "\n")
        sys.stdout.flush()

    def show(self, report, as_json: bool) -> None:
        """Print a report as JSON (nothing else on stdout) or as tables (at most --max-rows rows each)."""
        if as_json:
            self.show_json(report.data)
        else:
            from huikan.render.terminal import print_report

            print_report(self.console(), report, self.max_rows)


class LabelledChoice(click.ParamType):
    """A choice the clerk may write as its Chinese word (已整改) or as its key (done); gives the key."""

    name = "choice"

    def __init__(self, labels: dict[str, str]):
        self.labels = labels  # key -> word
        self._keys = {word: key for key, word in labels.items()} | {key: key for key in labels}

    def get_metavar(self, param, ctx=None) -> str:
        return "[" + "|".join(self.labels.values()) + "]"

    def convert(self, value, param, ctx):
        key = self._keys.get(str(value).strip())
        if key is None:
            key = self._keys.get(str(value).strip().lower())
        if key is None:
            words = "、".join(f"{word}（{key}）" for key, word in self.labels.items())
            self.fail(f"「{value}」不是可选值之一：{words}", param, ctx)
        return key

    def shell_complete(self, ctx, param, incomplete):
        from click.shell_completion import CompletionItem

        return [CompletionItem(w) for w in self.labels.values() if w.startswith(incomplete)]


class BoundedText(click.ParamType):
    """Free text for a ledger field, held to the field's limit like text from a file (a longer
    value is refused naming the option: the clerk is there to shorten it)."""

    name = "text"

    def __init__(self, field: str):
        self.field = field

    def convert(self, value, param, ctx):
        from huikan.ledger.limits import limit_of

        value, limit = str(value), limit_of(self.field)
        if len(value) > limit:
            self.fail(f"过长（{len(value)} 字，最多 {limit} 字）", param, ctx)
        return value


def as_of_option(command):
    """--as-of T on every report: the injectable "now" (a bare date means the end of that day)."""

    def parse(ctx, param, value):
        from huikan import clock
        from huikan.errors import HuikanError

        if value is None:
            app = ctx.find_object(App)
            return clock.now(app.zone() if app is not None else clock.ZONE)  # now in the campaign's zone
        try:
            return clock.parse_moment(value, end_of_day=True)
        except HuikanError as err:
            raise click.BadParameter(str(err)) from None

    return click.option(
        "--as-of", "as_of", callback=parse, metavar="时间",
        help="按此时刻统计（如 2018-12-12 17:00；只写日期表示当日结束）；默认为现在。",
    )(command)


def json_option(command):
    return click.option("--json", "as_json", is_flag=True, help="输出 JSON。")(command)
