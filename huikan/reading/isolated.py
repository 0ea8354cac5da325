"""Workbooks are parsed in a helper process that is allowed to die.

python-calamine is Rust: a damaged .xls or .xlsx can make it ask for terabytes (a row count or
a string count taken from the file unchecked), and Rust then aborts the whole process — no
exception, nothing Python can catch, the batch and its results gone. So workbooks are parsed in
long-lived helpers (``_serve``, started with the same interpreter; two, for a batch's two
read-ahead threads), one file at a time each over a pipe; when one dies, that file is refused
as damaged and the next file starts a new helper.

The cost is the pickling of the cells across the pipe, in chunks of rows so that this process
unpickles one while the helper pickles the next (for a 100,000-row ledger about a quarter of
its parse time; the parse itself runs on a core of its own, beside the ledger's start-up). ``HUIKAN_READ_IN_PROCESS=1``
parses in the process itself, for a debugger.
"""

from __future__ import annotations

import atexit
import io
import os
import pickle
import re
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path

from huikan.errors import InputError, Problem

_LENGTH = struct.Struct("<Q")
_CHUNK_ROWS = 5000


class _Helper:
    """The helper process and the pipe to it; one request at a time (the lock)."""

    def __init__(self) -> None:
        self.stderr = tempfile.TemporaryFile()
        # -P: the working folder (an inbox a unit's tempfile.py may lie in) is not on the helper's
        # path; the parent's path is, so it imports the huikan and the libraries this process does.
        env = {**os.environ, "RUST_BACKTRACE": "0", "PYTHONIOENCODING": "utf-8",
               "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        command = [sys.executable, "-P", "-c", "from huikan.reading.isolated import _serve; _serve()"]
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.stderr, env=env)

    def ask(self, request: tuple):
        _send(self.proc.stdin, request)
        return _receive(self.proc.stdout)

    def rows(self, count: int) -> list:
        """A sheet's rows, sent in chunks: each is unpickled here while the helper pickles the next."""
        rows: list = []
        while len(rows) < count:
            rows.extend(_receive(self.proc.stdout))
        return rows

    def said(self) -> bytes:
        self.stderr.seek(0)
        return self.stderr.read()

    def close(self, kill: bool = False) -> None:
        """End the helper: at the end of the batch it sees its input close and stops; ``kill``
        when it is mid-answer (a read that failed here), or does not stop within a second."""
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        if kill:
            self.proc.kill()
        try:
            self.proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.stderr.close()


# Two helpers: while one parses a file, the other parses the next (a batch's read-ahead asks two
# at a time). One helper sat idle between files, waiting for this process to take its answer and
# send the next request: a folder of 500 returns read in 2.1 ms a file instead of 1.3.
HELPERS = 2
_helpers: list[_Helper | None] = [None] * HELPERS
_locks = [threading.Lock() for _ in range(HELPERS)]


WORKBOOK_SECONDS = 600  # a million-row sheet parses in under a minute; a parser that loops, never ends
PDF_SECONDS = 30


def read_workbook(path: Path, fmt: str):
    """``files._read_workbook(path, fmt)``, parsed in the helper process."""
    from huikan.reading import files

    if os.environ.get("HUIKAN_READ_IN_PROCESS"):
        return files._read_workbook(path, fmt)
    kind, *answer = _ask(path, ("workbook", os.path.abspath(path), fmt), WORKBOOK_SECONDS)
    if kind == "refused":
        raise InputError(str(path), answer[0])  # named as the clerk named it
    return answer  # (sheets, hidden)


def first_page_text(path: Path) -> str:
    """A PDF's first page's text (files.pdf_first_page), read in the helper: pypdf is Python,
    but a hostile PDF has made it loop or exhaust memory. "" when it fails or takes too long:
    the file name alone then tells the unit."""
    from huikan.reading import files

    if os.environ.get("HUIKAN_READ_IN_PROCESS"):
        return files.pdf_first_page(path)
    try:
        _, text = _ask(path, ("pdf", os.path.abspath(path)), PDF_SECONDS)
    except (InputError, RuntimeError):
        return ""
    return text


