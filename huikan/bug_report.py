"""When huikan meets a bug of its own: the clerk gets one line saying so and where the details
are; the details (the traceback) go to a file they can send to the maintainers."""

from __future__ import annotations

import itertools
import os
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

_COUNTER = itertools.count(1)


def write_report(exc: BaseException, context: str, folder: Path | None = None) -> Path | None:
    """The traceback of ``exc`` with ``context`` (which file, which command) in a new file in
    ``folder`` (the ledger's, else the system's temporary folder); None if it cannot be written."""
    from huikan import __version__

    for where in (folder, Path(tempfile.gettempdir())):
        if where is None:
            continue
        path = where / f"huikan-错误报告-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}-{next(_COUNTER)}.txt"
        try:
            path.write_text(f"huikan {__version__}\n{context}\n\n" + "".join(traceback.format_exception(exc)),
                            encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def internal_error(exc: BaseException, context: str, folder: Path | None = None) -> str:
    """The clerk's line about a bug: what it was, and where the details were written."""
    report = write_report(exc, context, folder)
    where = f"详情已写入 {report}，请发给维护人员" if report else "请设置环境变量 HUIKAN_DEBUG=1 重新运行，把输出发给维护人员"
    return f"内部错误（{type(exc).__name__}: {exc}）；{where}"
