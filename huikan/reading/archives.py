"""Archives as units send them: a .zip of several returns is opened and each member imported as
if it lay in the folder, named ``archive.zip/member``.

- Member names written by Windows tools are GBK without the UTF-8 flag: zipfile reads them as
  cp437, so their bytes are recovered and decoded as UTF-8 when valid, else GB18030.
- Nested folders are walked; a member named with an absolute path or ``..`` is refused (it
  would land outside the archive); ``__MACOSX``, ``~$`` lock files and OS litter are skipped.
- The zip-bomb limits of ``safety`` apply to each member and to the archive as a whole, from
  the sizes declared and again while inflating; an archive inside an archive is opened one
  level deep.
- .rar and .7z are refused with a clear message (no reader for them ships with Python).

Members are extracted to a temporary folder (removed when the batch ends) under a folder named
after the archive, with the archive's modification time: received when the archive was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from huikan.errors import Problem
from huikan.reading.safety import DAMAGED_ZIP, MAX_TOTAL_BYTES, inflates_too_far

ARCHIVE_SUFFIXES = {".zip"}
UNSUPPORTED = {".rar": "RAR", ".7z": "7-Zip", ".tar": "tar", ".gz": "gzip", ".tgz": "tar.gz"}
MAX_DEPTH = 2  # an archive, and an archive inside it
# Files that are never returns: office lock files, OS litter, and huikan's own (a ledger kept in
# the inbox folder, its -wal/-shm, the copy made before a migration, a bug report written beside it).
_SKIP_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}
_SKIP_SUFFIXES = (".db", ".db-wal", ".db-shm", ".db-journal", ".sqlite", ".sqlite3", ".bak")
_SKIP_PREFIXES = (".", "~$", "huikan-错误报告-")
_UTF8_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1
_CHUNK = 1 << 20


@dataclass
class Expanded:
    """The files of a batch with every archive opened: the paths to import, how each is shown,
    and the members refused (shown name -> why)."""

    files: list[Path]
    shown: dict[Path, str] = field(default_factory=dict)
    names: dict[Path, str] = field(default_factory=dict)  # archive.zip/member, without the folder
    origin: dict[Path, Path] = field(default_factory=dict)  # a member -> the archive of the batch it came in
    refused: dict[Path, list[Problem]] = field(default_factory=dict)
    workdir: Path | None = None

    def close(self) -> None:
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None


def is_archive(path: Path) -> bool:
    return path.suffix.lower() in ARCHIVE_SUFFIXES or path.suffix.lower() in UNSUPPORTED


def expand(files: list[Path]) -> Expanded:
    """``files`` with each archive replaced by its members (in the archive's order)."""
    out = Expanded([])
    try:
        for path in files:
            if is_archive(path) and path.is_file():
                if out.workdir is None:
                    out.workdir = Path(tempfile.mkdtemp(prefix="huikan-zip-"))
                first = len(out.files)
                _open(path, str(path), out, 1, path.name, [MAX_TOTAL_BYTES])
                out.origin.update((member, path) for member in out.files[first:])
            else:
                out.files.append(path)
    except BaseException:  # Ctrl-C or no memory mid-extraction: no unit's files left behind
        out.close()
        raise
    return out


def _refuse(out: Expanded, shown: str, message: str) -> None:
    key = Path(shown)
    out.files.append(key)
    out.shown[key] = shown
    out.refused[key] = [Problem(message)]


def _open(path: Path, shown: str, out: Expanded, depth: int, name: str, budget: list[int]) -> None:
    """The members of one archive; ``budget``: the bytes the whole archive (nested ones included)
    may still inflate to."""
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED:
        _refuse(out, shown, f"暂不支持 {UNSUPPORTED[suffix]} 压缩包，请解压后导入其中的文件，或请报送单位改用 .zip")
        return
    if depth > MAX_DEPTH:
        _refuse(out, shown, "压缩包内的压缩包嵌套过深（最多两层），未打开，请解压后导入")
        return
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            declared = sum(m.file_size for m in members)
            if declared > MAX_TOTAL_BYTES:
                _refuse(out, shown, f"压缩包解压后共 {declared // 2**20} MB，超过 {MAX_TOTAL_BYTES // 2**20} MB 上限，已拒收")
                return
            folder = Path(tempfile.mkdtemp(dir=out.workdir)) / path.name  # its own: names may repeat
            stamp = path.stat().st_mtime
            for member in members:
                inner = member_name(member)
                _member(archive, member, inner, folder, f"{shown}/{inner}", f"{name}/{inner}", stamp, out, depth, budget)
    except DAMAGED_ZIP as exc:
        _refuse(out, shown, f"压缩包已损坏，无法打开（{type(exc).__name__}），请让报送单位重新打包后发送")


def is_litter(name: str) -> bool:
    """Whether a file (in a folder or an archive) is litter rather than a return."""
    return name.startswith(_SKIP_PREFIXES) or name.lower() in _SKIP_NAMES or name.lower().endswith(_SKIP_SUFFIXES)


def member_name(member: zipfile.ZipInfo) -> str:
    """The member's name as its maker wrote it: UTF-8 when flagged, else the raw bytes (which
    zipfile decoded as cp437) read as UTF-8 when valid, else as GB18030 (GBK, Windows)."""
    if member.flag_bits & _UTF8_FLAG:
        return member.filename
    try:
        raw = member.filename.encode("cp437")
    except UnicodeEncodeError:
        return member.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return member.filename


def _member(archive, member, name: str, folder: Path, shown: str, label: str, stamp: float, out: Expanded,
            depth: int, budget: list[int]) -> None:
    parts = name.replace("\\", "/").split("/")
    leaf = parts[-1]
    if parts[0] == "__MACOSX" or is_litter(leaf):
        return  # litter of the tools that made the archive, or of huikan
    # An absolute path, "..", or a drive or stream (D:, a:b — Windows joins D:x onto drive D:).
    if name.startswith(("/", "\\")) or ".." in parts or any(":" in p for p in parts):
        _refuse(out, shown, "压缩包中的文件名含有绝对路径或“..”（会解压到压缩包之外），已拒收")
        return
    if member.flag_bits & _ENCRYPTED_FLAG:
        _refuse(out, shown, "压缩包中的文件设有密码，无法读取，请让报送单位去掉密码后重新打包")
        return
    if inflates_too_far(member):
        _refuse(out, shown, f"解压后达 {member.file_size // 2**20} MB，压缩比异常（疑似压缩炸弹），已拒收")
        return
    target = folder.joinpath(*[p.rstrip(" .") or "_" for p in parts if p not in ("", ".")])
    if not target.resolve().is_relative_to(folder.resolve()) or target in out.shown:
        _refuse(out, shown, "压缩包中的文件名含有绝对路径或“..”（会解压到压缩包之外），或与另一文件重名，已拒收")
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    try:
        with archive.open(member) as src, target.open("wb") as dst:
            while chunk := src.read(_CHUNK):
                written += len(chunk)
                if written > member.file_size or written > budget[0]:  # the sizes declared were a lie
                    raise _Bomb
                dst.write(chunk)
    except _Bomb:
        target.unlink(missing_ok=True)
        _refuse(out, shown, "解压后的大小超过压缩包中声明的大小（疑似压缩炸弹），已拒收")
        return
    except DAMAGED_ZIP as exc:
        target.unlink(missing_ok=True)
        _refuse(out, shown, f"压缩包中的此文件已损坏（{type(exc).__name__}），请让报送单位重新打包后发送")
        return
    budget[0] -= written
    os.utime(target, (stamp, stamp))  # received when the archive was
    if is_archive(target):
        _open(target, shown, out, depth + 1, label, budget)
        return
    out.files.append(target)
    out.shown[target] = shown
    out.names[target] = label


class _Bomb(Exception):
    pass