def _ask(path: Path, request: tuple, seconds: float):
    """One request to the helper (started when needed), its answer as sent. The helper is killed
    when it takes longer than ``seconds`` (a loop in a parser); its death, by that or by an
    abort, refuses the file; any failure here mid-answer replaces it (the rest of an answer
    left in the pipe would be the next file's)."""
    from huikan.reading import files

    slot = _free_slot()
    try:
        if _helpers[slot] is None:
            _helpers[slot] = _Helper()
            atexit.register(_helpers[slot].close)
        helper = _helpers[slot]
        fired = threading.Event()

        def stop() -> None:
            fired.set()
            helper.proc.kill()

        watchdog = threading.Timer(seconds, stop)
        watchdog.daemon = True
        watchdog.start()
        try:
            kind, *answer = helper.ask(request)
            if kind == "ok" and request[0] == "workbook":
                hidden, shapes = answer
                return kind, [files.Sheet(name, helper.rows(count), merged, issues)
                              for name, merged, issues, count in shapes], hidden
            if kind in ("ok", "refused"):
                return (kind, *answer)
            raise RuntimeError(f"读取程序出错：{answer[0]}")  # a bug of ours, with the helper's traceback
        except (OSError, EOFError, pickle.UnpicklingError):
            died, _helpers[slot] = helper, None
            atexit.unregister(died.close)
            try:
                died.proc.wait(timeout=5)  # it has closed its end: it is ending, or has ended
            except subprocess.TimeoutExpired:
                died.proc.kill()
                died.proc.wait()
            error = _death(path, died, seconds if fired.is_set() else None)
            died.close()
            raise error from None
        except RuntimeError:
            raise
        except BaseException:
            # Anything else mid-answer (no memory for a chunk, Ctrl-C): the rest of this answer
            # is still in the pipe, and the next file would read it as its own. A new helper.
            broken, _helpers[slot] = helper, None
            atexit.unregister(broken.close)
            broken.close(kill=True)
            raise
        finally:
            watchdog.cancel()
    finally:
        _locks[slot].release()


def _free_slot() -> int:
    """A helper no other thread is asking (taken): a free one, else the first, once it is free."""
    for slot, lock in enumerate(_locks):
        if lock.acquire(blocking=False):
            return slot
    _locks[0].acquire()
    return 0


def _death(path: Path, helper: _Helper, timed_out: float | None = None) -> Exception:
    """The helper ended mid-file: the reader aborted on this file or ran too long (the file's
    fault), or Python failed in the helper (ours)."""
    said = helper.said()
    if timed_out is not None:
        return InputError(str(path), [Problem(
            f"读取此文件超过 {timed_out:.0f} 秒仍未完成，已停止（文件可能已损坏），请让报送单位重新保存后发送")])
    if allocation := re.search(rb"memory allocation of (\d+) bytes failed", said):
        why = f"文件中的数据要求分配 {int(allocation[1]) / 2**30:,.0f} GB 内存"
    elif b"Traceback" in said:  # a bug of ours, not the file's
        return RuntimeError("读取程序出错：" + said.decode("utf-8", "replace")[-2000:])
    else:
        why = f"退出码 {helper.proc.returncode}"
    return InputError(str(path), [Problem(
        f"文件已损坏：读取此工作簿时读取程序异常终止（{why}），请让报送单位在 Excel/WPS 中打开、另存后重新发送")])


def _send(stream, obj) -> None:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    # No memo: cells are plain values in lists (no cycles), and a memo of every string costs
    # more than the cells themselves (0.60 s instead of 0.26 s for a 100,000-row ledger).
    pickler.fast = True
    pickler.dump(obj)
    data = buffer.getbuffer()
    stream.write(_LENGTH.pack(len(data)))
    stream.write(data)
    stream.flush()


def _receive(stream):
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError
    (size,) = _LENGTH.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


def _serve() -> None:
    """The helper: parse each workbook (or PDF first page) asked for until the pipe closes."""
    from huikan.reading import files

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; EOF ends us
    inbox, outbox = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            kind, path, *rest = _receive(inbox)
        except EOFError:
            return
        if kind == "pdf":
            _send(outbox, ("ok", files.pdf_first_page(Path(path))))
            continue
        try:
            sheets, hidden = files._read_workbook(Path(path), rest[0])
        except InputError as exc:
            _send(outbox, ("refused", exc.problems))
            continue
        except BaseException:  # noqa: BLE001 — reported to the parent, which decides
            _send(outbox, ("bug", traceback.format_exc()))
            continue
        _send(outbox, ("ok", hidden, [(s.name, s.merged, s.cell_issues, len(s.rows)) for s in sheets]))
        for sheet in sheets:
            for start in range(0, len(sheet.rows), _CHUNK_ROWS):
                _send(outbox, sheet.rows[start:start + _CHUNK_ROWS])

