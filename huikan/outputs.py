"""Files huikan writes (workbooks, templates, backups): never over the ledger, never over a good
file unless asked, and never half-written where a good one was.

Every output is written to a temporary file beside its target and renamed into place only
once complete (a rename within one folder is atomic), so a full disk, a crash or Ctrl-C
leaves the old file as it was and no stray temporary file.
"""

from __future__ import annotations

import errno
import os
import stat
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from huikan.errors import HuikanError

# SQLite's companions of a ledger file: writing over any of them destroys the ledger too.
LEDGER_COMPANIONS = ("", "-wal", "-shm", "-journal")


def ledger_files(ledger: Path | None) -> list[Path]:
    """The ledger file and its companions (none for a database on a server)."""
    if ledger is None:
        return []
    return [Path(f"{ledger}{suffix}") for suffix in LEDGER_COMPANIONS]


def check_target(path: Path, *, force: bool, protected: Iterable[Path] = ()) -> Path:
    """The path an output may be written to, or a HuikanError saying why not: the ledger (or its
    -wal/-shm) even with --force, a folder or a device, an existing file without --force."""
    path = Path(path)
    real = Path(os.path.realpath(path))
    for guarded in protected:
        if real == Path(os.path.realpath(guarded)):
            raise HuikanError(f"不能写入 {path}：这是账本文件，写入会毁掉账本。请用 -o 指定其他文件名")
    if path.is_dir():
        raise HuikanError(f"不能写入 {path}：这是一个文件夹，请在 -o 中写出文件名")
    if os.path.lexists(path):
        try:
            mode = os.stat(path).st_mode
        except OSError:
            mode = 0
        if not stat.S_ISREG(mode):
            raise HuikanError(f"不能写入 {path}：它不是普通文件（设备、管道或失效的链接）")
        if not force:
            raise HuikanError(f"文件已存在：{path}（用 --force 覆盖，或用 -o 指定其他文件名）")
    return path


def temporary_beside(path: Path) -> Path:
    """A name in the target's folder that no one else uses (hidden, same suffix)."""
    return path.with_name(f".~{path.stem}.{uuid.uuid4().hex[:8]}{path.suffix}")


@contextmanager
def replaced_on_success(path: Path, temp: Path | None = None) -> Iterator[Path]:
    """Yields a temporary path to write to (``temp``, or a new one beside ``path``); on success it
    replaces ``path``, on any failure it is removed and ``path`` is untouched. An OSError (disk
    full, no permission, the file open in Excel on Windows) becomes one message."""
    path = Path(path)
    temp = temp or temporary_beside(path)
    try:
        yield temp
        os.replace(temp, path)
    except OSError as exc:
        _remove(temp)
        raise HuikanError(f"无法写入文件 {path}：{write_failure(exc)}（原有文件未改动）") from None
    except BaseException:
        _remove(temp)
        raise


def write_failure(exc: OSError) -> str:
    """Why a write failed, as the clerk can act on it."""
    if exc.errno == errno.ENOSPC:
        return "磁盘空间已满"
    if isinstance(exc, PermissionError):
        return "没有写入权限，或文件正在 Excel/WPS 中打开（请先关闭）"
    return exc.strerror or str(exc)


def _remove(temp: Path) -> None:
    try:
        temp.unlink()
    except FileNotFoundError:
        pass
    except OSError:  # nothing more to do: the target is untouched either way
        pass
