"""The files of an import batch, and reading them ahead of the one being imported.

calamine parses a workbook without holding the GIL, so on a second core the next file is
parsed while this one is recognised and stored, and the first file is parsed while the
ledger code (SQLAlchemy: about 0.3 s) is still loading.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from huikan.reading import archives, isolated
from huikan.reading.files import SourceDoc, read_document

SWITCH_INTERVAL = 0.0002  # seconds, while a batch is read ahead (see ReadAhead._fill)
READERS = isolated.HELPERS  # files read at once, each by its own helper process


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named and files inside folders (recursively, sorted), without litter."""
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = []
            for root, dirs, names in os.walk(path):  # followlinks=False: no symlink loops
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(root) / n for n in names if not archives.is_litter(n))
            files.extend(sorted(found))
        else:
            files.append(path)
    return files


def named_files(paths: Iterable[str | Path]) -> list[Path]:
    """The paths given that are files (not folders): a correction of a receipt time applies to
    these only, never to a folder's files imported before."""
    return [Path(p) for p in paths if not Path(p).is_dir()]


class ReadAhead:
    """The files of a batch in order, each with a function that returns it read.

    ``depth`` files are read ahead of the one being handled, and one that is passed over
    without being read (already imported, not a file) is not read at all, or its reading is
    discarded. Reading starts when the object is made.
    """

    def __init__(self, files: Iterable[Path], depth: int = READERS, named: Iterable[Path] = ()) -> None:
        # Archives opened: their members are files of the batch, shown as archive.zip/member.
        self._expanded = archives.expand(list(files))
        self.files = self._expanded.files
        self.refused = self._expanded.refused  # members refused before reading (zip slip, bombs…)
        self.named = {Path(p) for p in named}  # files given by name, not found in a folder
        self.named |= {m for m, archive in self._expanded.origin.items() if archive in self.named}  # and their members
        self._depth = depth
        self._interval: float | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._queued: deque[Future[SourceDoc]] = deque()
        self._submitted = 0
        self._fill()

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc) -> None:
        self.finish()

    def __len__(self) -> int:
        return len(self.files)

    def shown(self, path: Path) -> str:
        """How the clerk sees a file: its path, or archive.zip/member for a member of an archive."""
        return self._expanded.shown.get(path) or str(path)

    def name(self, path: Path) -> str:
        """A file's name as the ledger keeps it: its own, or archive.zip/member."""
        return self._expanded.names.get(path) or path.name

    def __iter__(self) -> Iterator[tuple[Path, Callable[[], SourceDoc]]]:
        try:
            for path in self.files:
                future = self._queued.popleft()
                self._fill()
                yield path, future.result
                future.cancel()  # not taken: no use reading it (a no-op once it has run)
        finally:
            self.close()

    def _fill(self) -> None:
        while self._submitted < len(self.files) and len(self._queued) < max(self._depth, 1):
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="huikan-read")
                # The reading thread needs the GIL a moment per file (to ask the helper, to take
                # its answer) while this thread recognises the last one: at Python's 5 ms switch
                # interval it waited that long each time, and the helper sat idle. 0.2 ms: a
                # folder of 500 returns read and recognised in 1.6 s instead of 2.1 s.
                self._interval = sys.getswitchinterval()
                sys.setswitchinterval(SWITCH_INTERVAL)
            path = self.files[self._submitted]
            self._queued.append(self._pool.submit(_refused if path in self.refused else read_document, path))
            self._submitted += 1

    def close(self) -> None:
        for future in self._queued:
            future.cancel()
        self._queued.clear()
        self._submitted = len(self.files)
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        if self._interval is not None:
            sys.setswitchinterval(self._interval)
            self._interval = None

    def finish(self) -> None:
        """The batch is over: the members extracted from archives are removed."""
        self.close()
        self._expanded.close()


def _refused(path: Path) -> None:
    return None  # a member refused when its archive was opened: nothing to read
