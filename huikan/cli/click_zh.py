"""click's own messages in Chinese ("Options:", "Invalid value for…", "Aborted!").

click marks its messages for gettext but binds ``_`` and ``ngettext`` into each of its modules
at import (``from gettext import gettext as _``), and gettext would pick a catalogue from the
machine's locale, which on a clerk's PC says nothing useful. So we rebind those two names in
click's modules to a lookup in the table below, once, before any command is declared.
That is click's internal binding, so it is pinned and tested: the floor (click 8.4) is the
first whose messages this table holds, .ci/run runs the suite on it, and
tests/test_click_chinese.py reads every message the installed click marks in these modules
and fails on one missing here: a new click version cannot bring English back unnoticed.
"""

from __future__ import annotations

import importlib

# click's message -> ours; placeholders are the same names click passes to .format().
MESSAGES = {
    "Aborted!": "已取消。",
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Do you want to continue?": "是否继续？",
    "Confirm the action without prompting.": "不再询问，直接执行。",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已弃用",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "可运行「{command} {option}」查看帮助。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such option {name!r}.": "没有选项 {name}。",
    "No such command {name!r}.": "没有命令「{name}」。",
    "unknown error": "未知错误",
    "Could not open file {filename!r}: {message}": "无法打开文件「{filename}」：{message}",
    "Value must be an iterable.": "值必须是一组值。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "Choice({choices})": "可选（{choices}）",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "「{value}」不是有效的是/否值，可写：{states}",
    "{value!r} is not a valid {number_type}.": "「{value}」不是有效的数字。",  # number_type is English ("integer")
    "{value!r} is not a valid UUID.": "「{value}」不是有效的 UUID。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} is a file.": "{name}「{filename}」是文件，不是文件夹。",
    "{name} {filename!r} is a directory.": "{name}「{filename}」是文件夹，不是文件。",
    "{name} {filename!r} is not readable.": "{name}「{filename}」无法读取。",
    "{name} {filename!r} is not writable.": "{name}「{filename}」无法写入。",
    "{name} {filename!r} is not executable.": "{name}「{filename}」不可执行。",
    "{name} {filename!r} does not exist.": "{name}「{filename}」不存在。",
    "Option {name!r} does not take a value.": "选项 {name} 不需要值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name} 需要 {nargs} 个值。",
    "Invalid start character for option ({option})": "选项的开头字符无效（{option}）",
    "Press any key to continue...": "按任意键继续……",
    "Repeat for confirmation": "请再输入一次确认",
    "Error: The two entered values do not match.": "错误：两次输入不一致。",
    "Error: invalid input": "错误：输入无效",
    "Unknown color {colour!r}": "未知颜色「{colour}」",
    "Unknown standard stream '{name}'": "未知的标准流「{name}」",
    # Messages about how a command is declared: a programmer's, but kept in one language.
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": "提示：命令「{name}」已弃用。{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "提示：{param_type}「{name}」已弃用。{extra_message}",
    "Could not determine name for option with declarations {decls!r}": "无法确定选项名称：{decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?": "未定义选项却给出了名称（{name}）：应声明为参数，或写作「--{name}」？",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.": "参数只能有一个声明，实际有 {length} 个：{decls}。",
    "Name '{name}' defined twice": "名称「{name}」定义了两次",
    "Boolean option {decl!r} cannot use the same flag for true/false.": "开关选项 {decl!r} 的真假不能用同一写法。",
    "Couldn't detect Bash version, shell completion is not supported.": "无法识别 Bash 版本，不支持命令补全。",
    "Shell completion is not supported for Bash versions older than 4.4.": "Bash 4.4 以下版本不支持命令补全。",
}

# ngettext(singular, plural, n): Chinese has one form; some of click's differ in what they say.
PLURALS = {
    "Got unexpected extra argument ({args})": ("多余的参数（{args}）", "多余的参数（{args}）"),
    "Takes {nargs} values but 1 was given.": ("需要 {nargs} 个值，只给了 1 个。", "需要 {nargs} 个值，给了 {len} 个。"),
    "Did you mean {possibility}?": ("是否想用 {possibility}？", "（是否想用以下之一：{possibilities}？）"),
    "Option {name!r} requires an argument.": ("选项 {name} 需要一个值。", "选项 {name} 需要 {nargs} 个值。"),
    "{value!r} is not {choice}.": ("「{value}」不是可选值 {choice}。", "「{value}」不是可选值之一：{choices}。"),
    "{value!r} does not match the format {format}.": ("「{value}」不符合格式 {format}。", "「{value}」不符合以下任一格式：{formats}。"),
    "{len_type} values are required, but {len_value} was given.":
        ("需要 {len_type} 个值，只给了 {len_value} 个。", "需要 {len_type} 个值，给了 {len_value} 个。"),
}

# click's public modules whose messages a clerk can meet (its private _termui_impl and
# _winconsole hold only click.edit()'s and Windows console errors, which huikan never raises).
CLICK_MODULES = ("core", "exceptions", "types", "decorators", "formatting", "parser", "termui", "utils",
                 "shell_completion")


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    forms = PLURALS.get(singular)
    if forms is None:
        return singular if n == 1 else plural
    return forms[0] if n == 1 else forms[1]


def install() -> None:
    """Rebind click's ``_`` and ``ngettext`` (idempotent)."""
    for name in CLICK_MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # a module an older or newer click does not have
            continue
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext


def display_width(text: str) -> int:
    """Terminal columns: CJK characters and full-width punctuation take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns, broken between CJK characters or at spaces, never
    before a closing punctuation mark (a line does not start with ，。、）)."""
    import re

    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for token in re.findall(r"[A-Za-z0-9_\-./:=<>\[\]|%@+~'\"]+\s*|\s+|.", paragraph):
            if line and display_width(line + token.rstrip()) > width and token.strip() \
                    and token[0] not in CLOSING:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
        lines.append(line.rstrip())
    return lines


CLOSING = "，。、；：？！）」』”’》】,.;:?!)]"


def formatter_class():
    """click's HelpFormatter measuring Chinese by its display width, with Chinese punctuation."""
    import click

    class ChineseHelpFormatter(click.HelpFormatter):
        def write_heading(self, heading: str) -> None:
            self.write(f"{'':>{self.current_indent}}{heading}：\n")

        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, gettext("Usage:") if prefix is None else prefix)

        def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
            rows = list(rows)
            first_width = min(max((display_width(first) for first, _ in rows), default=0), col_max) + col_spacing
            indent = self.current_indent
            for first, second in rows:
                self.write(f"{'':>{indent}}{first}")
                if not second:
                    self.write("\n")
                    continue
                if display_width(first) <= first_width - col_spacing:
                    self.write(" " * (first_width - display_width(first)))
                else:
                    self.write("\n" + " " * (first_width + indent))
                lines = wrap(second, max(self.width - first_width - indent - 2, 10))
                self.write(lines[0] + "\n")
                for line in lines[1:]:
                    self.write(" " * (first_width + indent) + line + "\n")

    return ChineseHelpFormatter
